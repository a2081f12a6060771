package dev.revgraph.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.revgraph.Application;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The request timeout reaches PostgreSQL: a statement that outlives the request's time is cancelled
 * by the server, the client gets the timeout error, the connection goes back to the pool clean, and
 * a cancelled mutation leaves nothing behind. Nothing here depends on data volume: the test holds a
 * conflicting table lock from its own connection, so the API's statement waits until it is
 * cancelled (or, for the import command, until the test lets it go).
 *
 * <p>Timings with {@code request-timeout=2s}: the data layer's budget is 1.8 s (a tenth is kept to
 * answer), so the answer comes after about 1.8 s, and at 2 s at the latest.
 */
@TestPropertySource(
        properties = {
            "revgraph.limits.request-timeout=2s",
            "spring.datasource.hikari.data-source-properties.[ApplicationName]=" + StatementTimeoutTest.APP
        })
class StatementTimeoutTest extends IntegrationTest {

    static final String APP = "revgraph-statement-timeout-test";
    private static final String TIMEOUT_MESSAGE = "the request ran longer than the limit of 2 s and was stopped";

    @Autowired
    Environment environment;

    @Autowired
    DataSource dataSource;

    @Autowired
    DSLContext dsl;

    /** The test's own connection, for pg_stat_activity and the checks; autocommit, so every read is fresh. */
    private Connection observer;

    @BeforeEach
    void observe() throws SQLException {
        observer = connect();
    }

    @AfterEach
    void closeObserver() throws SQLException {
        observer.close();
    }

