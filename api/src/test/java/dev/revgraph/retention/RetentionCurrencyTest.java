package dev.revgraph.retention;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The retention reports in another currency, worked by hand: each recurring line converts at its own
 * day's rates, {@code amount x rate(line currency, day) / rate(K, day)}, the customer-months are
 * summed from those, and the movements, cohorts and pooled inputs follow from them.
 *
 * <pre>
 * Reporting currency USD. K: 1 K = 2.00 USD from the month before m0, 2.50 USD from m0-16.
 * Segment S with S1 and S2 under it; a (S1, acquired m0), b (S2, m0), c (S1, m1).
 *
 * line                         in USD            in K
 * a  m0-10  100 USD recurring  100.00            100 / 2.00 = 50.00
 * a  m0-20  100 USD recurring  100.00            100 / 2.50 = 40.00
 * b  m0-05   40 K   recurring   40 x 2.00 = 80.00 40.00
 * a  m1-10  150 USD recurring  150.00            150 / 2.50 = 60.00
 * b  m1-10   34 K   recurring   34 x 2.50 = 85.00 34.00
 * b  m1-20   10 K   one-off     25.00             10.00
 * c  m1-10   50 USD recurring   50.00            50 / 2.50 = 20.00
 *
 * MRR          m0: a      b      total    m1: a      b      c      total
 *   USD           200.00  80.00  280.00      150.00  85.00  50.00  285.00
 *   K              90.00  40.00  130.00       60.00  34.00  20.00  114.00
 *
 * mrrMovements(S, m0..m1, currency: K):
 *   m0: start 0, new 130.00, end 130.00, active 2, arpa 65.00
 *   m1: start 130.00, new 20.00 (c), contraction 36.00 (a 90 - 60 = 30, b 40 - 34 = 6), end 114.00,
 *       active 3, logo churn 0/2 = 0.0000, grr = nrr = (130 - 36) / 130 = 0.7231, arpa 114 / 3 = 38.00
 * against the previous period (m1 alone against m0, in K): end -16.00, -16 / 130 = -0.1231
 * the same in USD: b expands (80 -> 85) where in K it contracts (40 -> 34):
 *   m1: new 50.00, expansion 5.00, contraction 50.00, end 285.00, grr (280 - 50) / 280 = 0.8214,
 *       nrr (280 + 5 - 50) / 280 = 0.8393, arpa 95.00
 * grouped by SEGMENT in K: S1 (a, c) m1 start 90.00 new 20.00 contraction 30.00 end 80.00;
 *   S2 (b) m1 start 40.00 contraction 6.00 end 34.00; they add up to the ungrouped row.
 *
 * cohortRetention(S, m0..m1, REVENUE, currency: K):
 *   cohort m0 k0: size 2, active 2, mrr 130.00, retention 1.0000, revenue/customer 130 / 2 = 65.00
 *   cohort m0 k1: active 2, mrr 94.00, retention 94 / 130 = 0.7231,
 *                 revenue/customer (130 + 94 + 10) / 2 = 117.00
 *   cohort m1 k0: size 1, active 1, mrr 20.00, retention 1.0000, revenue/customer 20.00
 * cohortRetention(S, m1..m1, LOGOS, currency: K, compareTo: PREVIOUS_PERIOD): cohort m1 k0 against
 *   cohort m0 k0 (the report over m0..m0): size 1 - 2 = -1, active -1, mrr 20 - 130 = -110.00,
 *   mrrPct -110 / 130 = -0.8462, retention 1 - 1 = 0.0000, revenue/customer 20 - 65 = -45.00.
 *
 * segmentEconomics(S, m0..m1, currency: K), with 100 USD of MARKETING spend on m0-20 tagged S1
 * (100 / 2.50 = 40.00 K):
 *   revenue 130 + 114 + 10 = 254.00, direct cost 40.00, contribution 214.00, new customers 3,
 *   CAC 40 / 3 = 13.33, ARPA (130 + 114) / (2 + 3) = 48.80, churn 36 / 130 = 0.2769,
 *   LTV 48.80 x 1 / (36 / 130) = 176.22, LTV:CAC 176.2222 / 13.3333 = 13.2167,
 *   payback 13.3333 / 48.80 = 0.3 months.
 * </pre>
 */
class RetentionCurrencyTest extends IntegrationTest {

    private YearMonth m0;
    private CompanyBuilder c;

