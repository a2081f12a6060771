package dev.revgraph.importing;

import dev.revgraph.shared.error.UserErrorCode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
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
        String keys = String.join(", ", spec.key());
        String sql = "select line, 'repeats the key of line ' || first_line || ' (' || " + keyDescription(spec, "d")
                + " || ')' from (select s.*, min(s.line) over (partition by " + keys + ") as first_line from "
                + stage.name() + " s) d where line > first_line order by line limit " + limit;
        return fetch(spec, sql, String.join(", ", spec.key()), UserErrorCode.CONFLICT);
    }

    /** Rows whose key is stored with other values; names the columns that differ. */
    List<RowError> conflicts(FileSpec spec, Stage stage, int limit) {
        List<String> values = values(spec);
        String differing = values.stream()
                .map(v -> "case when s." + v + " is distinct from e." + v + " then '" + v + "' end")
                .collect(Collectors.joining(", "));
        String sql = "select s.line, 'is already stored (' || " + keyDescription(spec, "s")
                + " || ') with another ' || array_to_string(array_remove(array[" + differing + "], null), ', ')"
                + " || ': the key of a stored row cannot take new values (ledgers: post a reversing line instead)'"
                + " from " + stage.name() + " s join (" + stored(spec) + ") e on " + keyMatch(spec)
                + " where (" + values.stream().map(v -> "s." + v).collect(Collectors.joining(", "))
                + ") is distinct from (" + values.stream().map(v -> "e." + v).collect(Collectors.joining(", "))
                + ") order by s.line limit " + limit;
        return fetch(spec, sql, String.join(", ", spec.key()), UserErrorCode.CONFLICT);
    }

    /**
     * Removes the rows already stored (with the same values: conflicts were refused before) from
     * the staging table; returns how many. A reload of a large file is the common case, so the
     * way out is chosen by how many rows are stored: none (a first load) costs one join; all (a
     * reload) a truncate; most, a copy of the few new rows; few, a delete. Deleting millions of
     * rows from a temporary table is slow (its local buffers are small).
     */
    long skipStored(FileSpec spec, Stage staging, long rows) {
        String stage = staging.name();
        String stored = "from " + stage + " s where exists (select 1 from (" + stored(spec) + ") e where "
                + keyMatch(spec) + ")";
        long matches = dsl.fetchValue(DSL.field("(select count(*) " + stored + ")", Long.class));
        if (matches == 0) {
            return 0;
        }
        if (matches == rows) {
            dsl.execute("truncate " + stage);
        } else if (matches > rows / 2) {
            dsl.execute("create temporary table " + stage + "_new on commit drop as select s.* from " + stage
                    + " s where not exists (select 1 from (" + stored(spec) + ") e where " + keyMatch(spec) + ")");
            dsl.execute("drop table " + stage);
            dsl.execute("alter table " + stage + "_new rename to " + stage);
        } else {
            dsl.execute("delete " + stored);
        }
        return matches;
    }

    /** New rows dated in a closed month. */
    List<RowError> closedMonths(FileSpec spec, Stage stage, int limit) {
        String column = spec.monthColumn();
        String sql = "select s.line, 'month ' || to_char(f.month, 'YYYY-MM') || ' is closed: reopen it or date the"
                + " row in an open month' from " + stage.name() + " s join fiscal_month f on f.month ="
                + " date_trunc('month', s." + column + ")::date and f.status = 'CLOSED' order by s.line limit "
                + limit;
        return fetch(spec, sql, column, UserErrorCode.CLOSED_PERIOD);
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
        dsl.execute("select assert_months_open(array(select distinct date_trunc('month', " + spec.monthColumn()
                + ")::date from " + stage.name() + "))");
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

    private List<RowError> fetch(FileSpec spec, String sql, String column, UserErrorCode code) {
        return dsl.resultQuery(sql)
                .fetch()
                .map((Record r) ->
                        new RowError(spec.fileName(), r.get(0, Long.class), column, r.get(1, String.class), code));
    }

    private static List<String> values(FileSpec spec) {
        return spec.columns().stream()
                .map(Column::name)
                .filter(c -> !spec.key().contains(c))
                .toList();
    }

    private static String keyMatch(FileSpec spec) {
        return spec.key().stream()
                .map(k -> spec.columns().stream()
                        .filter(c -> c.name().equals(k))
                        .findFirst()
                        .orElseThrow())
                .map(c -> c.required()
                        ? "s." + c.name() + " = e." + c.name()
                        : "s." + c.name() + " is not distinct from e." + c.name())
                .collect(Collectors.joining(" and "));
    }

    private static String keyDescription(FileSpec spec, String alias) {
        return "concat_ws(', ', "
                + spec.key().stream()
                        .map(k -> "'" + k + " ' || " + alias + "." + k)
                        .collect(Collectors.joining(", ")) + ")";
    }
}
