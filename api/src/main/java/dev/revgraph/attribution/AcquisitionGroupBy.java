package dev.revgraph.attribution;

/** What the rows of the acquisition economics report and the campaign funnel are. */
public enum AcquisitionGroupBy {
    CHANNEL,
    CAMPAIGN
}