    @Test
    void aReadBlockedPastTheTimeoutIsCancelledByPostgresAndTheNextRequestSucceeds() throws Exception {
        // a warm-up: the first request of a cold JVM on a busy machine may itself outrun the 2 s limit
        GraphQlTester patient = HttpGraphQlTester.create(WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port + "/graphql")
                .defaultHeader("Authorization", "Bearer " + adminToken)
                .responseTimeout(Duration.ofSeconds(60))
                .build());
        for (int attempt = 1; ; attempt++) {
            GraphQlTester.Response warmUp = patient.document("{ revenueLines(first: 1) { totalCount } }")
                    .execute();
            List<?> errors = warmUp.returnResponse().getErrors();
            if (errors.isEmpty() || attempt == 5) {
                warmUp.path("revenueLines.totalCount").hasValue();
                break;
            }
        }
        assertThat(count("select count(*) from pg_stat_activity where application_name = ?", APP))
                .as("the API's pool is told apart by its application name")
                .isPositive();

        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            execute(locker, "lock table revenue_line in access exclusive mode");
            long started = System.nanoTime();
            GraphQlTester.Response response = graphQl.document("{ revenueLines(first: 1) { totalCount } }")
                    .execute();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            expectTimeout(response);
            assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofMillis(4000));
            // the lock is still held, yet nothing of the API waits for it or runs any more
            assertNothingOfTheApiLeft(backendOf(locker));
            locker.rollback();
        }

        graphQl.document("{ revenueLines(first: 1) { totalCount } }")
                .execute()
                .path("revenueLines.totalCount")
                .hasValue();
        assertNoPooledConnectionKeepsAStatementTimeout();
    }

    @Test
    void aBatchLoaderBlockedPastTheTimeoutIsCancelledToo() throws Exception {
        String segment = unique("TOS");
        String customer = unique("TOC");
        api.segment(segment, null);
        api.customer(customer, segment, "2030-01-15");

        // the customers are read at once; their segments by a batch loader, which waits for the lock
        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            execute(locker, "lock table segment in access exclusive mode");
            expectTimeout(graphQl.document("query($ids: [String!]) { customers(filter: {externalIds: $ids}) {"
                            + " edges { node { externalId segment { code } } } } }")
                    .variable("ids", List.of(customer))
                    .execute());
            assertNothingOfTheApiLeft(backendOf(locker));
            locker.rollback();
        }
    }

    @Test
    void aMutationCancelledMidwayRollsBackEverythingAndIsAudited() throws Exception {
        YearMonth month = Api.uniqueMonth();
        long lastAudit = count("select coalesce(max(id), 0) from audit_event");

        // closeMonth writes the month's row and its new status, then waits to insert the history event
        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            execute(locker, "lock table fiscal_month_event in access exclusive mode");
            expectTimeout(api.mutate("closeMonth", Map.of("month", month.toString())));
            assertNothingOfTheApiLeft(backendOf(locker));
            locker.rollback();
        }

        assertThat(count("select count(*) from fiscal_month where month = ?", month.atDay(1)))
                .as("the month's row written before the wait is rolled back")
                .isZero();
        assertThat(count("select count(*) from fiscal_month_event where month = ?", month.atDay(1)))
                .isZero();
        assertThat(count(
                        "select count(*) from audit_event where id > ? and action = 'closeMonth' and not succeeded",
                        lastAudit))
                .as("the failed attempt is in the audit trail")
                .isOne();

        api.mutate("closeMonth", Map.of("month", month.toString()))
                .path("closeMonth.fiscalMonth.status")
                .entity(String.class)
                .isEqualTo("CLOSED")
                .path("closeMonth.fiscalMonth.history")
                .entityList(Object.class)
                .hasSize(1);
        assertNoPooledConnectionKeepsAStatementTimeout();
    }

    @Test
    void theImportCommandRunsWithoutTheLimit(@TempDir Path dir) throws Exception {
        String code = unique("TO") + "-A";
        Files.writeString(dir.resolve("departments.csv"), "code,name,kind\n" + code + ",Alpha,MARKETING\n");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            execute(locker, "lock table department in access exclusive mode");
            int lockerPid = backendOf(locker);
            // a 1 s request timeout for the command too: it must not apply outside a web request
            Future<Integer> exitCode = executor.submit(() -> Application.runCommand(
                    false,
                    "import",
                    dir.toString(),
                    "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                    "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                    "--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""),
                    "--revgraph.limits.request-timeout=1s"));

            awaitAtMost(Duration.ofMinutes(2), () -> blockedBy(lockerPid), 1);
            Thread.sleep(3_000);
            assertThat(blockedBy(lockerPid))
                    .as("the import still waits, three times the budget later")
                    .isOne();
            locker.rollback();
            assertThat(exitCode.get(2, TimeUnit.MINUTES)).isZero();
        } finally {
            executor.shutdownNow();
        }
        assertThat(count("select count(*) from department where code = ?", code))
                .isOne();
    }

    @Test
    void javaWorkPastTheDeadlineStopsAtItsNextCheckpoint() {
        // outside a web request nothing is bounded
        RequestDeadline.checkpoint();
        assertThatThrownBy(() -> RequestDeadline.within(Duration.ofMillis(20), () -> {
                    long spent = System.nanoTime() + Duration.ofMillis(40).toNanos();
                    while (System.nanoTime() - spent < 0) {
                        Thread.onSpinWait();
                    }
                    RequestDeadline.checkpoint();
                    return null;
                }))
                .satisfies(e ->
                        assertThat(SqlStates.is(e, SqlStates.QUERY_CANCELED)).isTrue());
        // within its time, a checkpoint lets the work go on
        assertThat(RequestDeadline.within(Duration.ofSeconds(10), () -> {
                    RequestDeadline.checkpoint();
                    return "done";
                }))
                .isEqualTo("done");
        assertThat(RequestDeadline.remaining()).isEmpty();
    }

    @Test
    void aStatementOutsideATransactionGetsTheLimitToo() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> RequestDeadline.within(Duration.ofSeconds(1), () -> dsl.fetch("select pg_sleep(30)")))
                .satisfies(e ->
                        assertThat(SqlStates.is(e, SqlStates.QUERY_CANCELED)).isTrue());
        // the JDBC query timeout counts whole seconds: cancelled after 1 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(RequestDeadline.remaining()).isEmpty();
        assertThat(dsl.fetchValue("show statement_timeout")).isEqualTo("0");
    }

    private void expectTimeout(GraphQlTester.Response response) {
        response.errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(error -> {
                    assertThat(error.getMessage()).isEqualTo(TIMEOUT_MESSAGE);
                    assertThat(error.getExtensions())
                            .containsEntry("code", "TIMEOUT")
                            .containsEntry("classification", "TIMEOUT");
                }));
    }

    /** No backend waits for the test's lock, no API connection is busy, the pool has every connection back. */
    private void assertNothingOfTheApiLeft(int lockerPid) throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        // the statement is cancelled before the answer; a slow machine gets a moment's grace
        awaitAtMost(Duration.ofSeconds(1), () -> blockedBy(lockerPid), 0);
        awaitAtMost(
                Duration.ofSeconds(1),
                () -> count(
                        "select count(*) from pg_stat_activity where application_name = ? and state <> 'idle'", APP),
                0);
        awaitAtMost(Duration.ofSeconds(1), () -> pool.getHikariPoolMXBean().getActiveConnections(), 0);
    }

    /** Holds every connection the pool can give at once: none keeps a statement_timeout of a past request. */
    private void assertNoPooledConnectionKeepsAStatementTimeout() throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                Connection connection = pool.getConnection();
                held.add(connection);
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("show statement_timeout")) {
                    result.next();
                    assertThat(result.getString(1)).isEqualTo("0");
                }
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    private long blockedBy(int pid) {
        return count("select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))", pid);
    }

    private static void awaitAtMost(Duration limit, LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (value.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsLong()).isEqualTo(expected);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int backendOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private long count(String sql, Object... parameters) {
        try (PreparedStatement statement = observer.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
