package dev.revgraph.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
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
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Bad rules and headcounts are refused with typed errors naming the field, and nothing is written:
 * shares not summing to 1, unknown, archived or nested targets, a driver that cannot measure the
 * dimension, a cycle of departments, two rules on one pool, a rule or an end that would change a
 * closed month, a negative or unplaced headcount, a headcount in a closed month.
 */
class AllocationBadInputTest extends IntegrationTest {

    @Autowired
    Environment environment;

    YearMonth month;
    CompanyBuilder company;

    @BeforeEach
    void company() {
        month = Api.uniqueMonth(); // month and the one after it are this test's
        company = new CompanyBuilder(graphQl)
                .department("D1", "GENERAL")
                .department("D2", "OPERATIONS")
                .department("D3", "FINANCE")
                .department("OLD", "GENERAL")
                .segment("X", null)
                .segment("X1", "X")
                .segment("Z", null)
                .product("P")
                .build();
        api.mutate("archiveSegment", Map.of("code", company.code("Z")))
                .path("archiveSegment.errors")
                .entityList(Object.class)
                .hasSize(0);
        api.mutate("archiveDepartment", Map.of("code", company.code("OLD")))
                .path("archiveDepartment.errors")
                .entityList(Object.class)
                .hasSize(0);
    }

    @Test
    void fixedSharesMustSumToExactlyOne() {
        refused(rule("R", "D1", "SEGMENT", "FIXED", "X", "0.5", "Z", null), "INVALID", "targets", "1", "share");
        refused(rule("R", "D1", "SEGMENT", "FIXED", "X", "0.6", "NOPE", "0.4"), "NOT_FOUND", "targets", "1", "code");
        refused(rule("R", "D1", "PRODUCT", "FIXED", "P", "0.9"), "INVALID", "targets")
                .path("createAllocationRule.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains("sum to exactly 1").contains("0.9"));
        refused(rule("R", "D1", "PRODUCT", "FIXED", "P", "0.33333"), "INVALID", "targets", "0", "share");
        refused(rule("R", "D1", "PRODUCT", "REVENUE", "P", "1"), "INVALID", "targets", "0", "share");
        nothingWritten("R");
    }

    @Test
    void targetsMustExistBeActiveAndNotNest() {
        refused(rule("R", "D1", "SEGMENT", "REVENUE", "X", null, "NOPE", null), "NOT_FOUND", "targets", "1", "code");
        refused(rule("R", "D1", "SEGMENT", "REVENUE", "X", null, "Z", null), "ARCHIVED", "targets", "1", "code");
        refused(rule("R", "D1", "SEGMENT", "REVENUE", "X", null, "X1", null), "INVALID", "targets", "1", "code");
        refused(rule("R", "D1", "DEPARTMENT", "HEADCOUNT", "D2", null, "D1", null), "INVALID", "targets", "1", "code");
        refused(rule("R", "D1", "DEPARTMENT", "REVENUE", "D2", null), "INVALID", "driver");
        refused(rule("R", "D1", "PRODUCT", "HEADCOUNT", "P", null), "INVALID", "driver");
        refused(rule("R", "D1", "PRODUCT", "NEW_CUSTOMERS", "P", null), "INVALID", "driver");
        refused(rule("R", "OLD", "PRODUCT", "DIRECT_SPEND", "P", null), "ARCHIVED", "sourceDepartmentCode");
        refused(rule("R", "D1", "PRODUCT", "DIRECT_SPEND"), "INVALID", "targets");
        nothingWritten("R");
    }

    @Test
    void aCycleOfDepartmentsIsRefused() {
        ok(rule("A", "D1", "DEPARTMENT", "FIXED", "D2", "1"));
        ok(rule("B", "D2", "DEPARTMENT", "HEADCOUNT", "D3", null));
        refused(rule("C", "D3", "DEPARTMENT", "FIXED", "D1", "1"), "INVALID", "targets")
                .path("createAllocationRule.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m)
                        .contains(company.code("D3") + " -> " + company.code("D1") + " -> " + company.code("D2")
                                + " -> " + company.code("D3"))
                        .contains(company.code("A"))
                        .contains(company.code("B")));
        nothingWritten("C");
        // no cycle when the rule back to D1 starts after B ended
        api.mutate("endAllocationRule", Map.of("code", company.code("B"), "lastMonth", month.toString()))
                .path("endAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);
        Map<String, Object> later = rule("C", "D3", "DEPARTMENT", "FIXED", "D1", "1");
        later.put("effectiveFrom", month.plusMonths(1).toString());
        ok(later);
    }

    @Test
    void twoRulesOnOnePoolAreRefused() {
        Map<String, Object> salaries = rule("S", "D1", "PRODUCT", "FIXED", "P", "1");
        salaries.put("sourceCategories", List.of("SALARIES", "TOOLS"));
        ok(salaries);
        Map<String, Object> all = rule("ALL", "D1", "PRODUCT", "FIXED", "P", "1");
        refused(all, "CONFLICT", "sourceDepartmentCode");
        Map<String, Object> tools = rule("T", "D1", "PRODUCT", "FIXED", "P", "1");
        tools.put("sourceCategories", List.of("TOOLS"));
        refused(tools, "CONFLICT", "sourceDepartmentCode");
        Map<String, Object> overhead = rule("O", "D1", "PRODUCT", "FIXED", "P", "1");
        overhead.put("sourceCategories", List.of("OVERHEAD"));
        ok(overhead);
        refused(rule("S", "D2", "PRODUCT", "FIXED", "P", "1"), "CONFLICT", "code");
        nothingWritten("ALL");
        nothingWritten("T");
    }

    @Test
    void closedMonthsNeverChange() {
        YearMonth next = month.plusMonths(1);
        ok(rule("E", "D1", "PRODUCT", "FIXED", "P", "1"));
        company.close(next);
        // ending E in `month` would take it out of the closed month after it
        api.mutate("endAllocationRule", Map.of("code", company.code("E"), "lastMonth", month.toString()))
                .path("endAllocationRule.errors[0].code")
                .entity(String.class)
                .isEqualTo("CLOSED_PERIOD")
                .path("endAllocationRule.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "lastMonth")
                .path("endAllocationRule.errors[0].month")
                .entity(String.class)
                .isEqualTo(next.toString());
        Map<String, Object> starting = rule("F", "D2", "PRODUCT", "FIXED", "P", "1");
        starting.put("effectiveFrom", next.toString());
        refused(starting, "CLOSED_PERIOD", "effectiveFrom");
        // open-ended from an open month: it would change the closed month after it
        refused(rule("F", "D2", "PRODUCT", "FIXED", "P", "1"), "CLOSED_PERIOD", "effectiveTo");
        Map<String, Object> before = rule("F", "D2", "PRODUCT", "FIXED", "P", "1");
        before.put("effectiveTo", month.toString());
        ok(before);

        Map<String, Object> headcount = headcount("D1", null, next, "3");
        api.mutate("setHeadcount", headcount)
                .path("setHeadcount.errors[0].code")
                .entity(String.class)
                .isEqualTo("CLOSED_PERIOD")
                .path("setHeadcount.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "month");
    }

    @Test
    void headcountIsPlacedOnceAndNotNegative() {
        headcountRefused(headcount("D1", null, month, "-1"), "INVALID", "fte");
        headcountRefused(headcount("D1", "X", month, "1"), "INVALID", "departmentCode");
        headcountRefused(headcount(null, null, month, "1"), "INVALID", "departmentCode");
        headcountRefused(headcount("OLD", null, month, "1"), "ARCHIVED", "departmentCode");
        headcountRefused(headcount(null, "Z", month, "1"), "ARCHIVED", "segmentCode");
        headcountRefused(headcount(null, "NOPE", month, "1"), "NOT_FOUND", "segmentCode");
        graphQl.documentName("headcount")
                .variable("from", month.toString())
                .variable("to", month.toString())
                .execute()
                .path("headcount[*].departmentCode")
                .entityList(String.class)
                .doesNotContain(company.code("D1"), company.code("OLD"));
        api.mutate("setHeadcount", headcount(null, "X", month, "2.5"))
                .path("setHeadcount.headcount.fte")
                .entity(String.class)
                .isEqualTo("2.5000");
        api.mutate("setHeadcount", headcount(null, "X", month, "3"))
                .path("setHeadcount.headcount.fte")
                .entity(String.class)
                .isEqualTo("3.0000")
                .path("setHeadcount.headcount.segmentCode")
                .entity(String.class)
                .isEqualTo(company.code("X"));
        // both sets wrote their audit row; the refused calls were recorded as refused
        try (Sql sql = new Sql(environment)) {
            String like = "%" + company.code("X") + "%";
            assertThat(sql.count(
                            "select count(*) from audit_event where action = 'setHeadcount' and succeeded"
                                    + " and input::text like ?",
                            like))
                    .isEqualTo(2);
            assertThat(sql.count(
                            "select count(*) from audit_event where action = 'setHeadcount' and not succeeded"
                                    + " and input::text like ?",
                            like))
                    .isEqualTo(1);
        }
    }

    // ---- helpers

    private Map<String, Object> headcount(String department, String segment, YearMonth m, String fte) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("departmentCode", company.code(department));
        input.put("segmentCode", company.code(segment));
        input.put("month", m.toString());
        input.put("fte", fte);
        return input;
    }

    private void headcountRefused(Map<String, Object> input, String code, String field) {
        api.mutate("setHeadcount", input)
                .path("setHeadcount.headcount")
                .valueIsNull()
                .path("setHeadcount.errors[0].code")
                .entity(String.class)
                .isEqualTo(code)
                .path("setHeadcount.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", field);
    }

    /** A rule of {@code month} on, open-ended; targets as alternating name and share (null: none). */
    private Map<String, Object> rule(String code, String source, String dimension, String driver, String... targets) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < targets.length; i += 2) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("code", targets[i].equals("NOPE") ? "NOPE-" + code : company.code(targets[i]));
            if (targets[i + 1] != null) {
                target.put("share", targets[i + 1]);
            }
            list.add(target);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("code", company.code(code));
        input.put("name", "Rule " + code);
        input.put("sourceDepartmentCode", company.code(source));
        input.put("targetDimension", dimension);
        input.put("driver", driver);
        input.put("targets", list);
        input.put("effectiveFrom", month.toString());
        return input;
    }

    private void ok(Map<String, Object> input) {
        api.mutate("createAllocationRule", input)
                .path("createAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);
    }

    private GraphQlTester.Response refused(Map<String, Object> input, String code, String... field) {
        List<String> path = new ArrayList<>(List.of("input"));
        path.addAll(List.of(field));
        GraphQlTester.Response response = api.mutate("createAllocationRule", input);
        response.path("createAllocationRule.allocationRule")
                .valueIsNull()
                .path("createAllocationRule.errors[0].code")
                .entity(String.class)
                .isEqualTo(code)
                .path("createAllocationRule.errors[0].field")
                .entityList(String.class)
                .containsExactly(path.toArray(String[]::new));
        return response;
    }

    private void nothingWritten(String code) {
        graphQl.documentName("allocationRules")
                .execute()
                .path("allocationRules[*].code")
                .entityList(String.class)
                .doesNotContain(company.code(code));
    }
}
