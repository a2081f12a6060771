package dev.revgraph.forecast;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code forecast(where:)} on the forecast company of {@link ForecastTest} (USD; M1..M3 closed, M4
 * projected; budgets of M4: MK 700 and OP 100 across categories): the filter keeps the facts of the
 * measured months and of the trailing window, so the whole company's row is the forecast of the facts
 * the filter keeps.
 *
 * <pre>
 * row: mrr newCustomers revenue costOfService spend contribution cac activeCustomers
 * the whole company's rows (no other facts fall in these months):
 * where segment S1: the company is S1 (ForecastTest's S1 rows, worked by hand there)
 *   M2 (actual)   350.00 1.0000 410.00 40.00 360.00 10.00 300.00 3.0000
 *   M3 (actual)   300.00 1.0000 300.00 50.00 300.00 -50.00 300.00 3.0000 (a 120 + c 100 + d 80; MK 300)
 *   M4 (forecast) 376.92 1.3333 396.92 47.16 320.00 29.76 225.00 3.7333
 *     a budget line has no segment, so none is kept: the spend is S1's trailing 960 / 3 = 320
 * where not segment S1: the company is S2's facts; every budget line is kept (no segment fails S1)
 *   M2 (actual)   S2's M2: MRR e 300 + f 50 = 350.00, new f 1, revenue 350.00, cost 60.00,
 *                 spend 200.00, contribution 90.00, CAC 200 / 1 = 200.00, customers 2
 *   M3 (actual)   MRR e 330 + g 70 = 400.00, new g 1, revenue 400 + 90 = 490.00, cost 60.00,
 *                 spend 100.00, contribution 330.00, CAC 100.00, customers 2
 *   M4 (forecast) MRR 400 x 63/65 + 140 = 527.69; revenue + 30 = 557.69; cost 557.692307.. x 180/1140
 *                 = 88.06; spend the budget 700 + 100 = 800.00; contribution 557.692307.. - 88.056680..
 *                 - 800 = -330.36; CAC 800 x 1 / 1 = 800.00; customers 2 x 2/3 + 1 = 2.3333
 * the actual months of S1 and of not S1 add up to the company's, figure by figure (CAC aside)
 *
 * currency K: 2.00 from M1-01, 4.00 from M2-16 (and still on M4-01); where segment S1:
 *   M2 (actual): each line at its own day's rate: MRR a 100 + b 150 + c 100 on M2-20 / 4.00 = 87.50;
 *                revenue 87.50 + a's one-off 60 on M2-21 / 4.00 = 102.50; cost 40 on M2-13 / 2.00
 *                = 20.00; spend MK 300 on M2-10 / 2.00 + OP 60 on M2-12 / 2.00 = 180.00;
 *                contribution 102.50 - 20 - 180 = -97.50; CAC 150 / 1 = 150.00
 *   M4 (forecast): the USD projection / 4.00 (the latest rate on or before M4-01): MRR 376.923076.. / 4
 *                = 94.23; revenue 99.23; cost 47.159177.. / 4 = 11.79; spend 80.00; contribution
 *                29.763899.. / 4 = 7.44; CAC 225 / 4 = 56.25
 * currency J (a rate only from M3-01): M2's lines have none: MISSING_FX_RATE naming currency
 *
 * compareTo PREVIOUS_PERIOD over M3..M4 (two months back): each row against the forecast over M1..M2
 *   company M1: MRR a 100 + b 200 + e 300 = 600.00, revenue 600.00; M3: MRR 300 + 400 = 700.00,
 *   revenue 300 + 490 = 790.00: change MRR 100.00 (100 / 600 = 0.1667), revenue 190.00 (0.3167),
 *   new customers 2 - 3 = -1.0000
 *   company M2: MRR 700.00, revenue 410 + 350 = 760.00; M4 892.31, 942.31: MRR 192.31
 *   (192.31 / 700 = 0.2747), revenue 182.31 (182.31 / 760 = 0.2399)
 * </pre>
 */
class ForecastWhereTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    private YearMonth m0;
    private CompanyBuilder company;

    private YearMonth m(int i) {
        return m0.plusMonths(i);
    }

    @BeforeEach
    void handWorkedCompany() {
        m0 = Api.uniqueMonth();
        for (int i = 0; i < 3; i++) {
            Api.uniqueMonth();
        }
        company = HandWorkedCompanies.forecast(graphQl, m0)
                .currency("K", m(1).atDay(1).toString(), "2.00", m(2).atDay(16).toString(), "4.00")
                .currency("J", m(3).atDay(1).toString(), "5.00")
                .budget("MK", m(4).toString(), "700.00")
                .budget("OP", m(4).toString(), "100.00")
                .close(m(1))
                .close(m(2))
                .close(m(3));
    }

    @Test
    void theFilterKeepsTheHistoryTheProjectionIsBuiltFrom() {
        assertThat(companyRows(segmentS1()))
                .containsExactly(
                        "ACTUAL 350.00 1.0000 410.00 40.00 360.00 10.00 300.00 3.0000",
                        "ACTUAL 300.00 1.0000 300.00 50.00 300.00 -50.00 300.00 3.0000",
                        "FORECAST 376.92 1.3333 396.92 47.16 320.00 29.76 225.00 3.7333");
        assertThat(companyRows(Map.of("not", segmentS1())))
                .containsExactly(
                        "ACTUAL 350.00 1.0000 350.00 60.00 200.00 90.00 200.00 2.0000",
                        "ACTUAL 400.00 1.0000 490.00 60.00 100.00 330.00 100.00 2.0000",
                        "FORECAST 527.69 1.0000 557.69 88.06 800.00 -330.36 800.00 2.3333");
        // the segment rows under the filter: S1 as itself, S2 without facts
        List<Map<String, Object>> rows = rows(segmentS1());
        Map<String, Object> s2 = rows.stream()
                .filter(r -> company.code("S2").equals(r.get("segmentCode")))
                .findFirst()
                .orElseThrow();
        assertThat(s2.get("revenue")).isEqualTo("0.00");
    }

    @Test
    void anotherCurrencyConvertsMeasuredLinesOnTheirDaysAndProjectedMonthsOnTheirFirst() {
        assertThat(companyRows(segmentS1(), company.code("K")))
                .containsExactly(
                        "ACTUAL 87.50 1.0000 102.50 20.00 180.00 -97.50 150.00 3.0000",
                        "ACTUAL 75.00 1.0000 75.00 12.50 75.00 -12.50 75.00 3.0000",
                        "FORECAST 94.23 1.3333 99.23 11.79 80.00 7.44 56.25 3.7333");
        assertThat(forecast(segmentS1(), company.code("K")).get("currency")).isEqualTo(company.code("K"));
        assertThat(forecast(null, "USD")).isEqualTo(forecast(null, null));
        graphQl.documentName("forecastWhere")
                .variable("from", m(2).atDay(1).toString())
                .variable("to", m(4).atEndOfMonth().toString())
                .variable("currency", company.code("J"))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "MISSING_FX_RATE");
                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("currency"));
                }));
    }

    @Test
    void theComparisonIsTheForecastOverTheEarlierRange() {
        List<Map<String, Object>> compared = companyOnly(compared(m(3), m(4), "PREVIOUS_PERIOD"));
        List<Map<String, Object>> earlier = companyOnly(compared(m(1), m(2), null));
        assertThat(compared).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> expected = new java.util.HashMap<>(earlier.get(i));
            expected.remove("comparison");
            expected.remove("change");
            assertThat(map(compared.get(i).get("comparison"))).isEqualTo(expected);
        }
        Map<String, Object> m3 = map(compared.get(0).get("change"));
        assertThat(List.of(
                        m3.get("mrr"),
                        m3.get("mrrPct"),
                        m3.get("revenue"),
                        m3.get("revenuePct"),
                        m3.get("newCustomers")))
                .containsExactly("100.00", "0.1667", "190.00", "0.3167", "-1.0000");
        Map<String, Object> m4 = map(compared.get(1).get("change"));
        assertThat(List.of(m4.get("mrr"), m4.get("mrrPct"), m4.get("revenue"), m4.get("revenuePct")))
                .containsExactly("192.31", "0.2747", "182.31", "0.2399");
        // PREVIOUS_YEAR: the same months a year earlier; a plan is refused naming compareTo
        assertThat(map(companyOnly(compared(m(3), m(4), "PREVIOUS_YEAR")).get(0).get("comparison"))
                        .get("periodStart"))
                .isEqualTo(m(3).minusMonths(12).atDay(1).toString());
        for (String plan : List.of("BUDGET", "FORECAST")) {
            graphQl.documentName("forecastCompared")
                    .variable("from", m(3).atDay(1).toString())
                    .variable("to", m(4).atEndOfMonth().toString())
                    .variable("compareTo", plan)
                    .execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                        assertThat(e.getExtensions()).containsEntry("code", "INVALID");
                        assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"));
                    }));
        }
    }

    private List<Map<String, Object>> compared(YearMonth from, YearMonth to, String compareTo) {
        var request = graphQl.documentName("forecastCompared")
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString());
        if (compareTo != null) {
            request = request.variable("compareTo", compareTo);
        }
        return list(
                map(request.execute().path("forecast").entity(Map.class).get()).get("rows"));
    }

    private static List<Map<String, Object>> companyOnly(List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> r.get("segmentCode") == null).toList();
    }

    /** A filtered forecast in another currency reads per statement, not per month or scope. */
    @Test
    void theStatementsDoNotGrowWithTheRange() {
        var request = graphQl.documentName("forecastWhere")
                .variable("where", Map.of("not", segmentS1()))
                .variable("currency", company.code("K"));
        queries.reset();
        request.variable("from", m(2).atDay(1).toString())
                .variable("to", m(4).atEndOfMonth().toString())
                .execute()
                .errors()
                .verify();
        int shortRange = queries.statements().size();
        queries.reset();
        request.variable("from", m(1).atDay(1).toString())
                .variable("to", m(3).plusMonths(36).atEndOfMonth().toString())
                .execute()
                .errors()
                .verify();
        assertThat(queries.statements()).hasSize(shortRange);
    }

    @Test
    void anEmptyFilterIsNoFilterAndAFilterPlusItsComplementAddUp() {
        assertThat(forecast(Map.of())).isEqualTo(forecast(null));
        List<Map<String, Object>> whole = rows(null);
        List<Map<String, Object>> part = rows(segmentS1());
        List<Map<String, Object>> rest = rows(Map.of("not", segmentS1()));
        for (int i = 0; i < whole.size(); i++) {
            if (!"ACTUAL".equals(whole.get(i).get("kind"))) {
                continue; // a projection from pooled rates is not additive
            }
            for (String figure :
                    List.of("mrr", "newCustomers", "revenue", "costOfService", "spend", "activeCustomers")) {
                assertThat(new BigDecimal((String) part.get(i).get(figure))
                                .add(new BigDecimal((String) rest.get(i).get(figure))))
                        .as(whole.get(i).get("period") + " " + whole.get(i).get("segmentCode") + " " + figure)
                        .isEqualByComparingTo((String) whole.get(i).get(figure));
            }
        }
    }

    @Test
    void anUnknownCodeIsRefusedNamingItsPlace() {
        graphQl.documentName("forecastWhere")
                .variable("from", m(2).atDay(1).toString())
                .variable("to", m(4).atEndOfMonth().toString())
                .variable("where", Map.of("not", Map.of("segmentCodes", List.of("NO-SUCH-SEGMENT"))))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(
                                e -> assertThat(e.getExtensions().get("field").toString())
                                        .contains("segmentCodes")));
    }

    private Map<String, Object> segmentS1() {
        return Map.of("segmentCodes", List.of(company.code("S1")));
    }

    private Map<String, Object> forecast(Map<String, Object> where) {
        return forecast(where, null);
    }

    private Map<String, Object> forecast(Map<String, Object> where, String currency) {
        var request = graphQl.documentName("forecastWhere")
                .variable("from", m(2).atDay(1).toString())
                .variable("to", m(4).atEndOfMonth().toString());
        if (where != null) {
            request = request.variable("where", where);
        }
        if (currency != null) {
            request = request.variable("currency", currency);
        }
        return map(request.execute().path("forecast").entity(Map.class).get());
    }

    private List<Map<String, Object>> rows(Map<String, Object> where) {
        return list(forecast(where).get("rows"));
    }

    /** The whole company's rows (of the facts the filter keeps) as "kind mrr new revenue cost spend contribution cac customers". */
    private List<String> companyRows(Map<String, Object> where) {
        return companyRows(where, null);
    }

    private List<String> companyRows(Map<String, Object> where, String currency) {
        List<String> result = new ArrayList<>();
        for (Map<String, Object> r : list(forecast(where, currency).get("rows"))) {
            if (r.get("segmentCode") == null) {
                result.add(r.get("kind") + " " + r.get("mrr") + " " + r.get("newCustomers") + " " + r.get("revenue")
                        + " " + r.get("costOfService") + " " + r.get("spend") + " " + r.get("contribution") + " "
                        + r.get("cac") + " " + r.get("activeCustomers"));
            }
        }
        return result;
    }
}
