package dev.revgraph.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import dev.revgraph.support.Sql;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The allocation engine against a company worked by hand (reporting currency USD; K converts at
 * 1.25 from the start). Months M1 and M2 are the test's own ({@link Api#uniqueMonth}).
 *
 * <pre>
 * departments GEN (GENERAL), OPS (OPERATIONS), MKT (MARKETING); segments V (with V1 below it), W;
 * products P, Q; regions N, S
 * customers   c1 V1/N acquired M1-05, c2 W/S M1-10, c3 W/N M1-20 (none acquired in M2)
 * headcount   M1: OPS 2, MKT 1     M2: OPS 1.5, MKT 1.5
 * spend       M1: GEN SALARIES 1000.00 USD, GEN OVERHEAD 80.01 K (= 100.0125), GEN ADVERTISING 100.00,
 *                 GEN TOOLS 90.00, OPS TOOLS 200.00, MKT ADVERTISING 300.00 tagged V1, MKT EVENTS 100.00 tagged W
 *             M2: GEN SALARIES 1000.00, GEN OVERHEAD 40.00, GEN ADVERTISING 50.00, GEN TOOLS 10.00 K (= 12.50),
 *                 OPS TOOLS 100.00, MKT ADVERTISING 10.00 tagged W
 * revenue     M1: c1 100.00 USD (V), c2 40.00 K (= 50.00, W)
 *             M2: c1 30.00 (V), c2 10.00 K (= 12.50, W), c3 57.51 (W)  -> V 30.00, W 70.01
 *
 * rules (two pools: GEN by categories, OPS whole)
 *   HC   GEN SALARIES    -> departments MKT, OPS  HEADCOUNT      from M1           step 1
 *   FIX  GEN OVERHEAD    -> products P 0.6, Q 0.4 FIXED          M1 only (ended)   step 1
 *   NEW  GEN ADVERTISING -> regions N, S          NEW_CUSTOMERS  from M1           step 1
 *   DS   GEN TOOLS       -> segments V, W         DIRECT_SPEND   from M1           step 1
 *   REV  OPS (all)       -> segments V, W         REVENUE        from M1           step 2 (HC lands on OPS)
 *
 * largest remainder: quota = pool x driver / total; floor to cents; the cents left to the pool
 * rounded to cents go to the largest remainders
 * M1 HC   pool 1000.00  MKT 1/3 = 333.333 -> 333.33, OPS 2/3 = 666.666 -> 666.66 (+0.01: larger rest) 666.67
 *    FIX  pool 100.0125 -> 100.01  P 0.6 = 60.0075 -> 60.00 (+0.01) 60.01, Q 0.4 = 40.005 -> 40.00
 *    NEW  pool 100.00   N 2 of 3 = 66.666 -> 66.66 (+0.01) 66.67, S 1 of 3 = 33.333 -> 33.33
 *    DS   pool 90.00    V 300 of 400 = 67.50, W 100 of 400 = 22.50
 *    REV  pool 200.00 + 666.67 = 866.67   V 100 of 150 = 577.78, W 50 of 150 = 288.89
 * M2 HC   pool 1000.00  MKT 1.5 of 3 = 500.00, OPS 500.00
 *    FIX  ended: no row (GEN keeps its 40.00 overhead)
 *    NEW  pool 50.00    no new customers: driver total 0, nothing allocated, 50.00 unallocated in GEN
 *    DS   pool 12.50    V 0 of 10, W 10 of 10 = 12.50
 *    REV  pool 100.00 + 500.00 = 600.00  V 30 of 100.01 = 179.982001 -> 179.98,
 *                                        W 70.01 of 100.01 = 420.017998 -> 420.01 (+0.01) 420.02
 * </pre>
 */
