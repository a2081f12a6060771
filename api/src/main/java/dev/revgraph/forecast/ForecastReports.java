package dev.revgraph.forecast;

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
            ForecastDrivers drivers) {}

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
