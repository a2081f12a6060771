package dev.revgraph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * Spend controls (docs/metrics.md, Spend controls) against hand-worked budgets. m is a month no
 * other test posts into (and m+1 with it); Q is a currency of this test at 1 Q = 1.25 USD from
 * m's first day; USD is the reporting currency. The budgets are the lines of an approved version
 * of this test, the latest approved one while it runs:
 *
 * <pre>
 * department control  budget lines of m                          budget of m (USD)
 * W          WARN     800.00 Q (all categories) + 100.00 USD ADVERTISING   800.00 x 1.25 + 100.00 = 1100.00
 * S          STOP     1000.00 USD                                1000.00
 * N          NONE     500.00 USD; m+1: 0.01 USD                  500.00
 * O          NONE     m+1: 0.01 USD                              (m+1) 0.01
 * I          STOP     300.00 USD                                 300.00
 * J          WARN     200.00 USD                                 200.00
 * C          STOP     100.00 USD                                 100.00
 * </pre>
 *
 * The figures of each test are worked in its comments; a month is over when its actual after the
 * write is above its budget and above its actual before the write.
 */
class SpendControlTest extends IntegrationTest {

    private static final String WARNING = "{ departmentCode departmentName month budget actual over currency control }";

    @Autowired
    Environment environment;

    private final Disposable.Composite subscriptions = Disposables.composite();

    String prefix;
    YearMonth m;
    String q;
    String w;
    String s;
    String n;
    String o;
    String i;
    String j;
    String c;

