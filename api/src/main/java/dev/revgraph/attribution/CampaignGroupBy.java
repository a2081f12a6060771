package dev.revgraph.attribution;

/** What the rows of the campaign performance report are. */
public enum CampaignGroupBy {
    CAMPAIGN,
    CHANNEL,
    SEGMENT,
    PRODUCT,
    REGION
}
