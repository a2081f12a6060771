package dev.revgraph.importing;

import static dev.revgraph.db.Tables.FISCAL_MONTH;

import dev.revgraph.shared.error.UserErrorCode;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.Stage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * The only place the import touches the database: temporary staging tables filled through
 * PostgreSQL's COPY, set-based checks over them, and set-based inserts. Every statement runs in
 * the caller's transaction (COPY on the same connection, taken from Spring's transaction).
 */
@Repository
class ImportRepository {

    private final DSLContext dsl;
    private final DataSource dataSource;

    ImportRepository(DSLContext dsl, DataSource dataSource) {
        this.dsl = dsl;
        this.dataSource = dataSource;
    }

    /** Streams rows into a staging table; {@link #end} must be called, or the transaction rolled back. */
    final class Copy {
        private static final int FLUSH_CHARS = 1 << 18;
        private final CopyIn copyIn;
        private final Connection connection;
        private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);

        private Copy(CopyIn copyIn, Connection connection) {
            this.copyIn = copyIn;
            this.connection = connection;
        }

        /** One row: its line number, then the present columns' values (null for no value). */
        void write(long line, String[] values) {
            buffer.append(line);
            for (String value : values) {
                buffer.append(',');
                if (value != null) {
                    buffer.append('"');
                    if (value.indexOf('"') >= 0) {
                        buffer.append(value.replace("\"", "\"\""));
                    } else {
                        buffer.append(value);
                    }
                    buffer.append('"');
                }
            }
            buffer.append('\n');
            if (buffer.length() >= FLUSH_CHARS) {
                flush();
            }
        }

        private void flush() {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            try {
                copyIn.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into the staging table failed", e);
            }
        }

