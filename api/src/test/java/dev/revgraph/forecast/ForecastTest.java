package dev.revgraph.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.GraphQlTester.Response;

/**
 * The rolling forecast against hand-worked figures (docs/metrics.md, Forecasts; USD). Months M0..M6
 * are consecutive months no other test uses (four {@link Api#uniqueMonth} calls); M0 is empty, M1..M3
 * are closed (the last closed months of the database when the test runs), M4..M6 are projected.
 *
 * <pre>
 * segments P > S1, S2; departments MK (MARKETING), OP (OPERATIONS)
 * customer segment acquired  MRR M1  M2   M3
 *  a       S1      M1-05        100  100  120  (expands 20 in M3); one-off 60 in M2
 *  b       S1      M1-10        200  150   -   (contracts 50 in M2, churns in M3)
 *  c       S1      M2-03         -   100  100
 *  d       S1      M3-07         -    -    80
 *  e       S2      M1-02        300  300  330  (expands 30 in M3); one-off 90 in M3
 *  f       S2      M2-15         -    50   -   (churns in M3)
 *  g       S2      M3-20         -    -    70
 * spend: MK ADVERTISING S1 300 each month; MK ADVERTISING S2 150, 200, 100; OP TOOLS S1 60 in M2;
 *        OP COST_OF_SERVICE S1 30, 40, 50 and S2 60 each month
 * budgets of M4: MK 700 (every category), OP 100 (every category), OP 40 COST_OF_SERVICE (left out)
 *
 * drivers over M1..M3 (N = 3)       S1                         S2                        P (S1 + S2) = company
 * new customers / month             4 / 3 = 1.3333             3 / 3 = 1                 7 / 3 = 2.3333
 * new MRR / new customers           480 / 4 = 120              420 / 3 = 140             900 / 7 = 128.571428..
 * start MRR summed                  0 + 300 + 350 = 650        0 + 300 + 350 = 650       1300
 * churned + contraction             50 (b) + 150 (b) = 200     50 (f)                    250
 * expansion + reactivated           20 (a)                     30 (e)                    50
 * churn rate                        200 / 650 = 0.3077         50 / 650 = 0.0769         250 / 1300 = 0.1923
 * expansion rate                    20 / 650 = 0.0308          30 / 650 = 0.0462         50 / 1300 = 0.0385
 * logo churn                        1 (b) / (0+2+3) = 0.2      1 (f) / (0+1+2) = 0.3333  2 / 8 = 0.25
 * revenue, MRR summed               1010, 950                  1140, 1050                2150, 2000
 * one-off revenue / month           60 / 3 = 20                90 / 3 = 30               150 / 3 = 50
 * cost of service, gross margin     120, 890 / 1010 = 0.8812   180, 960 / 1140 = 0.8421  300, 1850 / 2150 = 0.8605
 * spend / month, acquisition share  960 / 3 = 320, 900 / 960   450 / 3 = 150, 1          1410 / 3 = 470, 1350 / 1410
 * MRR and customers of M3           300, 3                     400, 2                    700, 5
 *
 * S1, M4: MRR = 300 x (1 - 200/650 + 20/650) + 4/3 x 120 = 300 x 47/65 + 160 = 216.923076.. + 160 = 376.92
 *         revenue = 376.923076.. + 20 = 396.92; cost of service = 396.923076.. x 120/1010 = 47.16
 *         contribution = 396.923076.. - 47.159177.. - 320 = 29.76; CAC = 320 x 0.9375 / (4/3) = 225.00
 *         customers = 3 x (1 - 0.2) + 4/3 = 3.7333
 * S1, M5: MRR = 376.923076.. x 47/65 + 160 = 432.54; revenue 452.54; cost 53.77; contribution 78.78;
 *         customers = 3.7333.. x 0.8 + 1.3333.. = 4.3200
 * S1, M6: MRR = 432.544378.. x 47/65 + 160 = 472.76; revenue 492.76; cost 58.55; contribution 114.22;
 *         customers 4.7893
 * S2, M4: MRR = 400 x (1 - 50/650 + 30/650) + 140 = 400 x 63/65 + 140 = 527.69; revenue 557.69;
 *         cost = 557.692307.. x 180/1140 = 88.06; contribution 319.64; CAC 150 / 1 = 150.00;
 *         customers = 2 x 2/3 + 1 = 2.3333
 * company, M4: MRR = 700 x (1 - 250/1300 + 50/1300) + 7/3 x 900/7 = 700 x 12/13 + 300 = 892.31;
 *         revenue 942.31; cost = 942.307692.. x 300/2150 = 131.48; spend = the budget 700 + 100 = 800;
 *         contribution 942.307692.. - 131.484794.. - 800 = 10.82; CAC = 800 x 1350/1410 / (7/3) = 328.27;
 *         P (no budget: segments have none) spends 470, contribution 340.82, CAC 470 x 1350/1410 / (7/3) = 192.86
 *
 * scenario: S1 new customers +20% (RELATIVE 0.2) M4..M6; S2 churn 0.1 (ABSOLUTE) M5..M6
 * S1, M4: new = 4/3 x 1.2 = 1.6; MRR = 216.923076.. + 1.6 x 120 = 408.92; CAC = 300 / 1.6 = 187.50;
 *         customers = 2.4 + 1.6 = 4.0000; difference to base: MRR 32.00, new 0.2667, CAC -37.50
 * S2, M5: MRR = 527.692307.. x (1 - 0.1 + 30/650) + 140 = 639.28 (base 651.46: difference -12.18)
 * </pre>
 */
class ForecastTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    private YearMonth m0;
    private CompanyBuilder company;

    private YearMonth m(int i) {
        return m0.plusMonths(i);
    }

    @BeforeEach
    void handWorkedCompany() {
        // four calls reserve M0..M7 in a row (each hands out a month and the one after it)
        m0 = Api.uniqueMonth();
        for (int i = 0; i < 3; i++) {
            Api.uniqueMonth();
        }
        company = HandWorkedCompanies.forecast(graphQl, m0)
                .budget("MK", m(4).toString(), "700.00")
                .budget("OP", m(4).toString(), "100.00")
                .budget("OP", m(4).toString(), "COST_OF_SERVICE", "40.00", "USD")
                .close(m(1))
                .close(m(2))
                .close(m(3));
    }

    private String day(int month, int day) {
        return m(month).atDay(day).toString();
    }

    private GraphQlTester.Request<?> forecast(String scenario, String segment, YearMonth from, YearMonth to) {
        return graphQl.documentName("forecast")
                .variable("scenario", scenario)
                .variable("segmentCode", segment)
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString());
    }

    @Test
    void baseForecastFollowsTheTrailingMeasuredDriversAsWorkedByHand() {
        String p = company.code("P");
        String s1 = company.code("S1");
        String s2 = company.code("S2");
        Response response = forecast(null, p, m(2), m(6)).execute();
        response.path("forecast.lastActualMonth")
                .entity(String.class)
                .isEqualTo(m(3).toString())
                .path("forecast.trailingMonths")
                .entity(Integer.class)
                .isEqualTo(3)
                .path("forecast.scenario")
                .valueIsNull();
        // rows per period x scope: P, S1, S2 for M2..M6
        response.path("forecast.rows[*].segmentCode")
                .entityList(String.class)
                .containsExactly(p, s1, s2, p, s1, s2, p, s1, s2, p, s1, s2, p, s1, s2)
                .path("forecast.rows[*].kind")
                .entityList(String.class)
                .containsExactly(
                        "ACTUAL",
                        "ACTUAL",
                        "ACTUAL",
                        "ACTUAL",
                        "ACTUAL",
                        "ACTUAL",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST",
                        "FORECAST");
        // S1's actual M2: MRR a 100 + b 150 + c 100; new c; revenue 350 + 60; cost 40; spend MK 300 + OP 60
        assertRow(response, 1, "350.00", "1.0000", "410.00", "40.00", "360.00", "10.00", "300.00", "3.0000");
        response.path("forecast.rows[1].drivers").valueIsNull();
        // S1's drivers, measured over M1..M3
        response.path("forecast.rows[7].drivers")
                .entity(Map.class)
                .isEqualTo(Map.of(
                        "newCustomers", "1.3333",
                        "newCustomerArpa", "120.00",
                        "churnRate", "0.3077",
                        "expansionRate", "0.0308",
                        "logoChurn", "0.2000",
                        "grossMargin", "0.8812",
                        "spend", "320.00",
                        "acquisitionShare", "0.9375",
                        "oneOffRevenue", "20.00"));
        response.path("forecast.rows[8].drivers")
                .entity(Map.class)
                .isEqualTo(Map.of(
                        "newCustomers", "1.0000",
                        "newCustomerArpa", "140.00",
                        "churnRate", "0.0769",
                        "expansionRate", "0.0462",
                        "logoChurn", "0.3333",
                        "grossMargin", "0.8421",
                        "spend", "150.00",
                        "acquisitionShare", "1.0000",
                        "oneOffRevenue", "30.00"));
        // the projection: mrr, new, revenue, cost, spend, contribution, CAC, customers
        assertRow(response, 6, "892.31", "2.3333", "942.31", "131.48", "470.00", "340.82", "192.86", "6.0833");
        assertRow(response, 7, "376.92", "1.3333", "396.92", "47.16", "320.00", "29.76", "225.00", "3.7333");
        assertRow(response, 8, "527.69", "1.0000", "557.69", "88.06", "150.00", "319.64", "150.00", "2.3333");
        assertRow(response, 10, "432.54", "1.3333", "452.54", "53.77", "320.00", "78.78", "225.00", "4.3200");
        assertRow(response, 11, "651.46", "1.0000", "681.46", "107.60", "150.00", "423.86", "150.00", "2.5556");
        assertRow(response, 12, "1192.72", "2.3333", "1242.72", "173.40", "470.00", "599.31", "192.86", "7.5052");
        assertRow(response, 13, "472.76", "1.3333", "492.76", "58.55", "320.00", "114.22", "225.00", "4.7893");
        assertRow(response, 14, "771.41", "1.0000", "801.41", "126.54", "150.00", "524.87", "150.00", "2.7037");

        // the whole company: P's figures, with M4's budget (MK 700 + OP 100; OP's cost-of-service line left out)
        Response whole = forecast(null, null, m(4), m(5)).execute();
        List<String> codes = whole.path("forecast.rows[*].segmentCode")
                .entityList(String.class)
                .get();
        assertThat(codes.get(0)).isNull();
        int next = codes.lastIndexOf(null);
        whole.path("forecast.rows[0].segmentName").entity(String.class).isEqualTo("Whole company");
        assertRowAt(
                whole,
                "forecast.rows[0]",
                "892.31",
                "2.3333",
                "942.31",
                "131.48",
                "800.00",
                "10.82",
                "328.27",
                "6.0833");
        assertRowAt(
                whole,
                "forecast.rows[" + next + "]",
                "1055.03",
                "2.3333",
                "1105.03",
                "154.19",
                "470.00",
                "480.84",
                "192.86",
                "6.8958");

        // the trailing window of one month (M3 alone) gives other drivers
        forecast(null, s1, m(4), m(4))
                .variable("trailingMonths", 1)
                .execute()
                .path("forecast.rows[0].drivers.newCustomers")
                .entity(String.class)
                .isEqualTo("1.0000") // d alone
                .path("forecast.rows[0].drivers.churnRate")
                .entity(String.class)
                .isEqualTo("0.4286"); // 150 / 350
    }

    @Test
    void aQuarterSumsItsMonthsFlowsAndEndsOnItsLastMonth() {
        // the fiscal quarter (calendar quarters: the fiscal year starts in January) holding M4 lies
        // within M2..M7, this test's own months; S2's new customers and spend are whole or exact
        // (1 and 150.00 a projected month), so the quarter's sums equal the sums of its months
        String s2 = company.code("S2");
        YearMonth first = m(4).minusMonths((m(4).getMonthValue() - 1) % 3);
        YearMonth last = first.plusMonths(2);
        Response months = forecast(null, s2, first, last).execute();
        Response quarter = forecast(null, s2, first, last)
                .variable("granularity", "QUARTER")
                .execute();
        List<String> spend =
                months.path("forecast.rows[*].spend").entityList(String.class).get();
        List<String> newCustomers = months.path("forecast.rows[*].newCustomers")
                .entityList(String.class)
                .get();
        quarter.path("forecast.rows[*].period")
                .entityList(String.class)
                .containsExactly("FY" + first.getYear() + "-Q" + ((first.getMonthValue() - 1) / 3 + 1))
                .path("forecast.rows[0].kind")
                .entity(String.class)
                .isEqualTo("FORECAST")
                .path("forecast.rows[0].spend")
                .entity(String.class)
                .isEqualTo(spend.stream()
                        .map(java.math.BigDecimal::new)
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                        .toString())
                .path("forecast.rows[0].newCustomers")
                .entity(String.class)
                .isEqualTo(newCustomers.stream()
                        .map(java.math.BigDecimal::new)
                        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                        .toString())
                .path("forecast.rows[0].mrr")
                .entity(String.class)
                .isEqualTo(
                        months.path("forecast.rows[2].mrr").entity(String.class).get())
                .path("forecast.rows[0].activeCustomers")
                .entity(String.class)
                .isEqualTo(months.path("forecast.rows[2].activeCustomers")
                        .entity(String.class)
                        .get());
    }

    @Test
    void aScenarioOverridesDriversToTheCentAndComparesWithTheBase() {
        String s1 = company.code("S1");
        String s2 = company.code("S2");
        String code = unique("grow");
        api.ok(
                "createScenario",
                "scenario",
                Map.of(
                        "code",
                        code,
                        "name",
                        "S1 grows",
                        "overrides",
                        List.of(
                                Api.override(s1, "NEW_CUSTOMERS", m(4), m(6), "0.2", "RELATIVE"),
                                Api.override(s2, "CHURN_RATE", m(5), m(6), "0.1", "ABSOLUTE"))));
        Response response = forecast(code, company.code("P"), m(4), m(6)).execute();
        response.path("forecast.scenario").entity(String.class).isEqualTo(code);
        // P is not overridden: as the base
        assertRow(response, 0, "892.31", "2.3333", "942.31", "131.48", "470.00", "340.82", "192.86", "6.0833");
        assertRow(response, 1, "408.92", "1.6000", "428.92", "50.96", "320.00", "57.96", "187.50", "4.0000");
        assertRow(response, 2, "527.69", "1.0000", "557.69", "88.06", "150.00", "319.64", "150.00", "2.3333");
        assertRow(response, 4, "487.68", "1.6000", "507.68", "60.32", "320.00", "127.36", "187.50", "4.8000");
        assertRow(response, 5, "639.28", "1.0000", "669.28", "105.68", "150.00", "413.60", "150.00", "2.5556");
        assertRow(response, 7, "544.63", "1.6000", "564.63", "67.09", "320.00", "177.55", "187.50", "5.4400");
        assertRow(response, 8, "744.86", "1.0000", "774.86", "122.35", "150.00", "502.51", "150.00", "2.7037");
        response.path("forecast.rows[5].drivers.churnRate").entity(String.class).isEqualTo("0.1000");

        // compareScenarios: the base (a) against the scenario (b), b - a from the unrounded figures
        Response compared = graphQl.documentName("compareScenarios")
                .variable("b", code)
                .variable("segmentCode", company.code("P"))
                .variable("from", m(4).atDay(1).toString())
                .variable("to", m(5).atEndOfMonth().toString())
                .execute();
        compared.path("compareScenarios.a")
                .valueIsNull()
                .path("compareScenarios.b")
                .entity(String.class)
                .isEqualTo(code)
                .path("compareScenarios.rows[1].a.mrr")
                .entity(String.class)
                .isEqualTo("376.92")
                .path("compareScenarios.rows[1].b.mrr")
                .entity(String.class)
                .isEqualTo("408.92")
                // 408.923076.. - 376.923076.. = 32; revenue the same; cost 50.961157.. - 47.159177.. = 3.801980..
                .path("compareScenarios.rows[1].difference")
                .entity(Map.class)
                .isEqualTo(Map.of(
                        "mrr", "32.00",
                        "newCustomers", "0.2667",
                        "revenue", "32.00",
                        "costOfService", "3.80",
                        "spend", "0.00",
                        "contribution", "28.20",
                        "cac", "-37.50",
                        "activeCustomers", "0.2667"))
                // S2 in M5: 639.278106.. - 651.455621.. = -12.177514..
                .path("compareScenarios.rows[5].difference.mrr")
                .entity(String.class)
                .isEqualTo("-12.18")
                .path("compareScenarios.rows[0].difference.mrr")
                .entity(String.class)
                .isEqualTo("0.00");

        graphQl.document("{ scenarios { code name overrides { segmentCode driver fromMonth toMonth value mode } } }")
                .execute()
                .path("scenarios[?(@.code == '" + code + "')].overrides[*].driver")
                .entityList(String.class)
                .containsExactly("NEW_CUSTOMERS", "CHURN_RATE");

        // audited like every mutation: its row, in the mutation's transaction, names the scenario
        graphQl.document(
                        "{ auditEvents(action: \"createScenario\", first: 500) { edges { node { succeeded input } } } }")
                .execute()
                .path("auditEvents.edges[*].node.input")
                .entityList(String.class)
                .satisfies(inputs ->
                        assertThat(inputs).anySatisfy(input -> assertThat(input).contains(code)));

        api.ok("deleteScenario", "scenario", Map.of("code", code));
        forecast(code, null, m(4), m(4))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions())
                            .containsEntry("code", "NOT_FOUND")
                            .containsEntry("field", List.of("scenario"));
                }));
    }

    @Test
    void badInputIsATypedErrorNamingTheFieldAndWritesNothing() {
        String s1 = company.code("S1");
        String code = unique("bad");
        expectInputError(
                Map.of(
                        "code",
                        code,
                        "name",
                        "x",
                        "overrides",
                        List.of(Api.override(s1, "CHURN_RATE", m(4), m(5), "1.5", "ABSOLUTE"))),
                "overrides.0.value");
        expectInputError(
                Map.of(
                        "code",
                        code,
                        "name",
                        "x",
                        "overrides",
                        List.of(Api.override(s1, "CHURN_RATE", m(4), m(5), "-0.1", "ABSOLUTE"))),
                "overrides.0.value");
        expectInputError(
                Map.of(
                        "code",
                        code,
                        "name",
                        "x",
                        "overrides",
                        List.of(Api.override(s1, "SPEND", m(5), m(4), "10", "ABSOLUTE"))),
                "overrides.0.toMonth");
        expectInputError(
                Map.of(
                        "code",
                        code,
                        "name",
                        "x",
                        "overrides",
                        List.of(Api.override(unique("nosuch"), "SPEND", m(4), m(5), "10", "ABSOLUTE"))),
                "overrides.0.segmentCode");
        graphQl.document("{ scenarios { code } }")
                .execute()
                .path("scenarios[*].code")
                .entityList(String.class)
                .doesNotContain(code);

        // queries: unknown scenario, a horizon beyond 60 months after the last closed month, an unknown segment
        expectQueryError(forecast(unique("nosuch"), s1, m(4), m(4)), "NOT_FOUND", "scenario");
        expectQueryError(forecast(null, s1, m(4), m(3).plusMonths(61)), "INVALID", "to");
        forecast(null, s1, m(4), m(3).plusMonths(60)).execute().errors().verify();
        expectQueryError(forecast(null, unique("nosuch"), m(4), m(4)), "NOT_FOUND", "segmentCode");
        expectQueryError(forecast(null, s1, m(4), m(4)).variable("trailingMonths", 0), "INVALID", "trailingMonths");
        expectQueryError(
                graphQl.documentName("compareScenarios")
                        .variable("a", unique("nosuch"))
                        .variable("from", m(4).atDay(1).toString())
                        .variable("to", m(4).atEndOfMonth().toString()),
                "NOT_FOUND",
                "a");
    }

    @Test
    void statementsDoNotGrowWithTheHorizonOrTheSegments() {
        String p = company.code("P");
        String s1 = company.code("S1");
        queries.reset();
        forecast(null, s1, m(4), m(4)).execute().errors().verify();
        int one = queries.statements().size();
        queries.reset();
        forecast(null, p, m(2), m(3).plusMonths(36)).execute().errors().verify();
        assertThat(queries.statements()).hasSize(one);
    }

    private void expectInputError(Map<String, Object> input, String field) {
        api.mutate("createScenario", input)
                .path("createScenario.scenario")
                .valueIsNull()
                .path("createScenario.errors[0].field")
                .entityList(String.class)
                .containsExactly(("input." + field).split("\\."));
    }

    private static void expectQueryError(GraphQlTester.Request<?> request, String code, String field) {
        request.execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getExtensions())
                                .containsEntry("code", code)
                                .containsEntry("field", List.of(field))));
    }

    private static void assertRow(Response response, int index, String... figures) {
        assertRowAt(response, "forecast.rows[" + index + "]", figures);
    }

    private static void assertRowAt(Response response, String row, String... f) {
        response.path(row + ".mrr")
                .entity(String.class)
                .isEqualTo(f[0])
                .path(row + ".newCustomers")
                .entity(String.class)
                .isEqualTo(f[1])
                .path(row + ".revenue")
                .entity(String.class)
                .isEqualTo(f[2])
                .path(row + ".costOfService")
                .entity(String.class)
                .isEqualTo(f[3])
                .path(row + ".spend")
                .entity(String.class)
                .isEqualTo(f[4])
                .path(row + ".contribution")
                .entity(String.class)
                .isEqualTo(f[5])
                .path(row + ".cac")
                .entity(String.class)
                .isEqualTo(f[6])
                .path(row + ".activeCustomers")
                .entity(String.class)
                .isEqualTo(f[7]);
    }
}
