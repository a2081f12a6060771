package dev.revgraph.currency;

import static dev.revgraph.db.Tables.FX_RATE;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.CURRENCY;
import static dev.revgraph.shared.importing.ColumnType.DATE;
import static dev.revgraph.shared.importing.ColumnType.RATE;

import dev.revgraph.db.Tables;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * fx_rates.csv: date*, currency*, rate* (1 unit of currency = rate units of the reporting
 * currency), with the rules of {@code upsertFxRates}. Unlike the mutation, which wants the currency
 * registered first, a currency seen here for the first time is registered, named by its code: a
 * file of rates is how a new currency arrives in a load.
 */
public final class FxRatesFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.FX_RATES;
    }

    @Override
    public List<Column> columns() {
        return List.of(required("date", DATE), required("currency", CURRENCY), required("rate", RATE));
    }

    @Override
    public List<String> key() {
        return List.of("date", "currency");
    }

    @Override
    public Select<?> stored() {
        return DSL.select(FX_RATE.RATE_DATE.as("date"), FX_RATE.CURRENCY, FX_RATE.RATE)
                .from(FX_RATE);
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<BigDecimal> rate = s.field("rate");
        Field<String> currency = s.field("currency");
        return List.of(
                Check.rule(s, "rate", rate.le(BigDecimal.ZERO), CurrencyService.RATE_NOT_POSITIVE),
                Check.rule(s, "currency", currency.eq(context.reporting()), CurrencyService.REPORTING_RATE));
    }

    @Override
    public String monthColumn() {
        return "date";
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Field<String> currency = s.field("currency");
        Field<LocalDate> date = s.field("date");
        Field<BigDecimal> rate = s.field("rate");
        return List.of(
                DSL.insertInto(Tables.CURRENCY, Tables.CURRENCY.CODE, Tables.CURRENCY.NAME)
                        .select(DSL.selectDistinct(currency, currency).from(s.table()))
                        .onConflict(Tables.CURRENCY.CODE)
                        .doNothing(),
                DSL.insertInto(FX_RATE, FX_RATE.CURRENCY, FX_RATE.RATE_DATE, FX_RATE.RATE)
                        .select(DSL.select(currency, date, rate).from(s.table()).orderBy(s.line())));
    }
}
