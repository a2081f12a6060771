package dev.revgraph.budget;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code budgetVsActual(where:, currency:)} on a company worked by hand (reporting currency USD).
 *
 * <pre>
 * month m of its own; currency K: 2.00 from m-01, 4.00 from m-16
 * departments MKT (MARKETING), OPS (OPERATIONS); campaign K1 (MKT, channel PD, segment S1)
 * budgets m:  MKT (all categories) 1000.00 USD            OPS 400.00 K (x 2.00 on m-01 = 800.00 USD)
 * spend m:    MKT day 10  300.00 USD ADVERTISING, campaign K1 (so segment S1)
 *             MKT day 20  100.00 K   TOOLS, own segment S2 (x 4.00 = 400.00 USD)
 *             OPS day 5    50.00 USD OTHER, no slice
 *
 *                          MKT budget / actual / variance / pct     OPS budget / actual / variance / pct
 * no filter, USD           1000.00  700.00  -300.00 -0.3000         800.00  50.00 -750.00 -0.9375
 * where segment S1            0.00  300.00   300.00  null             0.00   0.00    0.00  null
 *   (a budget line has no segment: kept only when the unassigned segment is selected)
 * where segment S2            0.00  400.00   400.00  null             0.00   0.00    0.00  null
 * where unassigned SEGMENT 1000.00    0.00 -1000.00 -1.0000         800.00  50.00 -750.00 -0.9375
 * where department MKT     1000.00  700.00  -300.00 -0.3000           0.00   0.00    0.00  null
 * currency K               1000 / 2.00 = 500.00                     400.00 (400 x 2.00 / 2.00)
 *                          actual 300 / 2.00 + 100 x 4.00 / 4.00    50 / 2.00 = 25.00
 *                            = 150.00 + 100.00 = 250.00
 *                          500.00 250.00 -250.00 -0.5000            400.00 25.00 -375.00 -0.9375
 *   total K                900.00 275.00 -625.00, -625 / 900 = -0.69444 -> -0.6944
 * currency K, segment S1      0.00  150.00   150.00  null
 * </pre>
 */
class BudgetVsActualWhereTest extends IntegrationTest {

    private YearMonth m;
    private CompanyBuilder c;

