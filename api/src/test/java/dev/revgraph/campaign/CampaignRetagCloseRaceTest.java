package dev.revgraph.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A close racing with campaign retags, over real concurrent HTTP requests. Each campaign has one
 * spend line of 100.00 (no tags of its own) in month m and is retagged back and forth between two
 * segments of its own, effective from m's first day. A retag that commits before the close moves
 * the line and the close stores it; one that meets the committed close is refused naming m, never
 * half applied. So the stored P&L by segment puts each campaign's 100.00 in exactly one of its two
 * segments: the one of the campaign's assignment in force on the line's day, and a retag after the
 * close changes nothing of m.
 */
class CampaignRetagCloseRaceTest extends IntegrationTest {

    private static final int MOVERS = 4;
    private static final int RETAGS_EACH = 8;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCloseRacingWithRetagsStoresOneConsistentState() throws Exception {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company =
                new CompanyBuilder(graphQl).department("D", "MARKETING").channel("C", true);
        for (int t = 0; t < MOVERS; t++) {
            company.segment("S" + (2 * t), null)
                    .segment("S" + (2 * t + 1), null)
                    .campaign("K" + t, "D", "C", m.atDay(1).toString(), null, Tags.segment("S" + (2 * t)), null)
                    .spend("D", m.atDay(5).toString(), "100.00", "USD", "ADVERTISING", Tags.campaign("K" + t));
        }
        company.build();

        ExecutorService pool = Executors.newFixedThreadPool(MOVERS + 1);
        try {
            CyclicBarrier start = new CyclicBarrier(MOVERS + 1);
            List<Future<?>> movers = new ArrayList<>();
            for (int t = 0; t < MOVERS; t++) {
                String campaign = company.code("K" + t);
                String a = company.code("S" + (2 * t));
                String b = company.code("S" + (2 * t + 1));
                movers.add(pool.submit(() -> {
                    HttpGraphQlTester client = clientWithToken(adminToken);
                    start.await();
                    for (int i = 0; i < RETAGS_EACH; i++) {
                        client.documentName("updateCampaign")
                                .variable(
                                        "input",
                                        Map.of(
                                                "code",
                                                campaign,
                                                "segmentCode",
                                                i % 2 == 0 ? b : a,
                                                "effectiveFrom",
                                                m.atDay(1).toString()))
                                .execute()
                                .path("updateCampaign.errors[*].month")
                                .entityList(String.class)
                                .satisfies(months -> assertThat(months).isSubsetOf(m.toString()));
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

        Map<String, BigDecimal> stored = storedSpendBySegment(m);
        for (int t = 0; t < MOVERS; t++) {
            String inForce = jdbc.queryForObject(
                    "select s.code from campaign_assignment a join segment s on s.id = a.segment_id"
                            + " where a.id = campaign_assignment_id_on((select id from campaign where code = ?), ?)",
                    String.class,
                    company.code("K" + t),
                    java.sql.Date.valueOf(m.atDay(5)));
            String other = company.code("S" + (inForce.equals(company.code("S" + (2 * t))) ? 2 * t + 1 : 2 * t));
            assertThat(stored.getOrDefault(inForce, BigDecimal.ZERO))
                    .as("campaign %d's spend in the segment in force on its day", t)
                    .isEqualByComparingTo("100.00");
            assertThat(stored.getOrDefault(other, BigDecimal.ZERO))
                    .as("campaign %d's other segment", t)
                    .isEqualByComparingTo("0");
        }

        // after the close: a retag dated in m is refused, one from the first open day changes nothing of m
        for (int t = 0; t < MOVERS; t++) {
            api.mutate(
                            "updateCampaign",
                            Map.of(
                                    "code",
                                    company.code("K" + t),
                                    "segmentCode",
                                    company.code("S" + (2 * t + 1)),
                                    "effectiveFrom",
                                    m.atDay(1).toString()))
                    .path("updateCampaign.errors[0].month")
                    .entity(String.class)
                    .isEqualTo(m.toString());
            api.ok(
                    "updateCampaign",
                    "campaign",
                    Map.of("code", company.code("K" + t), "segmentCode", company.code("S" + (2 * t))));
        }
        assertThat(storedSpendBySegment(m)).isEqualTo(stored);
    }

    /** The operating expenses of each segment in the closed month's P&L, as served. */
    private Map<String, BigDecimal> storedSpendBySegment(YearMonth m) {
        Map<String, BigDecimal> spend = new java.util.HashMap<>();
        for (Map<?, ?> row : graphQl.documentName("closedFigures")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .execute()
                .path("pnl.rows")
                .entityList(Map.class)
                .get()) {
            spend.put((String) row.get("segmentCode"), new BigDecimal((String) row.get("operatingExpenses")));
        }
        return spend;
    }
}
