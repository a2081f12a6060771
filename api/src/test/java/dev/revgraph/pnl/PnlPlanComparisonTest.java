package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The P&L against the plan: {@code compareTo: BUDGET} and {@code FORECAST} (docs/metrics.md,
 * "planFigures" and "planChange"), against figures worked by hand. USD throughout.
 *
 * <pre>
 * BUDGET: month B (and B+1, empty); segments T > T1, and T2; departments MK (MARKETING), OP (OPERATIONS)
 *   customer k T1 acquired B-05, recurring 1000.00
 *   spend: MK 300.00 ADVERTISING tagged T1; MK 50.00 TOOLS untagged; OP 100.00 COST_OF_SERVICE tagged T2
 *   P&L of B: revenue 1000, COGS 100, opex 350, gross 900, operating profit 550; spend 100 + 350 = 450
 *   draft version V: MK 400.00 across categories + MK 100.00 ADVERTISING; OP 80.00 COST_OF_SERVICE;
 *                    segment lines T1 250.00, T 120.00 (T2 none)
 *
 *   row            actual spend   plan spend              spend change          spend change %
 *   company B      450            400 + 100 + 80 = 580    450 - 580 = -130.00   -130 / 580 = -0.224137.. -> -0.2241
 *   company B+1    0              no line: null           null                  null
 *   MK             350            400 + 100 = 500         -150.00               -150 / 500 = -0.3000
 *   OP             100            80                      20.00                 20 / 80 = 0.2500
 *   dept (unassigned) 0 (revenue) no line: null           null                  null
 *   T1             300            250                     50.00                 50 / 250 = 0.2000
 *   T              0 (no facts)   120 (its own row)       -120.00               -1.0000
 *   T2             100            no line: null           null                  null
 *   filter T (T + T1 subtree) 300 120 + 250 = 370         -70.00                -70 / 370 = -0.189189.. -> -0.1892
 *   filter OP      100            80                      20.00                 0.2500
 *   grouped by PRODUCT: no plan on any row
 *
 * FORECAST: ForecastTest's company (months M0..M6, M1..M3 closed, M4.. projected; segments P > S1, S2);
 *   its hand-worked forecast (docs/metrics.md, "The worked forecast"):
 *   company M4: revenue 942.31, COGS 131.48, spend (the budget) 800.00, contribution 10.82, CAC 328.27,
 *               new 7/3 = 2.3333; plan spend 131.48 + 800.00 = 931.48; gross 942.31 - 131.48 = 810.83
 *   S1 M4:      revenue 396.92, COGS 47.16, spend 320.00, contribution 29.76, CAC 225.00, new 1.3333;
 *               gross 396.92 - 47.16 = 349.76, margin 349.76 / 396.92 = 0.881185.. -> 0.8812
 *   the P&L of M4 (open, no facts): zeros, so change = -plan: company revenue -942.31, spend -931.48,
 *               new 0 - 2.3333 = -2.3333, operating profit 0 - 10.82 = -10.82 (-1.0000)
 *   company M3 (closed: ACTUAL): revenue a 120 + c 100 + d 80 + e 330 + 90 + g 70 = 790.00, COGS 50 + 60
 *               = 110.00, opex MK 300 + 100 = 400.00, contribution 280.00, new d, g = 2, CAC 400 / 2 = 200.00:
 *               the P&L's own figures, every change 0.00
 *   grouped by SEGMENT, M3: S1 (no segment below) revenue 300.00, COGS 50.00, opex 300.00: ACTUAL, change 0;
 *               P has no row (no facts of its own)
 *   scenario S1 new customers +20% M4..M6: S1 M4 new 1.6000, MRR 216.923076.. + 1.6 x 120 = 408.923076..,
 *               revenue + one-off 20 = 428.92, CAC 300 / 1.6 = 187.50
 * </pre>
 */
class PnlPlanComparisonTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Test
    void comparesWithTheBudgetVersionsLinesOfEachRowsSlice() {
        YearMonth b = Api.uniqueMonth();
        String day = b.atDay(5).toString();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("T", null)
                .segment("T1", "T")
                .segment("T2", null)
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS")
                .customer("k", "T1", day)
                .recurring("k", "1000.00", b.atDay(20).toString())
                .spend("MK", day, "300.00", "USD", "ADVERTISING", Tags.segment("T1"))
                .spend("MK", day, "50.00", "USD", "TOOLS", Tags.NONE)
                .spend("OP", day, "100.00", "USD", "COST_OF_SERVICE", Tags.segment("T2"))
                .build();
        String mk = company.code("MK");
        String op = company.code("OP");
        String t = company.code("T");
        String t1 = company.code("T1");
        String t2 = company.code("T2");
        String version = unique("Plan");
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", version));
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        version,
                        "departmentLines",
                        List.of(
                                line(mk, b, null, "400.00"),
                                line(mk, b, "ADVERTISING", "100.00"),
                                line(op, b, "COST_OF_SERVICE", "80.00")),
                        "segmentLines",
                        List.of(segmentLine(t1, b, "250.00"), segmentLine(t, b, "120.00"))));

        // the company: every department line of the version
        List<Map<String, Object>> rows = plan(b, b.plusMonths(1), List.of(), null, null, "BUDGET", version, null);
        assertThat(rows).hasSize(2);
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("operatingExpenses", "350.00").containsEntry("costOfService", "100.00");
        assertThat(first.get("comparison")).isNull();
        assertThat(first.get("change")).isNull();
        assertThat(plan(first))
                .containsEntry("source", "BUDGET")
                .containsEntry("budgetVersion", version)
                .containsEntry("spend", "580.00")
                // a budget defines spend only: the rest is null, not zero
                .containsEntry("revenue", null)
                .containsEntry("costOfService", null)
                .containsEntry("operatingExpenses", null)
                .containsEntry("operatingProfit", null)
                .containsEntry("newCustomers", null)
                .containsEntry("kind", null);
        assertThat(change(first))
                .containsEntry("spend", "-130.00")
                .containsEntry("spendPct", "-0.2241")
                .containsEntry("revenue", null)
                .containsEntry("operatingProfit", null)
                .containsEntry("newCustomers", null);
        // B+1: the version has no line, so no planned spend (null, never zero)
        assertThat(plan(rows.get(1))).containsEntry("spend", null).containsEntry("budgetVersion", version);
        assertThat(change(rows.get(1))).containsEntry("spend", null).containsEntry("spendPct", null);

        // by department: each department's lines, as its `budget` column
        Map<String, Map<String, Object>> byDepartment =
                byKey(plan(b, b, List.of("DEPARTMENT"), null, null, "BUDGET", version, null), "departmentCode");
        assertThat(plan(byDepartment.get(mk))).containsEntry("spend", "500.00");
        assertThat(byDepartment.get(mk)).containsEntry("budget", "500.00").containsEntry("budgetVariance", "-150.00");
        assertThat(change(byDepartment.get(mk)))
                .containsEntry("spend", "-150.00")
                .containsEntry("spendPct", "-0.3000");
        assertThat(plan(byDepartment.get(op))).containsEntry("spend", "80.00");
        assertThat(change(byDepartment.get(op))).containsEntry("spend", "20.00").containsEntry("spendPct", "0.2500");
        // revenue has no department: its row has no budget line
        assertThat(plan(byDepartment.get("(unassigned)"))).containsEntry("spend", null);

        // by segment: each segment's own lines (a P&L segment row holds its own facts, not its subtree's)
        Map<String, Map<String, Object>> bySegment =
                byKey(plan(b, b, List.of("SEGMENT"), null, null, "BUDGET", version, null), "segmentCode");
        assertThat(plan(bySegment.get(t1))).containsEntry("spend", "250.00");
        assertThat(change(bySegment.get(t1))).containsEntry("spend", "50.00").containsEntry("spendPct", "0.2000");
        // T has a budget and no facts: it gets its row
        assertThat(bySegment.get(t)).containsEntry("revenue", "0.00");
        assertThat(change(bySegment.get(t))).containsEntry("spend", "-120.00").containsEntry("spendPct", "-1.0000");
        assertThat(plan(bySegment.get(t2))).containsEntry("spend", null);
        assertThat(plan(bySegment.get("(unassigned)"))).containsEntry("spend", null);

        // a segment filter: the lines of every segment of its subtrees, one row
        Map<String, Object> subtree = plan(
                        b, b, List.of(), Map.of("segmentCodes", List.of(t)), null, "BUDGET", version, null)
                .get(0);
        assertThat(plan(subtree)).containsEntry("spend", "370.00");
        assertThat(change(subtree)).containsEntry("spend", "-70.00").containsEntry("spendPct", "-0.1892");
        // the same through `where`
        Map<String, Object> where = plan(
                        b, b, List.of(), null, Map.of("segmentCodes", List.of(t)), "BUDGET", version, null)
                .get(0);
        assertThat(plan(where)).containsEntry("spend", "370.00");
        // a department filter: those departments' lines
        Map<String, Object> department = plan(
                        b, b, List.of(), Map.of("departmentCodes", List.of(op)), null, "BUDGET", version, null)
                .get(0);
        assertThat(change(department)).containsEntry("spend", "20.00");

        // the statements do not grow with the rows: one month or two, the same statements (neither
        // request was sent before, so both are computed, not answered from the result cache)
        queries.reset();
        plan(b.plusMonths(1), b.plusMonths(1), List.of("SEGMENT"), null, null, "BUDGET", version, null);
        int oneMonth = queries.statements().size();
        queries.reset();
        plan(b, b.plusMonths(1), List.of("SEGMENT"), null, null, "BUDGET", version, null);
        assertThat(queries.statements()).hasSize(oneMonth);

        // a slicing a budget does not cover: no plan on any row
        assertThat(plan(b, b, List.of("PRODUCT"), null, null, "BUDGET", version, null))
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("plan")).isNull())
                .allSatisfy(row -> assertThat(row.get("planChange")).isNull());

        // without budgetVersion: the latest approved version, which has no line in B
        String latest = graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.isLatestApproved == true)].name")
                .entityList(String.class)
                .get()
                .get(0);
        assertThat(plan(plan(b, b, List.of(), null, null, "BUDGET", null, null).get(0)))
                .containsEntry("budgetVersion", latest)
                .containsEntry("spend", null);
    }

    @Test
    void comparesWithTheForecastActualInClosedMonthsProjectedAfter() {
        YearMonth m0 = Api.uniqueMonth();
        for (int i = 0; i < 3; i++) {
            Api.uniqueMonth();
        }
        CompanyBuilder company = forecastCompany(m0);
        YearMonth m3 = m0.plusMonths(3);
        YearMonth m4 = m0.plusMonths(4);
        String s1 = company.code("S1");

        // the whole company: M3 closed (the measured figures), M4 projected
        List<Map<String, Object>> rows = plan(m3, m4, List.of(), null, null, "FORECAST", null, null);
        assertThat(rows).hasSize(2);
        Map<String, Object> closed = rows.get(0);
        assertThat(closed)
                .containsEntry("revenue", "790.00")
                .containsEntry("costOfService", "110.00")
                .containsEntry("operatingExpenses", "400.00")
                .containsEntry("newCustomers", 2);
        assertThat(plan(closed))
                .containsEntry("source", "FORECAST")
                .containsEntry("kind", "ACTUAL")
                .containsEntry("scenario", null)
                .containsEntry("budgetVersion", null)
                .containsEntry("revenue", "790.00")
                .containsEntry("costOfService", "110.00")
                .containsEntry("operatingExpenses", "400.00")
                .containsEntry("spend", "510.00")
                .containsEntry("operatingProfit", "280.00")
                .containsEntry("newCustomers", "2.0000")
                .containsEntry("blendedCac", "200.00");
        assertThat(change(closed))
                .containsEntry("revenue", "0.00")
                .containsEntry("spend", "0.00")
                .containsEntry("operatingProfit", "0.00")
                .containsEntry("newCustomers", "0.0000");
        Map<String, Object> projected = rows.get(1);
        assertThat(plan(projected))
                .containsEntry("kind", "FORECAST")
                .containsEntry("revenue", "942.31")
                .containsEntry("costOfService", "131.48")
                .containsEntry("grossProfit", "810.83")
                .containsEntry("operatingExpenses", "800.00")
                .containsEntry("spend", "931.48")
                .containsEntry("operatingProfit", "10.82")
                .containsEntry("newCustomers", "2.3333")
                .containsEntry("blendedCac", "328.27");
        assertThat(change(projected))
                .containsEntry("revenue", "-942.31")
                .containsEntry("revenuePct", "-1.0000")
                .containsEntry("spend", "-931.48")
                .containsEntry("operatingProfit", "-10.82")
                .containsEntry("operatingProfitPct", "-1.0000")
                .containsEntry("newCustomers", "-2.3333");

        // one segment (filter): its own forecast row, rolled up over its subtree
        Map<String, Object> segment = plan(
                        m4, m4, List.of(), Map.of("segmentCodes", List.of(s1)), null, "FORECAST", null, null)
                .get(0);
        assertThat(plan(segment))
                .containsEntry("revenue", "396.92")
                .containsEntry("costOfService", "47.16")
                .containsEntry("grossProfit", "349.76")
                .containsEntry("grossMargin", "0.8812")
                .containsEntry("operatingExpenses", "320.00")
                .containsEntry("operatingProfit", "29.76")
                .containsEntry("newCustomers", "1.3333")
                .containsEntry("blendedCac", "225.00");

        // grouped by segment, M3: S1 has no segment below it, so its row and its forecast cover the same facts
        Map<String, Map<String, Object>> bySegment =
                byKey(plan(m3, m3, List.of("SEGMENT"), null, null, "FORECAST", null, null), "segmentCode");
        assertThat(bySegment).containsOnlyKeys(s1, company.code("S2"));
        assertThat(bySegment.get(s1)).containsEntry("revenue", "300.00").containsEntry("operatingExpenses", "300.00");
        assertThat(plan(bySegment.get(s1)))
                .containsEntry("kind", "ACTUAL")
                .containsEntry("revenue", "300.00")
                .containsEntry("costOfService", "50.00")
                .containsEntry("operatingExpenses", "300.00");
        assertThat(change(bySegment.get(s1))).containsEntry("operatingProfit", "0.00");

        // a scenario: S1's new customers +20% in M4..M6
        String scenario = unique("plan-up");
        api.scenario(
                scenario,
                "S1 +20% new customers",
                List.of(Api.override(s1, "NEW_CUSTOMERS", m4, m0.plusMonths(6), "0.2", "RELATIVE")));
        Map<String, Object> withScenario = plan(
                        m4, m4, List.of(), Map.of("segmentCodes", List.of(s1)), null, "FORECAST", null, scenario)
                .get(0);
        assertThat(plan(withScenario))
                .containsEntry("scenario", scenario)
                .containsEntry("newCustomers", "1.6000")
                .containsEntry("revenue", "428.92")
                .containsEntry("blendedCac", "187.50");

        // the statements do not grow with the rows (projected months read the budget once more than
        // measured ones, so both ranges are projected)
        queries.reset();
        plan(m4, m4, List.of("SEGMENT"), null, null, "FORECAST", null, null);
        int oneMonth = queries.statements().size();
        queries.reset();
        plan(m4, m0.plusMonths(5), List.of("SEGMENT"), null, null, "FORECAST", null, null);
        assertThat(queries.statements()).hasSize(oneMonth);

        // a slicing the forecast does not cover: none
        assertThat(plan(m3, m3, List.of("DEPARTMENT"), null, null, "FORECAST", null, null))
                .allSatisfy(row -> assertThat(row.get("plan")).isNull());
    }

    @Test
    void badInputIsATypedErrorNamingTheField() {
        YearMonth b = Api.uniqueMonth();
        expectError(request(b, List.of(), null, null, "BUDGET", null, "any"), "INVALID", "scenario");
        expectError(request(b, List.of(), null, null, "FORECAST", null, unique("none")), "NOT_FOUND", "scenario");
        expectError(
                request(b, List.of(), null, null, "BUDGET", unique("no such version"), null),
                "NOT_FOUND",
                "budgetVersion");
        expectError(
                request(b, List.of(), null, null, "FORECAST", null, null).variable("currency", "EUR"),
                null,
                "currency");
        expectError(
                graphQl.documentName("segmentEconomicsCompared")
                        .variable("from", b.atDay(1).toString())
                        .variable("to", b.atEndOfMonth().toString())
                        .variable("compareTo", "BUDGET"),
                "INVALID",
                "compareTo");
        expectError(
                graphQl.documentName("segmentEconomicsCompared")
                        .variable("from", b.atDay(1).toString())
                        .variable("to", b.atEndOfMonth().toString())
                        .variable("compareTo", "FORECAST"),
                "INVALID",
                "compareTo");
    }

    // ---- the forecast company of ForecastTest

    private CompanyBuilder forecastCompany(YearMonth m0) {
        return HandWorkedCompanies.forecast(graphQl, m0)
                .budget("MK", m0.plusMonths(4).toString(), "700.00")
                .budget("OP", m0.plusMonths(4).toString(), "100.00")
                .budget("OP", m0.plusMonths(4).toString(), "COST_OF_SERVICE", "40.00", "USD")
                .close(m0.plusMonths(1))
                .close(m0.plusMonths(2))
                .close(m0.plusMonths(3));
    }

    // ---- helpers

    private GraphQlTester.Request<?> request(
            YearMonth month,
            List<String> groupBy,
            Map<String, Object> filter,
            Map<String, Object> where,
            String compareTo,
            String budgetVersion,
            String scenario) {
        return request(month, month, groupBy, filter, where, compareTo, budgetVersion, scenario);
    }

    private GraphQlTester.Request<?> request(
            YearMonth from,
            YearMonth to,
            List<String> groupBy,
            Map<String, Object> filter,
            Map<String, Object> where,
            String compareTo,
            String budgetVersion,
            String scenario) {
        return graphQl.documentName("pnlPlan")
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString())
                .variable("groupBy", groupBy)
                .variable("filter", filter)
                .variable("where", where)
                .variable("compareTo", compareTo)
                .variable("budgetVersion", budgetVersion)
                .variable("scenario", scenario);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Map<String, Object>> plan(
            YearMonth from,
            YearMonth to,
            List<String> groupBy,
            Map<String, Object> filter,
            Map<String, Object> where,
            String compareTo,
            String budgetVersion,
            String scenario) {
        return (List) request(from, to, groupBy, filter, where, compareTo, budgetVersion, scenario)
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Map.class)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plan(Map<String, Object> row) {
        assertThat(row.get("plan")).as("plan of %s", row).isNotNull();
        return (Map<String, Object>) row.get("plan");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> change(Map<String, Object> row) {
        assertThat(row.get("planChange")).as("planChange of %s", row).isNotNull();
        return (Map<String, Object>) row.get("planChange");
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows, String field) {
        Map<String, Map<String, Object>> result = new HashMap<>();
        rows.forEach(row -> result.put(Objects.toString(row.get(field)), row));
        return result;
    }

    private static void expectError(GraphQlTester.Request<?> request, String code, String field) {
        request.execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    if (code != null) {
                        assertThat(e.getExtensions()).containsEntry("code", code);
                    }
                    assertThat(e.getExtensions()).containsEntry("field", List.of(field));
                }));
    }

    private static Map<String, Object> line(String department, YearMonth month, String category, String amount) {
        Map<String, Object> line = new HashMap<>();
        line.put("departmentCode", department);
        line.put("month", month.toString());
        line.put("category", category);
        line.put("amount", amount);
        line.put("currency", "USD");
        return line;
    }

    private static Map<String, Object> segmentLine(String segment, YearMonth month, String amount) {
        return Map.of("segmentCode", segment, "month", month.toString(), "amount", amount, "currency", "USD");
    }
}
