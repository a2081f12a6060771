package dev.revgraph.target;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Targets vs actual of a small company against hand-worked figures (USD; m is a month no other test
 * posts into; currency K is worth 2.00 USD from m's first day).
 *
 * <pre>
 * segments T, and TC below T (T's figures include TC's)
 * customers  c1 (T) acquired m-05, recurring 100.00 on m-05, one-off 20.00 on m-06
 *            c2 (TC) acquired m-10, recurring 50.00 on m-10
 * spend      MK (MARKETING) 300.00 USD ADVERTISING tagged T on m-03
 * actuals of T in m: new customers 2; new MRR 100 + 50 = 150.00; revenue 100 + 20 + 50 = 170.00;
 *                    CAC 300 / 2 = 150.00 (segment economics' cac of m)
 * targets of T in m: new customers 4, new MRR 100.00 USD, revenue 200.00 USD, max CAC 50.00 K = 100.00
 * figure          target   actual   attainment                   met
 * NEW_CUSTOMERS   4        2        2 / 4 = 0.5000               false
 * NEW_MRR         100.00   150.00   150 / 100 = 1.5000           true
 * REVENUE         200.00   170.00   170 / 200 = 0.8500           false
 * MAX_CAC         100.00   150.00   100 / 150 = 0.666.. -> 0.6667 false (150 > 100)
 * m+1: no target, no customer: actuals 0, 0.00, 0.00, CAC null; attainment and met null
 * </pre>
 */
class TargetsVsActualTest extends IntegrationTest {

    YearMonth m;
    String t;
    String k;

    @BeforeEach
    void handWorkedCompany() {
        m = Api.uniqueMonths(2);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .currency("K", m.atDay(1).toString(), "2.00")
                .segment("T", null)
                .segment("TC", "T")
                .department("MK", "MARKETING")
                .customer("c1", "T", m.atDay(5).toString())
                .customer("c2", "TC", m.atDay(10).toString())
                .recurring("c1", "100.00", m.atDay(5).toString())
                .revenue("c1", m.atDay(6).toString(), "20.00", "USD", false)
                .recurring("c2", "50.00", m.atDay(10).toString())
                .spend("MK", m.atDay(3).toString(), "300.00", "USD", "ADVERTISING", Tags.segment("T"))
                .build();
        t = company.code("T");
        k = company.code("K");
    }

    @Test
    void servesTargetActualAndAttainmentPerMonthAndFigure() {
        Map<String, Object> input = new HashMap<>();
        input.put("segmentCode", t);
        input.put("month", m.toString());
        input.put("newCustomers", 3);
        input.put("newMrr", "50.00");
        input.put("revenue", "100.00");
        input.put("maxCac", "50.00");
        input.put("currency", k);
        api.ok("setSegmentTargets", "segmentTarget", input);
        // setting again replaces the month's targets (money ones in K: 50.00 x 2.00, 100.00 x 2.00, 50.00 x 2.00)
        input.put("newCustomers", 4);
        Map<String, Object> stored = api.ok("setSegmentTargets", "segmentTarget", input);
        org.assertj.core.api.Assertions.assertThat(stored).containsEntry("newCustomers", 4);

        GraphQlTester.Response report = graphQl.documentName("targetsVsActual")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.plusMonths(1).atEndOfMonth().toString())
                .variable("segmentCode", t)
                .execute();
        report.path("targetsVsActual.currency").entity(String.class).isEqualTo("USD");
        report.path("targetsVsActual.rows[*].figure")
                .entityList(String.class)
                .containsExactly(
                        "NEW_CUSTOMERS",
                        "NEW_MRR",
                        "REVENUE",
                        "MAX_CAC",
                        "NEW_CUSTOMERS",
                        "NEW_MRR",
                        "REVENUE",
                        "MAX_CAC");
        column(report, "target", "4", "100.00", "200.00", "100.00", null, null, null, null);
        column(report, "actual", "2", "150.00", "170.00", "150.00", "0", "0.00", "0.00", null);
        column(report, "attainment", "0.5000", "1.5000", "0.8500", "0.6667", null, null, null, null);
        report.path("targetsVsActual.rows[*].met")
                .entityList(Object.class)
                .containsExactly(false, true, false, false, null, null, null, null);

        // the CAC actual is segment economics' cac of the month
        graphQl.documentName("segmentEconomics")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("segmentCode", t)
                .execute()
                .path("segmentEconomics.rows[0].cac")
                .entity(String.class)
                .isEqualTo("150.00");
    }

    @Test
    void refusesBadTargetsNamingTheField() {
        Map<String, Object> input = new HashMap<>();
        input.put("segmentCode", t);
        input.put("month", m.toString());
        input.put("newCustomers", -1);
        input.put("currency", "USD");
        expectError(input, "INVALID", "input.newCustomers");
        input.put("newCustomers", 1);
        input.put("maxCac", "-5.00");
        expectError(input, "INVALID", "input.maxCac");
        input.put("maxCac", "5.00");
        input.put("segmentCode", t + "-none");
        expectError(input, "NOT_FOUND", "input.segmentCode");
        graphQl.documentName("targetsVsActual")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("segmentCode", t)
                .execute()
                .path("targetsVsActual.rows[0].target")
                .valueIsNull();
    }

    private void expectError(Map<String, Object> input, String code, String field) {
        api.mutate("setSegmentTargets", input)
                .path("setSegmentTargets.segmentTarget")
                .valueIsNull()
                .path("setSegmentTargets.errors[0].code")
                .entity(String.class)
                .isEqualTo(code)
                .path("setSegmentTargets.errors[0].field")
                .entityList(String.class)
                .containsExactly(field.split("\\."));
    }

    private static void column(GraphQlTester.Response report, String field, String... values) {
        report.path("targetsVsActual.rows[*]." + field)
                .entityList(Object.class)
                .containsExactly(Arrays.stream(values).map(v -> (Object) v).toArray());
    }
}
