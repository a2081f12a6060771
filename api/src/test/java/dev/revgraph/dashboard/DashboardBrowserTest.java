package dev.revgraph.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard at /dashboard/ in headless chromium (clients/typescript/e2e/dashboard.e2e.mjs):
 * the script checks that every figure shown equals the API's answer for the range; this test
 * checks the figures shown against hand-worked values. The data is SegmentEconomicsTest's,
 * moved to 2061 (no other test writes there), plus two campaigns and two budgets.
 *
 * <pre>
 * segments V > V1; departments MK (marketing), OP (operations); all USD
 * customer  segment  acquired    recurring revenue Jan  Feb  Mar   touches
 *  Q1       V1       2061-01-05                   100  100   -     C1 (Jan 2)
 *  Q2       V        2061-01-20                   200  150  150    none, no campaign: unattributed
 *  Q3       V1       2061-02-10                    -    50  100    C1 (Feb 1), C2 (Feb 8)
 * spend: MK Jan 300 ADVERTISING seg V1 campaign C1; MK Feb 150 ADVERTISING seg V;
 *        OP Feb 90 COST_OF_SERVICE seg V1; OP Mar 60 COST_OF_SERVICE seg V; OP Mar 40 TOOLS seg V1
 * budgets: MK Jan 250, MK Feb 200
 *
 * P&L         Jan                 Feb                       Mar
 * revenue     100+200 = 300       100+150+50 = 300          150+100 = 250
 * COGS        0                   90                        60
 * gross       300                 210                       190
 * opex        300                 150                       40
 * operating   0                   60                        150
 *
 * segment economics (SegmentEconomicsTest): LTV:CAC V 2.6667, V1 1.0833
 * campaigns (attributed revenue = the customer's revenue from acquisition to Mar 31:
 *            Q1 200, Q2 500, Q3 150)
 *   LAST_TOUCH  C1: Q1 = 1 customer, 200, ROAS 200/300 = 0.6667; C2: Q3 = 1, 150; unattributed Q2 = 1, 500
 *   LINEAR      C1: Q1 + Q3/2 = 1.5, 200 + 75 = 275, ROAS 0.9167; C2: 0.5, 75
 * cohorts (logos): 2061-01 {Q1, Q2}: Jan 2/2, Feb 2/2, Mar 1/2; 2061-02 {Q3}: Feb 1/1, Mar 1/1
 * budget vs actual: MK Jan 250 / 300 -> +50, 0.2000; MK Feb 200 / 150 -> -50, -0.2500;
 *                   OP Feb 0 / 90 -> null %; total 450 / 640 -> +190, 190/450 = 0.4222
 *
 * department statements, with rule OPT moving OP's TOOLS onto MK in March (C1 and C2 are MK's, so
 * LAST_TOUCH and LINEAR credit MK alike: Q1 and Q3 are MK's, Q2 has no credit)
 *              budget  direct  in     out    fully loaded  credited customers  credited revenue  return
 *   MK Jan     250     300     0      0      300           1                   Q1 100            100/300 = 0.3333
 *   MK Feb     200     150     0      0      150           1 (Q3)              Q1 100 + Q3 50    150/150 = 1.0000
 *   MK Mar     0       0       40     0      40            0                   Q3 100            100/40 = 2.5000
 *   OP Feb     0       90      0      0      90            0                   0                 0.0000
 *   OP Mar     0       100     0      40     60            0                   0                 0.0000
 *   unassigned Jan 1 customer, 200; Feb 150; Mar 150 (Q2)
 *   company    Jan 300 cost, 2 customers, 300 revenue (1.0000); Feb 240, 1, 300 (1.2500); Mar 100, 0, 250 (2.5000)
 * </pre>
 */
class DashboardBrowserTest extends IntegrationTest {

    private static final Path CLIENT =
            Path.of("..", "clients", "typescript").toAbsolutePath().normalize();

