package dev.revgraph.importing;

import dev.revgraph.shared.error.UserErrorCode;
import java.util.List;

/**
 * One file of the import format: its columns, key, the checks its rows must pass, how stored rows
 * read back for comparison, and the set-based insert. The engine ({@link ImportService}) does the
 * rest the same way for every file: parse and type-check cells, COPY into a temporary staging table
 * named {@link #stage()} (a column per {@link Column} plus {@code line}), find duplicate keys,
 * run the checks, compare with stored rows (same values: skipped; other values: conflict), refuse
 * new rows in closed months, then insert.
 *
 * <p>SQL fragments may use {@code {stage}} (the staging table), {@code {reporting}} (the reporting
 * currency as a literal) and {@code {actor}} (who loads, as a literal). Adding a file type is one
 * subclass and a constant in {@link ImportFile}.
 */
public abstract class FileSpec {

    /**
     * A set-based check over the staging table: {@code sql} selects {@code line, reason} for every
     * bad row; the error names {@code column}.
     */
    public record Check(String column, UserErrorCode code, String sql) {}

    /** The file name, as in the contract. */
    public abstract String fileName();

    public abstract List<Column> columns();

    /** The key columns: a row whose key is stored with the same values is skipped. */
    public abstract List<String> key();

    /** The stored rows as the file would write them: the key and every other column, by column name. */
    public abstract String storedSql();

    /** Checks on every staged row (references, row rules, FX rates). */
    public List<Check> checks() {
        return List.of();
    }

    /** Checks on the rows that are new, after skipped rows left the staging table (tree cycles). */
    public List<Check> newRowChecks() {
        return List.of();
    }

    /** The date column whose month must be open for a new row, or null when the file has none. */
    public String monthColumn() {
        return null;
    }

    /** The statements that insert the staging table's (new) rows, in order. */
    public abstract List<String> insertSql();

    public final String stage() {
        return "import_" + fileName().replace(".csv", "");
    }

    // Helpers for the checks most files share.

    /** The code in {@code column} must name a row of {@code table} (by {@code code}), not archived when it has that. */
    protected static List<Check> reference(String column, String table, String what, boolean archivable) {
        Check unknown = new Check(
                column,
                UserErrorCode.NOT_FOUND,
                "select s.line, 'unknown " + what + " ' || s."
                        + column + " from {stage} s where s." + column + " is not null and not exists (select 1 from "
                        + table + " t where t.code = s." + column + ")");
        if (!archivable) {
            return List.of(unknown);
        }
        return List.of(
                unknown,
                new Check(
                        column,
                        UserErrorCode.ARCHIVED,
                        "select s.line, '" + what + " ' || s."
                                + column + " || ' is archived' from {stage} s join " + table + " t on t.code = s."
                                + column
                                + " where t.archived_at is not null"));
    }

    /** A row-level rule: {@code badWhen} is a condition on the staging row alias {@code s}. */
    protected static Check rule(String column, String badWhen, String reason) {
        return new Check(
                column,
                UserErrorCode.INVALID,
                "select s.line, '" + reason.replace("'", "''") + "' from {stage} s where " + badWhen);
    }

    /** An amount in {@code currencyColumn} dated {@code dateColumn} needs a rate on or before that date. */
    protected static Check convertible(String currencyColumn, String dateColumn) {
        return new Check(
                currencyColumn,
                UserErrorCode.MISSING_FX_RATE,
                "select s.line, 'no FX rate for ' || s."
                        + currencyColumn + " || ' dated on or before ' || s." + dateColumn
                        + " || ': load it in fx_rates.csv'"
                        + " from {stage} s where s." + currencyColumn
                        + " <> {reporting} and not exists (select 1 from fx_rate r"
                        + " where r.currency = s." + currencyColumn + " and r.rate_date <= s." + dateColumn + ")");
    }
}
