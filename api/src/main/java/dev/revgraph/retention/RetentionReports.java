package dev.revgraph.retention;

import dev.revgraph.shared.money.Figures;
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
            List<SourceGroup> groups,
            MrrMovementRow comparison,
            MrrMovementChange change) {

        /** A month without movements in these groups: what a row with nothing to compare compares with. */
        static MrrMovementRow none(YearMonth month, List<SourceGroup> groups) {
            BigDecimal zero = new BigDecimal("0.00");
            return new MrrMovementRow(
                    month, zero, zero, zero, zero, zero, zero, zero, zero, zero, 0, 0, 0, 0, 0, null, null, null, null,
                    groups, null, null);
        }

        /** This row with {@code before} (the compared month) and the change from it. */
        MrrMovementRow compared(MrrMovementRow before) {
            return new MrrMovementRow(
                    month,
                    startMrr,
                    newMrr,
                    expansion,
                    contraction,
                    churned,
                    reactivated,
                    transferIn,
                    transferOut,
                    endMrr,
                    activeCustomers,
                    startCustomers,
                    churnedCustomers,
                    transferInCustomers,
                    transferOutCustomers,
                    logoChurn,
                    grr,
                    nrr,
                    arpa,
                    groups,
                    before,
                    new MrrMovementChange(
                            startMrr.subtract(before.startMrr()),
                            newMrr.subtract(before.newMrr()),
                            expansion.subtract(before.expansion()),
                            contraction.subtract(before.contraction()),
                            churned.subtract(before.churned()),
                            reactivated.subtract(before.reactivated()),
                            endMrr.subtract(before.endMrr()),
                            Figures.relativeChange(endMrr, before.endMrr()),
                            activeCustomers - before.activeCustomers(),
                            difference(logoChurn, before.logoChurn()),
                            difference(grr, before.grr()),
                            difference(nrr, before.nrr()),
                            difference(arpa, before.arpa())));
        }

        static BigDecimal difference(BigDecimal now, BigDecimal before) {
            return now == null || before == null ? null : now.subtract(before);
        }
    }

    /**
     * A month's movements against the compared month: each figure's difference (this month's less the
     * compared one's, of the served figures), the end MRR's as a fraction of the compared end MRR.
     */
    public record MrrMovementChange(
            BigDecimal startMrr,
            BigDecimal newMrr,
            BigDecimal expansion,
            BigDecimal contraction,
            BigDecimal churned,
            BigDecimal reactivated,
            BigDecimal endMrr,
            BigDecimal endMrrPct,
            int activeCustomers,
            BigDecimal logoChurn,
            BigDecimal grr,
            BigDecimal nrr,
            BigDecimal arpa) {}

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
            List<SourceGroup> groups,
            CohortRetentionRow comparison,
            CohortRetentionChange change) {

        /**
         * The empty cell a cell without a compared one compares with: the cohort {@code shift} months
         * earlier, without customers.
         */
        static CohortRetentionRow none(CohortRetentionRow cell, int shift) {
            return new CohortRetentionRow(
                    cell.cohortMonth().minusMonths(shift),
                    cell.monthsSinceAcquisition(),
                    cell.month().minusMonths(shift),
                    0,
                    0,
                    new BigDecimal("0.00"),
                    null,
                    null,
                    cell.groups(),
                    null,
                    null);
        }

        /** This cell with {@code before} (the compared cohort's cell) and the change from it. */
        CohortRetentionRow compared(CohortRetentionRow before) {
            return new CohortRetentionRow(
                    cohortMonth,
                    monthsSinceAcquisition,
                    month,
                    cohortSize,
                    activeCustomers,
                    mrr,
                    retention,
                    cumulativeRevenuePerCustomer,
                    groups,
                    before,
                    new CohortRetentionChange(
                            cohortSize - before.cohortSize(),
                            activeCustomers - before.activeCustomers(),
                            mrr.subtract(before.mrr()),
                            Figures.relativeChange(mrr, before.mrr()),
                            MrrMovementRow.difference(retention, before.retention()),
                            MrrMovementRow.difference(
                                    cumulativeRevenuePerCustomer, before.cumulativeRevenuePerCustomer())));
        }
    }

    /**
     * A cohort cell against the compared cohort's cell at the same months since acquisition: each
     * served figure less the compared one's; retention in fraction points.
     */
    public record CohortRetentionChange(
            int cohortSize,
            int activeCustomers,
            BigDecimal mrr,
            BigDecimal mrrPct,
            BigDecimal retention,
            BigDecimal cumulativeRevenuePerCustomer) {}

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
