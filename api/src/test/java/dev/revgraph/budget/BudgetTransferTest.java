package dev.revgraph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Budget transfers against hand-worked lines (m is a month no other test closes):
 *
 * <pre>
 * version P (approved): A m 100.00 USD, B m 40.00 USD             total 140.00
 * transfer 30.00 A -> B approved:  A 100.00 - 30.00 = 70.00, B 40.00 + 30.00 = 70.00, total 140.00
 * transfer 30.00 A -> B rejected:  A 100.00, B 40.00 (nothing moves)
 * transfer 100.01 A -> B:          refused, 100.01 > 100.00
 * two transfers of 70.00 A -> B approved at once: one moves (A 30.00, B 110.00, total 140.00); the
 *   other finds A at 30.00 < 70.00 and is refused; A never goes below zero
 * </pre>
 */
class BudgetTransferTest extends IntegrationTest {

    @Autowired
    Environment environment;

    String prefix;
    String plan;
    YearMonth m;
    String a;
    String b;
    HttpGraphQlTester departmentA;
    HttpGraphQlTester finance;

    @BeforeEach
    void approvedVersion() {
        prefix = unique("BTT") + " ";
        plan = prefix + "plan";
        m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("A", "MARKETING")
                .department("B", "SALES")
                .build();
        a = company.code("A");
        b = company.code("B");
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", plan));
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        plan,
                        "departmentLines",
                        List.of(
                                Map.of(
                                        "departmentCode",
                                        a,
                                        "month",
                                        m.toString(),
                                        "amount",
                                        "100.00",
                                        "currency",
                                        "USD"),
                                Map.of(
                                        "departmentCode",
                                        b,
                                        "month",
                                        m.toString(),
                                        "amount",
                                        "40.00",
                                        "currency",
                                        "USD"))));
        api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
        departmentA = clientWithToken(issueToken(Role.DEPARTMENT, List.of(a)));
        finance = clientWithToken(issueToken(Role.FINANCE, List.of()));
    }

    @AfterEach
    void dropVersions() {
        try (Sql sql = new Sql(environment)) {
            sql.dropBudgetVersions(prefix);
        }
    }

    @Test
    void aTransferRequestedByADepartmentAndApprovedByFinanceMovesTheAmountAndKeepsTheTotal() {
        String id = request(departmentA, "30.00");
        Map<String, Object> approved = ok(finance, "approveBudgetTransfer", Map.of("id", id, "reason", "agreed"));
        assertThat(approved).containsEntry("status", "APPROVED").containsEntry("decisionReason", "agreed");
        assertLines("70.00", "70.00");
        graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.name == '" + plan + "')].history[*].kind")
                .entityList(String.class)
                .containsExactly("CREATED", "LINES_SET", "APPROVED", "TRANSFER");
        departmentA
                .documentName("budgetTransfers")
                .variable("budgetVersion", plan)
                .variable("status", "APPROVED")
                .execute()
                .path("budgetTransfers[*].id")
                .entityList(String.class)
                .containsExactly(id);
    }

    @Test
    void aRejectionChangesNothingAndADecisionIsFinal() {
        String id = request(departmentA, "30.00");
        assertThat(ok(finance, "rejectBudgetTransfer", Map.of("id", id, "reason", "not now")))
                .containsEntry("status", "REJECTED");
        assertLines("100.00", "40.00");
        assertError(finance, "approveBudgetTransfer", Map.of("id", id, "reason", "after all"), "id", "CONFLICT");
        assertLines("100.00", "40.00");
    }

    @Test
    void selfApprovalMoreThanTheSourceAndBadRequestsAreRefusedNamingTheField() {
        String own = request(finance, "10.00");
        assertError(finance, "approveBudgetTransfer", Map.of("id", own, "reason", "mine"), "id", "INVALID");
        String tooLarge = request(departmentA, "100.01");
        assertError(finance, "approveBudgetTransfer", Map.of("id", tooLarge, "reason", "ok"), "amount", "INVALID");
        assertLines("100.00", "40.00");

        assertError(departmentA, "requestBudgetTransfer", input(plan, a, b, "0", "r"), "amount", "INVALID");
        assertError(departmentA, "requestBudgetTransfer", input(plan, a, a, "1", "r"), "toDepartmentCode", "INVALID");
        assertError(departmentA, "requestBudgetTransfer", input(plan, a, b, "1", " "), "reason", "INVALID");
        assertError(
                departmentA,
                "requestBudgetTransfer",
                input(prefix + "nope", a, b, "1", "r"),
                "budgetVersion",
                "NOT_FOUND");
        api.ok("lockBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
        assertError(departmentA, "requestBudgetTransfer", input(plan, a, b, "1", "r"), "budgetVersion", "CONFLICT");
        // the pending request of 100.01 stays pending: nothing moved
        assertLines("100.00", "40.00");
    }

    @Test
    void aDepartmentRequestsOnlyFromItsOwnDepartmentAndCannotDecide() {
        // B's money is not A's to give: refused as forbidden, nothing recorded
        departmentA
                .documentName("requestBudgetTransfer")
                .variable("input", input(plan, b, a, "10.00", "borrowing"))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));
        String id = request(departmentA, "10.00");
        departmentA
                .documentName("approveBudgetTransfer")
                .variable("input", Map.of("id", id, "reason", "fine"))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));
        assertLines("100.00", "40.00");
        graphQl.documentName("budgetTransfers")
                .variable("budgetVersion", plan)
                .variable("status", "PENDING")
                .execute()
                .path("budgetTransfers[*].id")
                .entityList(String.class)
                .containsExactly(id);
    }

    @Test
    void twoTransfersRacingForOneSourceLineNeverChangeTheTotal() throws Exception {
        String first = request(departmentA, "70.00");
        String second = request(departmentA, "70.00");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (String id : List.of(first, second)) {
            HttpGraphQlTester client = clientWithToken(issueToken(Role.FINANCE, List.of()));
            results.add(pool.submit(() -> {
                start.await();
                return client.documentName("approveBudgetTransfer")
                        .variable("input", Map.of("id", id, "reason", "race"))
                        .execute()
                        .path("approveBudgetTransfer.errors[*].code")
                        .entityList(String.class)
                        .get();
            }));
        }
        start.countDown();
        List<List<String>> errors = new ArrayList<>();
        for (Future<List<String>> f : results) {
            errors.add(f.get());
        }
        pool.shutdown();
        assertThat(errors).containsExactlyInAnyOrder(List.of(), List.of("INVALID"));
        // 100.00 - 70.00 = 30.00; 40.00 + 70.00 = 110.00; total 140.00
        assertLines("30.00", "110.00");
        graphQl.documentName("budgetTransfers")
                .variable("budgetVersion", plan)
                .variable("status", "PENDING")
                .execute()
                .path("budgetTransfers")
                .entityList(Object.class)
                .hasSize(1);
    }

    private Map<String, Object> input(String version, String from, String to, String amount, String reason) {
        return Map.of(
                "budgetVersion",
                version,
                "month",
                m.toString(),
                "fromDepartmentCode",
                from,
                "toDepartmentCode",
                to,
                "amount",
                amount,
                "reason",
                reason);
    }

    private String request(GraphQlTester client, String amount) {
        Map<String, Object> t = ok(client, "requestBudgetTransfer", input(plan, a, b, amount, "campaign moved"));
        assertThat(t).containsEntry("status", "PENDING");
        return (String) t.get("id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(GraphQlTester client, String document, Map<String, Object> input) {
        GraphQlTester.Response response =
                client.documentName(document).variable("input", input).execute();
        response.path(document + ".errors").entityList(Object.class).hasSize(0);
        return response.path(document + ".budgetTransfer").entity(Map.class).get();
    }

    private static void assertError(
            GraphQlTester client, String document, Map<String, Object> input, String field, String code) {
        client.documentName(document)
                .variable("input", input)
                .execute()
                .path(document + ".errors[0].field")
                .entityList(String.class)
                .containsExactly("input", field)
                .path(document + ".errors[0].code")
                .entity(String.class)
                .isEqualTo(code)
                .path(document + ".budgetTransfer")
                .valueIsNull();
    }

    /** A's and B's lines of the version and month, and the version's total for the month (140.00 always). */
    private void assertLines(String amountA, String amountB) {
        graphQl.documentName("budgets")
                .variable("from", m.toString())
                .variable("to", m.toString())
                .variable("budgetVersion", plan)
                .execute()
                .path("budgets[*].department.code")
                .entityList(String.class)
                .contains(a, b)
                .path("budgets[?(@.department.code == '" + a + "')].amount.amount")
                .entityList(String.class)
                .containsExactly(amountA)
                .path("budgets[?(@.department.code == '" + b + "')].amount.amount")
                .entityList(String.class)
                .containsExactly(amountB)
                .path("budgets[*].amount.amount")
                .entityList(java.math.BigDecimal.class)
                .satisfies(amounts -> assertThat(
                                amounts.stream().reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add))
                        .isEqualByComparingTo("140.00"));
    }
}
