package dev.revgraph.campaign;

/** Where a campaign stands; ENDED is final. */
public enum CampaignStatus {
    PLANNED,
    ACTIVE,
    PAUSED,
    ENDED
}
