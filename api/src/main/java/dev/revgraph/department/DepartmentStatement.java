package dev.revgraph.department;

import dev.revgraph.attribution.AttributionModel;
import dev.revgraph.dimension.DepartmentKind;
import dev.revgraph.pnl.Granularity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL types of the department statement. */
public final class DepartmentStatement {

    private DepartmentStatement() {}

    /**
     * One department's (or the unassigned row's, or the whole company's) figures of one period.
     * {@code isFinal} serves the schema's {@code final}.
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
            BigDecimal returnOnCost) {}

    public record DepartmentStatementReport(
            String currency,
            AttributionModel model,
            Granularity granularity,
            List<DepartmentStatementRow> rows,
            List<DepartmentStatementRow> company) {}
}
