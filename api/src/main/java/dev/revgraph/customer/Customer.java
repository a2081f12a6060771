package dev.revgraph.customer;

import java.time.LocalDate;

/** A customer: who we win and keep. */
public record Customer(
        long id,
        String externalId,
        String name,
        long segmentId,
        Long regionId,
        LocalDate acquiredOn,
        Long acquisitionCampaignId) {}
