package dev.revgraph.fiscal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A close racing with customers moving between segments, over real concurrent HTTP requests. Each
 * customer has one revenue line of 100.00 in the month, so in any consistent state a segment's
 * revenue is 100.00 times its new customers, and its end MRR 100.00 times its active customers.
 * The close stores the P&L rollups and the MRR movements of the month in one statement: after the
 * race the stored (served) figures must hold those identities and the close's totals, and a move
 * after the close must not change them. A move takes effect from the first open day, so one that
 * meets the committed close is refused naming the month, never half applied. The movers share two
 * segments and move customers in opposite directions at once.
 */
class CloseSnapshotRaceTest extends IntegrationTest {

    private static final int CUSTOMERS = 12;
    private static final int MOVERS = 4;
    private static final int MOVES_EACH = 6;

    @Test
    void aCloseRacingWithCustomerMovesStoresOneConsistentState() throws Exception {
        YearMonth m = Api.uniqueMonth();
        List<String> segments = List.of(unique("CRS"), unique("CRS"));
        for (String segment : segments) {
            api.segment(segment, null);
        }
        // mover t's customers start in segment t % 2 and move to the other one and back
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String c = unique("crq");
            customers.add(c);
            api.customer(c, segments.get(i * MOVERS / CUSTOMERS % 2), m.atDay(2).toString());
            api.revenue(c, m.atDay(5).toString(), "100.00", "USD", true);
        }

        ExecutorService pool = Executors.newFixedThreadPool(MOVERS + 1);
        try {
            CyclicBarrier start = new CyclicBarrier(MOVERS + 1);
            List<Future<?>> movers = new ArrayList<>();
            for (int t = 0; t < MOVERS; t++) {
                List<String> mine = customers.subList(t * CUSTOMERS / MOVERS, (t + 1) * CUSTOMERS / MOVERS);
                String a = segments.get(t % 2);
                String b = segments.get(1 - t % 2);
                movers.add(pool.submit(() -> {
                    HttpGraphQlTester client = clientWithToken(adminToken);
                    start.await();
                    for (int i = 0; i < MOVES_EACH; i++) {
                        for (String c : mine) {
                            // dated from the first open day: m until the close commits; a move
                            // that reads m as open and meets the committed close is refused whole
                            client.documentName("updateCustomer")
                                    .variable("input", Map.of("externalId", c, "segmentCode", i % 2 == 0 ? b : a))
                                    .execute()
                                    .path("updateCustomer.errors[*].month")
                                    .entityList(String.class)
                                    .satisfies(months -> assertThat(months).isSubsetOf(m.toString()));
                        }
                    }
                    return null;
                }));
            }
            Future<?> closer = pool.submit(() -> {
                HttpGraphQlTester client = clientWithToken(adminToken);
                start.await();
                Thread.sleep(30);
                client.documentName("closeMonth")
                        .variable("input", Map.of("month", m.toString()))
                        .execute()
                        .path("closeMonth.errors")
                        .entityList(Object.class)
                        .hasSize(0);
                return null;
            });
            for (Future<?> f : movers) {
                f.get(120, TimeUnit.SECONDS);
            }
            closer.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }

        String served = assertConsistent(m, segments);
        graphQl.documentName("closeHistory")
                .variable("month", m.toString())
                .execute()
                .path("closeHistory[0].revenue")
                .entity(String.class)
                .isEqualTo("1200.00")
                .path("closeHistory[0].newCustomers")
                .entity(Integer.class)
                .isEqualTo(CUSTOMERS);

        // a move after the close is dated after it and changes none of m's figures
        for (String c : customers) {
            api.ok("updateCustomer", "customer", Map.of("externalId", c, "segmentCode", segments.get(0)));
        }
        assertThat(assertConsistent(m, segments)).isEqualTo(served);
    }

    /** Checks the served identities of the closed month; returns the per-segment figures served. */
    private String assertConsistent(YearMonth m, List<String> segments) {
        StringBuilder served = new StringBuilder();
        int customers = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        List<Map> pnl = graphQl.documentName("closedFigures")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .execute()
                .path("pnl.rows")
                .entityList(Map.class)
                .get();
        for (String segment : segments) {
            for (Map row : pnl) {
                if (segment.equals(row.get("segmentCode"))) {
                    int n = (Integer) row.get("newCustomers");
                    BigDecimal r = new BigDecimal((String) row.get("revenue"));
                    assertThat(r).as("revenue of " + segment).isEqualByComparingTo(BigDecimal.valueOf(100L * n));
                    customers += n;
                    revenue = revenue.add(r);
                    served.append(segment).append(':').append(n).append(' ');
                }
            }
            Map<String, Object> movement = graphQl.documentName("closedFigures")
                    .variable("from", m.atDay(1).toString())
                    .variable("to", m.atEndOfMonth().toString())
                    .variable("segmentCode", segment)
                    .execute()
                    .path("movements.rows[0]")
                    .entity(Map.class)
                    .get();
            int active = (Integer) movement.get("activeCustomers");
            assertThat(new BigDecimal((String) movement.get("endMrr")))
                    .as("end MRR of " + segment)
                    .isEqualByComparingTo(BigDecimal.valueOf(100L * active));
            served.append(segment).append(" active:").append(active).append(' ');
        }
        assertThat(customers).isEqualTo(CUSTOMERS);
        assertThat(revenue).isEqualByComparingTo("1200");
        return served.toString();
    }
}
