package dev.revgraph.forecast;

import dev.revgraph.forecast.ForecastReports.ForecastRow;
import dev.revgraph.pnl.Granularity;
import dev.revgraph.shared.plan.PlanForecasts;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/** The forecast served to the P&L's {@code compareTo: FORECAST}: the same rows {@code forecast} serves. */
@Component
class ForecastPlans implements PlanForecasts {

    private final ForecastService service;

    ForecastPlans(ForecastService service) {
        this.service = service;
    }

    @Override
    public List<ForecastFigures> forecast(
            String scenario, LocalDate from, LocalDate to, String segmentCode, String granularity) {
        return service.forecast(scenario, from, to, segmentCode, Granularity.valueOf(granularity), null).rows().stream()
                .map(ForecastPlans::figures)
                .toList();
    }

    private static ForecastFigures figures(ForecastRow row) {
        return new ForecastFigures(
                row.periodStart(),
                row.segmentCode(),
                row.kind().name(),
                row.revenue(),
                row.costOfService(),
                row.spend(),
                row.contribution(),
                row.newCustomers(),
                row.cac());
    }
}
