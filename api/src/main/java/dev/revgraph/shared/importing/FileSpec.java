package dev.revgraph.shared.importing;

import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;

/**
 * One file of the import format, written by the feature that owns its data: the columns and key
 * the contract lists, the rules its rows must pass, how stored rows read back for comparison, and
 * the set-based insert. The rules live beside the feature's mutation so both change together; the
 * engine ({@link ImportService}) does everything else the same way for every file: parse and
 * type-check cells, COPY into the staging table ({@link Stage}), find duplicate keys, run the
 * checks, compare with stored rows (same values: skipped; other values: conflict), refuse new rows
 * in closed months, then insert.
 *
 * <p>Implementations are registered as Java services ({@code META-INF/services}) rather than
 * Spring beans, so the contract a file states (its columns and key) reads the same without a
 * running application: the command line's help and the test that keeps docs/import-format.md in
 * step use it. They hold no state and build their statements with jOOQ from the generated tables;
 * the engine runs them.
 */
public interface FileSpec {

    /** What a spec's statements may name besides the stage: the reporting currency and who loads. */
    record Context(Field<String> reporting, Field<String> actor) {}

    /** The file of the format this spec reads. */
    ImportFile file();

    default String fileName() {
        return file().fileName();
    }

    List<Column> columns();

    /** The key columns: a row whose key is stored with the same values is skipped. */
    List<String> key();

    /**
     * The stored rows as the file would write them: the key and every other column, each aliased
     * to its column's name.
     */
    Select<?> stored();

    /** Checks on every staged row (references, row rules, FX rates). */
    default List<Check> checks(Stage stage, Context context) {
        return List.of();
    }

    /** Checks on the rows that are new, after skipped rows left the staging table (tree cycles). */
    default List<Check> newRowChecks(Stage stage) {
        return List.of();
    }

    /** The date column whose month must be open for a new row, or null when the file has none. */
    default String monthColumn() {
        return null;
    }

    /** The statements that insert the staging table's (new) rows, in order. */
    List<Query> inserts(Stage stage, Context context);
}
