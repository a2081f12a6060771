package dev.revgraph.shared.money;

import dev.revgraph.db.Routines;
import dev.revgraph.shared.error.DomainException;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.jooq.Field;
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
