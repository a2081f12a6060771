package dev.revgraph.target;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code targetsVsActual(where:, currency:, compareTo:)} on a company worked by hand (reporting
 * currency USD; months m and n = m+1 of their own).
 *
 * <pre>
 * currency K: 2.00 from m-01, 4.00 from m-16 (so 4.00 on n-01); currency J: a rate only from n-01
 * segments T, TC below T; department MK (MARKETING); channel PD; campaign K1 (MK, PD, tagged TC)
 * customers  c1 (T)  acquired m-05, no campaign: recurring 100.00 USD m-05 and n-05, one-off 20.00 USD m-06
 *            c2 (TC) acquired m-20 by K1:        recurring 50.00 K m-20 (x 4.00 = 200.00 USD)
 *            c3 (T)  acquired n-03, no campaign: recurring 60.00 USD n-03
 * spend MK   300.00 USD m-03 tagged T; 50.00 K m-18 campaign K1 (so TC, PD; x 4.00 = 200.00 USD);
 *            120.00 USD n-02 tagged T
 * targets T  m (in K, x 2.00 on m-01): 4 new customers, new MRR 100.00 K (200.00 USD), revenue 150.00 K
 *              (300.00 USD), max CAC 50.00 K (100.00 USD)
 *            n: 1 new customer,  new MRR 50.00 USD, revenue 200.00 USD, max CAC 150.00 USD
 *
 * USD, no filter        target   actual                        attainment              met
 *  m NEW_CUSTOMERS      4        2 (c1, c2)                    0.5000                  false
 *  m NEW_MRR            200.00   100 + 200 = 300.00            300 / 200 = 1.5000      true
 *    (100 K x 2.00 on m-01; revenue 150 K and max CAC 50 K likewise)
 *  m REVENUE            300.00   100 + 20 + 200 = 320.00       320 / 300 = 1.0667      true
 *  m MAX_CAC            100.00   (300 + 200) / 2 = 250.00      100 / 250 = 0.4000      false
 *  n NEW_CUSTOMERS      1        1 (c3)                        1.0000                  true
 *  n NEW_MRR            50.00    60.00                         1.2000                  true
 *  n REVENUE            200.00   100 + 60 = 160.00             0.8000                  false
 *  n MAX_CAC            150.00   120 / 1 = 120.00              150 / 120 = 1.2500      true
 *
 * where channel PD: a target has no channel, so none is kept (null target, attainment, met)
 *  m: 1 (c2), new MRR 200.00, revenue 200.00 (c2's, its acquisition campaign's channel), CAC 200 / 1 = 200.00
 *  n: 0, 0.00, 0.00, CAC null
 * where not channel PD: every target kept
 *  m: 1 (c1) 0.2500 false; new MRR 100.00, 100 / 200 = 0.5000 false; revenue 120.00, 0.4000 false;
 *     CAC 300 / 1 = 300.00, 100 / 300 = 0.3333 false
 *  n: as unfiltered
 *  PD + not PD = the whole, figure by figure (a missing target counting 0)
 *
 * currency K: every line at its own day's rate, each target at its month's first day
 *  m targets: 100 K x 2.00 / 2.00 = 100.00; 150 K -> 150.00; 50 K -> 50.00
 *  m NEW_MRR  100 / 2.00 (m-05) + 50 K = 50.00 + 50.00 = 100.00    100 / 100 = 1.0000   true
 *  m REVENUE  (100 + 20) / 2.00 + 50 = 110.00                      110 / 150 = 0.7333   false
 *  m MAX_CAC  (300 / 2.00 + 50) / 2 = 200 / 2 = 100.00             50 / 100 = 0.5000    false
 *  n targets: 50 / 4.00 = 12.50; 200 / 4.00 = 50.00; 150 / 4.00 = 37.50
 *  n NEW_MRR  60 / 4.00 = 15.00 (1.2000 true); REVENUE 160 / 4.00 = 40.00 (0.8000 false);
 *    MAX_CAC 120 / 4.00 = 30.00 (37.5 / 30 = 1.2500 true)
 * currency J over m: no J rate on m-01 -> MISSING_FX_RATE naming currency
 *
 * compareTo PREVIOUS_PERIOD over n: each row against m's row of the same figure, as the report over m
 *  change NEW_CUSTOMERS target 1 - 4 = -3, actual 1 - 2 = -1, actualPct -1 / 2 = -0.5000, attainment 1 - 0.5 = 0.5000
 *  change MAX_CAC target 50.00, actual 120 - 250 = -130.00, actualPct -130 / 250 = -0.5200, attainment 0.8500
 * </pre>
 */
class TargetsVsActualWhereTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    private YearMonth m;
    private YearMonth n;
    private CompanyBuilder c;

    @BeforeEach
    void company() {
        m = Api.uniqueMonths(2);
        n = m.plusMonths(1);
        c = new CompanyBuilder(graphQl)
                .currency("K", m.atDay(1).toString(), "2.00", m.atDay(16).toString(), "4.00")
                .currency("J", n.atDay(1).toString(), "5.00")
                .segment("T", null)
                .segment("TC", "T")
                .department("MK", "MARKETING")
                .channel("PD", true)
                .campaign("K1", "MK", "PD", m.atDay(1).toString(), Tags.segment("TC"), "ACQUISITION")
                .customer("c1", "T", null, m.atDay(5).toString(), null)
                .customer("c2", "TC", null, m.atDay(20).toString(), "K1")
                .customer("c3", "T", null, n.atDay(3).toString(), null)
                .recurring("c1", "100.00", m.atDay(5).toString(), n.atDay(5).toString())
                .revenue("c1", m.atDay(6).toString(), "20.00", "USD", false)
                .revenue("c2", m.atDay(20).toString(), "50.00", "K", true)
                .recurring("c3", "60.00", n.atDay(3).toString())
                .spend("MK", m.atDay(3).toString(), "300.00", "USD", "ADVERTISING", Tags.segment("T"))
                .spend("MK", m.atDay(18).toString(), "50.00", "K", "ADVERTISING", Tags.campaign("K1"))
                .spend("MK", n.atDay(2).toString(), "120.00", "USD", "ADVERTISING", Tags.segment("T"))
                .build();
        target(m, 4, "100.00", "150.00", "50.00", c.code("K"));
        // money targets of one currency per month: n's in USD
        target(n, 1, "50.00", "200.00", "150.00", "USD");
    }

    @Test
    void unfilteredInTheReportingCurrency() {
        assertThat(rows(m, n, null, null))
                .containsExactly(
                        m + " NEW_CUSTOMERS 4 2 0.5000 false",
                        m + " NEW_MRR 200.00 300.00 1.5000 true",
                        m + " REVENUE 300.00 320.00 1.0667 true",
                        m + " MAX_CAC 100.00 250.00 0.4000 false",
                        n + " NEW_CUSTOMERS 1 1 1.0000 true",
                        n + " NEW_MRR 50.00 60.00 1.2000 true",
                        n + " REVENUE 200.00 160.00 0.8000 false",
                        n + " MAX_CAC 150.00 120.00 1.2500 true");
        // the reporting currency named, and the empty filter, are the report without them
        assertThat(report(m, n, null, "USD", null)).isEqualTo(report(m, n, null, null, null));
        assertThat(report(m, n, Map.of(), null, null)).isEqualTo(report(m, n, null, null, null));
    }

    @Test
    void theFilterKeepsActualsByTheirSlicesAndATargetByItsSegment() {
        assertThat(rows(m, n, channel(), null))
                .containsExactly(
                        m + " NEW_CUSTOMERS null 1 null null",
                        m + " NEW_MRR null 200.00 null null",
                        m + " REVENUE null 200.00 null null",
                        m + " MAX_CAC null 200.00 null null",
                        n + " NEW_CUSTOMERS null 0 null null",
                        n + " NEW_MRR null 0.00 null null",
                        n + " REVENUE null 0.00 null null",
                        n + " MAX_CAC null null null null");
        assertThat(rows(m, n, Map.of("not", channel()), null))
                .containsExactly(
                        m + " NEW_CUSTOMERS 4 1 0.2500 false",
                        m + " NEW_MRR 200.00 100.00 0.5000 false",
                        m + " REVENUE 300.00 120.00 0.4000 false",
                        m + " MAX_CAC 100.00 300.00 0.3333 false",
                        n + " NEW_CUSTOMERS 1 1 1.0000 true",
                        n + " NEW_MRR 50.00 60.00 1.2000 true",
                        n + " REVENUE 200.00 160.00 0.8000 false",
                        n + " MAX_CAC 150.00 120.00 1.2500 true");
        // a segment filter keeps the target of a segment it selects, and only that segment's facts
        assertThat(rows(m, m, Map.of("segmentCodes", List.of(c.code("TC"))), null))
                .containsExactly(
                        m + " NEW_CUSTOMERS null 1 null null",
                        m + " NEW_MRR null 200.00 null null",
                        m + " REVENUE null 200.00 null null",
                        m + " MAX_CAC null 200.00 null null");
    }

    /** A filter and its complement add up to the whole: targets, and the additive actuals. */
    @Test
    void aFilterAndItsComplementAddUp() {
        List<Map<String, Object>> whole = list(report(m, n, null, null, null).get("rows"));
        List<Map<String, Object>> part =
                list(report(m, n, channel(), null, null).get("rows"));
        List<Map<String, Object>> rest =
                list(report(m, n, Map.of("not", channel()), null, null).get("rows"));
        for (int i = 0; i < whole.size(); i++) {
            for (String figure : List.of("target", "actual")) {
                if (whole.get(i).get("figure").equals("MAX_CAC") && figure.equals("actual")) {
                    continue; // a ratio: its parts do not add up
                }
                assertThat(amount(part.get(i).get(figure))
                                .add(amount(rest.get(i).get(figure))))
                        .as(whole.get(i).get("month") + " " + whole.get(i).get("figure") + " " + figure)
                        .isEqualByComparingTo(amount(whole.get(i).get(figure)));
            }
        }
    }

    @Test
    void anotherCurrencyConvertsEveryLineOnItsOwnDayAndTargetsOnTheFirst() {
        Map<String, Object> report = report(m, n, null, c.code("K"), null);
        assertThat(report.get("currency")).isEqualTo(c.code("K"));
        assertThat(rows(m, n, null, c.code("K")))
                .containsExactly(
                        m + " NEW_CUSTOMERS 4 2 0.5000 false",
                        m + " NEW_MRR 100.00 100.00 1.0000 true",
                        m + " REVENUE 150.00 110.00 0.7333 false",
                        m + " MAX_CAC 50.00 100.00 0.5000 false",
                        n + " NEW_CUSTOMERS 1 1 1.0000 true",
                        n + " NEW_MRR 12.50 15.00 1.2000 true",
                        n + " REVENUE 50.00 40.00 0.8000 false",
                        n + " MAX_CAC 37.50 30.00 1.2500 true");
        graphQl.documentName("targetsVsActualWhere")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("segmentCode", c.code("T"))
                .variable("currency", c.code("J"))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "MISSING_FX_RATE");
                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("currency"));
                }));
    }

    @Test
    void theComparisonIsTheReportOverTheEarlierRange() {
        List<Map<String, Object>> compared =
                list(report(n, n, null, null, "PREVIOUS_PERIOD").get("rows"));
        List<Map<String, Object>> earlier = list(report(m, m, null, null, null).get("rows"));
        assertThat(compared).hasSize(4);
        for (int i = 0; i < 4; i++) {
            Map<String, Object> comparison = new HashMap<>(map(compared.get(i).get("comparison")));
            Map<String, Object> expected = new HashMap<>(earlier.get(i));
            expected.remove("comparison");
            expected.remove("change");
            assertThat(comparison).isEqualTo(expected);
        }
        assertThat(map(compared.get(0).get("change")))
                .isEqualTo(Map.of("target", "-3", "actual", "-1", "actualPct", "-0.5000", "attainment", "0.5000"));
        assertThat(map(compared.get(3).get("change")))
                .isEqualTo(
                        Map.of("target", "50.00", "actual", "-130.00", "actualPct", "-0.5200", "attainment", "0.8500"));
        // PREVIOUS_YEAR reaches 12 months back; a plan is refused naming compareTo
        assertThat(map(list(report(n, n, null, null, "PREVIOUS_YEAR").get("rows"))
                                .get(0)
                                .get("comparison"))
                        .get("month"))
                .isEqualTo(n.minusMonths(12).toString());
        graphQl.documentName("targetsVsActualWhere")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("segmentCode", c.code("T"))
                .variable("compareTo", "BUDGET")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "INVALID");
                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"));
                }));
    }

    /** A filtered, converted and compared report reads per statement, not per month. */
    @Test
    void theStatementsDoNotGrowWithTheRange() {
        Map<String, Object> where = Map.of("not", channel());
        queries.reset();
        report(m, m, where, c.code("K"), "PREVIOUS_PERIOD");
        int oneMonth = queries.statements().size();
        queries.reset();
        report(m, m.plusMonths(11), where, c.code("K"), "PREVIOUS_PERIOD");
        assertThat(queries.statements()).hasSize(oneMonth);
    }

    @Test
    void badArgumentsAreRefusedNamingTheirField() {
        for (var bad : List.of(
                Map.<String, Object>of("currency", "QQQ"),
                Map.<String, Object>of("where", Map.of("segmentCodes", List.of("NO-SUCH-SEGMENT"))))) {
            var request = graphQl.documentName("targetsVsActualWhere")
                    .variable("from", m.atDay(1).toString())
                    .variable("to", m.atEndOfMonth().toString())
                    .variable("segmentCode", c.code("T"));
            for (var e : bad.entrySet()) {
                request = request.variable(e.getKey(), e.getValue());
            }
            request.execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors)
                            .singleElement()
                            .satisfies(e -> assertThat(
                                            e.getExtensions().get("field").toString())
                                    .contains(bad.containsKey("currency") ? "currency" : "segmentCodes")));
        }
    }

    private void target(YearMonth month, int customers, String newMrr, String revenue, String maxCac, String cur) {
        Map<String, Object> input = new HashMap<>();
        input.put("segmentCode", c.code("T"));
        input.put("month", month.toString());
        input.put("newCustomers", customers);
        input.put("newMrr", newMrr);
        input.put("revenue", revenue);
        input.put("maxCac", maxCac);
        input.put("currency", cur);
        api.ok("setSegmentTargets", "segmentTarget", input);
    }

    private Map<String, Object> channel() {
        return Map.of("channelCodes", List.of(c.code("PD")));
    }

    private static BigDecimal amount(Object value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal((String) value);
    }

    private Map<String, Object> report(
            YearMonth first, YearMonth last, Map<String, Object> where, String currency, String compareTo) {
        var request = graphQl.documentName("targetsVsActualWhere")
                .variable("from", first.atDay(1).toString())
                .variable("to", last.atEndOfMonth().toString())
                .variable("segmentCode", c.code("T"));
        if (where != null) {
            request = request.variable("where", where);
        }
        if (currency != null) {
            request = request.variable("currency", currency);
        }
        if (compareTo != null) {
            request = request.variable("compareTo", compareTo);
        }
        return map(request.execute().path("targetsVsActual").entity(Map.class).get());
    }

    /** Each row as "month figure target actual attainment met". */
    private List<String> rows(YearMonth first, YearMonth last, Map<String, Object> where, String currency) {
        List<String> result = new ArrayList<>();
        for (Map<String, Object> row :
                list(report(first, last, where, currency, null).get("rows"))) {
            result.add(row.get("month") + " " + row.get("figure") + " " + row.get("target") + " " + row.get("actual")
                    + " " + row.get("attainment") + " " + row.get("met"));
        }
        return result;
    }
}
