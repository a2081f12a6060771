package dev.revgraph.campaign;

/**
 * What a campaign's money is for (docs/metrics.md, "Objectives"): a spend line takes its campaign's
 * objective in force on its booking date unless it has its own. Acquisition CAC leaves RETENTION and
 * EXPANSION spend out.
 */
public enum CampaignObjective {
    ACQUISITION,
    RETENTION,
    EXPANSION,
    BRAND
}
