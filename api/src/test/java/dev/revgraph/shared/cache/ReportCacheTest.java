package dev.revgraph.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import dev.revgraph.support.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The exact result cache: a repeated report is answered without running the report, under the
 * caller's scope only, and any write (through the API or in SQL) makes the next request compute
 * again. The figures themselves are checked against fresh computations in
 * {@link ReportCacheExactnessTest}.
 */
class ReportCacheTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Autowired
    Environment environment;

    @Autowired
    ReportResults results;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    String department;
    YearMonth month;

    @BeforeEach
    void company() {
        department = unique("RC");
        month = Api.uniqueMonth();
        api.department(department, "MARKETING");
        api.spend(department, month.atDay(3).toString(), "120.00", "USD", "ADVERTISING");
    }

    @Test
    void aRepeatedReportRunsOnlyTheVersionRead() {
        int first = statementsOf(graphQl);
        int second = statementsOf(graphQl);

        assertThat(first).isGreaterThan(2);
        // the API token lookup and the data version, nothing of the report
        assertThat(second).isEqualTo(2);
        assertThat(queries.statements()).allSatisfy(sql -> assertThat(sql).containsAnyOf("api_token", "data_version"));
    }

    @Test
    void aWriteThroughTheApiMakesTheNextRequestComputeAgain() {
        assertThat(budgetActual(graphQl)).isEqualTo("120.00");
        api.spend(department, month.atDay(4).toString(), "30.50", "USD", "ADVERTISING");

        // 120.00 + 30.50
        assertThat(budgetActual(graphQl)).isEqualTo("150.50");
        assertThat(budgetActual(graphQl)).isEqualTo("150.50");
        assertThat(reportStatements()).as("%s", queries.statements()).isZero();
    }

    @Test
    void aWriteInSqlByAnOperatorMakesTheNextRequestComputeAgain() {
        String currency = Api.uniqueCurrency();
        api.currency(currency);
        assertThat(statementsOf(graphQl)).isGreaterThan(2);
        assertThat(statementsOf(graphQl)).isEqualTo(2);
        try (Sql sql = new Sql(environment)) {
            // an operator's rate straight in the database, bypassing the API
            sql.execute("insert into fx_rate (currency, rate_date, rate) values ('" + currency + "', '" + month.atDay(1)
                    + "', 1.25)");
        }
        assertThat(statementsOf(graphQl)).isGreaterThan(2);
    }

    @Test
    void aScopeNeverGetsAnotherScopesResult() {
        String other = unique("RO");
        api.department(other, "SALES");
        HttpGraphQlTester mine = clientWithToken(issueToken(Role.DEPARTMENT, List.of(department)));
        HttpGraphQlTester theirs = clientWithToken(issueToken(Role.DEPARTMENT, List.of(other)));
        HttpGraphQlTester both = clientWithToken(issueToken(Role.DEPARTMENT, List.of(other, department)));
        HttpGraphQlTester finance = clientWithToken(issueToken(Role.FINANCE, List.of()));
        // issued before the reads: a new token is a write like any other, and moves the data version
        HttpGraphQlTester mineAgain = clientWithToken(issueToken(Role.DEPARTMENT, List.of(department)));

        statementsOf(graphQl);
        statementsOf(graphQl);
        assertThat(reportStatements()).as("%s", queries.statements()).isZero();
        // the same document and variables: each scope computes its own result once, then keeps it
        for (HttpGraphQlTester caller : List.of(mine, theirs, both, finance)) {
            statementsOf(caller);
            assertThat(reportStatements()).isPositive();
            statementsOf(caller);
            assertThat(reportStatements()).as("%s", queries.statements()).isZero();
        }
        // another token of the same scope shares it
        statementsOf(mineAgain);
        assertThat(reportStatements()).as("%s", queries.statements()).isZero();
    }

    @Test
    void hitsAndMissesAreCountedInTheActuatorMetrics() {
        double hits = metric("revgraph.report.cache.hits", adminToken);
        double misses = metric("revgraph.report.cache.misses", adminToken);
        statementsOf(graphQl);
        statementsOf(graphQl);
        statementsOf(graphQl);

        assertThat(metric("revgraph.report.cache.hits", adminToken)).isEqualTo(hits + 2);
        assertThat(metric("revgraph.report.cache.misses", adminToken)).isEqualTo(misses + 1);
        assertThat(metric("revgraph.report.cache.entries", adminToken)).isPositive();
        assertThat(metric("revgraph.report.cache.bytes", adminToken)).isPositive();
        actuator("/actuator/metrics/revgraph.report.cache.evictions", adminToken)
                .expectStatus()
                .isOk();
        // the service's internals are ADMIN's
        actuator("/actuator/metrics", issueToken(Role.FINANCE, List.of()))
                .expectStatus()
                .isEqualTo(HttpStatus.FORBIDDEN);
        actuator("/actuator/metrics", null).expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void everyTableCarriesTheDataVersionTrigger() {
        try (Sql sql = new Sql(environment)) {
            long unwatched = sql.count("""
                    select count(*) from pg_class c
                     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
                       and c.relname not in ('data_version', 'data_version_write', 'databasechangelog',
                                             'databasechangeloglock')
                       and not exists (select 1 from pg_trigger g
                                        where g.tgrelid = c.oid and g.tgname = 'data_version_mark')
                    """);
            assertThat(unwatched).isZero();
        }
    }

    @Test
    void mutationsAndOtherQueriesAreNeverKept() {
        int entries = results.size();
        graphQl.document("{ viewer { name } budgetVsActual(from: \"2100-01-01\", to: \"2100-01-31\") { currency } }")
                .execute()
                .path("viewer.name")
                .hasValue();
        api.spend(department, month.atDay(5).toString(), "1.00", "USD", "ADVERTISING");
        assertThat(results.size()).isEqualTo(entries);
    }

    /** Runs the department's budget vs actual; returns the statements it took. */
    @Test
    void identicalRequestsDuringOneComputationWaitForIt() throws Exception {
        // the report statements of one computation, after the write of the set-up
        queries.reset();
        assertThat(actualOf(graphQl)).isEqualTo("120.00");
        long oneComputation = reportStatements();
        assertThat(oneComputation).isPositive();

        api.spend(department, month.atDay(4).toString(), "30.00", "USD", "ADVERTISING");
        double joinsBefore = joins();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (Connection lock = dataSource.getConnection()) {
            // holds the first computation inside its statement until the other three have arrived
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table spend_rollup in access exclusive mode");
            }
            queries.reset();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(callers.submit(() -> actualOf(graphQl)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (joins() < joinsBefore + 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(joins() - joinsBefore).as("requests that waited").isEqualTo(3.0);
            lock.rollback();
            for (Future<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("150.00");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(reportStatements())
                .as("the report ran once for the four requests")
                .isEqualTo(oneComputation);
    }

    private double joins() {
        return meters.get("revgraph.report.cache.joins").counter().count();
    }

    /** The department's actual of the month in budget vs actual. */
    private String actualOf(HttpGraphQlTester caller) {
        return caller.documentName("budgetVsActual")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(department))
                .execute()
                .path("budgetVsActual.total.actual")
                .entity(String.class)
                .get();
    }

    private int statementsOf(HttpGraphQlTester caller) {
        queries.reset();
        caller.documentName("budgetVsActual")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .execute()
                .path("budgetVsActual.currency")
                .hasValue();
        return queries.count();
    }

    /** The statements of the last request other than authentication's and the data version's. */
    private long reportStatements() {
        return queries.statements().stream()
                .filter(sql -> !sql.contains("api_token") && !sql.contains("data_version"))
                .count();
    }

    private String budgetActual(HttpGraphQlTester caller) {
        queries.reset();
        return caller.documentName("budgetVsActual")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(department))
                .execute()
                .path("budgetVsActual.total.actual")
                .entity(String.class)
                .get();
    }

    private double metric(String name, String token) {
        Map<?, ?> body = actuator("/actuator/metrics/" + name, token)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) ((Map<?, ?>) ((List<?>) body.get("measurements")).get(0)).get("value")).doubleValue();
    }

    private WebTestClient.ResponseSpec actuator(String path, String token) {
        WebTestClient client = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port)
                .build();
        return (token == null
                        ? client.get().uri(path)
                        : client.get().uri(path).header("Authorization", "Bearer " + token))
                .exchange();
    }
}
