package dev.revgraph.fiscal;

import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The fiscal calendar and period close over GraphQL. */
@Controller
class FiscalController {

    record CloseMonthInput(YearMonth month) {}

    record ReopenMonthInput(YearMonth month, String reason) {}

    record FiscalMonthPayload(FiscalMonth fiscalMonth, List<UserError> errors) {}

    private final FiscalService service;

    FiscalController(FiscalService service) {
        this.service = service;
    }

    @QueryMapping
    List<FiscalMonth> fiscalMonths(@Argument YearMonth from, @Argument YearMonth to) {
        return service.months(from, to);
    }

    @QueryMapping
    List<CloseRecord> closeHistory(@Argument YearMonth month) {
        return service.closeHistory(month);
    }

    @BatchMapping(typeName = "FiscalMonth", field = "history")
    Map<FiscalMonth, List<MonthStatusEvent>> history(List<FiscalMonth> months) {
        Map<YearMonth, List<MonthStatusEvent>> events =
                service.history(months.stream().map(FiscalMonth::month).toList());
        return months.stream()
                .collect(Collectors.toMap(
                        Function.identity(), m -> events.getOrDefault(m.month(), List.of()), (a, b) -> a));
    }

    @SubscriptionMapping
    Flux<FiscalMonth> monthClosed() {
        return service.changes(MonthStatus.CLOSED);
    }

    @SubscriptionMapping
    Flux<FiscalMonth> monthReopened() {
        return service.changes(MonthStatus.OPEN);
    }

    @MutationMapping
    FiscalMonthPayload closeMonth(@Argument CloseMonthInput input) {
        return Payloads.of(() -> service.close(input.month()), FiscalMonthPayload::new);
    }

    @MutationMapping
    FiscalMonthPayload reopenMonth(@Argument ReopenMonthInput input) {
        return Payloads.of(() -> service.reopen(input.month(), input.reason()), FiscalMonthPayload::new);
    }
}
