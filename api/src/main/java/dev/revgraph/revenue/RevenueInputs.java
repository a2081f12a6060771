package dev.revgraph.revenue;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The GraphQL input types of the revenue ledger. */
public final class RevenueInputs {

    private RevenueInputs() {}

    public record RecordRevenueLineInput(
            String externalId,
            String customerExternalId,
            String productCode,
            LocalDate recognizedOn,
            BigDecimal amount,
            String currency,
            Boolean recurring,
            String memo) {}

    public record ReverseRevenueLineInput(String lineId, LocalDate recognizedOn, String externalId, String memo) {}

    public record RevenueLineFilter(
            LocalDate from,
            LocalDate to,
            String customerExternalId,
            String segmentCode,
            String productCode,
            Boolean recurring) {}
}
