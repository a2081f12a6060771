package dev.revgraph.currency;

import dev.revgraph.currency.CurrencyInputs.UpsertCurrencyInput;
import dev.revgraph.currency.CurrencyInputs.UpsertFxRatesInput;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.time.LocalDate;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Currencies and FX rates over GraphQL. */
@Controller
class CurrencyController {

    record CurrencyPayload(CurrencyInfo currency, List<UserError> errors) {}

    record FxRatesPayload(List<FxRate> rates, List<UserError> errors) {}

    private final CurrencyService service;

    CurrencyController(CurrencyService service) {
        this.service = service;
    }

    @QueryMapping
    List<CurrencyInfo> currencies() {
        return service.currencies();
    }

    @QueryMapping
    List<FxRate> fxRates(@Argument String currency, @Argument LocalDate from, @Argument LocalDate to) {
        return service.rates(currency, from, to);
    }

    @MutationMapping
    CurrencyPayload upsertCurrency(@Argument UpsertCurrencyInput input) {
        return Payloads.of(() -> service.upsertCurrency(input), CurrencyPayload::new);
    }

    @MutationMapping
    FxRatesPayload upsertFxRates(@Argument UpsertFxRatesInput input) {
        return Payloads.of(
                () -> service.upsertRates(input),
                (rates, errors) -> new FxRatesPayload(rates == null ? List.of() : rates, errors));
    }
}