    @Test
    void showsTheApisFiguresForTheRange() throws Exception {
        CompanyBuilder company = HandWorkedCompanies.segmentTeams(graphQl, 2061, true);
        String v = company.code("V");
        String v1 = company.code("V1");
        String mk = company.code("MK");
        String op = company.code("OP");
        String c1 = company.code("C1");
        String c2 = company.code("C2");
        YearMonth march = YearMonth.of(2061, 3);
        company.allocationRule("OPT", "OP", List.of("TOOLS"), "DEPARTMENT", "FIXED", march, march, "MK", "1");

        PlanSeed plan = planCompany();

        YearMonth toClose = Api.uniqueMonth();
        JsonNode shown = runBrowserTest("2061-01-01", "2061-03-31", toClose, plan);
        // the page subscribed to monthClosed and loaded its figures again when the month closed
        assertThat(shown.get("liveRefresh").asText()).isEqualTo("monthClosed " + toClose);
        assertPlan(shown.get("plan"), plan);

        JsonNode pnl = shown.get("pnl");
        assertThat(List.of("2061-01", "2061-02", "2061-03", "total")).allMatch(pnl::has);
        assertThat(figures(pnl, "revenue", "2061-01", "2061-02", "2061-03", "total"))
                .containsExactly("300.00", "300.00", "250.00", "850.00");
        assertThat(figures(pnl, "grossProfit", "2061-01", "2061-02", "2061-03", "total"))
                .containsExactly("300.00", "210.00", "190.00", "700.00");
        assertThat(figures(pnl, "operatingProfit", "2061-01", "2061-02", "2061-03", "total"))
                .containsExactly("0.00", "60.00", "150.00", "210.00");

        assertThat(figures(shown.get("segments"), "ltvToCac", v, v1)).containsExactly("2.6667", "1.0833");
        assertThat(figures(shown.get("segments"), "ltv", v, v1)).containsExactly("400.00", "162.50");

        JsonNode lastTouch = shown.get("campaigns").get("LAST_TOUCH");
        assertThat(figures(lastTouch, "customers", c1, c2, "(unattributed)"))
                .containsExactly("1.0000", "1.0000", "1.0000");
        assertThat(figures(lastTouch, "attributedRevenue", c1, c2, "(unattributed)"))
                .containsExactly("200.00", "150.00", "500.00");
        assertThat(figures(lastTouch, "roas", c1)).containsExactly("0.6667");
        JsonNode linear = shown.get("campaigns").get("LINEAR");
        assertThat(figures(linear, "customers", c1, c2)).containsExactly("1.5000", "0.5000");
        assertThat(figures(linear, "attributedRevenue", c1, c2)).containsExactly("275.00", "75.00");
        assertThat(figures(linear, "roas", c1)).containsExactly("0.9167");

        JsonNode cohorts = shown.get("cohorts");
        assertThat(figures(cohorts, "m0", "2061-01", "2061-02")).containsExactly("1.0000", "1.0000");
        assertThat(figures(cohorts, "m1", "2061-01", "2061-02")).containsExactly("1.0000", "1.0000");
        assertThat(figures(cohorts, "m2", "2061-01")).containsExactly("0.5000");

        JsonNode budget = shown.get("budget");
        assertThat(figures(budget, "variance", mk + "/2061-01", mk + "/2061-02", op + "/2061-02"))
                .containsExactly("50.00", "-50.00", "90.00");
        assertThat(figures(budget, "variancePct", mk + "/2061-01", mk + "/2061-02", op + "/2061-02"))
                .containsExactly("0.2000", "-0.2500", "");
        assertThat(figures(budget, "actual", "total")).containsExactly("640.00");
        assertThat(figures(budget, "variancePct", "total")).containsExactly("0.4222");

        for (String model : List.of("LAST_TOUCH", "LINEAR")) {
            JsonNode departments = shown.get("departments").get(model);
            String[] mkMonths = {mk + "/2061-01", mk + "/2061-02", mk + "/2061-03"};
            assertThat(figures(departments, "budget", mkMonths)).containsExactly("250.00", "200.00", "0.00");
            assertThat(figures(departments, "directCost", mkMonths)).containsExactly("300.00", "150.00", "0.00");
            assertThat(figures(departments, "allocatedIn", mkMonths)).containsExactly("0.00", "0.00", "40.00");
            assertThat(figures(departments, "fullyLoadedCost", mkMonths)).containsExactly("300.00", "150.00", "40.00");
            assertThat(figures(departments, "creditedNewCustomers", mkMonths))
                    .containsExactly("1.0000", "1.0000", "0.0000");
            assertThat(figures(departments, "creditedRevenue", mkMonths)).containsExactly("100.00", "150.00", "100.00");
            assertThat(figures(departments, "returnOnCost", mkMonths)).containsExactly("0.3333", "1.0000", "2.5000");
            assertThat(figures(departments, "allocatedOut", op + "/2061-03")).containsExactly("40.00");
            assertThat(figures(departments, "fullyLoadedCost", op + "/2061-02", op + "/2061-03"))
                    .containsExactly("90.00", "60.00");
            assertThat(figures(
                            departments,
                            "creditedRevenue",
                            "(unassigned)/2061-01",
                            "(unassigned)/2061-02",
                            "(unassigned)/2061-03"))
                    .containsExactly("200.00", "150.00", "150.00");
            String[] whole = {"(company)/2061-01", "(company)/2061-02", "(company)/2061-03"};
            assertThat(figures(departments, "fullyLoadedCost", whole)).containsExactly("300.00", "240.00", "100.00");
            assertThat(figures(departments, "creditedRevenue", whole)).containsExactly("300.00", "300.00", "250.00");
            assertThat(figures(departments, "returnOnCost", whole)).containsExactly("1.0000", "1.2500", "2.5000");
        }
    }

