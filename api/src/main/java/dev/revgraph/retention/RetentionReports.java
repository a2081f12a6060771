package dev.revgraph.retention;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of the retention reports and of a customer's own history. */
public final class RetentionReports {

    private RetentionReports() {}

    public record MrrMovementRow(
            YearMonth month,
            BigDecimal startMrr,
            BigDecimal newMrr,
            BigDecimal expansion,
            BigDecimal contraction,
            BigDecimal churned,
            BigDecimal reactivated,
            BigDecimal transferIn,
            BigDecimal transferOut,
            BigDecimal endMrr,
            int activeCustomers,
            int startCustomers,
            int churnedCustomers,
            int transferInCustomers,
            int transferOutCustomers,
            BigDecimal logoChurn,
            BigDecimal grr,
            BigDecimal nrr,
            BigDecimal arpa,
            List<SourceGroup> groups) {}

    public record MrrMovementsReport(String currency, List<SourceDimension> groupBy, List<MrrMovementRow> rows) {}

    /**
     * One group of a grouped row: the dimension, the group's code and name; a null code is the
     * explicit unassigned group, named {@link SourceDimension#UNASSIGNED}.
     */
    public record SourceGroup(SourceDimension dimension, String code, String name) {}

    public enum RetentionBasis {
        LOGOS,
        REVENUE
    }

    public record CohortRetentionRow(
            YearMonth cohortMonth,
            int monthsSinceAcquisition,
            YearMonth month,
            int cohortSize,
            int activeCustomers,
            BigDecimal mrr,
            BigDecimal retention,
            BigDecimal cumulativeRevenuePerCustomer,
            List<SourceGroup> groups) {}

    public record CohortRetentionReport(
            String currency, RetentionBasis basis, List<SourceDimension> groupBy, List<CohortRetentionRow> rows) {}

    public enum MrrMovement {
        NEW,
        EXPANSION,
        CONTRACTION,
        UNCHANGED,
        CHURNED,
        REACTIVATED,
        NONE
    }

    public enum CustomerStatus {
        NEW,
        ACTIVE,
        REACTIVATED,
        CHURNED,
        PROSPECT
    }

    public record CustomerMonth(
            YearMonth month,
            BigDecimal mrr,
            BigDecimal revenue,
            boolean active,
            MrrMovement movement,
            BigDecimal movementAmount) {}

    /** A customer's standing in one month: its status and how many months it has been active so far. */
    public record Standing(CustomerStatus status, int tenureMonths) {}
}
