package dev.revgraph.campaign;

import java.time.LocalDate;

/** One day of one campaign's funnel. Counts are whole numbers stored as bigint. */
public record CampaignResult(
        long campaignId, LocalDate day, long impressions, long clicks, long leads, long opportunities) {}
