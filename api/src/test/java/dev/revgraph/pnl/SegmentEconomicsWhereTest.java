package dev.revgraph.pnl;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code segmentEconomics(where:)} on a company worked by hand (USD, months m0 and m1 of its own).
 *
 * <pre>
 * segment S; channels PD (paid) and OG; MKT (MARKETING), OPS (OPERATIONS)
 * campaigns from m0-01: K1 (MKT, PD, segment S), K2 (MKT, OG, segment S)
 * spend:     m0 K1 100, K2 60; m1 K1 200, K2 40; OPS m1 30 COST_OF_SERVICE tagged S
 * customers: a (S, m0-05, by K1), b (S, m0-06, by K2), c (S, m1-03, by K1)
 * MRR:       a 100 in m0 and m1; b 50 in m0, then churns; c 80 in m1
 *
 *                    no filter              channel PD              not channel PD
 * new customers      3                      2 (a, c)                1 (b)
 * revenue            330.00                 280.00                  50.00
 * cost of service    30.00                  0.00 (no channel)       30.00
 * direct cost        400.00 (K1 300, K2 100) 300.00                 100.00
 * contribution       330 - 30 - 400 = -100  280 - 300 = -20.00      50 - 30 - 100 = -80.00
 * CAC                400 / 3 = 133.33       300 / 2 = 150.00        100 / 1 = 100.00
 * ARPA               (150 + 180) / 4        (100 + 180) / 3         50 / 1 = 50.00
 *                      = 82.50                = 93.33
 * churn              m1: 50 lost of 150     0 lost of 100           50 of 50 = 1.0000
 *                      = 0.3333               = 0.0000
 * gross margin       300 / 330 = 0.9091     1.0000                  20 / 50 = 0.4000
 * LTV                82.5 x 300/330 / (1/3) null (no churn)         50 x 0.4 / 1 = 20.00
 *                      = 225.00
 * </pre>
 */
class SegmentEconomicsWhereTest extends IntegrationTest {

    private YearMonth m0;
    private CompanyBuilder c;

    @BeforeEach
    void company() {
        m0 = Api.uniqueMonths(2);
        YearMonth m1 = m0.plusMonths(1);
        String start = m0.atDay(1).toString();
        c = new CompanyBuilder(graphQl)
                .department("MKT", "MARKETING")
                .department("OPS", "OPERATIONS")
                .channel("PD", true)
                .channel("OG", false)
                .segment("S", null)
                .campaign("K1", "MKT", "PD", start, Tags.segment("S"), "ACQUISITION")
                .campaign("K2", "MKT", "OG", start, Tags.segment("S"), "ACQUISITION")
                .spend("MKT", m0.atDay(10).toString(), "100", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MKT", m0.atDay(11).toString(), "60", "USD", "ADVERTISING", Tags.campaign("K2"))
                .spend("MKT", m1.atDay(10).toString(), "200", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MKT", m1.atDay(11).toString(), "40", "USD", "ADVERTISING", Tags.campaign("K2"))
                .spend("OPS", m1.atDay(12).toString(), "30", "USD", "COST_OF_SERVICE", Tags.segment("S"))
                .customer("a", "S", null, m0.atDay(5).toString(), "K1")
                .customer("b", "S", null, m0.atDay(6).toString(), "K2")
                .customer("c", "S", null, m1.atDay(3).toString(), "K1")
                .revenue("a", m0.atDay(20).toString(), "100", "USD", true)
                .revenue("a", m1.atDay(20).toString(), "100", "USD", true)
                .revenue("b", m0.atDay(21).toString(), "50", "USD", true)
                .revenue("c", m1.atDay(22).toString(), "80", "USD", true)
                .build();
    }

    @Test
    void theFilterKeepsTheFactsAndCustomersWorkedByHand() {
        assertThat(figures(row(null))).isEqualTo("3 330.00 30.00 400.00 -100.00 0.9091 133.33 82.50 0.3333 225.00");
        Map<String, Object> paid = Map.of("channelCodes", List.of(c.code("PD")));
        assertThat(figures(row(paid))).isEqualTo("2 280.00 0.00 300.00 -20.00 1.0000 150.00 93.33 0.0000 null");
        assertThat(figures(row(Map.of("not", paid))))
                .isEqualTo("1 50.00 30.00 100.00 -80.00 0.4000 100.00 50.00 1.0000 20.00");
    }

    /** An empty filter is no filter, for every segment's row and the whole company's. */
    @Test
    void anEmptyFilterIsTheWholeReport() {
        assertThat(report(null, Map.of(), null)).isEqualTo(report(null, null, null));
        assertThat(report(c.code("S"), Map.of(), List.of("ACQUISITION_CHANNEL")))
                .isEqualTo(report(c.code("S"), null, List.of("ACQUISITION_CHANNEL")));
    }

    /** A filter and its complement add up to the whole in every additive figure. */
    @Test
    void aFilterAndItsComplementAddUpToTheWhole() {
        Map<String, Object> paid = Map.of("channelCodes", List.of(c.code("PD")));
        Map<String, Object> whole = row(null);
        Map<String, Object> in = row(paid);
        Map<String, Object> out = row(Map.of("not", paid));
        for (String figure : List.of("newCustomers", "revenue", "costOfService", "directCost", "contributionMargin")) {
            assertThat(new BigDecimal(in.get(figure).toString())
                            .add(new BigDecimal(out.get(figure).toString())))
                    .as(figure)
                    .isEqualByComparingTo(whole.get(figure).toString());
        }
    }

    /** Grouped by channel under a channel filter, only the kept channel's group remains. */
    @Test
    void aGroupedReportKeepsTheFilteredGroups() {
        Map<String, Object> paid = Map.of("channelCodes", List.of(c.code("PD")));
        List<Map<String, Object>> rows = rows(report(c.code("S"), paid, List.of("ACQUISITION_CHANNEL")));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(list(r.get("groups")).get(0).get("code")).isEqualTo(c.code("PD"));
            assertThat(figures(r)).isEqualTo("2 280.00 0.00 300.00 -20.00 1.0000 150.00 93.33 0.0000 null");
        });
    }

    private Map<String, Object> row(Map<String, Object> where) {
        return rows(report(c.code("S"), where, null)).get(0);
    }

    private Map<String, Object> report(String segmentCode, Map<String, Object> where, List<String> groupBy) {
        var request = graphQl.documentName("segmentEconomicsWhere")
                .variable("from", m0.atDay(1).toString())
                .variable("to", m0.plusMonths(1).atEndOfMonth().toString())
                .variable("segmentCode", segmentCode)
                .variable("groupBy", groupBy);
        if (where != null) {
            request = request.variable("where", where);
        }
        return map(request.execute().path("segmentEconomics").entity(Map.class).get());
    }

    private static String figures(Map<String, Object> row) {
        StringBuilder b = new StringBuilder();
        for (String f : List.of(
                "newCustomers",
                "revenue",
                "costOfService",
                "directCost",
                "contributionMargin",
                "grossMargin",
                "cac",
                "arpa",
                "monthlyRevenueChurn",
                "ltv")) {
            b.append(b.isEmpty() ? "" : " ").append(row.get(f));
        }
        return b.toString();
    }

    private static List<Map<String, Object>> rows(Map<String, Object> report) {
        return list(report.get("rows"));
    }
}
