package dev.revgraph.spend;

import dev.revgraph.campaign.CampaignObjective;
import dev.revgraph.shared.money.Money;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One line of the append-only spend ledger, with its amount also in the reporting currency; its own
 * objective (null: none) and the one it is reported under (its own, else its campaign's on its
 * booking date; null with neither).
 */
public record SpendLine(
        long id,
        String externalId,
        long departmentId,
        LocalDate bookedOn,
        Money amount,
        Money reportingAmount,
        SpendCategory category,
        Long campaignId,
        Long segmentId,
        Long productId,
        Long regionId,
        CampaignObjective objective,
        CampaignObjective effectiveObjective,
        String vendor,
        String memo,
        Long reversesId,
        OffsetDateTime createdAt,
        String createdBy) {}
