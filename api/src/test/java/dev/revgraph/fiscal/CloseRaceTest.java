package dev.revgraph.fiscal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Closing a month while lines are being posted into it, with real concurrent HTTP requests: a
 * close must never leave a line in the month that was not there when it closed. The close
 * records how many lines the month held at that moment; after the race the month must hold
 * exactly that many, and every post that failed must have failed because the month was closed.
 */
class CloseRaceTest extends IntegrationTest {

    private static final int POSTERS = 6;
    private static final int POSTS_EACH = 8;
    private static final int ROUNDS = 5;

    @Test
    void noLineLandsInAMonthAfterItCloses() throws Exception {
        String dept = unique("RACE");
        api.department(dept, "OPERATIONS");
        ExecutorService pool = Executors.newFixedThreadPool(POSTERS + 1);
        int posted = 0;
        int refused = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int[] outcome = race(pool, dept, Api.uniqueMonth(), round);
                posted += outcome[0];
                refused += outcome[1];
            }
            // the rounds really raced: some posts landed before a close and some were refused after it
            assertThat(posted).isPositive();
            assertThat(refused).isPositive();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private int[] race(ExecutorService pool, String dept, YearMonth month, int round) throws Exception {
        CyclicBarrier start = new CyclicBarrier(POSTERS + 1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<Integer>> posters = new ArrayList<>();
        for (int p = 0; p < POSTERS; p++) {
            posters.add(pool.submit(() -> {
                HttpGraphQlTester client = client();
                start.await();
                int posted = 0;
                for (int i = 0; i < POSTS_EACH; i++) {
                    var response = client.documentName("recordSpendLine")
                            .variable(
                                    "input",
                                    Map.of(
                                            "departmentCode",
                                            dept,
                                            "bookedOn",
                                            month.atDay(15).toString(),
                                            "amount",
                                            "1.00",
                                            "currency",
                                            "USD",
                                            "category",
                                            "OTHER"))
                            .execute();
                    List<Map> errors = response.path("recordSpendLine.errors")
                            .entityList(Map.class)
                            .get();
                    if (errors.isEmpty()) {
                        posted++;
                    } else {
                        failures.add((String) errors.get(0).get("__typename"));
                    }
                }
                return posted;
            }));
        }
        Future<Integer> closer = pool.submit(() -> {
            HttpGraphQlTester client = client();
            start.await();
            Thread.sleep(5L + round * 7L);
            return client.documentName("closeMonth")
                    .variable("input", Map.of("month", month.toString()))
                    .execute()
                    .path("closeMonth.fiscalMonth.history[0].spendLineCount")
                    .entity(Integer.class)
                    .get();
        });
        int posted = 0;
        for (Future<Integer> poster : posters) {
            posted += poster.get(60, TimeUnit.SECONDS);
        }
        int atClose = closer.get(60, TimeUnit.SECONDS);

        assertThat(failures).allMatch("ClosedPeriodError"::equals);
        assertThat(posted).isEqualTo(atClose);
        graphQl.documentName("spendLines")
                .variable(
                        "filter",
                        Map.of(
                                "departmentCodes",
                                List.of(dept),
                                "from",
                                month.atDay(1).toString(),
                                "to",
                                month.atEndOfMonth().toString()))
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(atClose);
        return new int[] {posted, failures.size()};
    }

    private HttpGraphQlTester client() {
        return clientWithToken(adminToken);
    }
}
