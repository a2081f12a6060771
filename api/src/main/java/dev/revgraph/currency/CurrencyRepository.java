package dev.revgraph.currency;

import static dev.revgraph.db.Tables.CURRENCY;
import static dev.revgraph.db.Tables.FX_RATE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes currencies and FX rates. */
@Repository
class CurrencyRepository {

    private final DSLContext dsl;

    CurrencyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every currency with its latest rate, in one statement. */
    List<CurrencyInfo> currencies(String reporting) {
        var latest = DSL.lateral(DSL.select(FX_RATE.RATE_DATE, FX_RATE.RATE)
                        .from(FX_RATE)
                        .where(FX_RATE.CURRENCY.eq(CURRENCY.CODE))
                        .orderBy(FX_RATE.RATE_DATE.desc())
                        .limit(1))
                .as("latest");
        return dsl.select(CURRENCY.CODE, CURRENCY.NAME, latest.field(FX_RATE.RATE_DATE), latest.field(FX_RATE.RATE))
                .from(CURRENCY)
                .leftJoin(latest)
                .on(DSL.trueCondition())
                .orderBy(DSL.when(CURRENCY.CODE.eq(reporting), 0).otherwise(1), CURRENCY.CODE)
                .fetch(r -> new CurrencyInfo(
                        r.value1(),
                        r.value2(),
                        r.value1().equals(reporting),
                        r.value3() == null ? null : new FxRate(r.value1(), r.value3(), r.value4())));
    }

    boolean exists(String code) {
        return dsl.fetchExists(CURRENCY, CURRENCY.CODE.eq(code));
    }

    /** Those of {@code codes} that are registered currencies. */
    Set<String> registered(Collection<String> codes) {
        return dsl.select(CURRENCY.CODE)
                .from(CURRENCY)
                .where(CURRENCY.CODE.in(codes))
                .fetchSet(CURRENCY.CODE);
    }

    void upsertCurrency(String code, String name) {
        dsl.insertInto(CURRENCY, CURRENCY.CODE, CURRENCY.NAME)
                .values(code, name)
                .onConflict(CURRENCY.CODE)
                .doUpdate()
                .set(CURRENCY.NAME, name)
                .execute();
    }

    void ensureCurrency(String code, String name) {
        dsl.insertInto(CURRENCY, CURRENCY.CODE, CURRENCY.NAME)
                .values(code, name)
                .onConflict(CURRENCY.CODE)
                .doNothing()
                .execute();
    }

    List<FxRate> rates(String currency, LocalDate from, LocalDate to) {
        Condition condition = FX_RATE.CURRENCY.eq(currency);
        if (from != null) {
            condition = condition.and(FX_RATE.RATE_DATE.ge(from));
        }
        if (to != null) {
            condition = condition.and(FX_RATE.RATE_DATE.le(to));
        }
        return dsl.select(FX_RATE.CURRENCY, FX_RATE.RATE_DATE, FX_RATE.RATE)
                .from(FX_RATE)
                .where(condition)
                .orderBy(FX_RATE.RATE_DATE)
                .fetch(r -> new FxRate(r.value1(), r.value2(), r.value3()));
    }

    /** The stored rates at exactly these (currency, date) keys, keyed by {@link #key}. */
    Map<String, BigDecimal> ratesAt(Collection<FxRate> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Condition any = DSL.or(keys.stream()
                .map(k -> FX_RATE.CURRENCY.eq(k.currency()).and(FX_RATE.RATE_DATE.eq(k.date())))
                .toList());
        return dsl.select(FX_RATE.CURRENCY, FX_RATE.RATE_DATE, FX_RATE.RATE)
                .from(FX_RATE)
                .where(any)
                .fetchMap(r -> key(r.value1(), r.value2()), r -> r.value3());
    }

    static String key(String currency, LocalDate date) {
        return currency + "|" + date;
    }

    void upsertRates(Collection<FxRate> rates) {
        var insert = dsl.insertInto(FX_RATE, FX_RATE.CURRENCY, FX_RATE.RATE_DATE, FX_RATE.RATE);
        for (FxRate rate : rates) {
            insert = insert.values(rate.currency(), rate.date(), rate.rate());
        }
        insert.onConflict(FX_RATE.CURRENCY, FX_RATE.RATE_DATE)
                .doUpdate()
                .set(FX_RATE.RATE, DSL.excluded(FX_RATE.RATE))
                .set(FX_RATE.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    Optional<LocalDate> firstRateDate(String currency) {
        return dsl.select(DSL.min(FX_RATE.RATE_DATE))
                .from(FX_RATE)
                .where(FX_RATE.CURRENCY.eq(currency))
                .fetchOptional(r -> r.value1());
    }

    boolean hasRateOnOrBefore(String currency, LocalDate date) {
        return dsl.fetchExists(FX_RATE, FX_RATE.CURRENCY.eq(currency).and(FX_RATE.RATE_DATE.le(date)));
    }
}
