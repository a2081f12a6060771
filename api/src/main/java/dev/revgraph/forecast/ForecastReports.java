package dev.revgraph.forecast;

import dev.revgraph.shared.money.Figures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of forecasts and scenarios (docs/metrics.md, Forecasts). */
public final class ForecastReports {

    private ForecastReports() {}

    public enum ForecastKind {
        ACTUAL,
        FORECAST
    }

    public enum ForecastDriver {
        NEW_CUSTOMERS,
        NEW_CUSTOMER_ARPA,
        CHURN_RATE,
        EXPANSION_RATE,
        LOGO_CHURN,
        GROSS_MARGIN,
        SPEND,
        ONE_OFF_REVENUE
    }

    public enum OverrideMode {
        ABSOLUTE,
        RELATIVE
    }

    /** The GraphQL {@code ScenarioOverride}. */
    public record ScenarioOverride(
            String segmentCode,
            ForecastDriver driver,
            YearMonth fromMonth,
            YearMonth toMonth,
            BigDecimal value,
            OverrideMode mode) {}

    /** The GraphQL {@code Scenario}. */
    public record Scenario(
            long id,
            String code,
            String name,
            List<ScenarioOverride> overrides,
            OffsetDateTime createdAt,
            String createdBy) {}

    /** The GraphQL {@code ForecastDrivers}, rounded as served. */
    public record ForecastDrivers(
            BigDecimal newCustomers,
            BigDecimal newCustomerArpa,
            BigDecimal churnRate,
            BigDecimal expansionRate,
            BigDecimal logoChurn,
            BigDecimal grossMargin,
            BigDecimal spend,
            BigDecimal acquisitionShare,
            BigDecimal oneOffRevenue) {}

    /** The GraphQL {@code ForecastRow}. */
    public record ForecastRow(
            String period,
            LocalDate periodStart,
            LocalDate periodEnd,
            ForecastKind kind,
            String segmentCode,
            String segmentName,
            BigDecimal mrr,
            BigDecimal newCustomers,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal spend,
            BigDecimal contribution,
            BigDecimal cac,
            BigDecimal activeCustomers,
            ForecastDrivers drivers,
            ForecastRow comparison,
            ForecastChange change) {

        public ForecastRow(
                String period,
                LocalDate periodStart,
                LocalDate periodEnd,
                ForecastKind kind,
                String segmentCode,
                String segmentName,
                BigDecimal mrr,
                BigDecimal newCustomers,
                BigDecimal revenue,
                BigDecimal costOfService,
                BigDecimal spend,
                BigDecimal contribution,
                BigDecimal cac,
                BigDecimal activeCustomers,
                ForecastDrivers drivers) {
            this(
                    period,
                    periodStart,
                    periodEnd,
                    kind,
                    segmentCode,
                    segmentName,
                    mrr,
                    newCustomers,
                    revenue,
                    costOfService,
                    spend,
                    contribution,
                    cac,
                    activeCustomers,
                    drivers,
                    null,
                    null);
        }

        /** This row with {@code before} (the same scope's row of the compared period) and the change from it. */
        ForecastRow compared(ForecastRow before) {
            return new ForecastRow(
                    period,
                    periodStart,
                    periodEnd,
                    kind,
                    segmentCode,
                    segmentName,
                    mrr,
                    newCustomers,
                    revenue,
                    costOfService,
                    spend,
                    contribution,
                    cac,
                    activeCustomers,
                    drivers,
                    before,
                    new ForecastChange(
                            mrr.subtract(before.mrr()),
                            Figures.relativeChange(mrr, before.mrr()),
                            newCustomers.subtract(before.newCustomers()),
                            revenue.subtract(before.revenue()),
                            Figures.relativeChange(revenue, before.revenue()),
                            costOfService.subtract(before.costOfService()),
                            spend.subtract(before.spend()),
                            contribution.subtract(before.contribution()),
                            cac == null || before.cac() == null ? null : cac.subtract(before.cac()),
                            activeCustomers.subtract(before.activeCustomers())));
        }
    }

    /** The GraphQL {@code ForecastChange}: a row's served figures less its compared row's. */
    public record ForecastChange(
            BigDecimal mrr,
            BigDecimal mrrPct,
            BigDecimal newCustomers,
            BigDecimal revenue,
            BigDecimal revenuePct,
            BigDecimal costOfService,
            BigDecimal spend,
            BigDecimal contribution,
            BigDecimal cac,
            BigDecimal activeCustomers) {}

    /** The GraphQL {@code ForecastReport}. */
    public record ForecastReport(
            String currency, String scenario, YearMonth lastActualMonth, int trailingMonths, List<ForecastRow> rows) {}

    /** The GraphQL {@code ForecastDifference}. */
    public record ForecastDifference(
            BigDecimal mrr,
            BigDecimal newCustomers,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal spend,
            BigDecimal contribution,
            BigDecimal cac,
            BigDecimal activeCustomers) {}

    /** The GraphQL {@code ScenarioComparisonRow}. */
    public record ScenarioComparisonRow(
            String period,
            LocalDate periodStart,
            LocalDate periodEnd,
            ForecastKind kind,
            String segmentCode,
            String segmentName,
            ForecastRow a,
            ForecastRow b,
            ForecastDifference difference) {}

    /** The GraphQL {@code ScenarioComparison}. */
    public record ScenarioComparison(
            String currency, String a, String b, YearMonth lastActualMonth, List<ScenarioComparisonRow> rows) {}

    /** The GraphQL input {@code ScenarioOverrideInput}. */
    public record ScenarioOverrideInput(
            String segmentCode,
            ForecastDriver driver,
            YearMonth fromMonth,
            YearMonth toMonth,
            BigDecimal value,
            OverrideMode mode) {}

    /** The GraphQL input {@code CreateScenarioInput}. */
    public record CreateScenarioInput(String code, String name, List<ScenarioOverrideInput> overrides) {}

    /** The GraphQL input {@code DeleteScenarioInput}. */
    public record DeleteScenarioInput(String code) {}
}
