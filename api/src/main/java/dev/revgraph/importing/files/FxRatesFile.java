package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.CURRENCY;
import static dev.revgraph.importing.ColumnType.DATE;
import static dev.revgraph.importing.ColumnType.RATE;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.List;

/**
 * fx_rates.csv: date*, currency*, rate* (1 unit of currency = rate units of the reporting
 * currency). A currency seen here for the first time is registered, named by its code.
 */
public final class FxRatesFile extends FileSpec {

    @Override
    public String fileName() {
        return "fx_rates.csv";
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
    public String storedSql() {
        return "select rate_date as date, currency, rate from fx_rate";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                rule("rate", "s.rate <= 0", "must be greater than zero"),
                rule(
                        "currency",
                        "s.currency = {reporting}",
                        "is the reporting currency, which always converts at exactly 1"));
    }

    @Override
    public String monthColumn() {
        return "date";
    }

    @Override
    public List<String> insertSql() {
        return List.of(
                "insert into currency (code, name) select distinct currency, currency from {stage}"
                        + " on conflict (code) do nothing",
                "insert into fx_rate (currency, rate_date, rate) select currency, date, rate from {stage} order by line");
    }
}
