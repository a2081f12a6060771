package dev.revgraph.currency;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL input types of the currency mutations. */
public final class CurrencyInputs {

    private CurrencyInputs() {}

    public record UpsertCurrencyInput(String code, String name) {}

    public record FxRateInput(String currency, LocalDate date, BigDecimal rate) {}

    public record UpsertFxRatesInput(List<FxRateInput> rates) {}
}