@SuppressWarnings("unchecked")
class AllocationsTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Autowired
    Environment environment;

    YearMonth m1;
    YearMonth m2;
    CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        m1 = Api.uniqueMonth(); // reserves m1 and m2
        m2 = m1.plusMonths(1);
        String d1 = m1.atDay(1).toString();
        company = new CompanyBuilder(graphQl)
                .currency("K", d1, "1.25")
                .department("GEN", "GENERAL")
                .department("OPS", "OPERATIONS")
                .department("MKT", "MARKETING")
                .segment("V", null)
                .segment("V1", "V")
                .segment("W", null)
                .product("P")
                .product("Q")
                .region("N", null)
                .region("S", null)
                .customer("c1", "V1", "N", day(m1, 5), null)
                .customer("c2", "W", "S", day(m1, 10), null)
                .customer("c3", "W", "N", day(m1, 20), null)
                .headcount("OPS", m1.toString(), "2")
                .headcount("MKT", m1.toString(), "1")
                .headcount("OPS", m2.toString(), "1.5")
                .headcount("MKT", m2.toString(), "1.5")
                .spend("GEN", day(m1, 2), "1000.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(m1, 3), "80.01", "K", "OVERHEAD", Tags.NONE)
                .spend("GEN", day(m1, 4), "100.00", "USD", "ADVERTISING", Tags.NONE)
                .spend("GEN", day(m1, 5), "90.00", "USD", "TOOLS", Tags.NONE)
                .spend("OPS", day(m1, 6), "200.00", "USD", "TOOLS", Tags.NONE)
                .spend("MKT", day(m1, 7), "300.00", "USD", "ADVERTISING", Tags.segment("V1"))
                .spend("MKT", day(m1, 8), "100.00", "USD", "EVENTS", Tags.segment("W"))
                .spend("GEN", day(m2, 2), "1000.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(m2, 3), "40.00", "USD", "OVERHEAD", Tags.NONE)
                .spend("GEN", day(m2, 4), "50.00", "USD", "ADVERTISING", Tags.NONE)
                .spend("GEN", day(m2, 5), "10.00", "K", "TOOLS", Tags.NONE)
                .spend("OPS", day(m2, 6), "100.00", "USD", "TOOLS", Tags.NONE)
                .spend("MKT", day(m2, 7), "10.00", "USD", "ADVERTISING", Tags.segment("W"))
                .revenue("c1", day(m1, 15), "100.00", "USD", true)
                .revenue("c2", day(m1, 15), "40.00", "K", true)
                .revenue("c1", day(m2, 15), "30.00", "USD", true)
                .revenue("c2", day(m2, 15), "10.00", "K", true)
                .revenue("c3", day(m2, 15), "57.51", "USD", true)
                .build();
        company.allocationRule(
                "HC", "GEN", List.of("SALARIES"), "DEPARTMENT", "HEADCOUNT", m1, null, "MKT", null, "OPS", null);
        company.allocationRule("FIX", "GEN", List.of("OVERHEAD"), "PRODUCT", "FIXED", m1, null, "P", "0.6", "Q", "0.4");
        company.allocationRule(
                "NEW", "GEN", List.of("ADVERTISING"), "REGION", "NEW_CUSTOMERS", m1, null, "N", null, "S", null);
        company.allocationRule(
                "DS", "GEN", List.of("TOOLS"), "SEGMENT", "DIRECT_SPEND", m1, null, "V", null, "W", null);
        company.allocationRule("REV", "OPS", null, "SEGMENT", "REVENUE", m1, null, "V", null, "W", null);
        // FIX ends after M1: M2 is left to GEN
        api.mutate("endAllocationRule", Map.of("code", company.code("FIX"), "lastMonth", m1.toString()))
                .path("endAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("endAllocationRule.allocationRule.history[1].action")
                .entity(String.class)
                .isEqualTo("END");
    }

    @Test
    void everyRuleSplitsItsPoolToTheCent() {
        assertThat(rows(allocations(null)))
                .containsExactly(
                        // month, step, rule, target, driverValue, share, pool, amount
                        row(m1, 1, "DS", "V", "300.00", "0.7500", "90.00", "67.50"),
                        row(m1, 1, "DS", "W", "100.00", "0.2500", "90.00", "22.50"),
                        row(m1, 1, "FIX", "P", "0.6000", "0.6000", "100.01", "60.01"),
                        row(m1, 1, "FIX", "Q", "0.4000", "0.4000", "100.01", "40.00"),
                        row(m1, 1, "HC", "MKT", "1.0000", "0.3333", "1000.00", "333.33"),
                        row(m1, 1, "HC", "OPS", "2.0000", "0.6667", "1000.00", "666.67"),
                        row(m1, 1, "NEW", "N", "2", "0.6667", "100.00", "66.67"),
                        row(m1, 1, "NEW", "S", "1", "0.3333", "100.00", "33.33"),
                        row(m1, 2, "REV", "V", "100.00", "0.6667", "866.67", "577.78"),
                        row(m1, 2, "REV", "W", "50.00", "0.3333", "866.67", "288.89"),
                        row(m2, 1, "DS", "V", "0.00", "0.0000", "12.50", "0.00"),
                        row(m2, 1, "DS", "W", "10.00", "1.0000", "12.50", "12.50"),
                        row(m2, 1, "HC", "MKT", "1.5000", "0.5000", "1000.00", "500.00"),
                        row(m2, 1, "HC", "OPS", "1.5000", "0.5000", "1000.00", "500.00"),
                        row(m2, 1, "NEW", "N", "0", null, "50.00", "0.00"),
                        row(m2, 1, "NEW", "S", "0", null, "50.00", "0.00"),
                        row(m2, 2, "REV", "V", "30.00", "0.3000", "600.00", "179.98"),
                        row(m2, 2, "REV", "W", "70.01", "0.7000", "600.00", "420.02"));
    }

    @Test
    void aZeroDriverLeavesThePoolUnallocatedInItsSource() {
        Map<String, Object> allocations = allocations(null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> pools = (List<Map<String, Object>>) allocations.get("pools");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> p : pools) {
            lines.add(p.get("month") + " " + p.get("step") + " " + name((String) p.get("ruleCode")) + " "
                    + name((String) p.get("sourceDepartmentCode")) + " " + p.get("driverTotal") + " " + p.get("pool")
                    + " " + p.get("allocated") + " " + p.get("unallocated"));
        }
        assertThat(lines)
                .containsExactly(
                        m1 + " 1 DS GEN 400.00 90.00 90.00 0.00",
                        m1 + " 1 FIX GEN 1.0000 100.01 100.01 0.00",
                        m1 + " 1 HC GEN 3.0000 1000.00 1000.00 0.00",
                        m1 + " 1 NEW GEN 3 100.00 100.00 0.00",
                        m1 + " 2 REV OPS 150.00 866.67 866.67 0.00",
                        m2 + " 1 DS GEN 10.00 12.50 12.50 0.00",
                        m2 + " 1 HC GEN 3.0000 1000.00 1000.00 0.00",
                        m2 + " 1 NEW GEN 0 50.00 0.00 50.00",
                        m2 + " 2 REV OPS 100.01 600.00 600.00 0.00");
        assertThat(allocations.get("currency")).isEqualTo("USD");
    }

    @Test
    void ruleCodesPickRowsWhileEveryRuleStillRuns() {
        // REV alone still receives what HC moved onto OPS
        assertThat(rows(allocations(List.of(company.code("REV")))))
                .containsExactly(
                        row(m1, 2, "REV", "V", "100.00", "0.6667", "866.67", "577.78"),
                        row(m1, 2, "REV", "W", "50.00", "0.3333", "866.67", "288.89"),
                        row(m2, 2, "REV", "V", "30.00", "0.3000", "600.00", "179.98"),
                        row(m2, 2, "REV", "W", "70.01", "0.7000", "600.00", "420.02"));
    }

    /**
     * M1 closed: moving V1 under W would send M1's V share to W (c1's revenue and the V1 spend would
     * count under W), so the move is refused naming M1 (changeset 0032). c1 moves to W from M2's
     * first day instead: the closed month keeps what its close computed, under both versions, and
     * M2 follows the move: REV M2 V 0 of 100.01, W 600.00; DS M2 unchanged.
     */
    @Test
    void aClosedMonthKeepsTheAllocationItWasClosedWith() {
        company.close(m1);
        api.mutate("moveSegment", Map.of("code", company.code("V1"), "parentCode", company.code("W")))
                .path("moveSegment.errors[0].code")
                .entity(String.class)
                .isEqualTo("CLOSED_PERIOD")
                .path("moveSegment.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "parentCode")
                .path("moveSegment.errors[0].message")
                .entity(String.class)
                .satisfies(message -> assertThat(message).contains(m1.toString()));
        api.ok(
                "updateCustomer",
                "customer",
                Map.of(
                        "externalId",
                        company.code("c1"),
                        "segmentCode",
                        company.code("W"),
                        "effectiveFrom",
                        m2.atDay(1).toString()));
        List<String> closed = List.of(
                row(m1, 2, "REV", "V", "100.00", "0.6667", "866.67", "577.78"),
                row(m1, 2, "REV", "W", "50.00", "0.3333", "866.67", "288.89"));
        List<String> open = List.of(
                row(m2, 2, "REV", "V", "0.00", "0.0000", "600.00", "0.00"),
                row(m2, 2, "REV", "W", "100.01", "1.0000", "600.00", "600.00"));
        List<String> expected = new ArrayList<>(closed);
        expected.addAll(open);
        for (String version : List.of("LATEST", "AS_FIRST_REPORTED")) {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("from", m1.atDay(1).toString());
            variables.put("to", m2.atEndOfMonth().toString());
            variables.put("ruleCodes", List.of(company.code("REV")));
            variables.put("version", version);
            assertThat(rows(query(variables))).as(version).containsExactlyElementsOf(expected);
        }
        // a rule can no longer start in the closed month
        api.mutate(
                        "createAllocationRule",
                        company.allocationRuleInput(
                                "LATE", "OPS", List.of("TOOLS"), "SEGMENT", "FIXED", m1, null, "V", "1"))
                .path("createAllocationRule.errors[0].code")
                .entity(String.class)
                .isEqualTo("CLOSED_PERIOD")
                .path("createAllocationRule.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "effectiveFrom");
    }

    @Test
    void rulesKeepTheirHistory() {
        graphQl.documentName("allocationRules")
                .variable("codes", List.of(company.code("FIX")))
                .execute()
                .path("allocationRules[0].effectiveTo")
                .entity(String.class)
                .isEqualTo(m1.toString())
                .path("allocationRules[0].history[*].action")
                .entityList(String.class)
                .containsExactly("CREATE", "END")
                .path("allocationRules[0].history[0].effectiveTo")
                .valueIsNull()
                .path("allocationRules[0].targets[*].share")
                .entityList(String.class)
                .containsExactly("0.6", "0.4");
        // each change wrote its audit row in its own transaction (the mutations' instrumentation)
        try (Sql sql = new Sql(environment)) {
            for (String action : List.of("createAllocationRule", "endAllocationRule")) {
                assertThat(sql.count(
                                "select count(*) from audit_event where action = ? and succeeded"
                                        + " and input::text like ?",
                                action,
                                "%" + company.code("FIX") + "%"))
                        .as(action)
                        .isEqualTo(1);
            }
        }
        graphQl.documentName("allocationRules")
                .variable("inForce", m2.toString())
                .execute()
                .path("allocationRules[*].code")
                .entityList(String.class)
                .contains(company.code("HC"), company.code("REV"))
                .doesNotContain(company.code("FIX"));
    }

    /**
     * The P&L of M1 carries the allocations with costBasis FULLY_LOADED (docs/metrics.md, allocated):
     * each amount on its target with the source department (the target for HC), and off the source
     * department's unassigned slices.
     *
     * <pre>
     * by segment  direct: V1 300 (MKT), W 100 (MKT), unassigned GEN 1290.0125 + OPS 200 = 1490.0125
     *             V  + DS 67.50 + REV 577.78 = 645.28         W 100 + DS 22.50 + REV 288.89 = 411.39
     *             unassigned 1490.0125 - DS 90.00 - REV 866.67 = 533.3425 -> 533.34 (HC, FIX, NEW net 0)
     *             total 1890.0125 -> 1890.01 either way; blended CAC: total (MKT 400 + HC 333.33) / 3 = 244.44
     *             (direct 400 / 3 = 133.33), W 100 / 2 = 50.00, V1 300 / 1 = 300.00
     * by department GEN 1290.0125 - HC 1000 = 290.01 (FIX, NEW, DS stay in GEN), MKT 400 + 333.33 = 733.33,
     *             OPS 200 + 666.67 = 866.67 (REV moves it onto segments, not away from OPS)
     * segment economics (V rolls up V1): V contribution 100 - 300 = -200.00, fully loaded - 645.28 = -845.28;
     *             W 50 - 100 = -50.00, - 311.39 = -361.39; company -1740.01 both; fully-loaded CAC:
     *             V 300.00 and W 50.00 (no MARKETING or SALES pool reaches a segment), company 244.44
     * </pre>
     */
    @Test
    void theFullyLoadedPnlCarriesTheAllocations() {
        List<String> bySegment = List.of(
                "V 0.00 645.28 645.28 null",
                "V1 100.00 300.00 0.00 300.00",
                "W 50.00 411.39 311.39 50.00",
                "(unassigned) 0.00 533.34 -956.67 null",
                "total 150.00 1890.01 0.00 244.44");
        assertThat(pnl("SEGMENT", "FULLY_LOADED")).containsExactlyElementsOf(bySegment);
        assertThat(pnl("SEGMENT", "DIRECT"))
                .containsExactly(
                        "V1 100.00 300.00 null 300.00",
                        "W 50.00 100.00 null 50.00",
                        "(unassigned) 0.00 1490.01 null null",
                        "total 150.00 1890.01 null 133.33");
        List<String> byDepartment = List.of(
                "GEN 0.00 290.01 -1000.00 null",
                "MKT 0.00 733.33 333.33 null",
                "OPS 0.00 866.67 666.67 null",
                "(unassigned) 150.00 0.00 0.00 0.00",
                "total 150.00 1890.01 0.00 244.44");
        assertThat(pnl("DEPARTMENT", "FULLY_LOADED")).containsExactlyElementsOf(byDepartment);

        Map<String, String> economics = segmentEconomics();
        assertThat(economics)
                .containsEntry("company", "-1740.01 -1740.01 133.33 244.44")
                .containsEntry("V", "-200.00 -845.28 300.00 300.00")
                .containsEntry("V1", "-200.00 -200.00 300.00 300.00")
                .containsEntry("W", "-50.00 -361.39 50.00 50.00");

        // closed, M1 reads the allocation its close stored: a new headcount of M2 or a rule ending does not reach it
        company.close(m1);
        api.mutate("endAllocationRule", Map.of("code", company.code("REV"), "lastMonth", m1.toString()))
                .path("endAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);
        assertThat(pnl("SEGMENT", "FULLY_LOADED")).containsExactlyElementsOf(bySegment);
        assertThat(pnl("DEPARTMENT", "FULLY_LOADED")).containsExactlyElementsOf(byDepartment);
        assertThat(segmentEconomics()).isEqualTo(economics);

        // only in the reporting currency: allocations are computed in it
        graphQl.documentName("profitAndLoss")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString())
                .variable("currency", company.code("K"))
                .variable("costBasis", "FULLY_LOADED")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getMessage())
                                .isEqualTo("currency must be the reporting currency USD with costBasis FULLY_LOADED"
                                        + " (allocations are computed in it)")));
    }

    /** M1's P&L rows and total: slice revenue operatingExpenses allocated blendedCac. */
    private List<String> pnl(String groupBy, String costBasis) {
        var response = graphQl.documentName("profitAndLoss")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString())
                .variable("groupBy", List.of(groupBy))
                .variable("costBasis", costBasis)
                .execute();
        List<String> lines = new ArrayList<>();
        for (Map<?, ?> r :
                response.path("profitAndLoss.rows").entityList(Map.class).get()) {
            String code = (String) r.get(groupBy.equals("SEGMENT") ? "segmentCode" : "departmentCode");
            lines.add((code.startsWith("(") ? code : name(code)) + " " + r.get("revenue") + " "
                    + r.get("operatingExpenses") + " " + r.get("allocated") + " " + r.get("blendedCac"));
        }
        Map<?, ?> t = response.path("profitAndLoss.total").entity(Map.class).get();
        lines.add("total " + t.get("revenue") + " " + t.get("operatingExpenses") + " " + t.get("allocated") + " "
                + t.get("blendedCac"));
        return lines;
    }

    /** M1's segment economics of the company, V, V1 and W: contribution, fully loaded, CAC, fully loaded. */
    private Map<String, String> segmentEconomics() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String segment : new String[] {null, "V", "W"}) {
            var rows = graphQl.documentName("segmentEconomics")
                    .variable("from", m1.atDay(1).toString())
                    .variable("to", m1.atEndOfMonth().toString())
                    .variable("segmentCode", segment == null ? null : company.code(segment))
                    .execute()
                    .path("segmentEconomics.rows")
                    .entityList(Map.class)
                    .get();
            for (Map<?, ?> r : rows) {
                String code = (String) r.get("segmentCode");
                if (segment == null && code != null) {
                    continue;
                }
                result.put(
                        code == null ? "company" : name(code),
                        r.get("contributionMargin") + " " + r.get("fullyLoadedContribution") + " " + r.get("cac") + " "
                                + r.get("fullyLoadedCac"));
            }
        }
        return result;
    }

    /** No statement per rule, target or month: one rule and five, one month and two, cost the same. */
    @Test
    void statementsStayFlat() {
        queries.reset();
        allocations(List.of(company.code("REV")));
        int one = queries.count();
        queries.reset();
        allocations(null);
        assertThat(queries.count()).isEqualTo(one).isLessThanOrEqualTo(4);
        // filtered and compared: one engine statement per range besides the look-ups of the arguments
        queries.reset();
        filtered(Map.of("where", Map.of("segmentCodes", List.of(company.code("V")))));
        assertThat(queries.count()).isLessThanOrEqualTo(8);
        queries.reset();
        filtered(Map.of("compareTo", "PREVIOUS_YEAR"));
        assertThat(queries.count()).isLessThanOrEqualTo(10);

        queries.reset();
        graphQl.documentName("allocationRules")
                .variable("codes", List.of(company.code("FIX")))
                .execute()
                .path("allocationRules")
                .entityList(Object.class)
                .hasSize(1);
        int rule = queries.count();
        queries.reset();
        graphQl.documentName("allocationRules")
                .variable("codes", allRules())
                .execute()
                .path("allocationRules")
                .entityList(Object.class)
                .hasSize(5);
        assertThat(queries.count()).isEqualTo(rule).isLessThanOrEqualTo(5);
    }

    /**
     * {@code where: {segmentCodes: [V]}} keeps the amounts whose target side is in V's subtree: DS and
     * REV onto V. A pool is listed with its kept rows; its rest would count only on its source side
     * (GEN or OPS, no segment), which the filter does not keep:
     *
     * <pre>
     * M1 DS  V 67.50 of 90.00     REV V 577.78 of 866.67
     * M2 DS  V  0.00 of 12.50     REV V 179.98 of 600.00
     * </pre>
     *
     * Its complement keeps every other row and every source side: DS M1 W 22.50 (67.50 + 22.50 =
     * 90.00), NEW M2 allocated 0.00 and unallocated 50.00. {@code departmentCodes: [GEN]} keeps the
     * target sides that stay with GEN (FIX, NEW and DS: slices are not departments) and GEN's source
     * sides: HC is listed with 0.00 allocated (its amounts sit with MKT and OPS), REV not at all.
     */
    @Test
    void whereKeepsAmountsByTheirTargetAndSource() {
        Map<String, Object> onV = Map.of("segmentCodes", List.of(company.code("V")));
        Map<String, Object> v = filtered(Map.of("where", onV));
        assertThat(rows(v))
                .containsExactly(
                        row(m1, 1, "DS", "V", "300.00", "0.7500", "90.00", "67.50"),
                        row(m1, 2, "REV", "V", "100.00", "0.6667", "866.67", "577.78"),
                        row(m2, 1, "DS", "V", "0.00", "0.0000", "12.50", "0.00"),
                        row(m2, 2, "REV", "V", "30.00", "0.3000", "600.00", "179.98"));
        assertThat(pools(v))
                .containsExactly(
                        m1 + " 1 DS GEN 400.00 90.00 67.50 0.00",
                        m1 + " 2 REV OPS 150.00 866.67 577.78 0.00",
                        m2 + " 1 DS GEN 10.00 12.50 0.00 0.00",
                        m2 + " 2 REV OPS 100.01 600.00 179.98 0.00");

        Map<String, Object> rest = filtered(Map.of("where", Map.of("not", onV)));
        assertThat(pools(rest))
                .containsExactly(
                        m1 + " 1 DS GEN 400.00 90.00 22.50 0.00",
                        m1 + " 1 FIX GEN 1.0000 100.01 100.01 0.00",
                        m1 + " 1 HC GEN 3.0000 1000.00 1000.00 0.00",
                        m1 + " 1 NEW GEN 3 100.00 100.00 0.00",
                        m1 + " 2 REV OPS 150.00 866.67 288.89 0.00",
                        m2 + " 1 DS GEN 10.00 12.50 12.50 0.00",
                        m2 + " 1 HC GEN 3.0000 1000.00 1000.00 0.00",
                        m2 + " 1 NEW GEN 0 50.00 0.00 50.00",
                        m2 + " 2 REV OPS 100.01 600.00 420.02 0.00");
        // a filter and its complement: every row once
        Map<String, Object> all = filtered(Map.of());
        List<String> both = new ArrayList<>(rows(v));
        both.addAll(rows(rest));
        assertThat(both).containsExactlyInAnyOrderElementsOf(rows(all));
        assertThat(filtered(Map.of("where", Map.of()))).isEqualTo(all);

        Map<String, Object> gen = filtered(Map.of("where", Map.of("departmentCodes", List.of(company.code("GEN")))));
        assertThat(pools(gen))
                .containsExactly(
                        m1 + " 1 DS GEN 400.00 90.00 90.00 0.00",
                        m1 + " 1 FIX GEN 1.0000 100.01 100.01 0.00",
                        m1 + " 1 HC GEN 3.0000 1000.00 0.00 0.00",
                        m1 + " 1 NEW GEN 3 100.00 100.00 0.00",
                        m2 + " 1 DS GEN 10.00 12.50 12.50 0.00",
                        m2 + " 1 HC GEN 3.0000 1000.00 0.00 0.00",
                        m2 + " 1 NEW GEN 0 50.00 0.00 50.00");
        assertThat(rows(gen)).noneMatch(r -> r.contains(" HC ") || r.contains(" REV "));
    }

    /**
     * M2 against the previous period (M1): DS onto V 0.00 against 67.50 (change -67.50, -1.0000;
     * pool 12.50 - 90.00 = -77.50, -77.50 / 90.00 = -0.8611); HC onto MKT 500.00 - 333.33 = 166.67
     * (166.67 / 333.33 = 0.50002 -> 0.5000); REV onto W 420.02 - 288.89 = 131.13 (0.45391 -> 0.4539);
     * NEW's pool allocated 0.00 against 100.00 (-1.0000), unallocated 50.00 against 0.00. Every
     * comparison is the report over M1. A year earlier no rule was in force: zeros.
     */
    @Test
    void comparedWithThePreviousPeriod() {
        Map<String, Object> m2Only = Map.of(
                "from", m2.atDay(1).toString(), "to", m2.atEndOfMonth().toString(), "compareTo", "PREVIOUS_PERIOD");
        Map<String, Object> report = filtered(m2Only);
        Map<String, Map<String, Object>> rows = byKey(report, "rows");
        assertThat(rows.get("DS V").get("change"))
                .isEqualTo(Map.of("pool", "-77.50", "poolPct", "-0.8611", "amount", "-67.50", "amountPct", "-1.0000"));
        assertThat(rows.get("HC MKT").get("change"))
                .isEqualTo(Map.of("pool", "0.00", "poolPct", "0.0000", "amount", "166.67", "amountPct", "0.5000"));
        assertThat(rows.get("REV W").get("change"))
                .isEqualTo(Map.of("pool", "-266.67", "poolPct", "-0.3077", "amount", "131.13", "amountPct", "0.4539"));
        Map<String, Map<String, Object>> pools = byKey(report, "pools");
        assertThat(pools.get("NEW").get("change"))
                .isEqualTo(Map.of(
                        "pool",
                        "-50.00",
                        "poolPct",
                        "-0.5000",
                        "allocated",
                        "-100.00",
                        "allocatedPct",
                        "-1.0000",
                        "unallocated",
                        "50.00"));

        // each comparison is the row of the report over M1
        Map<String, Object> earlier = filtered(
                Map.of("from", m1.atDay(1).toString(), "to", m1.atEndOfMonth().toString()));
        Map<String, Map<String, Object>> before = byKey(earlier, "rows");
        for (var e : rows.entrySet()) {
            Map<String, Object> comparison = (Map<String, Object>) e.getValue().get("comparison");
            Map<String, Object> b = before.get(e.getKey());
            for (String f :
                    List.of("month", "step", "ruleCode", "targetCode", "driverValue", "share", "pool", "amount")) {
                assertThat(comparison.get(f)).as("%s %s", e.getKey(), f).isEqualTo(b.get(f));
            }
        }
        Map<String, Map<String, Object>> poolsBefore = byKey(earlier, "pools");
        for (var e : pools.entrySet()) {
            Map<String, Object> comparison = (Map<String, Object>) e.getValue().get("comparison");
            for (String f : List.of("month", "driverTotal", "pool", "allocated", "unallocated")) {
                assertThat(comparison.get(f))
                        .as("%s %s", e.getKey(), f)
                        .isEqualTo(poolsBefore.get(e.getKey()).get(f));
            }
        }

        Map<String, Object> year = filtered(Map.of(
                "from", m2.atDay(1).toString(), "to", m2.atEndOfMonth().toString(), "compareTo", "PREVIOUS_YEAR"));
        Map<String, Object> hc = byKey(year, "rows").get("HC MKT");
        assertThat((Map<String, Object>) hc.get("comparison"))
                .containsEntry("month", m2.minusMonths(12).toString())
                .containsEntry("amount", "0.00");
        assertThat((Map<String, Object>) hc.get("change"))
                .containsEntry("amount", "500.00")
                .containsEntry("amountPct", null);
    }

    @Test
    void currencyAndComparisonAreChecked() {
        assertThat(filtered(Map.of("currency", "USD")).get("currency")).isEqualTo("USD");
        assertError(Map.of("currency", company.code("K")), "currency");
        assertError(Map.of("currency", "QQQ"), "currency");
        assertError(Map.of("compareTo", "FORECAST"), "compareTo");
        assertError(Map.of("where", Map.of("regionCodes", List.of(unique("NOPE")))), "where.regionCodes");
    }

    // ---- helpers

    private static String day(YearMonth month, int day) {
        return month.atDay(day).toString();
    }

    private Map<String, Object> allocations(List<String> ruleCodes) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m1.atDay(1).toString());
        variables.put("to", m2.atEndOfMonth().toString());
        variables.put("ruleCodes", ruleCodes == null ? allRules() : ruleCodes);
        return query(variables);
    }

    /** Every rule of this company (other tests' rules of the same months would otherwise show too). */
    private List<String> allRules() {
        return List.of("HC", "FIX", "NEW", "DS", "REV").stream()
                .map(company::code)
                .toList();
    }

    /** The report over M1 and M2 of this company's rules with these variables ({@code allocationsWhere}). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> filtered(Map<String, Object> overrides) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m1.atDay(1).toString());
        variables.put("to", m2.atEndOfMonth().toString());
        variables.put("ruleCodes", allRules());
        variables.putAll(overrides);
        var request = graphQl.documentName("allocationsWhere");
        for (var v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return request.execute().path("allocations").entity(Map.class).get();
    }

    private void assertError(Map<String, Object> overrides, String field) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m1.atDay(1).toString());
        variables.put("to", m2.atEndOfMonth().toString());
        variables.putAll(overrides);
        var request = graphQl.documentName("allocationsWhere");
        for (var v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        request.execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .as("errors for %s", overrides)
                        .isNotEmpty()
                        .allSatisfy(error ->
                                assertThat(error.getExtensions().get("field")).isEqualTo(List.of(field.split("\\.")))));
    }

    /** Rows ("RULE TARGET") or pools ("RULE") of a one-month report by the test's names. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byKey(Map<String, Object> report, String list) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) report.get(list)) {
            String key = name((String) r.get("ruleCode"))
                    + (r.containsKey("targetCode") ? " " + name((String) r.get("targetCode")) : "");
            out.put(key, r);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> pools(Map<String, Object> allocations) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) allocations.get("pools")) {
            lines.add(p.get("month") + " " + p.get("step") + " " + name((String) p.get("ruleCode")) + " "
                    + name((String) p.get("sourceDepartmentCode")) + " " + p.get("driverTotal") + " " + p.get("pool")
                    + " " + p.get("allocated") + " " + p.get("unallocated"));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> query(Map<String, Object> variables) {
        var request = graphQl.documentName("allocations");
        for (var v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return request.execute().path("allocations").entity(Map.class).get();
    }

    @SuppressWarnings("unchecked")
    private List<String> rows(Map<String, Object> allocations) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) allocations.get("rows")) {
            lines.add(r.get("month") + " " + r.get("step") + " " + name((String) r.get("ruleCode")) + " "
                    + name((String) r.get("targetCode")) + " " + r.get("driverValue") + " " + r.get("share") + " "
                    + r.get("pool") + " " + r.get("amount"));
        }
        return lines;
    }

    private static String row(
            YearMonth month,
            int step,
            String rule,
            String target,
            String driverValue,
            String share,
            String pool,
            String amount) {
        return month + " " + step + " " + rule + " " + target + " " + driverValue + " " + share + " " + pool + " "
                + amount;
    }

    /** The test's name of a code the builder made ({@code GEN-1234-5} is GEN). */
    private static String name(String code) {
        return code.substring(0, code.indexOf('-'));
    }
}
