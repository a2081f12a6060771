package dev.revgraph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Budget transfers between segment lines against hand-worked lines (m is a month no other test
 * closes; every amount USD):
 *
 * <pre>
 * version P (approved): S1 m 100.00, S2 m 40.00 (segment total 140.00), S3 no line;
 *                       department D m 500.00 (a department line, never touched by a segment transfer)
 * 30.00 S1 -> S2 approved:  S1 100.00 - 30.00 = 70.00, S2 40.00 + 30.00 = 70.00, total 70 + 70 = 140.00
 * 30.00 S1 -> S2 rejected:  S1 100.00, S2 40.00 (nothing moves), total 140.00
 * 100.01 S1 -> S2:          refused at approval on amount, 100.01 > 100.00; S3 -> S1 refused, S3 has no line
 * 25.00 S1 -> S3 approved:  S3's line is created: S1 100.00 - 25.00 = 75.00, S2 40.00, S3 0 + 25.00 = 25.00,
 *                           total 75 + 40 + 25 = 140.00
 * two 70.00 S1 -> S2 approved at once: one moves (S1 100 - 70 = 30.00, S2 40 + 70 = 110.00, total 140.00);
 *   the other finds S1 at 30.00 < 70.00 and is refused; S1 never goes below zero
 * 60.00 S1 -> S2 and 30.00 S2 -> S1 approved at once (opposite lock orders if they were not sorted):
 *   either order succeeds: S1 100 - 60 + 30 = 70.00, S2 40 + 60 - 30 = 70.00, total 140.00
 *   (S1 first: S1 40, S2 100, then S1 70, S2 70; S2 first: S2 10, S1 130, then S1 70, S2 70)
 * </pre>
 */
class SegmentBudgetTransferTest extends IntegrationTest {

    @Autowired
    Environment environment;

    String prefix;
    String plan;
    YearMonth m;
    String s1;
    String s2;
    String s3;
    String d;
    HttpGraphQlTester department;
    HttpGraphQlTester finance;

    @BeforeEach
    void approvedVersion() {
        prefix = unique("SBT") + " ";
        plan = prefix + "plan";
        m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("D", "MARKETING")
                .segment("S1", null)
                .segment("S2", null)
                .segment("S3", null)
                .build();
        s1 = company.code("S1");
        s2 = company.code("S2");
        s3 = company.code("S3");
        d = company.code("D");
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", plan));
        setLines(plan);
        api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
        // a segment team asks through a DEPARTMENT token: segment lines belong to no department
        department = clientWithToken(issueToken(Role.DEPARTMENT, List.of(d)));
        finance = clientWithToken(issueToken(Role.FINANCE, List.of()));
    }

    @AfterEach
    void dropVersions() {
        try (Sql sql = new Sql(environment)) {
            sql.dropBudgetVersions(prefix);
        }
    }