    @BeforeEach
    void company() {
        // the month before m0 is this test's too: the movements of m0 start from its MRR, for every
        // customer of the company, so K has a rate in it
        m0 = Api.uniqueMonths(3).plusMonths(1);
        YearMonth m1 = m0.plusMonths(1);
        c = new CompanyBuilder(graphQl)
                .currency(
                        "K",
                        m0.minusMonths(1).atDay(1).toString(),
                        "2.00",
                        m0.atDay(16).toString(),
                        "2.50")
                .currency("L", m1.atDay(1).toString(), "3.00")
                .segment("S", null)
                .segment("S1", "S")
                .segment("S2", "S")
                .department("MKT", "MARKETING")
                .customer("a", "S1", m0.atDay(2).toString())
                .customer("b", "S2", m0.atDay(3).toString())
                .customer("c", "S1", m1.atDay(4).toString())
                .revenue("a", m0.atDay(10).toString(), "100", "USD", true)
                .revenue("a", m0.atDay(20).toString(), "100", "USD", true)
                .revenue("b", m0.atDay(5).toString(), "40", "K", true)
                .revenue("a", m1.atDay(10).toString(), "150", "USD", true)
                .revenue("b", m1.atDay(10).toString(), "34", "K", true)
                .revenue("b", m1.atDay(20).toString(), "10", "K", false)
                .revenue("c", m1.atDay(10).toString(), "50", "USD", true)
                .spend("MKT", m0.atDay(20).toString(), "100", "USD", "ADVERTISING", Tags.segment("S1"))
                .build();
    }

    @Test
    void movementsFollowTheCustomerMonthsConvertedLineByLine() {
        Map<String, Object> report = movements(Map.of("currency", c.code("K")));
        assertThat(report.get("currency")).isEqualTo(c.code("K"));
        List<Map<String, Object>> rows = list(report.get("rows"));
        assertThat(rows)
                .extracting(RetentionCurrencyTest::figures)
                .containsExactly(
                        m0 + " 0.00 130.00 0.00 0.00 0.00 0.00 130.00 2 null null null 65.00",
                        m0.plusMonths(1) + " 130.00 20.00 0.00 36.00 0.00 0.00 114.00 3 0.0000 0.7231 0.7231 38.00");
        // in USD (and with the reporting currency named) b expands where in K it contracts
        List<String> usd = List.of(
                m0 + " 0.00 280.00 0.00 0.00 0.00 0.00 280.00 2 null null null 140.00",
                m0.plusMonths(1) + " 280.00 50.00 5.00 50.00 0.00 0.00 285.00 3 0.0000 0.8214 0.8393 95.00");
        assertThat(list(movements(Map.of()).get("rows")))
                .extracting(RetentionCurrencyTest::figures)
                .containsExactlyElementsOf(usd);
        // against the previous month, in K: m1 ends 114 - 130 = -16.00 lower, -16 / 130 = -0.1231
        Map<String, Object> compared = list(movements(Map.of(
                                "currency",
                                c.code("K"),
                                "from",
                                m0.plusMonths(1).atDay(1).toString(),
                                "compareTo",
                                "PREVIOUS_PERIOD"))
                        .get("rows"))
                .get(0);
        assertThat(map(compared.get("change")))
                .containsEntry("endMrr", "-16.00")
                .containsEntry("endMrrPct", "-0.1231");
        Map<String, Object> named = movements(Map.of("currency", "USD"));
        assertThat(named.get("currency")).isEqualTo("USD");
        assertThat(list(named.get("rows")))
                .extracting(RetentionCurrencyTest::figures)
                .containsExactlyElementsOf(usd);
    }

