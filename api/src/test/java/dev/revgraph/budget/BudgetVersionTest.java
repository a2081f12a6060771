package dev.revgraph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Budget versions against hand-worked figures (reporting currency USD; m is a month no other test
 * closes; currency K is worth 2.00 USD from m's first day).
 *
 * <pre>
 * default version (budgets.csv):  V1 m 1000.00 USD        V2 m 500.00 USD
 * spend:                          V1 m-10 900.00 USD      V2 m-12 600.00 USD
 * version P = copy of the default, then setBudgetLines:
 *   V1 m (all categories) 1200.00 USD   replaces the copied 1000.00
 *   V1 m ADVERTISING       250.00 K x 2.00 = 500.00     -> V1 budget 1200.00 + 500.00 = 1700.00
 *   V2 m                   500.00 USD (copied)          -> V2 budget 500.00
 *   S1 m                   300.00 USD (segment line)
 *                 budget    actual   variance   variancePct
 * P  V1          1700.00    900.00    -800.00   -800 / 1700 = -0.470588 -> -0.4706
 * P  V2           500.00    600.00     100.00    100 /  500 =  0.2000
 * P  total       2200.00   1500.00    -700.00   -700 / 2200 = -0.318182 -> -0.3182
 * default V1     1000.00    900.00    -100.00   -100 / 1000 = -0.1000
 * Before P is approved, reports read the default version (the latest approved); after, P.
 * </pre>
 */
class BudgetVersionTest extends IntegrationTest {

    @Autowired
    Environment environment;

    String prefix;
    YearMonth m;
    String v1;
    String v2;
    String s1;
    String k;

    @BeforeEach
    void handWorkedCompany() {
        prefix = unique("BVT") + " ";
        m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("V1", "MARKETING")
                .department("V2", "SALES")
                .segment("S1", null)
                .currency("K", m.atDay(1).toString(), "2.00")
                .budget("V1", m.toString(), null, "1000.00", "USD")
                .budget("V2", m.toString(), null, "500.00", "USD")
                .spend("V1", m.atDay(10).toString(), "900.00", "USD", "ADVERTISING", Tags.NONE)
                .spend("V2", m.atDay(12).toString(), "600.00", "USD", "EVENTS", Tags.NONE)
                .build();
        v1 = company.code("V1");
        v2 = company.code("V2");
        s1 = company.code("S1");
        k = company.code("K");
    }

    @AfterEach
    void dropVersions() {
        try (Sql sql = new Sql(environment)) {
            sql.dropBudgetVersions(prefix);
        }
    }

    @Test
    void aVersionApprovedThenLockedIsReadByDefaultAndNeverChangesAgain() {
        String plan = prefix + "FY reforecast";
        Map<String, Object> created =
                api.ok("createBudgetVersion", "budgetVersion", Map.of("name", plan, "copyFrom", defaultVersion()));
        assertThat(created).containsEntry("status", "DRAFT").containsEntry("copiedFrom", defaultVersion());
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        plan,
                        "departmentLines",
                        List.of(line(v1, null, "1200.00", "USD"), line(v1, "ADVERTISING", "250.00", k)),
                        "segmentLines",
                        List.of(Map.of(
                                "segmentCode", s1, "month", m.toString(), "amount", "300.00", "currency", "USD"))));

        // a draft is read only when named
        assertBudgets(budgetVsActual(null), "1000.00", "500.00");
        budgetVsActual(plan)
                .path("budgetVsActual.rows[*].budget")
                .entityList(String.class)
                .containsExactly("1700.00", "500.00")
                .path("budgetVsActual.rows[*].variance")
                .entityList(String.class)
                .containsExactly("-800.00", "100.00")
                .path("budgetVsActual.rows[*].variancePct")
                .entityList(String.class)
                .containsExactly("-0.4706", "0.2000")
                .path("budgetVsActual.total.budget")
                .entity(String.class)
                .isEqualTo("2200.00")
                .path("budgetVsActual.total.variance")
                .entity(String.class)
                .isEqualTo("-700.00")
                .path("budgetVsActual.total.variancePct")
                .entity(String.class)
                .isEqualTo("-0.3182");

        Map<String, Object> approved = api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
        assertThat(approved).containsEntry("status", "APPROVED").containsEntry("isLatestApproved", true);

        // now the default of every report, the P&L's budget columns included
        assertBudgets(budgetVsActual(null), "1700.00", "500.00");
        assertBudgets(budgetVsActual(defaultVersion()), "1000.00", "500.00");
        profitAndLoss(null)
                .path("profitAndLoss.rows[0].budget")
                .entity(String.class)
                .isEqualTo("1700.00")
                .path("profitAndLoss.rows[0].budgetVariance")
                .entity(String.class)
                .isEqualTo("-800.00");
        profitAndLoss(defaultVersion())
                .path("profitAndLoss.rows[0].budget")
                .entity(String.class)
                .isEqualTo("1000.00")
                .path("profitAndLoss.rows[0].budgetVariance")
                .entity(String.class)
                .isEqualTo("-100.00");
        graphQl.documentName("segmentBudgets")
                .variable("from", m.toString())
                .variable("to", m.toString())
                .variable("segmentCodes", List.of(s1))
                .execute()
                .path("segmentBudgets[*].amount.amount")
                .entityList(String.class)
                .containsExactly("300.00")
                .path("segmentBudgets[0].budgetVersion")
                .entity(String.class)
                .isEqualTo(plan);

        // an approved version's lines no longer change
        expectConflict(
                api.mutate(
                        "setBudgetLines",
                        Map.of("budgetVersion", plan, "departmentLines", List.of(line(v1, null, "1.00", "USD")))),
                "setBudgetLines");
        expectConflict(api.mutate("approveBudgetVersion", Map.of("budgetVersion", plan)), "approveBudgetVersion");

        Map<String, Object> locked = api.ok("lockBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
        assertThat(locked).containsEntry("status", "LOCKED").containsEntry("isLatestApproved", true);
        expectConflict(api.mutate("lockBudgetVersion", Map.of("budgetVersion", plan)), "lockBudgetVersion");
        expectConflict(
                api.mutate(
                        "setBudgetLines",
                        Map.of("budgetVersion", plan, "departmentLines", List.of(line(v1, null, "1.00", "USD")))),
                "setBudgetLines");

        // nothing written by the refusals: still the hand-worked 1700.00, read as the latest approved
        assertBudgets(budgetVsActual(null), "1700.00", "500.00");
        graphQl.documentName("budgets")
                .variable("from", m.toString())
                .variable("to", m.toString())
                .variable("departmentCodes", List.of(v1))
                .variable("budgetVersion", plan)
                .execute()
                .path("budgets[*].amount.amount")
                .entityList(String.class)
                .containsExactly("1200.00", "250.00");
        assertThat(history(locked)).containsExactly("CREATED", "LINES_SET", "APPROVED", "LOCKED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) locked.get("history");
        assertThat(events.get(1).get("note")).isEqualTo("2 department and 1 segment lines, " + m + " to " + m);
        graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.name == '" + plan + "')].status")
                .entityList(String.class)
                .containsExactly("LOCKED");
    }

    @Test
    void refusesBadInputNamingTheFieldAndWritesNothing() {
        String plan = prefix + "draft";
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", plan));
        expectError(
                api.mutate("createBudgetVersion", Map.of("name", plan)),
                "createBudgetVersion",
                "CONFLICT",
                "input.name");
        expectError(
                api.mutate("createBudgetVersion", Map.of("name", prefix + "copy", "copyFrom", prefix + "nowhere")),
                "createBudgetVersion",
                "NOT_FOUND",
                "input.copyFrom");
        expectError(
                api.mutate(
                        "setBudgetLines",
                        Map.of(
                                "budgetVersion",
                                prefix + "nowhere",
                                "departmentLines",
                                List.of(line(v1, null, "1.00", "USD")))),
                "setBudgetLines",
                "NOT_FOUND",
                "input.budgetVersion");
        expectError(
                api.mutate(
                        "setBudgetLines",
                        Map.of("budgetVersion", plan, "departmentLines", List.of(line(v1, null, "-1.00", "USD")))),
                "setBudgetLines",
                "INVALID",
                "input.departmentLines.0.amount");
        // all or nothing: the good first line is not written when the second names no department
        expectError(
                api.mutate(
                        "setBudgetLines",
                        Map.of(
                                "budgetVersion",
                                plan,
                                "departmentLines",
                                List.of(line(v1, null, "5.00", "USD"), line(prefix + "none", null, "1.00", "USD")))),
                "setBudgetLines",
                "NOT_FOUND",
                "input.departmentLines.1.departmentCode");
        budgetVsActual(plan)
                .path("budgetVsActual.rows[*].budget")
                .entityList(String.class)
                .containsExactly("0.00", "0.00");
        graphQl.documentName("budgetVsActual")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(v1))
                .variable("budgetVersion", prefix + "nowhere")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getExtensions())
                                .containsEntry("code", "NOT_FOUND")
                                .containsEntry("field", List.of("budgetVersion"))));
    }

    private String defaultVersion() {
        return graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.isDefault == true)].name")
                .entityList(String.class)
                .get()
                .get(0);
    }

    private Map<String, Object> line(String department, String category, String amount, String currency) {
        Map<String, Object> line = new java.util.HashMap<>();
        line.put("departmentCode", department);
        line.put("month", m.toString());
        line.put("category", category);
        line.put("amount", amount);
        line.put("currency", currency);
        return line;
    }

    private GraphQlTester.Response budgetVsActual(String version) {
        return graphQl.documentName("budgetVsActual")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(v1, v2))
                .variable("budgetVersion", version)
                .execute();
    }

    private GraphQlTester.Response profitAndLoss(String version) {
        return graphQl.documentName("profitAndLoss")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("groupBy", List.of("DEPARTMENT"))
                .variable("filter", Map.of("departmentCodes", List.of(v1)))
                .variable("budgetVersion", version)
                .execute();
    }

    private static void assertBudgets(GraphQlTester.Response response, String... budgets) {
        response.path("budgetVsActual.rows[*].budget").entityList(String.class).containsExactly(budgets);
    }

    private static void expectConflict(GraphQlTester.Response response, String mutation) {
        expectError(response, mutation, "CONFLICT", "input.budgetVersion");
    }

    private static void expectError(GraphQlTester.Response response, String mutation, String code, String field) {
        response.path(mutation + ".budgetVersion")
                .valueIsNull()
                .path(mutation + ".errors[0].code")
                .entity(String.class)
                .isEqualTo(code)
                .path(mutation + ".errors[0].field")
                .entityList(String.class)
                .containsExactly(field.split("\\."));
    }

    @SuppressWarnings("unchecked")
    private static List<String> history(Map<String, Object> version) {
        return ((List<Map<String, Object>>) version.get("history"))
                .stream().map(e -> (String) e.get("kind")).toList();
    }
}