    @BeforeEach
    void company() {
        m = Api.uniqueMonths(1);
        c = new CompanyBuilder(graphQl)
                .department("MKT", "MARKETING")
                .department("OPS", "OPERATIONS")
                .channel("PD", true)
                .segment("S1", null)
                .segment("S2", null)
                .currency("K", m.atDay(1).toString(), "2.00", m.atDay(16).toString(), "4.00")
                .campaign("K1", "MKT", "PD", m.atDay(1).toString(), Tags.segment("S1"), "ACQUISITION")
                .budget("MKT", m.toString(), null, "1000.00", "USD")
                .budget("OPS", m.toString(), null, "400.00", "K")
                .spend("MKT", m.atDay(10).toString(), "300.00", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MKT", m.atDay(20).toString(), "100.00", "K", "TOOLS", Tags.segment("S2"))
                .spend("OPS", m.atDay(5).toString(), "50.00", "USD", "OTHER", Tags.NONE)
                .build();
    }

    @Test
    void theFilterKeepsTheFactsWorkedByHand() {
        assertThat(rows(null, null))
                .containsExactly("MKT 1000.00 700.00 -300.00 -0.3000", "OPS 800.00 50.00 -750.00 -0.9375");
        assertThat(rows(segments("S1"), null))
                .containsExactly("MKT 0.00 300.00 300.00 null", "OPS 0.00 0.00 0.00 null");
        assertThat(rows(segments("S2"), null))
                .containsExactly("MKT 0.00 400.00 400.00 null", "OPS 0.00 0.00 0.00 null");
        assertThat(rows(Map.of("unassigned", List.of("SEGMENT")), null))
                .containsExactly("MKT 1000.00 0.00 -1000.00 -1.0000", "OPS 800.00 50.00 -750.00 -0.9375");
        assertThat(rows(Map.of("departmentCodes", List.of(c.code("MKT"))), null))
                .containsExactly("MKT 1000.00 700.00 -300.00 -0.3000", "OPS 0.00 0.00 0.00 null");
    }

    @Test
    void anotherCurrencyConvertsEveryLineOnItsOwnDay() {
        Map<String, Object> report = report(null, c.code("K"));
        assertThat(report.get("currency")).isEqualTo(c.code("K"));
        assertThat(rows(null, c.code("K")))
                .containsExactly("MKT 500.00 250.00 -250.00 -0.5000", "OPS 400.00 25.00 -375.00 -0.9375");
        assertThat(report.get("total"))
                .isEqualTo(Map.of(
                        "budget", "900.00", "actual", "275.00", "variance", "-625.00", "variancePct", "-0.6944"));
        assertThat(rows(segments("S1"), c.code("K")))
                .containsExactly("MKT 0.00 150.00 150.00 null", "OPS 0.00 0.00 0.00 null");
        // the reporting currency named is the report without a currency
        assertThat(report(null, "USD")).isEqualTo(report(null, null));
    }

    /** Every actual cell is the total of the spend lines of its department under the same filter. */
    @Test
    void everyActualCellIsTheTotalOfItsLines() {
        for (Map<String, Object> where : List.<Map<String, Object>>of(
                segments("S1"), segments("S2"), Map.of("unassigned", List.of("SEGMENT")))) {
            for (Map<String, Object> row : list(report(where, null).get("rows"))) {
                String lines = graphQl.documentName("linesWhere")
                        .variable("from", m.atDay(1).toString())
                        .variable("to", m.atEndOfMonth().toString())
                        .variable(
                                "where",
                                Map.of(
                                        "and",
                                        List.of(where, Map.of("departmentCodes", List.of(row.get("departmentCode"))))))
                        .execute()
                        .path("spendLines.total.amount")
                        .entity(String.class)
                        .get();
                assertThat(lines).as(where + " " + row.get("departmentCode")).isEqualTo(row.get("actual"));
            }
        }
    }

    /**
     * An empty filter is no filter; a filter, and the filters of every segment and of the unassigned
     * segment, add up to the unfiltered budget and actual of every cell and of the total.
     */
    @Test
    void filtersAddUpToTheWhole() {
        Map<String, Object> whole = report(null, null);
        assertThat(report(Map.of(), null)).isEqualTo(whole);
        List<Map<String, Object>> parts = List.of(
                report(segments("S1"), null),
                report(segments("S2"), null),
                report(Map.of("unassigned", List.of("SEGMENT")), null));
        for (String figure : List.of("budget", "actual")) {
            Map<String, BigDecimal> sums = new HashMap<>();
            BigDecimal total = BigDecimal.ZERO;
            for (Map<String, Object> part : parts) {
                for (Map<String, Object> row : list(part.get("rows"))) {
                    sums.merge(
                            (String) row.get("departmentCode"),
                            new BigDecimal((String) row.get(figure)),
                            BigDecimal::add);
                }
                total = total.add(new BigDecimal((String) ((Map<?, ?>) part.get("total")).get(figure)));
            }
            for (Map<String, Object> row : list(whole.get("rows"))) {
                assertThat(sums.get(row.get("departmentCode")))
                        .as(figure + " " + row.get("departmentCode"))
                        .isEqualByComparingTo((String) row.get(figure));
            }
            assertThat(total).as(figure).isEqualByComparingTo((String) ((Map<?, ?>) whole.get("total")).get(figure));
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheirField() {
        graphQl.documentName("budgetVsActualWhere")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("currency", "QQQ")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(
                                e -> assertThat(e.getExtensions().get("field")).isEqualTo(List.of("currency"))));
        graphQl.documentName("budgetVsActualWhere")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("where", Map.of("segmentCodes", List.of("NO-SUCH-SEGMENT")))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getMessage()).contains("NO-SUCH-SEGMENT");
                    assertThat(e.getExtensions().get("field").toString()).contains("segmentCodes");
                }));
    }

    private Map<String, Object> segments(String... names) {
        List<String> codes = new ArrayList<>();
        for (String n : names) {
            codes.add(c.code(n));
        }
        return Map.of("segmentCodes", codes);
    }

    private Map<String, Object> report(Map<String, Object> where, String currency) {
        var request = graphQl.documentName("budgetVsActualWhere")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(c.code("MKT"), c.code("OPS")));
        if (where != null) {
            request = request.variable("where", where);
        }
        if (currency != null) {
            request = request.variable("currency", currency);
        }
        return map(request.execute().path("budgetVsActual").entity(Map.class).get());
    }

    /** Each row as "department budget actual variance variancePct", the department by its name here. */
    private List<String> rows(Map<String, Object> where, String currency) {
        List<String> result = new ArrayList<>();
        for (Map<String, Object> row : list(report(where, currency).get("rows"))) {
            String name = row.get("departmentCode").equals(c.code("MKT")) ? "MKT" : "OPS";
            result.add(name + " " + row.get("budget") + " " + row.get("actual") + " " + row.get("variance") + " "
                    + row.get("variancePct"));
        }
        return result;
    }
}
