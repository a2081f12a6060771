package dev.revgraph.shared.plan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The rolling forecast as the P&L compares with it ({@code compareTo: FORECAST}). The forecast
 * feature builds on the P&L (its periods and segment economics), so the P&L cannot depend on it:
 * it asks this contract, which the forecast feature implements.
 */
public interface PlanForecasts {

    /**
     * One forecast row as served (rounded): the period's first day, the scope (segment code, null for
     * the whole company), ACTUAL or FORECAST, and its figures.
     */
    record ForecastFigures(
            LocalDate periodStart,
            String segmentCode,
            String kind,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal spend,
            BigDecimal contribution,
            BigDecimal newCustomers,
            BigDecimal cac) {}

    /**
     * The forecast's rows over whole periods of {@code granularity} (MONTH, QUARTER or YEAR):
     * the whole company and every segment, or {@code segmentCode}'s subtree; an unknown scenario is
     * refused naming {@code scenario}, a horizon too far naming {@code to}.
     */
    List<ForecastFigures> forecast(
            String scenario, LocalDate from, LocalDate to, String segmentCode, String granularity);
}
