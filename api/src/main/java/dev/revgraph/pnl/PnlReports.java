package dev.revgraph.pnl;

import dev.revgraph.shared.report.Comparison;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL types of the profitability view. */
public final class PnlReports {

    private PnlReports() {}

    public record PnlFilter(
            List<String> segmentCodes,
            List<String> productCodes,
            List<String> regionCodes,
            List<String> departmentCodes,
            List<String> channelCodes) {}

    public record DepartmentAmount(String departmentCode, String departmentName, BigDecimal amount) {}

    public record CategoryAmount(SpendCategory category, BigDecimal amount) {}

    public record PnlFigures(
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal grossProfit,
            BigDecimal grossMargin,
            BigDecimal operatingExpenses,
            List<DepartmentAmount> operatingExpensesByDepartment,
            List<CategoryAmount> operatingExpensesByCategory,
            BigDecimal operatingProfit,
            BigDecimal operatingMargin,
            int newCustomers,
            BigDecimal blendedCac,
            BigDecimal acquisitionCac,
            BigDecimal allocated) {}

    public record PnlChange(
            BigDecimal revenue,
            BigDecimal revenuePct,
            BigDecimal grossProfit,
            BigDecimal grossProfitPct,
            BigDecimal operatingExpenses,
            BigDecimal operatingExpensesPct,
            BigDecimal operatingProfit,
            BigDecimal operatingProfitPct,
            int newCustomers) {}

    /**
     * The GraphQL {@code PnlPlanFigures}: what a budget or a forecast says for a row, null where it
     * says nothing. {@code kind} is the forecast's {@code ForecastKind} by name.
     */
    public record PnlPlanFigures(
            Comparison source,
            String budgetVersion,
            String scenario,
            String kind,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal grossProfit,
            BigDecimal grossMargin,
            BigDecimal operatingExpenses,
            BigDecimal spend,
            BigDecimal operatingProfit,
            BigDecimal operatingMargin,
            BigDecimal newCustomers,
            BigDecimal blendedCac) {}

    /** The GraphQL {@code PnlPlanChange}: the row's figure - the plan's, null where the plan's is null. */
    public record PnlPlanChange(
            BigDecimal revenue,
            BigDecimal revenuePct,
            BigDecimal grossProfit,
            BigDecimal grossProfitPct,
            BigDecimal operatingExpenses,
            BigDecimal operatingExpensesPct,
            BigDecimal spend,
            BigDecimal spendPct,
            BigDecimal operatingProfit,
            BigDecimal operatingProfitPct,
            BigDecimal newCustomers) {}

    /** A slice's code and name; code {@code (unassigned)} for facts without a value. */
    public record SliceName(String code, String name) {}

    public record PnlRow(
            String period,
            LocalDate periodStart,
            LocalDate periodEnd,
            boolean isFinal,
            SliceName segment,
            SliceName product,
            SliceName region,
            SliceName department,
            SliceName channel,
            PnlFigures figures,
            BigDecimal budget,
            BigDecimal budgetVariance,
            PnlFigures comparison,
            PnlChange change,
            PnlPlanFigures plan,
            PnlPlanChange planChange) {

        // flat accessors: a BI tool reads the row as one table; `final` resolves through isFinal()

        public String segmentCode() {
            return segment == null ? null : segment.code();
        }

        public String segmentName() {
            return segment == null ? null : segment.name();
        }

        public String productCode() {
            return product == null ? null : product.code();
        }

        public String productName() {
            return product == null ? null : product.name();
        }

        public String regionCode() {
            return region == null ? null : region.code();
        }

        public String regionName() {
            return region == null ? null : region.name();
        }

        public String departmentCode() {
            return department == null ? null : department.code();
        }

        public String departmentName() {
            return department == null ? null : department.name();
        }

        public String channelCode() {
            return channel == null ? null : channel.code();
        }

        public String channelName() {
            return channel == null ? null : channel.name();
        }

        public BigDecimal revenue() {
            return figures.revenue();
        }

        public BigDecimal costOfService() {
            return figures.costOfService();
        }

        public BigDecimal grossProfit() {
            return figures.grossProfit();
        }

        public BigDecimal grossMargin() {
            return figures.grossMargin();
        }

        public BigDecimal operatingExpenses() {
            return figures.operatingExpenses();
        }

        public List<DepartmentAmount> operatingExpensesByDepartment() {
            return figures.operatingExpensesByDepartment();
        }

        public List<CategoryAmount> operatingExpensesByCategory() {
            return figures.operatingExpensesByCategory();
        }

        public BigDecimal operatingProfit() {
            return figures.operatingProfit();
        }

        public BigDecimal operatingMargin() {
            return figures.operatingMargin();
        }

        public int newCustomers() {
            return figures.newCustomers();
        }

        public BigDecimal blendedCac() {
            return figures.blendedCac();
        }

        public BigDecimal acquisitionCac() {
            return figures.acquisitionCac();
        }

        public BigDecimal allocated() {
            return figures.allocated();
        }
    }

    public record ProfitAndLossReport(
            String currency,
            Granularity granularity,
            CostBasis costBasis,
            List<PnlDimension> groupBy,
            List<PnlRow> rows,
            PnlFigures total) {}
}