    @Test
    void groupedAndFilteredRowsInAnotherCurrencyAddUp() {
        List<Map<String, Object>> grouped =
                list(movements(Map.of("currency", c.code("K"), "groupBy", List.of("SEGMENT")))
                        .get("rows"));
        // S1 (a, c) then S2 (b), by code
        assertThat(grouped)
                .extracting(r -> list(r.get("groups")).get(0).get("code") + " " + figures(r))
                .containsExactly(
                        c.code("S1") + " " + m0 + " 0.00 90.00 0.00 0.00 0.00 0.00 90.00 1 null null null 90.00",
                        c.code("S1") + " " + m0.plusMonths(1)
                                + " 90.00 20.00 0.00 30.00 0.00 0.00 80.00 2 0.0000 0.6667 0.6667 40.00",
                        c.code("S2") + " " + m0 + " 0.00 40.00 0.00 0.00 0.00 0.00 40.00 1 null null null 40.00",
                        c.code("S2") + " " + m0.plusMonths(1)
                                + " 40.00 0.00 0.00 6.00 0.00 0.00 34.00 1 0.0000 0.8500 0.8500 34.00");
        // the filter keeps b's customer-months alone, as its group
        Map<String, Object> where = Map.of("segmentCodes", List.of(c.code("S2")));
        assertThat(list(movements(Map.of("currency", c.code("K"), "where", where))
                                .get("rows"))
                        .get(1)
                        .get("endMrr"))
                .isEqualTo("34.00");
        // and its complement keeps a and c: together the whole (34.00 + 80.00 = 114.00)
        assertThat(list(movements(Map.of("currency", c.code("K"), "where", Map.of("not", where)))
                                .get("rows"))
                        .get(1)
                        .get("endMrr"))
                .isEqualTo("80.00");
        assertThat(list(movements(Map.of("currency", c.code("K"), "where", Map.of()))
                        .get("rows")))
                .extracting(RetentionCurrencyTest::figures)
                .containsExactlyElementsOf(list(
                                movements(Map.of("currency", c.code("K"))).get("rows"))
                        .stream()
                        .map(RetentionCurrencyTest::figures)
                        .toList());
        // with an activity window (one month: active with any revenue in the month) the same months
        assertThat(list(movements(Map.of("currency", c.code("K"), "window", 1)).get("rows")))
                .extracting(r -> r.get("endMrr"))
                .containsExactly("130.00", "114.00");
    }

    @Test
    void aClosedMonthReadsTheSameInAnotherCurrencyUnderBothVersions() {
        List<String> open = list(movements(Map.of("currency", c.code("K"))).get("rows")).stream()
                .map(RetentionCurrencyTest::figures)
                .toList();
        List<String> cohorts = list(cohorts(Map.of("currency", c.code("K"), "basis", "REVENUE"))
                        .get("rows"))
                .stream()
                .map(RetentionCurrencyTest::cell)
                .toList();
        api.close(m0);
        for (String version : List.of("LATEST", "AS_FIRST_REPORTED")) {
            assertThat(list(movements(Map.of("currency", c.code("K"), "version", version))
                            .get("rows")))
                    .extracting(RetentionCurrencyTest::figures)
                    .as(version)
                    .containsExactlyElementsOf(open);
            assertThat(list(cohorts(Map.of("currency", c.code("K"), "basis", "REVENUE", "version", version))
                            .get("rows")))
                    .extracting(RetentionCurrencyTest::cell)
                    .as(version)
                    .containsExactlyElementsOf(cohorts);
        }
    }

