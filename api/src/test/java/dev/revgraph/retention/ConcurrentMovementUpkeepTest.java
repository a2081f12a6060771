package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writers that change the maintained MRR movements of the same rollup rows at once never deadlock.
 * The upkeep moves a customer's figures in one statement that takes the rollup rows in key order
 * (changeset 0028); before it, a rebuild took away the customer's old rows and then added its new
 * ones in two passes, so two writers each holding a row of the other's second pass waited for
 * each other, and PostgreSQL aborted one (40P01):
 *
 * <ul>
 *   <li>two customers moving in opposite directions between segments A and B (the first takes
 *       (m, A) to remove its figures and waits for (m, B) to add them, the second the reverse);
 *   <li>two customers of one segment each getting revenue in the month the other already has
 *       (the first holds (m, A) and wants (m+1, A), the second the reverse).
 * </ul>
 *
 * The SQL cases make that interleaving certain: a third session holds the rollup row (m, A) while
 * the first writer starts and then the second, each running until it waits for a lock or commits;
 * then it lets go. Now a writer takes its rows in key order in one statement and leaves the rows
 * whose figures do not change alone, so the one that waits holds nothing the other needs.
 */
class ConcurrentMovementUpkeepTest extends IntegrationTest {

    private static final int MOVES_EACH = 8;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    /**
     * Through the API: two callers move their customers back and forth between the same two
     * segments in opposite directions. Every move succeeds, and afterwards each segment's month
     * holds exactly the MRR of the customers it ends with (100.00 each).
     */
    @Test
    void oppositeMovesBetweenTwoSegmentsThroughTheApiAllCommit() throws Exception {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl).segment("A", null).segment("B", null);
        for (int i = 0; i < 6; i++) {
            company.customer("x" + i, i < 3 ? "A" : "B", m.atDay(1).toString())
                    .recurring("x" + i, "100.00", m.atDay(5).toString());
        }
        company.build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = 3 * t;
                String from = company.code(t == 0 ? "A" : "B");
                String to = company.code(t == 0 ? "B" : "A");
                callers.add(pool.submit(() -> {
                    HttpGraphQlTester client = clientWithToken(adminToken);
                    start.await();
                    for (int i = 0; i < MOVES_EACH; i++) {
                        for (int c = first; c < first + 3; c++) {
                            client.documentName("updateCustomer")
                                    .variable(
                                            "input",
                                            Map.of(
                                                    "externalId",
                                                    company.code("x" + c),
                                                    "segmentCode",
                                                    i % 2 == 0 ? to : from))
                                    .execute()
                                    .path("updateCustomer.errors")
                                    .entityList(Object.class)
                                    .hasSize(0);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : callers) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        // an even number of moves each: everyone is back where it started
        assertThat(endMrr(m, company.code("A"))).isEqualTo("300.00");
        assertThat(endMrr(m, company.code("B"))).isEqualTo("300.00");
    }

    /** Plain SQL: x moves from A to B while y moves from B to A, in the month they both bill. */
    @Test
    void oppositeMovesInSqlBothCommit() throws Exception {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("A", null)
                .segment("B", null)
                .customer("x", "A", m.atDay(1).toString())
                .customer("y", "B", m.atDay(1).toString())
                .recurring("x", "100.00", m.atDay(5).toString())
                .recurring("y", "40.00", m.atDay(5).toString())
                .build();
        long a = id("segment", company.code("A"));
        long b = id("segment", company.code("B"));
        race(
                m.atDay(1),
                a,
                "update customer set segment_id = " + b + " where id = " + id("customer", company.code("x")),
                "update customer set segment_id = " + a + " where id = " + id("customer", company.code("y")));
        assertThat(endMrr(m, company.code("A"))).isEqualTo("40.00");
        assertThat(endMrr(m, company.code("B"))).isEqualTo("100.00");
    }

    /**
     * Plain SQL: x (billing in m) gets revenue in m+1 while y (billing in m+1) gets revenue in m,
     * both in segment A: 100 + 40 in both months, x expanding from 0 in m+1, y new in m.
     */
    @Test
    void revenueInTheOtherWritersMonthBothCommit() throws Exception {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("A", null)
                .customer("x", "A", m.atDay(1).toString())
                .customer("y", "A", m.atDay(1).toString())
                .recurring("x", "100.00", m.atDay(5).toString())
                .recurring("y", "40.00", m.plusMonths(1).atDay(5).toString())
                .build();
        long a = id("segment", company.code("A"));
        race(
                m.atDay(1),
                a,
                line(id("customer", company.code("x")), m.plusMonths(1).atDay(6), "100.00"),
                line(id("customer", company.code("y")), m.atDay(6), "40.00"));
        assertThat(endMrr(m, company.code("A"))).isEqualTo("140.00");
        assertThat(endMrr(m.plusMonths(1), company.code("A"))).isEqualTo("140.00");
    }

    /**
     * Runs two statements in their own transactions while a third session holds the rollup rows of
     * (month, segment): the first until it waits for a lock or is done, then the second likewise;
     * then the third lets go, and each must commit.
     */
    private void race(LocalDate month, long segment, String first, String second) throws Exception {
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement hold = blocker.prepareStatement(
                    "select 1 from mrr_movement_rollup where month = ? and segment_id = ? for update")) {
                hold.setDate(1, Date.valueOf(month));
                hold.setLong(2, segment);
                hold.executeQuery().close();
            }
            CompletableFuture<Void> one = CompletableFuture.runAsync(() -> run(first));
            waitUntilWaitingOrDone(List.of(one));
            CompletableFuture<Void> two = CompletableFuture.runAsync(() -> run(second));
            waitUntilWaitingOrDone(List.of(one, two));
            blocker.commit();
            one.get(60, TimeUnit.SECONDS);
            two.get(60, TimeUnit.SECONDS);
        }
    }

    private void run(String sql) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            c.commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(long customer, LocalDate day, String amount) {
        return "insert into revenue_line (customer_id, recognized_on, amount, currency, recurring, created_by)"
                + " values (" + customer + ", '" + day + "', " + new BigDecimal(amount) + ", 'USD', true, 'test')";
    }

    /** Waits until every writer not done yet waits for a lock (a failed writer fails the test). */
    private void waitUntilWaitingOrDone(List<CompletableFuture<Void>> writers) throws Exception {
        for (int i = 0; i < 400; i++) {
            long running = 0;
            for (CompletableFuture<Void> w : writers) {
                if (w.isDone()) {
                    w.get(); // rethrows a writer's failure
                } else {
                    running++;
                }
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q =
                            c.prepareStatement("select count(*) from pg_stat_activity where wait_event_type = 'Lock'");
                    ResultSet r = q.executeQuery()) {
                r.next();
                if (r.getInt(1) >= running) {
                    return;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("a writer neither waited for a lock nor finished");
    }

    private long id(String table, String code) {
        return jdbc.queryForObject(
                "select id from " + table + " where " + (table.equals("customer") ? "external_id" : "code") + " = ?",
                Long.class,
                code);
    }

    private String endMrr(YearMonth month, String segment) {
        return graphQl.documentName("mrrMovements")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("segmentCode", segment)
                .execute()
                .path("mrrMovements.rows[0].endMrr")
                .entity(String.class)
                .get();
    }
}
