package dev.revgraph.shared.importing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The staging table of one file as jOOQ sees it: a temporary table with the file's line number and
 * a column per {@link Column}, typed by its {@link ColumnType}, so the specs write their checks
 * and inserts as typed jOOQ over it. It is aliased ({@code s} unless {@link #as} says otherwise) so
 * a check can name a stored table of the same column names beside it.
 */
public final class Stage {

    private final String name;
    private final String alias;
    private final Map<String, Column> columns = new LinkedHashMap<>();

    public Stage(FileSpec spec) {
        this(spec, "s");
    }

    private Stage(FileSpec spec, String alias) {
        this.name = "import_" + spec.fileName().replace(".csv", "");
        this.alias = alias;
        spec.columns().forEach(c -> columns.put(c.name(), c));
    }

    private Stage(Stage other, String alias) {
        this.name = other.name;
        this.alias = alias;
        this.columns.putAll(other.columns);
    }

    /** The same staging table under another alias, for a check that reads it twice. */
    public Stage as(String otherAlias) {
        return new Stage(this, otherAlias);
    }

    /** The table's name in the session (unaliased), for the engine's DDL and COPY. */
    public String name() {
        return name;
    }

    /** The staging table, aliased. */
    public Table<?> table() {
        return DSL.table(DSL.name(name)).as(alias);
    }

    /** The file's line number of the row (the header is line 1). */
    public Field<Long> line() {
        return DSL.field(DSL.name(alias, "line"), SQLDataType.BIGINT);
    }

    /**
     * A column of the file, typed as the staging table holds it ({@code text}: String,
     * {@code date}: LocalDate, {@code numeric}: BigDecimal, ...). An unknown name is a bug of the
     * spec and fails at once.
     */
    @SuppressWarnings("unchecked")
    public <T> Field<T> field(String column) {
        Column c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException(name + " has no column " + column);
        }
        return DSL.field(qualified(column), (DataType<T>) c.type().dataType());
    }

    private Name qualified(String column) {
        return DSL.name(alias, column);
    }
}