    @Test
    void aMissingRateOfTheReportCurrencyIsNamedOnCurrency() {
        // L has its first rate in m1: b's line of m0-05 is the earliest it cannot convert
        GraphQlTester.Request<?> request = request("mrrMovementsCurrency", Map.of("currency", c.code("L")));
        request.execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getMessage())
                            .startsWith("no FX rate for " + c.code("L") + " dated on or before " + m0.atDay(5));
                    assertThat(e.getExtensions()).containsEntry("code", "MISSING_FX_RATE");
                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("currency"));
                }));
        request("cohortRetentionCurrency", Map.of("currency", c.code("L")))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "MISSING_FX_RATE")));
        // an unregistered currency names the field
        request("mrrMovementsCurrency", Map.of("currency", "XXZ"))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(
                                e -> assertThat(e.getExtensions().get("field")).isEqualTo(List.of("currency"))));
    }

    @Test
    void cohortsInAnotherCurrency() {
        Map<String, Object> report = cohorts(Map.of("currency", c.code("K"), "basis", "REVENUE"));
        assertThat(report.get("currency")).isEqualTo(c.code("K"));
        assertThat(list(report.get("rows")))
                .extracting(RetentionCurrencyTest::cell)
                .containsExactly(
                        m0 + " 0 2 2 130.00 1.0000 65.00",
                        m0 + " 1 2 2 94.00 0.7231 117.00",
                        m0.plusMonths(1) + " 0 1 1 20.00 1.0000 20.00");
    }

    @Test
    void eachCohortCellComparesWithTheEarlierCohortAtTheSameMonthsSince() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("currency", c.code("K"));
        vars.put("from", m0.plusMonths(1).atDay(1).toString());
        vars.put("to", m0.plusMonths(1).atEndOfMonth().toString());
        vars.put("compareTo", "PREVIOUS_PERIOD");
        List<Map<String, Object>> rows = list(cohorts(vars).get("rows"));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(cell(row)).isEqualTo(m0.plusMonths(1) + " 0 1 1 20.00 1.0000 20.00");
            assertThat(cell(map(row.get("comparison")))).isEqualTo(m0 + " 0 2 2 130.00 1.0000 65.00");
            assertThat(map(row.get("change")))
                    .containsEntry("cohortSize", -1)
                    .containsEntry("activeCustomers", -1)
                    .containsEntry("mrr", "-110.00")
                    .containsEntry("mrrPct", "-0.8462")
                    .containsEntry("retention", "0.0000")
                    .containsEntry("cumulativeRevenuePerCustomer", "-45.00");
        });
        // the comparison is the same report asked for the earlier range
        Map<String, Object> earlier = new HashMap<>(vars);
        earlier.remove("compareTo");
        earlier.put("from", m0.atDay(1).toString());
        earlier.put("to", m0.atEndOfMonth().toString());
        assertThat(cell(list(cohorts(earlier).get("rows")).get(0)))
                .isEqualTo(cell(map(rows.get(0).get("comparison"))));
        // nothing a year before: an empty cell, whose ratios are null
        vars.put("compareTo", "PREVIOUS_YEAR");
        Map<String, Object> row = list(cohorts(vars).get("rows")).get(0);
        assertThat(cell(map(row.get("comparison"))))
                .isEqualTo(m0.plusMonths(1).minusYears(1) + " 0 0 0 0.00 null null");
        assertThat(map(row.get("change")))
                .containsEntry("cohortSize", 1)
                .containsEntry("mrr", "20.00")
                .containsEntry("mrrPct", null)
                .containsEntry("retention", null);
        // no plan holds cohorts
        vars.put("compareTo", "BUDGET");
        request("cohortRetentionCurrency", vars)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(
                                e -> assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"))));
    }

    @Test
    void segmentEconomicsInAnotherCurrency() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("from", m0.atDay(1).toString());
        vars.put("to", m0.plusMonths(1).atEndOfMonth().toString());
        vars.put("segmentCode", c.code("S"));
        vars.put("currency", c.code("K"));
        Map<String, Object> report = graphQl.documentName("segmentEconomicsCurrency")
                .variables(vars)
                .execute()
                .path("segmentEconomics")
                .entity(Map.class)
                .get();
        assertThat(report.get("currency")).isEqualTo(c.code("K"));
        Map<String, Object> s = list(report.get("rows")).get(0);
        assertThat(s)
                .containsEntry("segmentCode", c.code("S"))
                .containsEntry("newCustomers", 3)
                .containsEntry("revenue", "254.00")
                .containsEntry("costOfService", "0.00")
                .containsEntry("directCost", "40.00")
                .containsEntry("contributionMargin", "214.00")
                .containsEntry("fullyLoadedContribution", "214.00")
                .containsEntry("grossMargin", "1.0000")
                .containsEntry("cac", "13.33")
                .containsEntry("arpa", "48.80")
                .containsEntry("monthlyRevenueChurn", "0.2769")
                .containsEntry("ltv", "176.22")
                .containsEntry("ltvToCac", "13.2167")
                .containsEntry("paybackMonths", "0.3");
    }

    private GraphQlTester.Request<?> request(String document, Map<String, Object> variables) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("from", m0.atDay(1).toString());
        vars.put("to", m0.plusMonths(1).atEndOfMonth().toString());
        vars.put("segmentCode", c.code("S"));
        vars.putAll(variables);
        GraphQlTester.Request<?> request = graphQl.documentName(document);
        for (Map.Entry<String, Object> v : vars.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return request;
    }

    private Map<String, Object> movements(Map<String, Object> variables) {
        return map(request("mrrMovementsCurrency", variables)
                .execute()
                .path("mrrMovements")
                .entity(Map.class)
                .get());
    }

    private Map<String, Object> cohorts(Map<String, Object> variables) {
        return map(request("cohortRetentionCurrency", variables)
                .execute()
                .path("cohortRetention")
                .entity(Map.class)
                .get());
    }

    private static String figures(Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        for (String f : List.of(
                "month",
                "startMrr",
                "newMrr",
                "expansion",
                "contraction",
                "churned",
                "reactivated",
                "endMrr",
                "activeCustomers",
                "logoChurn",
                "grr",
                "nrr",
                "arpa")) {
            parts.add(String.valueOf(row.get(f)));
        }
        return String.join(" ", parts);
    }

    private static String cell(Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        for (String f : List.of(
                "cohortMonth",
                "monthsSinceAcquisition",
                "cohortSize",
                "activeCustomers",
                "mrr",
                "retention",
                "cumulativeRevenuePerCustomer")) {
            parts.add(String.valueOf(row.get(f)));
        }
        return String.join(" ", parts);
    }
}
