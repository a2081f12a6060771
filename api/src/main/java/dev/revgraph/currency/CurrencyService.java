package dev.revgraph.currency;

import dev.revgraph.currency.CurrencyInputs.FxRateInput;
import dev.revgraph.currency.CurrencyInputs.UpsertCurrencyInput;
import dev.revgraph.currency.CurrencyInputs.UpsertFxRatesInput;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Currencies and FX rates: which currencies the ledgers accept, and the rules of rates
 * (positive, not for the reporting currency, not changed inside a closed month).
 */
@Service
@Transactional(readOnly = true)
public class CurrencyService {

    static final int MAX_RATES_PER_CALL = 10_000;

    /** The rule of a rate's value, stated once for {@code upsertFxRates} and fx_rates.csv. */
    static final String RATE_NOT_POSITIVE = "must be greater than zero";

    /** The rule that the reporting currency takes no rate, for {@code upsertFxRates} and fx_rates.csv. */
    static final String REPORTING_RATE = "is the reporting currency, which always converts at exactly 1";

    private final CurrencyRepository repository;
    private final FiscalService fiscal;
    private final String reporting;

    CurrencyService(CurrencyRepository repository, FiscalService fiscal, RevgraphProperties properties) {
        this.repository = repository;
        this.fiscal = fiscal;
        this.reporting = properties.reportingCurrency();
    }

    /** The reporting currency must exist as a row for the ledgers' foreign keys. */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void registerReportingCurrency() {
        repository.ensureCurrency(reporting, reporting);
    }

    public String reportingCurrency() {
        return reporting;
    }

    public List<CurrencyInfo> currencies() {
        return repository.currencies(reporting);
    }

    public List<FxRate> rates(String currency, LocalDate from, LocalDate to) {
        return repository.rates(currency, from, to);
    }

    /**
     * Checks that an amount in {@code currency} dated {@code date} can be converted: the currency is
     * registered and, unless it is the reporting currency, has a rate dated on or before the date.
     */
    public void requireConvertible(String currencyField, String currency, LocalDate date) {
        if (!repository.exists(currency)) {
            throw DomainException.notFound(
                    currencyField,
                    "currency " + currency + " is not registered: add it with upsertCurrency and give it FX rates");
        }
        if (!currency.equals(reporting) && !repository.hasRateOnOrBefore(currency, date)) {
            throw DomainException.missingFxRate(currencyField, currency, date);
        }
    }

    /**
     * The currency a report is asked in: the reporting currency when {@code currency} is null or names
     * it, else {@code currency}, which must be registered (NOT_FOUND naming {@code field} otherwise).
     */
    public String reportCurrency(String field, String currency) {
        if (currency == null || currency.equals(reporting)) {
            return reporting;
        }
        requireRegistered(field, currency);
        return currency;
    }

    /** Checks that a currency is registered; a not-found error naming the field otherwise. */
    public void requireRegistered(String field, String currency) {
        if (!repository.exists(currency)) {
            throw DomainException.notFound(field, "currency " + currency + " is not registered");
        }
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public CurrencyInfo upsertCurrency(UpsertCurrencyInput input) {
        new Validation().name("name", input.name()).throwIfAny();
        repository.upsertCurrency(input.code(), input.name().strip());
        return currencies().stream()
                .filter(c -> c.code().equals(input.code()))
                .findFirst()
                .orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public List<FxRate> upsertRates(UpsertFxRatesInput input) {
        List<FxRateInput> rates = input.rates();
        Validation validation = new Validation();
        validation.check(!rates.isEmpty(), "rates", "must not be empty");
        validation.check(
                rates.size() <= MAX_RATES_PER_CALL,
                "rates",
                "must hold at most " + MAX_RATES_PER_CALL + " rates per call");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < rates.size(); i++) {
            FxRateInput rate = rates.get(i);
            String field = "rates." + i;
            validation.check(rate.rate().signum() > 0, field + ".rate", RATE_NOT_POSITIVE);
            validation.scale(field + ".rate", rate.rate(), 12);
            validation.check(
                    rate.rate().precision() - rate.rate().scale() <= 16, field + ".rate", "must be less than 10^16");
            validation.check(!rate.currency().equals(reporting), field + ".currency", REPORTING_RATE);
            validation.check(
                    keys.add(rate.currency() + rate.date()),
                    field,
                    "repeats the currency and date of an earlier rate in this call");
        }
        validation.throwIfAny();
        // one statement for every currency of the call, however many rates it carries
        Set<String> registered = repository.registered(
                rates.stream().map(FxRateInput::currency).distinct().toList());
        for (int i = 0; i < rates.size(); i++) {
            if (!registered.contains(rates.get(i).currency())) {
                throw DomainException.notFound(
                        "rates." + i + ".currency",
                        "currency " + rates.get(i).currency() + " is not registered: add it with upsertCurrency first");
            }
        }
        List<FxRate> wanted = rates.stream()
                .map(r -> new FxRate(r.currency(), r.date(), r.rate()))
                .toList();
        var stored = repository.ratesAt(wanted);
        List<YearMonth> changedMonths = new ArrayList<>();
        for (FxRate rate : wanted) {
            BigDecimal before = stored.get(CurrencyRepository.key(rate.currency(), rate.date()));
            if (before == null || before.compareTo(rate.rate()) != 0) {
                changedMonths.add(YearMonth.from(rate.date()));
            }
        }
        // Closed figures are final: a rate that would change how a closed month converts is refused.
        fiscal.assertMonthsOpen("rates", changedMonths);
        repository.upsertRates(wanted);
        return wanted;
    }
}
