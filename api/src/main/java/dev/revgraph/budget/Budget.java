package dev.revgraph.budget;

import dev.revgraph.shared.money.Money;
import dev.revgraph.spend.SpendCategory;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/** The budget of a department for a month, optionally for one category. */
public record Budget(
        long departmentId,
        YearMonth month,
        SpendCategory category,
        Money amount,
        OffsetDateTime updatedAt,
        String updatedBy) {}