        void end() {
            try {
                flush();
                copyIn.endCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into the staging table failed", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }

        /** Abandons the COPY; the load is failing anyway and its transaction rolls back. */
        void cancel() {
            try {
                if (copyIn.isActive()) {
                    copyIn.cancelCopy();
                }
            } catch (SQLException e) {
                // the transaction rolls back regardless
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
    }

    /** The reporting currency must exist as a row before any line in it is inserted. */
    void ensureCurrency(String code) {
        dsl.execute("insert into currency (code, name) values (?, ?) on conflict (code) do nothing", code, code);
    }

    void createStage(FileSpec spec, Stage stage) {
        String columns = spec.columns().stream()
                .map(c -> c.name() + " " + c.type().sqlType())
                .collect(Collectors.joining(", "));
        dsl.execute("drop table if exists " + stage.name());
        dsl.execute(
                "create temporary table " + stage.name() + " (line bigint not null, " + columns + ") on commit drop");
    }

    Copy copy(Stage stage, List<Column> present) {
        String columns = present.stream().map(c -> ", " + c.name()).collect(Collectors.joining());
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn copyIn = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy " + stage.name() + " (line" + columns + ") from stdin (format csv)");
            return new Copy(copyIn, connection);
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new IllegalStateException("could not start COPY into the staging table", e);
        }
    }

    /** Fresh statistics, so the checks and the insert join a large staging table sensibly. */
    void analyze(Stage stage) {
        dsl.execute("analyze " + stage.name());
    }

    /** The first {@code limit} rows a check finds, in line order. */
    List<RowError> check(FileSpec spec, Check check, int limit) {
        Table<?> found = check.rows().asTable("c", "line", "reason");
        return dsl.select(found.field("line", Long.class), found.field("reason", String.class))
                .from(found)
                .orderBy(DSL.inline(1))
                .limit(limit)
                .fetch()
                .map(r -> new RowError(spec.fileName(), r.value1(), check.column(), r.value2(), check.code()));
    }

    /** Rows repeating the key of an earlier row of the same file. */
    List<RowError> duplicates(FileSpec spec, Stage stage, int limit) {
        Field<Long> firstLine = DSL.field(DSL.name("d", "first_line"), SQLDataType.BIGINT);
        Table<?> numbered = DSL.select(
                        stage.table().asterisk(),
                        DSL.min(stage.line())
                                .over(DSL.partitionBy(keys(spec, stage)))
                                .as("first_line"))
                .from(stage.table())
                .asTable("d");
        Stage d = stage.as("d");
        Field<String> reason = DSL.inline("repeats the key of line ")
                .concat(firstLine)
                .concat(DSL.inline(" ("))
                .concat(keyDescription(spec, d))
                .concat(DSL.inline(")"));
        return fetch(
                spec,
                DSL.select(d.line(), reason)
                        .from(numbered)
                        .where(d.line().gt(firstLine))
                        .orderBy(d.line())
                        .limit(limit),
                String.join(", ", spec.key()),
                UserErrorCode.CONFLICT);
    }

    /** Rows whose key is stored with other values; names the columns that differ. */
    List<RowError> conflicts(FileSpec spec, Stage stage, int limit) {
        Table<?> stored = spec.stored().asTable("e");
        List<String> values = values(spec);
        List<Field<String>> differing = values.stream()
                .<Field<String>>map(v -> DSL.when(distinct(staged(spec, stage, v), stored.field(v)), DSL.inline(v)))
                .toList();
        Field<String> columns = DSL.function(
                "array_to_string", // jOOQ 3.19 has no builder for it
                String.class,
                DSL.arrayRemove(DSL.array(differing), DSL.inline((String) null)),
                DSL.inline(", "));
        Field<String> reason = DSL.inline("is already stored (")
                .concat(keyDescription(spec, stage))
                .concat(DSL.inline(") with another "))
                .concat(columns)
                .concat(DSL.inline(
                        ": the key of a stored row cannot take new values (ledgers: post a reversing line instead)"));
        return fetch(
                spec,
                DSL.select(stage.line(), reason)
                        .from(stage.table())
                        .join(stored)
                        .on(keyMatch(spec, stage, stored))
                        .where(DSL.row(values.stream()
                                        .map(v -> staged(spec, stage, v))
                                        .toList())
                                .isDistinctFrom(DSL.row(
                                        values.stream().map(stored::field).toList())))
                        .orderBy(stage.line())
                        .limit(limit),
                String.join(", ", spec.key()),
                UserErrorCode.CONFLICT);
    }

    /**
     * Removes the rows already stored (with the same values: conflicts were refused before) from
     * the staging table; returns how many. A reload of a large file is the common case, so the
     * way out is chosen by how many rows are stored: none (a first load) costs one join; all (a
     * reload) a truncate; most, a copy of the few new rows; few, a delete. Deleting millions of
     * rows from a temporary table is slow (its local buffers are small).
     */
    long skipStored(FileSpec spec, Stage stage, long rows) {
        Table<?> storedRows = spec.stored().asTable("e");
        Condition isStored = DSL.exists(DSL.selectOne().from(storedRows).where(keyMatch(spec, stage, storedRows)));
        long matches =
                dsl.select(DSL.count()).from(stage.table()).where(isStored).fetchOne(0, Long.class);
        if (matches == 0) {
            return 0;
        }
        Table<?> table = DSL.table(DSL.name(stage.name()));
        if (matches == rows) {
            dsl.truncate(table).execute();
        } else if (matches > rows / 2) {
            // CREATE TABLE ... ON COMMIT DROP AS: jOOQ 3.19 cannot put ON COMMIT before AS, which
            // PostgreSQL's CREATE TABLE AS wants; the query is jOOQ's
            String fresh = stage.name() + "_new";
            dsl.execute(
                    "create temporary table " + fresh + " on commit drop as {0}",
                    DSL.select(stage.table().asterisk()).from(stage.table()).where(DSL.not(isStored)));
            dsl.dropTable(table).execute();
            dsl.alterTable(DSL.table(DSL.name(fresh))).renameTo(table).execute();
        } else {
            dsl.deleteFrom(stage.table()).where(isStored).execute();
        }
        return matches;
    }

    /** New rows dated in a closed month. */
    List<RowError> closedMonths(FileSpec spec, Stage stage, int limit) {
        Field<LocalDate> month = monthOf(stage.field(spec.monthColumn()));
        Field<String> reason = DSL.inline("month ")
                .concat(DSL.toChar(FISCAL_MONTH.MONTH, "YYYY-MM"))
                .concat(DSL.inline(" is closed: reopen it or date the row in an open month"));
        return fetch(
                spec,
                DSL.select(stage.line(), reason)
                        .from(stage.table())
                        .join(FISCAL_MONTH)
                        .on(FISCAL_MONTH.MONTH.eq(month), FISCAL_MONTH.STATUS.eq(DSL.inline("CLOSED")))
                        .orderBy(stage.line())
                        .limit(limit),
                spec.monthColumn(),
                UserErrorCode.CLOSED_PERIOD);
    }

    /**
     * Waits for any other load of the same file kind to commit or roll back, and keeps them waiting
     * until this transaction ends (a transaction-scoped advisory lock per file kind).
     */
    void lockFileKind(FileSpec spec) {
        dsl.execute("select pg_advisory_xact_lock(hashtext({0}))", DSL.val("import:" + spec.fileName()));
    }

    /** Holds the new rows' months open until commit (the schema's guard; it raises RG001 on a closed month). */
    void lockMonths(FileSpec spec, Stage stage) {
        Field<LocalDate> month = monthOf(stage.field(spec.monthColumn()));
        dsl.select(DSL.function(
                        "assert_months_open", // the schema's guard; its generated routine takes values, not a query
                        SQLDataType.OTHER,
                        DSL.array(DSL.selectDistinct(month).from(stage.table()))))
                .execute();
    }

    /**
     * The first day of a date's month as a date. A named template: jOOQ's {@code trunc} renders
     * PostgreSQL's {@code date_trunc}, which returns a timestamp, and drops a cast to the type it
     * believes the field already has.
     */
    private static Field<LocalDate> monthOf(Field<?> date) {
        if (date.getType() == OffsetDateTime.class) {
            // an instant's month is its month in UTC, as the schema's touchpoint guard reads it
            return DSL.field("date_trunc('month', {0} at time zone 'UTC')::date", SQLDataType.LOCALDATE, date);
        }
        return DSL.field("date_trunc('month', {0})::date", SQLDataType.LOCALDATE, date);
    }

    void insert(FileSpec spec, Stage stage, FileSpec.Context context) {
        for (Query statement : spec.inserts(stage, context)) {
            dsl.attach(statement);
            statement.execute();
        }
    }

    void recordRun(String source, String files, long inserted, long skipped, String actor) {
        dsl.execute(
                "insert into import_run (source, files, inserted, skipped, actor) values (?, ?, ?, ?, ?)",
                source,
                files,
                inserted,
                skipped,
                actor);
    }

    boolean loaded(String source) {
        return dsl.fetchExists(DSL.selectOne().from("import_run").where("source = ?", source));
    }

    /** The spec's stored rows as a derived table's SQL, for the engine's generic comparisons. */
    private String stored(FileSpec spec) {
        return dsl.renderInlined(spec.stored());
    }

    private List<RowError> fetch(
            FileSpec spec, Select<? extends Record2<Long, String>> rows, String column, UserErrorCode code) {
        return dsl.fetch(rows).map(r -> new RowError(spec.fileName(), r.value1(), column, r.value2(), code));
    }

    private static List<Field<?>> keys(FileSpec spec, Stage stage) {
        return spec.key().stream().<Field<?>>map(stage::field).toList();
    }

    /** A staged value as stored: an empty cell of a column with a meaning for it takes that value. */
    private static Field<?> staged(FileSpec spec, Stage stage, String column) {
        String emptyMeans = spec.columns().stream()
                .filter(c -> c.name().equals(column))
                .findFirst()
                .map(Column::emptyMeans)
                .orElse(null);
        Field<Object> field = stage.field(column);
        return emptyMeans == null ? field : DSL.coalesce(field, DSL.inline((Object) emptyMeans));
    }

    @SuppressWarnings("unchecked")
    private static Condition distinct(Field<?> a, Field<?> b) {
        return ((Field<Object>) a).isDistinctFrom((Field<Object>) b);
    }

    private static List<String> values(FileSpec spec) {
        return spec.columns().stream()
                .map(Column::name)
                .filter(c -> !spec.key().contains(c))
                .toList();
    }

    /** The stage's key equals the stored row's; an optional key column matches on null too. */
    @SuppressWarnings("unchecked")
    private static Condition keyMatch(FileSpec spec, Stage stage, Table<?> stored) {
        return DSL.and(spec.key().stream()
                .map(k -> {
                    Field<Object> staged = stage.field(k);
                    Field<Object> kept = (Field<Object>) stored.field(k);
                    boolean required = spec.columns().stream()
                            .filter(c -> c.name().equals(k))
                            .findFirst()
                            .orElseThrow()
                            .required();
                    return required ? staged.eq(kept) : staged.isNotDistinctFrom(kept);
                })
                .toList());
    }

    /** {@code key1 value1, key2 value2} for the error text; an empty optional key column is left out. */
    private static Field<String> keyDescription(FileSpec spec, Stage stage) {
        List<Field<?>> parts = new ArrayList<>();
        parts.add(DSL.inline(", "));
        spec.key().forEach(k -> parts.add(DSL.inline(k + " ").concat(stage.field(k))));
        // concat_ws skips nulls, which the || of jOOQ's concat would spread to the whole text
        return DSL.function("concat_ws", String.class, parts.toArray(Field<?>[]::new));
    }
}
