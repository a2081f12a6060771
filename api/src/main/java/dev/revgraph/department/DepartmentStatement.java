package dev.revgraph.department;

import dev.revgraph.attribution.AttributionModel;
import dev.revgraph.dimension.DepartmentKind;
import dev.revgraph.pnl.Granularity;
import dev.revgraph.shared.money.Figures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL types of the department statement. */
public final class DepartmentStatement {

    private DepartmentStatement() {}

    /**
     * One department's (or the unassigned row's, or the whole company's) figures of one period.
     * {@code isFinal} serves the schema's {@code final}; {@code comparison} and {@code change} are
     * set with {@code compareTo} only.
     */
    public record DepartmentStatementRow(
            String period,
            LocalDate periodStart,
            LocalDate periodEnd,
            boolean isFinal,
            String departmentCode,
            String departmentName,
            DepartmentKind departmentKind,
            BigDecimal budget,
            BigDecimal directCost,
            BigDecimal allocatedIn,
            BigDecimal allocatedOut,
            BigDecimal allocatedToSlices,
            BigDecimal fullyLoadedCost,
            BigDecimal budgetVariance,
            BigDecimal budgetVariancePct,
            BigDecimal creditedNewCustomers,
            BigDecimal creditedRevenue,
            BigDecimal returnOnCost,
            DepartmentStatementRow comparison,
            DepartmentStatementChange change) {

        /** The same row's period without figures: what a row with nothing to compare compares with. */
        DepartmentStatementRow none(String label, LocalDate start, LocalDate end) {
            BigDecimal zero = new BigDecimal("0.00");
            BigDecimal none = new BigDecimal("0.0000");
            return new DepartmentStatementRow(
                    label,
                    start,
                    end,
                    false,
                    departmentCode,
                    departmentName,
                    departmentKind,
                    zero,
                    zero,
                    zero,
                    zero,
                    zero,
                    zero,
                    zero,
                    null,
                    none,
                    zero,
                    null,
                    null,
                    null);
        }

        DepartmentStatementRow compared(DepartmentStatementRow before) {
            return new DepartmentStatementRow(
                    period,
                    periodStart,
                    periodEnd,
                    isFinal,
                    departmentCode,
                    departmentName,
                    departmentKind,
                    budget,
                    directCost,
                    allocatedIn,
                    allocatedOut,
                    allocatedToSlices,
                    fullyLoadedCost,
                    budgetVariance,
                    budgetVariancePct,
                    creditedNewCustomers,
                    creditedRevenue,
                    returnOnCost,
                    before,
                    DepartmentStatementChange.of(this, before));
        }
    }

    /** The GraphQL {@code DepartmentStatementChange}: a row's served figures less the compared row's. */
    public record DepartmentStatementChange(
            BigDecimal budget,
            BigDecimal directCost,
            BigDecimal directCostPct,
            BigDecimal allocatedIn,
            BigDecimal allocatedOut,
            BigDecimal fullyLoadedCost,
            BigDecimal fullyLoadedCostPct,
            BigDecimal creditedNewCustomers,
            BigDecimal creditedRevenue,
            BigDecimal creditedRevenuePct,
            BigDecimal returnOnCost) {

        static DepartmentStatementChange of(DepartmentStatementRow now, DepartmentStatementRow before) {
            BigDecimal direct = now.directCost().subtract(before.directCost());
            BigDecimal fullyLoaded = now.fullyLoadedCost().subtract(before.fullyLoadedCost());
            BigDecimal revenue = now.creditedRevenue().subtract(before.creditedRevenue());
            return new DepartmentStatementChange(
                    now.budget().subtract(before.budget()),
                    direct,
                    Figures.ratio(direct, before.directCost()),
                    now.allocatedIn().subtract(before.allocatedIn()),
                    now.allocatedOut().subtract(before.allocatedOut()),
                    fullyLoaded,
                    Figures.ratio(fullyLoaded, before.fullyLoadedCost()),
                    now.creditedNewCustomers().subtract(before.creditedNewCustomers()),
                    revenue,
                    Figures.ratio(revenue, before.creditedRevenue()),
                    now.returnOnCost() == null || before.returnOnCost() == null
                            ? null
                            : now.returnOnCost().subtract(before.returnOnCost()));
        }
    }

    public record DepartmentStatementReport(
            String currency,
            AttributionModel model,
            Granularity granularity,
            List<DepartmentStatementRow> rows,
            List<DepartmentStatementRow> company) {}
}
