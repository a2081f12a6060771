package dev.revgraph.shared.importing;

import static dev.revgraph.db.Tables.FX_RATE;

import dev.revgraph.shared.error.UserErrorCode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * A set-based check of a file: one statement over the staging table that selects {@code line,
 * reason} for every bad row; each error names {@code column} and carries {@code code}. The engine
 * orders and limits the rows; one statement per check keeps a check's cost one scan of the stage
 * however many rows are bad.
 */
public record Check(String column, UserErrorCode code, Select<? extends Record2<Long, String>> rows) {

    /** The rows of the stage for which {@code bad} holds, each with its {@code reason}. */
    public static Check when(Stage stage, String column, UserErrorCode code, Condition bad, Field<String> reason) {
        return new Check(
                column,
                code,
                DSL.select(stage.line(), reason).from(stage.table()).where(bad));
    }

    /**
     * A rule of one row broken: {@code bad} is a condition on the stage's columns and
     * {@code reason} the same text the feature's mutation gives (without the field name).
     */
    public static Check rule(Stage stage, String column, Condition bad, String reason) {
        return when(stage, column, UserErrorCode.INVALID, bad, DSL.inline(reason));
    }

    /**
     * The code in {@code column}, when given, names a stored row by {@code code}; with
     * {@code archivedAt}, that row is not archived. The reasons say what the feature's mutation
     * says: unknown (NOT_FOUND) or archived (ARCHIVED).
     */
    public static List<Check> reference(
            Stage stage,
            String column,
            String what,
            TableField<?, String> code,
            TableField<?, OffsetDateTime> archivedAt) {
        Field<String> value = stage.field(column);
        List<Check> checks = new ArrayList<>();
        checks.add(when(
                stage,
                column,
                UserErrorCode.NOT_FOUND,
                value.isNotNull()
                        .and(DSL.notExists(DSL.selectOne().from(code.getTable()).where(code.eq(value)))),
                DSL.inline("unknown " + what + " ").concat(value)));
        if (archivedAt != null) {
            checks.add(new Check(
                    column,
                    UserErrorCode.ARCHIVED,
                    DSL.select(
                                    stage.line(),
                                    DSL.inline(what + " ").concat(value).concat(DSL.inline(" is archived")))
                            .from(stage.table())
                            .join(code.getTable())
                            .on(code.eq(value))
                            .where(archivedAt.isNotNull())));
        }
        return checks;
    }

    /**
     * An amount in {@code currencyColumn} dated {@code dateColumn} converts into the reporting
     * currency: it is the reporting currency or has a rate on or before that date. The import's
     * answer is always to load a rate, since fx_rates.csv also registers a new currency.
     */
    public static Check convertible(Stage stage, String currencyColumn, String dateColumn, FileSpec.Context context) {
        return convertible(stage, currencyColumn, dateColumn, context, DSL.noCondition());
    }

    /** {@link #convertible(Stage, String, String, FileSpec.Context)} over the rows where {@code only} holds. */
    public static Check convertible(
            Stage stage, String currencyColumn, String dateColumn, FileSpec.Context context, Condition only) {
        Field<String> currency = stage.field(currencyColumn);
        Field<LocalDate> date = stage.field(dateColumn);
        return when(
                stage,
                currencyColumn,
                UserErrorCode.MISSING_FX_RATE,
                currency.isNotNull()
                        .and(only)
                        .and(currency.ne(context.reporting()))
                        .and(DSL.notExists(DSL.selectOne()
                                .from(FX_RATE)
                                .where(FX_RATE.CURRENCY.eq(currency), FX_RATE.RATE_DATE.le(date)))),
                DSL.inline("no FX rate for ")
                        .concat(currency)
                        .concat(DSL.inline(" dated on or before "))
                        .concat(date.cast(String.class))
                        .concat(DSL.inline(": load it in fx_rates.csv")));
    }
}