    /** What the plan view is shown with: the range, the segment, the budget version and the scenario. */
    private record PlanSeed(
            YearMonth m3, YearMonth m4, YearMonth m5, String segment, String version, String scenario) {}

    /** ForecastTest's company in months of its own (no budgets), a draft budget version and a scenario. */
    private PlanSeed planCompany() {
        YearMonth m0 = Api.uniqueMonth();
        for (int i = 0; i < 3; i++) {
            Api.uniqueMonth();
        }
        CompanyBuilder company = HandWorkedCompanies.forecast(graphQl, m0)
                .close(m0.plusMonths(1))
                .close(m0.plusMonths(2))
                .close(m0.plusMonths(3));
        YearMonth m4 = m0.plusMonths(4);
        String s1 = company.code("S1");
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
                                Map.of(
                                        "departmentCode",
                                        company.code("MK"),
                                        "month",
                                        m4.toString(),
                                        "amount",
                                        "700.00",
                                        "currency",
                                        "USD"),
                                Map.of(
                                        "departmentCode",
                                        company.code("OP"),
                                        "month",
                                        m4.toString(),
                                        "amount",
                                        "100.00",
                                        "currency",
                                        "USD")),
                        "segmentLines",
                        List.of(Map.of(
                                "segmentCode", s1, "month", m4.toString(), "amount", "350.00", "currency", "USD"))));
        String scenario = unique("grow");
        api.scenario(
                scenario,
                "S1 +20% new customers",
                List.of(Api.override(s1, "NEW_CUSTOMERS", m4, m0.plusMonths(6), "0.2", "RELATIVE")));
        return new PlanSeed(m0.plusMonths(3), m4, m0.plusMonths(5), s1, version, scenario);
    }

    private static void assertPlan(JsonNode plan, PlanSeed seed) {
        String m3 = seed.m3().toString();
        String m4 = seed.m4().toString();
        JsonNode company = plan.get("company").get("plan");
        assertThat(company.has(seed.m5().toString())).isTrue();
        assertThat(figures(company, "kind", m3, m4)).containsExactly("ACTUAL", "FORECAST");
        assertThat(figures(company, "revenue", m3, m4)).containsExactly("790.00", "0.00");
        assertThat(figures(company, "forecastRevenue", m3, m4)).containsExactly("790.00", "942.31");
        assertThat(figures(company, "revenueVsForecast", m3, m4)).containsExactly("0.00", "-942.31");
        assertThat(figures(company, "spend", m3, m4)).containsExactly("510.00", "0.00");
        assertThat(figures(company, "budgetSpend", m3, m4)).containsExactly("", "800.00");
        assertThat(figures(company, "spendVsBudget", m3, m4)).containsExactly("", "-800.00");
        assertThat(figures(company, "forecastSpend", m3, m4)).containsExactly("510.00", "601.48");
        assertThat(figures(company, "forecastOperatingProfit", m3, m4)).containsExactly("280.00", "340.82");
        assertThat(figures(company, "forecastNewCustomers", m3, m4)).containsExactly("2.0000", "2.3333");
        JsonNode companyScenarios = plan.get("company").get("scenarios");
        assertThat(figures(companyScenarios, "b.revenue", m4)).containsExactly("942.31");
        assertThat(figures(companyScenarios, "difference.revenue", m3, m4)).containsExactly("0.00", "0.00");

        JsonNode segment = plan.get("segment").get("plan");
        assertThat(figures(segment, "revenue", m3)).containsExactly("300.00");
        assertThat(figures(segment, "spend", m3)).containsExactly("350.00");
        assertThat(figures(segment, "forecastRevenue", m3, m4)).containsExactly("300.00", "396.92");
        assertThat(figures(segment, "forecastSpend", m3, m4)).containsExactly("350.00", "367.16");
        assertThat(figures(segment, "budgetSpend", m3, m4)).containsExactly("", "350.00");
        assertThat(figures(segment, "spendVsBudget", m4)).containsExactly("-350.00");
        assertThat(figures(segment, "forecastOperatingProfit", m4)).containsExactly("29.76");
        assertThat(figures(segment, "forecastNewCustomers", m4)).containsExactly("1.3333");
        JsonNode scenarios = plan.get("segment").get("scenarios");
        assertThat(figures(scenarios, "a.mrr", m4)).containsExactly("376.92");
        assertThat(figures(scenarios, "b.mrr", m4)).containsExactly("408.92");
        assertThat(figures(scenarios, "difference.mrr", m4)).containsExactly("32.00");
        assertThat(figures(scenarios, "a.revenue", m4)).containsExactly("396.92");
        assertThat(figures(scenarios, "b.revenue", m4)).containsExactly("428.92");
        assertThat(figures(scenarios, "difference.contribution", m4)).containsExactly("28.20");
        assertThat(figures(scenarios, "difference.newCustomers", m4)).containsExactly("0.2667");
        assertThat(figures(scenarios, "difference.revenue", m3)).containsExactly("0.00");
    }

    private static List<String> figures(JsonNode table, String field, String... keys) {
        return java.util.Arrays.stream(keys)
                .map(key -> {
                    assertThat(table.has(key)).as("row %s shown", key).isTrue();
                    return table.get(key).get(field).asString();
                })
                .toList();
    }

    /** Runs the browser script against this application; returns the figures it read from the page. */
    private JsonNode runBrowserTest(String from, String to, YearMonth toClose, PlanSeed plan)
            throws IOException, InterruptedException {
        assertThat(CLIENT.resolve("dist/index.js"))
                .as("the TypeScript client is built by the reactor (./mvnw -pl api -am ...)")
                .exists();
        ensureChromium();
        Path screenshot = Path.of("target", "dashboard-e2e.png").toAbsolutePath();
        Path stdout = Files.createTempFile("dashboard-e2e", ".json");
        Path stderr = Files.createTempFile("dashboard-e2e", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                "node", "e2e/dashboard.e2e.mjs", "http://localhost:" + port, from, to, screenshot.toString());
        builder.environment().put("REVGRAPH_TOKEN", adminToken);
        builder.environment().put("REVGRAPH_CLOSE_MONTH", toClose.toString());
        builder.environment().put("REVGRAPH_PLAN_FROM", plan.m3().atDay(1).toString());
        builder.environment().put("REVGRAPH_PLAN_TO", plan.m5().atEndOfMonth().toString());
        builder.environment().put("REVGRAPH_PLAN_SEGMENT", plan.segment());
        builder.environment().put("REVGRAPH_PLAN_BUDGET", plan.version());
        builder.environment().put("REVGRAPH_PLAN_SCENARIO", plan.scenario());
        Process process = builder.directory(CLIENT.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(finished).as("browser test finished in time; log:\n%s", log).isTrue();
        assertThat(process.exitValue())
                .as("browser test exit code; log:\n%s", log)
                .isZero();
        assertThat(screenshot).exists();
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
    }

    /** Debian's chromium, installed by clients/typescript/e2e/ensure-chromium.sh when missing (needs root). */
    private static void ensureChromium() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "e2e/ensure-chromium.sh")
                .directory(CLIENT.toFile())
                .inheritIO()
                .start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as("chromium available (see e2e/ensure-chromium.sh)")
                .isZero();
    }
}
