package dev.revgraph.forecast;

import dev.revgraph.forecast.ForecastReports.CreateScenarioInput;
import dev.revgraph.forecast.ForecastReports.DeleteScenarioInput;
import dev.revgraph.forecast.ForecastReports.ForecastReport;
import dev.revgraph.forecast.ForecastReports.Scenario;
import dev.revgraph.forecast.ForecastReports.ScenarioComparison;
import dev.revgraph.pnl.Granularity;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Forecasts, scenario comparisons and scenarios over GraphQL. */
@Controller
class ForecastController {

    record ScenarioPayload(Scenario scenario, List<UserError> errors) {}

    private final ForecastService service;

    ForecastController(ForecastService service) {
        this.service = service;
    }

    @QueryMapping
    ForecastReport forecast(
            @Argument String scenario,
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String segmentCode,
            @Argument Granularity granularity,
            @Argument Integer trailingMonths,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo) {
        return service.forecast(
                scenario, from, to, segmentCode, granularity, trailingMonths, where, currency, compareTo);
    }

    @QueryMapping
    ScenarioComparison compareScenarios(
            @Argument String a,
            @Argument String b,
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String segmentCode,
            @Argument Granularity granularity,
            @Argument Integer trailingMonths) {
        return service.compare(a, b, from, to, segmentCode, granularity, trailingMonths);
    }

    @QueryMapping
    List<Scenario> scenarios() {
        return service.scenarios();
    }

    @MutationMapping
    ScenarioPayload createScenario(@Argument CreateScenarioInput input) {
        return Payloads.of(() -> service.create(input), ScenarioPayload::new);
    }

    @MutationMapping
    ScenarioPayload deleteScenario(@Argument DeleteScenarioInput input) {
        return Payloads.of(() -> service.delete(input), ScenarioPayload::new);
    }
}
