package dev.revgraph.revenue;

import dev.revgraph.shared.money.Money;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One line of the append-only revenue ledger, with its amount also in the reporting currency. */
public record RevenueLine(
        long id,
        String externalId,
        long customerId,
        Long productId,
        LocalDate recognizedOn,
        Money amount,
        Money reportingAmount,
        boolean recurring,
        String memo,
        Long reversesId,
        OffsetDateTime createdAt,
        String createdBy) {}