    @BeforeEach
    void approvedBudgets() {
        prefix = unique("SCT") + " ";
        m = Api.uniqueMonth();
        q = Api.uniqueCurrency();
        api.currency(q, m.atDay(1).toString(), "1.25");
        w = department("SCW", "MARKETING");
        s = department("SCS", "SALES");
        n = department("SCN", "MARKETING");
        o = department("SCO", "SALES");
        i = department("SCI", "MARKETING");
        j = department("SCJ", "SALES");
        c = department("SCC", "GENERAL");
        String plan = prefix + "plan";
        YearMonth next = m.plusMonths(1);
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", plan));
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        plan,
                        "departmentLines",
                        List.of(
                                line(w, m, null, "800.00", q),
                                line(w, m, "ADVERTISING", "100.00", "USD"),
                                line(s, m, null, "1000.00", "USD"),
                                line(n, m, null, "500.00", "USD"),
                                line(n, next, null, "0.01", "USD"),
                                line(o, next, null, "0.01", "USD"),
                                line(i, m, null, "300.00", "USD"),
                                line(j, m, null, "200.00", "USD"),
                                line(c, m, null, "100.00", "USD"))));
        api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", plan));
    }

    @AfterEach
    void dropVersions() {
        subscriptions.dispose();
        try (Sql sql = new Sql(environment)) {
            sql.dropBudgetVersions(prefix);
        }
    }

    @Test
    void aWriteTakingAWarnMonthOverItsBudgetPassesWithAWarningOfTheExactFigures() {
        control(w, "WARN");
        // 600.00 USD: actual 600.00 <= 1100.00
        assertPassesWithoutWarning(record(w, m.atDay(3), "600.00", "USD", "TOOLS"));
        // 400.00 Q x 1.25 = 500.00: actual 1100.00, at the budget, not over it
        assertPassesWithoutWarning(record(w, m.atDay(4), "400.00", q, "ADVERTISING"));
        // 0.01 USD: actual 1100.01, over 1100.00 by 0.01
        GraphQlTester.Response over = record(w, m.atDay(5), "0.01", "USD", "TOOLS");
        over.path("recordSpendLine.errors").entityList(Object.class).hasSize(0);
        over.path("recordSpendLine.spendLine.id").hasValue();
        assertThat(warnings(over, "recordSpendLine"))
                .containsExactly(warning(w, m, "1100.00", "1100.01", "0.01", "WARN"));
        // m+1 has no budget line: not controlled, however much is spent
        assertPassesWithoutWarning(record(w, m.plusMonths(1).atDay(2), "5000.00", "USD", "TOOLS"));
        assertActual(w, m, "1100.01");
    }

    @Test
    void aStopMonthRefusesTheWriteThatWouldTakeItOverNamingTheFiguresAndWritesNothing() {
        control(s, "STOP");
        // 999.99 USD: actual 999.99 <= 1000.00
        assertPassesWithoutWarning(record(s, m.atDay(3), "999.99", "USD", "TOOLS"));
        // 12.50 Q x 1.25 = 15.625: 999.99 + 15.625 = 1015.615 > 1000.00: refused;
        // actual 1015.615 -> 1015.62, over 15.615 -> 15.62 (half-up, from the unrounded figures)
        GraphQlTester.Response refused = record(s, m.atDay(4), "12.50", q, "TOOLS");
        refused.path("recordSpendLine.spendLine").valueIsNull();
        refused.path("recordSpendLine.warnings").entityList(Object.class).hasSize(0);
        Map<String, Object> error =
                refused.path("recordSpendLine.errors[0]").entity(Map.class).get();
        assertThat(error)
                .containsEntry("__typename", "BudgetExceededError")
                .containsEntry("code", "BUDGET_EXCEEDED")
                .containsEntry("field", List.of("input", "amount"))
                .containsEntry("departmentCode", s)
                .containsEntry("month", m.toString())
                .containsEntry("budget", "1000.00")
                .containsEntry("actual", "1015.62")
                .containsEntry("over", "15.62")
                .containsEntry("currency", "USD");
        assertThat((String) error.get("message")).contains("budget 1000.00", "actual 1015.62", "15.62 over", "STOP");
        refused.path("recordSpendLine.errors").entityList(Object.class).hasSize(1);
        // nothing written: one line, actual still 999.99
        assertActual(s, m, "999.99");
        assertLineCount(s, 1);
        // a credit note is never refused: 999.99 - 49.99 = 950.00
        assertPassesWithoutWarning(record(s, m.atDay(5), "-49.99", "USD", "TOOLS"));
        // now 950.00 + 15.625 = 965.625 <= 1000.00: the same line passes; actual 965.63
        assertPassesWithoutWarning(record(s, m.atDay(6), "12.50", q, "TOOLS"));
        assertActual(s, m, "965.63");
    }

    @Test
    void underStopCreditsPassEvenOverBudgetAndAReversalThatAddsSpendIsRefused() {
        // NONE: 700.00 takes m over 500.00 without a warning (the event is tested below)
        String big = recordOk(n, m.atDay(3), "700.00");
        control(n, "STOP");
        // a credit note of -100.00: 700.00 - 100.00 = 600.00, still over 500.00, and it passes
        String credit = recordOk(n, m.atDay(4), "-100.00");
        assertActual(n, m, "600.00");
        // reversing the credit adds 100.00: 600.00 + 100.00 = 700.00, over by 200.00: refused on lineId
        GraphQlTester.Response refused = graphQl.documentName("reverseSpendLine")
                .variable("input", Map.of("lineId", credit))
                .execute();
        refused.path("reverseSpendLine.spendLine").valueIsNull();
        Map<String, Object> error =
                refused.path("reverseSpendLine.errors[0]").entity(Map.class).get();
        assertThat(error)
                .containsEntry("code", "BUDGET_EXCEEDED")
                .containsEntry("field", List.of("input", "lineId"))
                .containsEntry("budget", "500.00")
                .containsEntry("actual", "700.00")
                .containsEntry("over", "200.00");
        assertActual(n, m, "600.00");
        // reversing the 700.00 line is a credit: 600.00 - 700.00 = -100.00, passes
        graphQl.documentName("reverseSpendLine")
                .variable("input", Map.of("lineId", big))
                .execute()
                .path("reverseSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("reverseSpendLine.warnings")
                .entityList(Object.class)
                .hasSize(0);
        assertActual(n, m, "-100.00");
    }

    @Test
    void aSpendFileTakingAStopMonthOverIsRefusedNamingItsRowsAndAWarnMonthLoadsWithItsWarning() {
        control(i, "STOP");
        control(j, "WARN");
        String ids = unique("sct").toLowerCase();
        // line 2: I 120.00; 3: J 150.00; 4: I 200.00; 5: I -10.00 (a credit); 6: J 80.00
        // I: 120.00 + 200.00 - 10.00 = 310.00 > 300.00, over by 10.00 (STOP): the file is refused,
        //    naming the rows that add spend to I's m: lines 2 and 4, not the credit on line 5
        // J: 150.00 + 80.00 = 230.00 > 200.00, over by 30.00 (WARN)
        List<Map> errors = api.mutate("importCsv", Map.of("file", "SPEND", "content", spendFile(ids, "200.00")))
                .path("importCsv.result")
                .valueIsNull()
                .path("importCsv.errors")
                .entityList(Map.class)
                .get();
        assertThat(errors).extracting(e -> e.get("line")).containsExactly(2, 4);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e).containsEntry("code", "BUDGET_EXCEEDED").containsEntry("column", "amount");
            assertThat((String) e.get("reason"))
                    .contains("department " + i + "'s " + m, "budget 300.00", "actual 310.00", "10.00 over", "STOP");
        });
        // nothing of the file is written, J's rows neither
        assertLineCount(i, 0);
        assertLineCount(j, 0);

        // with line 4 at 180.00: I 120.00 + 180.00 - 10.00 = 290.00 <= 300.00; the file loads and
        // lists J's month: budget 200.00, actual 230.00, over 30.00
        GraphQlTester.Response loaded =
                api.mutate("importCsv", Map.of("file", "SPEND", "content", spendFile(ids, "180.00")));
        loaded.path("importCsv.errors").entityList(Object.class).hasSize(0);
        loaded.path("importCsv.result.inserted").entity(Integer.class).isEqualTo(5);
        assertThat(loaded.path("importCsv.result.warnings")
                        .entityList(Map.class)
                        .get())
                .containsExactly(warning(j, m, "200.00", "230.00", "30.00", "WARN"));
        assertActual(i, m, "290.00");
        assertActual(j, m, "230.00");
    }

    @Test
    void twoConcurrentWritesIntoOneStopMonthNeverBothPass() throws Exception {
        control(c, "STOP");
        // C's budget of m: 100.00. Round 1: two writes of 60.00 at once; the first to lock the month
        // passes (60.00), the other would make 120.00, over by 20.00, and is refused.
        // Round 2: two of 30.00: 60.00 + 30.00 = 90.00 passes, 90.00 + 30.00 = 120.00 is refused.
        // The two writes of a round have different categories, so they share no spend rollup row
        // (whose row lock alone would order them): only the department-month lock does.
        race("60.00", "20.00");
        assertActual(c, m, "60.00");
        race("30.00", "20.00");
        assertActual(c, m, "90.00");
        assertLineCount(c, 2);
    }

    private void race(String amount, String over) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Map>>> results = new ArrayList<>();
        for (String category : List.of("TOOLS", "EVENTS")) {
            HttpGraphQlTester client = clientWithToken(issueToken(Role.FINANCE, List.of()));
            results.add(pool.submit(() -> {
                start.await();
                return client.documentName("recordSpendLine")
                        .variable("input", spendInput(c, m.atDay(7), amount, "USD", category))
                        .execute()
                        .path("recordSpendLine.errors")
                        .entityList(Map.class)
                        .get();
            }));
        }
        start.countDown();
        List<List<Map>> errors = new ArrayList<>();
        for (Future<List<Map>> f : results) {
            errors.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(errors).filteredOn(List::isEmpty).as("one write passes").hasSize(1);
        assertThat(errors)
                .filteredOn(e -> !e.isEmpty())
                .singleElement()
                .satisfies(e -> assertThat(e.get(0))
                        .containsEntry("code", "BUDGET_EXCEEDED")
                        .containsEntry("actual", "120.00")
                        .containsEntry("over", over));
    }

    @Test
    void budgetExceededReachesAnAllowedRoleAndTheDepartmentOverWebSocketButNotAnotherDepartment() throws Exception {
        // probes: 1.00 into m+1 of N (budget 0.01) or O (budget 0.01) takes it over, until the
        // subscriptions are live
        BlockingQueue<Object> analyst = subscribe(issueToken(Role.ANALYST, List.of()));
        BlockingQueue<Object> ownDepartment = subscribe(issueToken(Role.DEPARTMENT, List.of(n)));
        BlockingQueue<Object> otherDepartment = subscribe(issueToken(Role.DEPARTMENT, List.of(o)));
        awaitLive(n, analyst, ownDepartment);
        awaitLive(o, otherDepartment);
        analyst.clear();
        ownDepartment.clear();

        // N (NONE): 700.00 into m takes it over 500.00 by 200.00: sent after commit, whatever the control
        recordOk(n, m.atDay(3), "700.00");
        Map<String, Object> expected = warning(n, m, "500.00", "700.00", "200.00", "NONE");
        assertThat(analyst.poll(10, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(ownDepartment.poll(10, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(otherDepartment.poll(2, TimeUnit.SECONDS))
                .as("another department's month is not sent to a DEPARTMENT token")
                .isNull();

        // a refused write sends nothing: STOP on N, 10.00 more would make 710.00
        control(n, "STOP");
        record(n, m.atDay(4), "10.00", "USD", "TOOLS")
                .path("recordSpendLine.errors[0].code")
                .entity(String.class)
                .isEqualTo("BUDGET_EXCEEDED");
        assertThat(analyst.poll(2, TimeUnit.SECONDS)).isNull();
        assertThat(ownDepartment.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void onlyAdminAndFinanceSetASpendControlWhichIsAuditedAndReadOnTheDepartment() {
        for (Role role : List.of(Role.DEPARTMENT, Role.ANALYST)) {
            clientWithToken(issueToken(role, role == Role.DEPARTMENT ? List.of(w) : List.of()))
                    .documentName("setSpendControl")
                    .variable("input", Map.of("departmentCode", w, "control", "NONE"))
                    .execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors)
                            .singleElement()
                            .satisfies(e -> assertThat(e.getErrorType().toString())
                                    .as(role.name())
                                    .isEqualTo("FORBIDDEN")));
        }
        assertThat(spendControl(w)).isEqualTo("NONE");
        clientWithToken(issueToken(Role.FINANCE, List.of()))
                .documentName("setSpendControl")
                .variable("input", Map.of("departmentCode", w, "control", "STOP"))
                .execute()
                .path("setSpendControl.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("setSpendControl.department")
                .entity(Map.class)
                .isEqualTo(Map.of("code", w, "spendControl", "STOP"));
        assertThat(spendControl(w)).isEqualTo("STOP");
        api.mutate("setSpendControl", Map.of("departmentCode", prefix.strip() + "-none", "control", "WARN"))
                .path("setSpendControl.department")
                .valueIsNull()
                .path("setSpendControl.errors[0].code")
                .entity(String.class)
                .isEqualTo("NOT_FOUND")
                .path("setSpendControl.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "departmentCode");
        String audit = graphQl.document("""
                        { auditEvents(action: "setSpendControl", first: 50) { edges { node { input succeeded } } } }""")
                .execute()
                .path("auditEvents.edges")
                .entityList(Object.class)
                .get()
                .toString();
        assertThat(audit).contains(w, "STOP");
    }

    // ---- helpers

    private String department(String prefixOfCode, String kind) {
        String code = unique(prefixOfCode);
        api.department(code, kind);
        return code;
    }

    private static Map<String, Object> line(
            String department, YearMonth month, String category, String amount, String currency) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("departmentCode", department);
        line.put("month", month.toString());
        line.put("category", category);
        line.put("amount", amount);
        line.put("currency", currency);
        return line;
    }

    private void control(String department, String control) {
        api.ok("setSpendControl", "department", Map.of("departmentCode", department, "control", control));
    }

    private static Map<String, Object> spendInput(
            String department, LocalDate day, String amount, String currency, String category) {
        return Map.of(
                "departmentCode",
                department,
                "bookedOn",
                day.toString(),
                "amount",
                amount,
                "currency",
                currency,
                "category",
                category);
    }

    private GraphQlTester.Response record(
            String department, LocalDate day, String amount, String currency, String category) {
        return api.mutate("recordSpendLine", spendInput(department, day, amount, currency, category));
    }

    private String recordOk(String department, LocalDate day, String amount) {
        GraphQlTester.Response response = record(department, day, amount, "USD", "TOOLS");
        assertPassesWithoutWarning(response);
        return response.path("recordSpendLine.spendLine.id")
                .entity(String.class)
                .get();
    }

    private static void assertPassesWithoutWarning(GraphQlTester.Response response) {
        response.path("recordSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("recordSpendLine.warnings")
                .entityList(Object.class)
                .hasSize(0)
                .path("recordSpendLine.spendLine.id")
                .hasValue();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Map<String, Object>> warnings(GraphQlTester.Response response, String mutation) {
        return (List)
                response.path(mutation + ".warnings").entityList(Map.class).get();
    }

    private static Map<String, Object> warning(
            String department, YearMonth month, String budget, String actual, String over, String control) {
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("departmentCode", department);
        warning.put("departmentName", "Department " + department);
        warning.put("month", month.toString());
        warning.put("budget", budget);
        warning.put("actual", actual);
        warning.put("over", over);
        warning.put("currency", "USD");
        warning.put("control", control);
        return warning;
    }

    private void assertActual(String department, YearMonth month, String actual) {
        graphQl.documentName("budgetVsActual")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(department))
                .execute()
                .path("budgetVsActual.rows[0].actual")
                .entity(String.class)
                .isEqualTo(actual);
    }

    private void assertLineCount(String department, int count) {
        graphQl.documentName("spendLines")
                .variable("filter", Map.of("departmentCodes", List.of(department)))
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(count);
    }

    private String spendControl(String department) {
        return graphQl.document("query($code: String!) { department(code: $code) { spendControl } }")
                .variable("code", department)
                .execute()
                .path("department.spendControl")
                .entity(String.class)
                .get();
    }

    private String spendFile(String ids, String line4Amount) {
        String day = m.atDay(10).toString();
        return "external_id,department_code,booked_on,amount,currency,category\n"
                + ids + "-2," + i + "," + day + ",120.00,USD,TOOLS\n"
                + ids + "-3," + j + "," + day + ",150.00,USD,TOOLS\n"
                + ids + "-4," + i + "," + day + "," + line4Amount + ",USD,EVENTS\n"
                + ids + "-5," + i + "," + day + ",-10.00,USD,TOOLS\n"
                + ids + "-6," + j + "," + day + ",80.00,USD,EVENTS\n";
    }

    private BlockingQueue<Object> subscribe(String token) {
        WebSocketGraphQlClient client = WebSocketGraphQlClient.builder(
                        "ws://localhost:" + port + "/graphql-ws", new StandardWebSocketClient())
                .header("Authorization", "Bearer " + token)
                .build();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        subscriptions.add(client.document("subscription { budgetExceeded " + WARNING + " }")
                .retrieveSubscription("budgetExceeded")
                .toEntity(Map.class)
                .subscribe(received::add, received::add));
        return received;
    }

    /** Records 1.00 into m+1 of {@code department} (budget 0.01) until every queue has received an event. */
    @SafeVarargs
    private void awaitLive(String department, BlockingQueue<Object>... queues) throws InterruptedException {
        for (int attempt = 0; attempt < 40; attempt++) {
            recordOk(department, m.plusMonths(1).atDay(1 + attempt % 28), "1.00");
            boolean all = true;
            for (BlockingQueue<Object> queue : queues) {
                Object event = queue.poll(500, TimeUnit.MILLISECONDS);
                if (event == null) {
                    all = false;
                } else {
                    assertThat(event).isInstanceOf(Map.class);
                    queue.clear();
                }
            }
            if (all) {
                return;
            }
        }
        throw new AssertionError("the subscriptions never received an event");
    }
}
