package dev.revgraph.campaign;

import dev.revgraph.shared.money.Money;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A campaign with its associations as ids; the controller batch-loads the dimensions behind them. */
public record Campaign(
        long id,
        String code,
        String name,
        long departmentId,
        long channelId,
        Long segmentId,
        Long productId,
        Long regionId,
        CampaignObjective objective,
        LocalDate startDate,
        LocalDate endDate,
        CampaignStatus status,
        Money plannedBudget,
        OffsetDateTime createdAt) {}
