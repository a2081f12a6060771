package dev.revgraph.fiscal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/**
 * One close of a month as it was stored, with the change of each total against the close before
 * it (null for the first), so a restatement is visible as one instead of silently replacing the
 * figures finance signed.
 */
public record CloseRecord(
        YearMonth month,
        int version,
        OffsetDateTime closedAt,
        String closedBy,
        String reopenReason,
        String currency,
        long spendLines,
        long revenueLines,
        BigDecimal revenue,
        BigDecimal costs,
        BigDecimal operatingProfit,
        long newCustomers,
        BigDecimal revenueChange,
        BigDecimal costsChange,
        BigDecimal operatingProfitChange,
        Long newCustomersChange) {}
