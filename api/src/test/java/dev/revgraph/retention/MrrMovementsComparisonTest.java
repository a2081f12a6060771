package dev.revgraph.retention;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mrrMovements(compareTo:)} worked by hand (USD, segment S, months m0 to m3 of its own).
 *
 * <pre>
 * a (from m0): MRR 100, 100, 150, 150     b (from m1): 50 in m1, then churns     c (from m3): 80
 *
 *        start  new  expansion  churned  end  active  logo churn  grr     nrr     arpa
 *   m0     0    100     0         0      100    1     null        null    null    100.00
 *   m1   100     50     0         0      150    2     0/1 = 0     1.0000  1.0000   75.00
 *   m2   150      0    50        50      150    1     1/2 = 0.5   0.6667  1.0000  150.00
 *   m3   150     80     0         0      230    2     0           1.0000  1.0000  115.00
 *
 * m2..m3 against the previous period (m0..m1):
 *   m2 - m0: start +150, new -100, expansion +50, churned +50, end +50 (50 / 100 = 0.5000), active 0,
 *            logo churn, grr, nrr null (m0 has none), arpa +50.00
 *   m3 - m1: start +50, new +30, end +80 (80 / 150 = 0.5333), active 0, logo churn, grr, nrr 0,
 *            arpa +40.00
 * against the previous year: nothing a year before, so each change is the month's own figure and
 * the end MRR's fraction is null.
 * </pre>
 */
class MrrMovementsComparisonTest extends IntegrationTest {

    private YearMonth m0;
    private CompanyBuilder c;

    @BeforeEach
    void company() {
        m0 = Api.uniqueMonths(4);
        c = new CompanyBuilder(graphQl)
                .segment("S", null)
                .customer("a", "S", m0.atDay(2).toString())
                .customer("b", "S", m0.plusMonths(1).atDay(3).toString())
                .customer("c", "S", m0.plusMonths(3).atDay(4).toString())
                .revenue("a", m0.atDay(10).toString(), "100", "USD", true)
                .revenue("a", m0.plusMonths(1).atDay(10).toString(), "100", "USD", true)
                .revenue("a", m0.plusMonths(2).atDay(10).toString(), "150", "USD", true)
                .revenue("a", m0.plusMonths(3).atDay(10).toString(), "150", "USD", true)
                .revenue("b", m0.plusMonths(1).atDay(11).toString(), "50", "USD", true)
                .revenue("c", m0.plusMonths(3).atDay(12).toString(), "80", "USD", true)
                .build();
    }

    @Test
    void eachMonthComparesWithTheMonthOfThePreviousPeriod() {
        List<Map<String, Object>> rows = rows("PREVIOUS_PERIOD");
        assertThat(rows).hasSize(2);
        assertThat(figures(rows.get(0)))
                .isEqualTo(m0.plusMonths(2) + " 150.00 0.00 50.00 50.00 150.00 1 0.5000 0.6667 1.0000 150.00");
        assertThat(figures(map(rows.get(0).get("comparison"))))
                .isEqualTo(m0 + " 0.00 100.00 0.00 0.00 100.00 1 null null null 100.00");
        assertThat(map(rows.get(0).get("change")))
                .containsEntry("startMrr", "150.00")
                .containsEntry("newMrr", "-100.00")
                .containsEntry("expansion", "50.00")
                .containsEntry("contraction", "0.00")
                .containsEntry("churned", "50.00")
                .containsEntry("reactivated", "0.00")
                .containsEntry("endMrr", "50.00")
                .containsEntry("endMrrPct", "0.5000")
                .containsEntry("activeCustomers", 0)
                .containsEntry("logoChurn", null)
                .containsEntry("grr", null)
                .containsEntry("nrr", null)
                .containsEntry("arpa", "50.00");
        assertThat(figures(map(rows.get(1).get("comparison"))))
                .isEqualTo(m0.plusMonths(1) + " 100.00 50.00 0.00 0.00 150.00 2 0.0000 1.0000 1.0000 75.00");
        assertThat(map(rows.get(1).get("change")))
                .containsEntry("startMrr", "50.00")
                .containsEntry("newMrr", "30.00")
                .containsEntry("endMrr", "80.00")
                .containsEntry("endMrrPct", "0.5333")
                .containsEntry("activeCustomers", 0)
                .containsEntry("logoChurn", "0.0000")
                .containsEntry("grr", "0.0000")
                .containsEntry("nrr", "0.0000")
                .containsEntry("arpa", "40.00");
    }

    @Test
    void aMonthWithNothingAYearBeforeComparesWithZeros() {
        List<Map<String, Object>> rows = rows("PREVIOUS_YEAR");
        Map<String, Object> comparison = map(rows.get(1).get("comparison"));
        assertThat(figures(comparison))
                .isEqualTo(m0.plusMonths(3).minusYears(1) + " 0.00 0.00 0.00 0.00 0.00 0 null null null null");
        assertThat(map(rows.get(1).get("change")))
                .containsEntry("newMrr", "80.00")
                .containsEntry("endMrr", "230.00")
                .containsEntry("endMrrPct", null)
                .containsEntry("activeCustomers", 2);
        // without compareTo there is nothing to compare
        assertThat(rows(null)).allSatisfy(r -> {
            assertThat(r.get("comparison")).isNull();
            assertThat(r.get("change")).isNull();
        });
    }

    @Test
    void aPlanIsRefusedNamingCompareTo() {
        for (String plan : List.of("BUDGET", "FORECAST")) {
            request(plan)
                    .execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                        assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"));
                        assertThat(e.getMessage()).contains("PREVIOUS_PERIOD or PREVIOUS_YEAR");
                    }));
        }
    }

    private org.springframework.graphql.test.tester.GraphQlTester.Request<?> request(String compareTo) {
        return graphQl.documentName("mrrMovementsCompared")
                .variable("from", m0.plusMonths(2).atDay(1).toString())
                .variable("to", m0.plusMonths(3).atEndOfMonth().toString())
                .variable("segmentCode", c.code("S"))
                .variable("compareTo", compareTo);
    }

    private List<Map<String, Object>> rows(String compareTo) {
        return list(request(compareTo)
                .execute()
                .path("mrrMovements.rows")
                .entity(List.class)
                .get());
    }

    private static String figures(Map<String, Object> row) {
        List<String> parts = new ArrayList<>();
        for (String f : List.of(
                "month",
                "startMrr",
                "newMrr",
                "expansion",
                "churned",
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
}