    @Test
    void anApprovedTransferMovesBothSegmentLinesKeepsTheTotalAndIsRecordedAndAudited() {
        String id = request(department, s1, s2, "30.00");
        Map<String, Object> approved =
                ok(finance, "approveSegmentBudgetTransfer", Map.of("id", id, "reason", "agreed"));
        assertThat(approved)
                .containsEntry("status", "APPROVED")
                .containsEntry("fromSegmentCode", s1)
                .containsEntry("toSegmentCode", s2)
                .containsEntry("decidedBy", name(finance))
                .containsEntry("decisionReason", "agreed");
        // S1 100.00 - 30.00 = 70.00; S2 40.00 + 30.00 = 70.00; total 140.00
        assertSegmentLines(Map.of(s1, "70.00", s2, "70.00"));
        // the department line is another kind of line: untouched
        assertDepartmentLine("500.00");

        // the history's TRANSFER names the amount as stored (numeric(19, 4)), the lines and the request
        graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.name == '" + plan + "')].history[*].kind")
                .entityList(String.class)
                .containsExactly("CREATED", "LINES_SET", "APPROVED", "TRANSFER")
                .path("budgetVersions[?(@.name == '" + plan + "')].history[3].note")
                .entityList(String.class)
                .containsExactly("transfer " + id + ": 30.0000 USD from segment " + s1 + " to segment " + s2 + ", " + m
                        + ", requested by " + name(department) + ": campaign moved");

        // the audit row, written in the approval's transaction, names the request and the decision
        graphQl.document("query($actor: String) { auditEvents(action: \"approveSegmentBudgetTransfer\","
                        + " actor: $actor, first: 10) { edges { node { succeeded input result } } } }")
                .variable("actor", name(finance))
                .execute()
                .path("auditEvents.edges[*].node.succeeded")
                .entityList(Boolean.class)
                .containsExactly(true)
                .path("auditEvents.edges[0].node.input")
                .entity(String.class)
                .satisfies(input -> assertThat(input).contains("\"" + id + "\"").contains("agreed"))
                .path("auditEvents.edges[0].node.result")
                .entity(String.class)
                .satisfies(result -> assertThat(result).contains("APPROVED"));

        // segment transfers are read by every role, apart from the department transfers
        HttpGraphQlTester analyst = clientWithToken(issueToken(Role.ANALYST, List.of()));
        analyst.documentName("segmentBudgetTransfers")
                .variable("budgetVersion", plan)
                .variable("status", "APPROVED")
                .execute()
                .path("segmentBudgetTransfers[*].id")
                .entityList(String.class)
                .containsExactly(id);
        graphQl.documentName("budgetTransfers")
                .variable("budgetVersion", plan)
                .execute()
                .path("budgetTransfers")
                .entityList(Object.class)
                .hasSize(0);
    }

    @Test
    void aMissingTargetLineIsCreatedInTheSourceLinesCurrency() {
        String id = request(department, s1, s3, "25.00");
        ok(finance, "approveSegmentBudgetTransfer", Map.of("id", id, "reason", "new segment"));
        // S1 100.00 - 25.00 = 75.00; S2 40.00; S3 0 + 25.00 = 25.00; total 140.00
        assertSegmentLines(Map.of(s1, "75.00", s2, "40.00", s3, "25.00"));
    }

    @Test
    void aRejectionChangesNothingAndADecisionIsFinal() {
        String id = request(department, s1, s2, "30.00");
        assertThat(ok(finance, "rejectSegmentBudgetTransfer", Map.of("id", id, "reason", "not now")))
                .containsEntry("status", "REJECTED")
                .containsEntry("decisionReason", "not now");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        assertError(finance, "approveSegmentBudgetTransfer", Map.of("id", id, "reason", "after all"), "id", "CONFLICT");
        assertError(finance, "rejectSegmentBudgetTransfer", Map.of("id", id, "reason", "again"), "id", "CONFLICT");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.name == '" + plan + "')].history[*].kind")
                .entityList(String.class)
                .containsExactly("CREATED", "LINES_SET", "APPROVED");
    }

    @Test
    void aTransferLargerThanTheSourceLineIsRefusedAtApprovalNamingTheAmount() {
        // 100.01 > 100.00
        String tooLarge = request(department, s1, s2, "100.01");
        assertError(
                finance, "approveSegmentBudgetTransfer", Map.of("id", tooLarge, "reason", "ok"), "amount", "INVALID");
        // S3 has no line: nothing to move
        String fromNothing = request(department, s3, s1, "1.00");
        assertError(
                finance,
                "approveSegmentBudgetTransfer",
                Map.of("id", fromNothing, "reason", "ok"),
                "amount",
                "INVALID");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        // refused decisions write nothing: both requests are still pending
        pending(2);
    }

    @Test
    void theRequesterMayNotDecideTheirOwnRequest() {
        String own = request(finance, s1, s2, "10.00");
        assertError(finance, "approveSegmentBudgetTransfer", Map.of("id", own, "reason", "mine"), "id", "INVALID");
        assertError(finance, "rejectSegmentBudgetTransfer", Map.of("id", own, "reason", "mine"), "id", "INVALID");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        pending(1);
        // a DEPARTMENT user requests but never decides
        String asked = request(department, s1, s2, "10.00");
        forbidden(department, "approveSegmentBudgetTransfer", Map.of("id", asked, "reason", "fine"));
        // an ANALYST neither requests nor decides
        HttpGraphQlTester analyst = clientWithToken(issueToken(Role.ANALYST, List.of()));
        forbidden(analyst, "requestSegmentBudgetTransfer", input(plan, s1, s2, "1.00", "r"));
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        pending(2);
    }

    @Test
    void aDraftOrLockedVersionIsRefusedNamingTheVersion() {
        String draft = prefix + "draft";
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", draft));
        setLines(draft);
        assertError(
                department,
                "requestSegmentBudgetTransfer",
                input(draft, s1, s2, "1.00", "r"),
                "budgetVersion",
                "CONFLICT");

        String id = request(department, s1, s2, "30.00");
        api.ok("lockBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
        assertError(
                department,
                "requestSegmentBudgetTransfer",
                input(plan, s1, s2, "1.00", "r"),
                "budgetVersion",
                "CONFLICT");
        assertError(
                finance, "approveSegmentBudgetTransfer", Map.of("id", id, "reason", "ok"), "budgetVersion", "CONFLICT");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        pending(1);
    }

    @Test
    void aClosedMonthIsRefusedWhenRequestedAndWhenApproved() {
        String id = request(department, s1, s2, "30.00");
        api.close(m);
        assertError(
                finance, "approveSegmentBudgetTransfer", Map.of("id", id, "reason", "ok"), "month", "CLOSED_PERIOD");
        assertError(
                department, "requestSegmentBudgetTransfer", input(plan, s1, s2, "1.00", "r"), "month", "CLOSED_PERIOD");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        pending(1);
    }

    @Test
    void badRequestsAreTypedErrorsNamingTheFieldAndWriteNothing() {
        assertError(
                department,
                "requestSegmentBudgetTransfer",
                input(plan, prefix + "nope", s2, "1", "r"),
                "fromSegmentCode",
                "NOT_FOUND");
        assertError(
                department,
                "requestSegmentBudgetTransfer",
                input(plan, s1, prefix + "nope", "1", "r"),
                "toSegmentCode",
                "NOT_FOUND");
        assertError(
                department, "requestSegmentBudgetTransfer", input(plan, s1, s1, "1", "r"), "toSegmentCode", "INVALID");
        assertError(department, "requestSegmentBudgetTransfer", input(plan, s1, s2, "0", "r"), "amount", "INVALID");
        assertError(department, "requestSegmentBudgetTransfer", input(plan, s1, s2, "-5.00", "r"), "amount", "INVALID");
        assertError(
                department, "requestSegmentBudgetTransfer", input(plan, s1, s2, "1.00001", "r"), "amount", "INVALID");
        assertError(department, "requestSegmentBudgetTransfer", input(plan, s1, s2, "1", " "), "reason", "INVALID");
        assertError(
                department,
                "requestSegmentBudgetTransfer",
                input(plan, s1, s2, "1", "x".repeat(1001)),
                "reason",
                "INVALID");
        assertError(
                department,
                "requestSegmentBudgetTransfer",
                input(prefix + "nope", s1, s2, "1", "r"),
                "budgetVersion",
                "NOT_FOUND");
        assertError(
                finance, "approveSegmentBudgetTransfer", Map.of("id", "999999999", "reason", "ok"), "id", "NOT_FOUND");
        graphQl.documentName("segmentBudgetTransfers")
                .variable("budgetVersion", plan)
                .execute()
                .path("segmentBudgetTransfers")
                .entityList(Object.class)
                .hasSize(0);
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
    }

    @Test
    void aTransferIsDecidedOnlyThroughTheMutationsOfItsKind() {
        String segment = request(department, s1, s2, "30.00");
        // a department transfer of the same version and month: D's line to another department's
        String e = new CompanyBuilder(graphQl).department("E", "SALES").build().code("E");
        Map<String, Object> departmentRequest = Map.of(
                "budgetVersion",
                plan,
                "month",
                m.toString(),
                "fromDepartmentCode",
                d,
                "toDepartmentCode",
                e,
                "amount",
                "1.00",
                "reason",
                "r");
        String departmentId = (String) department
                .documentName("requestBudgetTransfer")
                .variable("input", departmentRequest)
                .execute()
                .path("requestBudgetTransfer.budgetTransfer.id")
                .entity(String.class)
                .get();

        departmentError(finance, "approveBudgetTransfer", Map.of("id", segment, "reason", "ok"), "id", "INVALID");
        departmentError(finance, "rejectBudgetTransfer", Map.of("id", segment, "reason", "no"), "id", "INVALID");
        assertError(
                finance, "approveSegmentBudgetTransfer", Map.of("id", departmentId, "reason", "ok"), "id", "INVALID");
        assertError(
                finance, "rejectSegmentBudgetTransfer", Map.of("id", departmentId, "reason", "no"), "id", "INVALID");
        assertSegmentLines(Map.of(s1, "100.00", s2, "40.00"));
        assertDepartmentLine("500.00");
        // each list holds its own kind only
        graphQl.documentName("segmentBudgetTransfers")
                .variable("budgetVersion", plan)
                .execute()
                .path("segmentBudgetTransfers[*].id")
                .entityList(String.class)
                .containsExactly(segment);
        graphQl.documentName("budgetTransfers")
                .variable("budgetVersion", plan)
                .execute()
                .path("budgetTransfers[*].id")
                .entityList(String.class)
                .containsExactly(departmentId);
    }

    @Test
    void twoTransfersRacingForOneSourceLineNeverChangeTheTotal() throws Exception {
        String first = request(department, s1, s2, "70.00");
        String second = request(department, s1, s2, "70.00");
        assertThat(race(first, second)).containsExactlyInAnyOrder(List.of(), List.of("INVALID"));
        // 100.00 - 70.00 = 30.00; 40.00 + 70.00 = 110.00; total 140.00
        assertSegmentLines(Map.of(s1, "30.00", s2, "110.00"));
        pending(1);
    }

    @Test
    void transfersRacingInOppositeDirectionsBothMoveAndNeverChangeTheTotal() throws Exception {
        String there = request(department, s1, s2, "60.00");
        String back = request(department, s2, s1, "30.00");
        assertThat(race(there, back)).containsExactly(List.of(), List.of());
        // S1 100.00 - 60.00 + 30.00 = 70.00; S2 40.00 + 60.00 - 30.00 = 70.00; total 140.00
        assertSegmentLines(Map.of(s1, "70.00", s2, "70.00"));
        graphQl.documentName("budgetVersions")
                .execute()
                .path("budgetVersions[?(@.name == '" + plan + "')].history[*].kind")
                .entityList(String.class)
                .containsExactly("CREATED", "LINES_SET", "APPROVED", "TRANSFER", "TRANSFER");
    }

    /** Approves the requests at once, each by its own FINANCE user; the error codes of each, in order. */
    private List<List<String>> race(String... ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ids.length);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (String id : ids) {
            HttpGraphQlTester client = clientWithToken(issueToken(Role.FINANCE, List.of()));
            results.add(pool.submit(() -> {
                start.await();
                return client.documentName("approveSegmentBudgetTransfer")
                        .variable("input", Map.of("id", id, "reason", "race"))
                        .execute()
                        .path("approveSegmentBudgetTransfer.errors[*].code")
                        .entityList(String.class)
                        .get();
            }));
        }
        start.countDown();
        List<List<String>> errors = new ArrayList<>();
        try {
            for (Future<List<String>> f : results) {
                errors.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        return errors;
    }

    private void setLines(String version) {
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        version,
                        "departmentLines",
                        List.of(Map.of(
                                "departmentCode", d, "month", m.toString(), "amount", "500.00", "currency", "USD")),
                        "segmentLines",
                        List.of(
                                Map.of("segmentCode", s1, "month", m.toString(), "amount", "100.00", "currency", "USD"),
                                Map.of(
                                        "segmentCode",
                                        s2,
                                        "month",
                                        m.toString(),
                                        "amount",
                                        "40.00",
                                        "currency",
                                        "USD"))));
    }

    private Map<String, Object> input(String version, String from, String to, String amount, String reason) {
        return Map.of(
                "budgetVersion", version,
                "month", m.toString(),
                "fromSegmentCode", from,
                "toSegmentCode", to,
                "amount", amount,
                "reason", reason);
    }

    private String request(GraphQlTester client, String from, String to, String amount) {
        Map<String, Object> t =
                ok(client, "requestSegmentBudgetTransfer", input(plan, from, to, amount, "campaign moved"));
        assertThat(t).containsEntry("status", "PENDING").containsEntry("budgetVersion", plan);
        return (String) t.get("id");
    }

    private static String name(GraphQlTester client) {
        return client.document("{ viewer { name } }")
                .execute()
                .path("viewer.name")
                .entity(String.class)
                .get();
    }

    /** The version's segment requests still PENDING: exactly {@code count}. */
    private void pending(int count) {
        graphQl.documentName("segmentBudgetTransfers")
                .variable("budgetVersion", plan)
                .variable("status", "PENDING")
                .execute()
                .path("segmentBudgetTransfers")
                .entityList(Object.class)
                .hasSize(count);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(GraphQlTester client, String document, Map<String, Object> input) {
        GraphQlTester.Response response =
                client.documentName(document).variable("input", input).execute();
        response.path(document + ".errors").entityList(Object.class).hasSize(0);
        return response.path(document + ".segmentBudgetTransfer")
                .entity(Map.class)
                .get();
    }

    private static void assertError(
            GraphQlTester client, String document, Map<String, Object> input, String field, String code) {
        error(client, document, "segmentBudgetTransfer", input, field, code);
    }

    private static void departmentError(
            GraphQlTester client, String document, Map<String, Object> input, String field, String code) {
        error(client, document, "budgetTransfer", input, field, code);
    }

    private static void error(
            GraphQlTester client,
            String document,
            String payloadField,
            Map<String, Object> input,
            String field,
            String code) {
        client.documentName(document)
                .variable("input", input)
                .execute()
                .path(document + ".errors[0].field")
                .entityList(String.class)
                .containsExactly("input", field)
                .path(document + ".errors[0].code")
                .entity(String.class)
                .isEqualTo(code)
                .path(document + "." + payloadField)
                .valueIsNull();
    }

    private static void forbidden(GraphQlTester client, String document, Map<String, Object> input) {
        client.documentName(document)
                .variable("input", input)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));
    }

    /**
     * The version's segment lines of m, exactly {@code expected} (segment code to amount), and their
     * total, 140.00 always.
     */
    private void assertSegmentLines(Map<String, String> expected) {
        List<Map> lines = graphQl.documentName("segmentBudgets")
                .variable("from", m.toString())
                .variable("to", m.toString())
                .variable("budgetVersion", plan)
                .execute()
                .path("segmentBudgets")
                .entityList(Map.class)
                .get();
        Map<String, BigDecimal> actual = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map<?, ?> line : lines) {
            Map<?, ?> amount = (Map<?, ?>) line.get("amount");
            assertThat(amount.get("currency")).isEqualTo("USD");
            BigDecimal value = new BigDecimal((String) amount.get("amount"));
            actual.put((String) line.get("segmentCode"), value);
            total = total.add(value);
        }
        assertThat(actual).hasSize(expected.size());
        expected.forEach(
                (segment, amount) -> assertThat(actual.get(segment)).as(segment).isEqualByComparingTo(amount));
        assertThat(total).isEqualByComparingTo("140.00");
    }

    private void assertDepartmentLine(String amount) {
        graphQl.documentName("budgets")
                .variable("from", m.toString())
                .variable("to", m.toString())
                .variable("budgetVersion", plan)
                .variable("departmentCodes", List.of(d))
                .execute()
                .path("budgets[*].amount.amount")
                .entityList(BigDecimal.class)
                .satisfies(amounts -> assertThat(amounts)
                        .singleElement()
                        .satisfies(a -> assertThat(a).isEqualByComparingTo(amount)));
    }
}
