package dev.revgraph.shared.money;

import static dev.revgraph.db.Tables.FX_RATE;

import dev.revgraph.db.Routines;
import dev.revgraph.db.tables.FxRate;
import dev.revgraph.shared.error.DomainException;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * SQL fragments of currency conversion, so every report converts the same way: each line at the
 * latest rate dated on or before its own date, the reporting currency at 1, a missing rate
 * reported (never a silent zero).
 */
public final class FxSql {

    private FxSql() {}

    /** The rate of {@code currency} into {@code reporting} on {@code date}; null when none exists. */
    public static Field<BigDecimal> rate(Field<String> currency, Field<LocalDate> date, String reporting) {
        return Routines.fxRateOn(currency, date, DSL.val(reporting));
    }

    /**
     * {@link #rate} of a ledger line, with the SQL function {@code fx_rate_on} (changeset 0002) written
     * out in the statement: a SQL function holding a sub-select is not inlined by PostgreSQL, so calling
     * it costs a function call per line, which made a list page several times slower than its bare
     * rows (docs/performance.md). The line's columns must be table columns, rendered qualified: an
     * unqualified {@code currency} would name the rate table's own column inside the sub-select.
     */
    public static Field<BigDecimal> rateOfLine(
            TableField<?, String> currency, TableField<?, LocalDate> date, String reporting) {
        FxRate r = FX_RATE.as("fx_rate_on");
        return DSL.when(currency.eq(DSL.val(reporting)), DSL.inline(BigDecimal.ONE))
                .otherwise(DSL.field(DSL.select(r.RATE)
                        .from(r)
                        .where(r.CURRENCY.eq(currency).and(r.RATE_DATE.le(date)))
                        .orderBy(r.RATE_DATE.desc())
                        .limit(DSL.inline(1))));
    }

    /**
     * An aggregate naming one line without a rate as {@code CUR|YYYY-MM-DD}, null when every line has
     * one; {@link #failOnMissing} turns it into the error.
     */
    public static Field<String> firstMissing(Field<String> currency, Field<LocalDate> date, Field<BigDecimal> rate) {
        return DSL.min(DSL.when(rate.isNull(), currency.concat(DSL.inline("|")).concat(date.cast(String.class))));
    }

    public static void failOnMissing(String field, String missing) {
        if (missing != null) {
            int bar = missing.indexOf('|');
            throw DomainException.missingFxRate(
                    field, missing.substring(0, bar), LocalDate.parse(missing.substring(bar + 1)));
        }
    }
}
