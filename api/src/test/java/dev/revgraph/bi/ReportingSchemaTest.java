package dev.revgraph.bi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.MovementFields;
import dev.revgraph.support.TestDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schema {@code reporting} read over plain JDBC as a BI role whose password came from
 * {@code createBiCredentials} over HTTP, against the GraphQL reports of the same range, to the cent,
 * and against figures worked out by hand; the first month is closed.
 *
 * <p>The company (reporting currency USD; F is a test currency at 1 F = 1.5 USD from m0's first day),
 * months m0, m1, m2, segments R with children A and B, departments MKT (MARKETING) and OPS (OPERATIONS):
 *
 * <pre>
 * customers: c1 in A acquired m0-03, c2 in B acquired m0-10, c3 in A acquired m1-05
 * recurring revenue  m0          m1          m2
 *   c1               1000 USD    1200 USD    1200 USD
 *   c2               100 F=150   100 F=150   -          (churns in m2)
 *   c3               -           300 USD     200 USD
 * spend: MKT m0-15 500 USD ADVERTISING seg A; MKT m1-15 200 F = 300 USD ADVERTISING seg B;
 *        OPS m0-20 400 USD COST_OF_SERVICE seg A; OPS m2-20 250 USD COST_OF_SERVICE seg B;
 *        OPS m2-25 80 USD TOOLS without a segment
 * budgets: MKT m0 ADVERTISING 600 USD; MKT m1 (all categories) 250 USD; OPS m2 COST_OF_SERVICE 300 F = 450 USD
 * m0 is closed.
 * </pre>
 *
 * By hand:
 *
 * <pre>
 * P&L by segment  revenue  cost of service  operating expenses  new customers
 *   m0 A          1000     400              500                 1
 *   m0 B           150       0                0                 1
 *   m1 A          1500       0                0                 1   (1200 + 300)
 *   m1 B           150       0              300                 0
 *   m2 A          1400       0                0                 0   (1200 + 200)
 *   m2 B             0     250                0                 0
 * budget vs actual: MKT m0 600/500, MKT m1 250/300, OPS m0 0/400, OPS m2 450/330 (250 + 80)
 * MRR movements of R (A and B): m0 new 1150, end 1150, active 2;
 *   m1 start 1150, new 300, expansion 200 (c1 1000 to 1200), end 1650, active 3;
 *   m2 start 1650, churned 150 (c2), contraction 100 (c3 300 to 200), end 1400, active 2, churned customers 1
 * cohorts: m0 (size 2): m0 2 active 1150 MRR, cumulative 1150; m1 2 active 1350, 2500; m2 1 active 1200, 3700
 *          m1 (size 1): m1 1 active 300, 300; m2 1 active 200, 500
 * </pre>
 */
class ReportingSchemaTest extends IntegrationTest {

    private YearMonth m0;
    private String r;
    private String a;
    private String b;
    private String mkt;
    private String ops;

    @BeforeEach
    void company() {
        m0 = Api.uniqueMonths(3);
        YearMonth m1 = m0.plusMonths(1);
        YearMonth m2 = m0.plusMonths(2);
        String f = Api.uniqueCurrency();
        r = unique("R");
        a = unique("A");
        b = unique("B");
        mkt = unique("MKT");
        ops = unique("OPS");
        api.currency(f, m0.atDay(1).toString(), "1.5");
        api.segment(r, null);
        api.segment(a, r);
        api.segment(b, r);
        api.department(mkt, "MARKETING");
        api.department(ops, "OPERATIONS");
        String c1 = unique("c1");
        String c2 = unique("c2");
        String c3 = unique("c3");
        api.customer(c1, a, m0.atDay(3).toString());
        api.customer(c2, b, m0.atDay(10).toString());
        api.customer(c3, a, m1.atDay(5).toString());
        api.revenue(c1, m0.atDay(5).toString(), "1000", "USD", true);
        api.revenue(c1, m1.atDay(5).toString(), "1200", "USD", true);
        api.revenue(c1, m2.atDay(5).toString(), "1200", "USD", true);
        api.revenue(c2, m0.atDay(12).toString(), "100", f, true);
        api.revenue(c2, m1.atDay(12).toString(), "100", f, true);
        api.revenue(c3, m1.atDay(6).toString(), "300", "USD", true);
        api.revenue(c3, m2.atDay(6).toString(), "200", "USD", true);
        api.spend(mkt, m0.atDay(15).toString(), "500", "USD", "ADVERTISING", Map.of("segmentCode", a));
        api.spend(mkt, m1.atDay(15).toString(), "200", f, "ADVERTISING", Map.of("segmentCode", b));
        api.spend(ops, m0.atDay(20).toString(), "400", "USD", "COST_OF_SERVICE", Map.of("segmentCode", a));
        api.spend(ops, m2.atDay(20).toString(), "250", "USD", "COST_OF_SERVICE", Map.of("segmentCode", b));
        api.spend(ops, m2.atDay(25).toString(), "80", "USD", "TOOLS");
        api.budget(mkt, m0.toString(), "ADVERTISING", "600", "USD");
        api.budget(mkt, m1.toString(), null, "250", "USD");
        api.budget(ops, m2.toString(), "COST_OF_SERVICE", "300", f);
        api.close(m0);
    }

    private String from() {
        return m0.atDay(1).toString();
    }

    private String to() {
        return m0.plusMonths(2).atEndOfMonth().toString();
    }

    @Test
    void everyRelationReadAsTheBiRoleEqualsItsGraphQlReport() throws SQLException {
        String[] role = biRole();
        String name = role[0];
        String password = role[1];
        assertThat(password).hasSizeGreaterThanOrEqualTo(43);

        try (Connection bi = DriverManager.getConnection(TestDatabase.url(), name, password)) {
            assertThat(ReportingSchemaTest.rows(bi, "select current_user as who"))
                    .containsExactly(Map.of("who", name));
            assertPnlBySegment(bi);
            assertBudgetVsActual(bi);
            assertMrrMovements(bi);
            assertCohorts(bi);
            assertDimensions(bi);
            assertSegmentEconomics(bi);
        }
    }

    /** A BI role made by {@code createBiCredentials} over HTTP: its name and password. */
    private String[] biRole() {
        String name = "bi_" + unique("test").replaceAll("[^a-z0-9]", "_").toLowerCase();
        Map<String, Object> created = graphQl.documentName("createBiCredentials")
                .variable("input", Map.of("name", name))
                .execute()
                .path("createBiCredentials")
                .entity(Map.class)
                .get();
        assertThat((List<?>) created.get("errors")).isEmpty();
        return new String[] {name, (String) created.get("password")};
    }

    /**
     * reporting.attribution_credits against campaignPerformance under every model and by hand. In a
     * month n of its own: campaigns K1, K2, K3; d1 acquired n-10 by K1 after touches of K1 (n-01), K2
     * (n-05) and K3 (n-09), all at noon; d2 acquired n-12 by K2 without touches; d3 acquired n-15
     * without touches or campaign (the unattributed share).
     *
     * <pre>
     * FIRST_TOUCH     d1: K1 1/1                      d2: K2 1/1   d3: none 1/1
     * LAST_TOUCH      d1: K3 1/1
     * LINEAR          d1: K1 1/3, K2 1/3, K3 1/3
     * POSITION_BASED  3 touches: denominator 5 x (3 - 2) = 5; first and last 2 x (3 - 2), middle 1
     *                 d1: K1 2/5, K2 1/5, K3 2/5
     * TIME_DECAY      half-life 7 days; ages before the last touch 8, 4 and 0 days: weights
     *                 2^(-8/7) = 0.453759, 2^(-4/7) = 0.673617 and 1, sum 2.127376
     *                 d1: K1 0.2130, K2 0.3166, K3 0.4704
     * attributed customers per campaign under LINEAR: K1 0.3333, K2 1/3 + 1 = 1.3333, K3 0.3333
     * </pre>
     */
    @Test
    void attributionCreditsEqualCampaignPerformanceAndTheHandFigures() throws SQLException {
        YearMonth n = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("MKT", "MARKETING")
                .channel("CH", true)
                .campaign("K1", "MKT", "CH", n.atDay(1).toString())
                .campaign("K2", "MKT", "CH", n.atDay(1).toString())
                .campaign("K3", "MKT", "CH", n.atDay(1).toString())
                .segment("S", null)
                .customer("d1", "S", null, n.atDay(10).toString(), "K1")
                .customer("d2", "S", null, n.atDay(12).toString(), "K2")
                .customer("d3", "S", n.atDay(15).toString())
                .touches(
                        "d1",
                        "K1",
                        n.atDay(1) + "T12:00:00Z",
                        "d1",
                        "K2",
                        n.atDay(5) + "T12:00:00Z",
                        "d1",
                        "K3",
                        n.atDay(9) + "T12:00:00Z")
                .build();
        String k1 = company.code("K1");
        String k2 = company.code("K2");
        String k3 = company.code("K3");
        List<String> campaigns = List.of(k1, k2, k3);
        String[] role = biRole();
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        try (Connection bi = DriverManager.getConnection(TestDatabase.url(), role[0], role[1])) {
            for (String model : List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY")) {
                Map<String, String> credits = new TreeMap<>();
                Map<String, BigDecimal> perCustomer = new TreeMap<>();
                Map<String, BigDecimal> perCampaign = new TreeMap<>();
                for (Map<String, Object> row : rows(bi, """
                        select customer_external_id, coalesce(campaign_code, '-') as campaign, credit_numerator,
                               credit_denominator, credit, half_life_days, closed
                        from reporting.attribution_credits
                        where acquisition_month = ?::date and model = ?
                        """, n.atDay(1).toString(), model)) {
                    String customer = (String) row.get("customer_external_id");
                    String campaign = (String) row.get("campaign");
                    BigDecimal numerator = (BigDecimal) row.get("credit_numerator");
                    BigDecimal denominator =
                            new BigDecimal(row.get("credit_denominator").toString());
                    BigDecimal credit = (BigDecimal) row.get("credit");
                    credits.put(
                            customer + " " + campaign,
                            model.equals("TIME_DECAY")
                                    ? credit.setScale(4, RoundingMode.HALF_UP).toPlainString()
                                    : numerator.stripTrailingZeros().toPlainString() + "/" + denominator);
                    perCustomer.merge(
                            customer, numerator.divide(denominator, 30, RoundingMode.HALF_UP), BigDecimal::add);
                    perCampaign.merge(campaign, credit, BigDecimal::add);
                    assertThat(row.get("half_life_days")).isEqualTo(model.equals("TIME_DECAY") ? 7 : null);
                    assertThat(row.get("closed")).isEqualTo(false);
                }
                // each customer's credits sum to 1
                assertThat(perCustomer).hasSize(3);
                perCustomer
                        .values()
                        .forEach(sum -> assertThat(sum.setScale(20, RoundingMode.HALF_UP))
                                .isEqualByComparingTo(BigDecimal.ONE));
                byModel.put(model, credits);

                Map<String, BigDecimal> fromView = new TreeMap<>();
                perCampaign.forEach((campaign, sum) -> {
                    if (campaigns.contains(campaign)) {
                        fromView.put(campaign, sum.setScale(4, RoundingMode.HALF_UP));
                    }
                });
                Map<String, BigDecimal> fromApi = new TreeMap<>();
                for (Object o : graphQl.documentName("campaignPerformance")
                        .variable("from", n.atDay(1).toString())
                        .variable("to", n.atEndOfMonth().toString())
                        .variable("model", model)
                        .execute()
                        .path("campaignPerformance.rows")
                        .entityList(Map.class)
                        .get()) {
                    Map<?, ?> row = (Map<?, ?>) o;
                    BigDecimal customers = new BigDecimal(row.get("customers").toString());
                    if (row.get("code") != null && campaigns.contains(row.get("code")) && customers.signum() != 0) {
                        fromApi.put((String) row.get("code"), customers);
                    }
                }
                assertThat(fromView).as(model).isEqualTo(fromApi);
            }
        }
        String d1 = company.code("d1");
        String d2 = company.code("d2");
        String d3 = company.code("d3");
        assertThat(byModel.get("FIRST_TOUCH"))
                .isEqualTo(Map.of(d1 + " " + k1, "1/1", d2 + " " + k2, "1/1", d3 + " -", "1/1"));
        assertThat(byModel.get("LAST_TOUCH"))
                .isEqualTo(Map.of(d1 + " " + k3, "1/1", d2 + " " + k2, "1/1", d3 + " -", "1/1"));
        assertThat(byModel.get("LINEAR"))
                .isEqualTo(Map.of(
                        d1 + " " + k1, "1/3",
                        d1 + " " + k2, "1/3",
                        d1 + " " + k3, "1/3",
                        d2 + " " + k2, "1/1",
                        d3 + " -", "1/1"));
        assertThat(byModel.get("POSITION_BASED"))
                .isEqualTo(Map.of(
                        d1 + " " + k1, "2/5",
                        d1 + " " + k2, "1/5",
                        d1 + " " + k3, "2/5",
                        d2 + " " + k2, "1/1",
                        d3 + " -", "1/1"));
        assertThat(byModel.get("TIME_DECAY"))
                .isEqualTo(Map.of(
                        d1 + " " + k1, "0.2130",
                        d1 + " " + k2, "0.3166",
                        d1 + " " + k3, "0.4704",
                        d2 + " " + k2, "1.0000",
                        d3 + " -", "1.0000"));
    }

    // ---- P&L

    private void assertPnlBySegment(Connection bi) throws SQLException {
        List<Map<String, Object>> view = rows(bi, """
                select month_label, segment_code, sum(revenue) as revenue, sum(cost_of_service) as cost_of_service,
                       sum(operating_expenses) as operating_expenses, sum(new_customers) as new_customers,
                       bool_and(closed) as closed, min(fiscal_quarter_label) as quarter, min(currency) as currency
                from reporting.pnl_monthly
                where month between ?::date and ?::date and segment_code in (?, ?, ?)
                group by month_label, segment_code
                order by month_label, segment_code
                """, from(), to(), r, a, b);
        Map<String, List<Object>> fromView = new TreeMap<>();
        for (Map<String, Object> row : view) {
            fromView.put(
                    row.get("month_label") + " " + row.get("segment_code"),
                    List.of(
                            cents(row.get("revenue")),
                            cents(row.get("cost_of_service")),
                            cents(row.get("operating_expenses")),
                            ((Number) row.get("new_customers")).intValue()));
            assertThat(row.get("currency")).isEqualTo("USD");
            assertThat(row.get("closed")).isEqualTo(row.get("month_label").equals(m0.toString()));
            assertThat((String) row.get("quarter")).startsWith("FY");
        }

        List<Map<String, Object>> report = graphQl
                .documentName("profitAndLoss")
                .variable("from", from())
                .variable("to", to())
                .variable("groupBy", List.of("SEGMENT"))
                .variable("filter", Map.of("segmentCodes", List.of(r, a, b)))
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Map.class)
                .get()
                .stream()
                .map(row -> (Map<String, Object>) row)
                .toList();
        Map<String, List<Object>> fromApi = new TreeMap<>();
        for (Map<String, Object> row : report) {
            if (row.get("segmentCode") == null) {
                continue;
            }
            List<Object> figures = List.of(
                    cents(row.get("revenue")),
                    cents(row.get("costOfService")),
                    cents(row.get("operatingExpenses")),
                    ((Number) row.get("newCustomers")).intValue());
            if (!figures.equals(List.of(cents("0"), cents("0"), cents("0"), 0))) {
                fromApi.put(row.get("period") + " " + row.get("segmentCode"), figures);
            }
        }
        assertThat(fromView).isEqualTo(fromApi);

        YearMonth m1 = m0.plusMonths(1);
        YearMonth m2 = m0.plusMonths(2);
        Map<String, List<Object>> byHand = new TreeMap<>();
        byHand.put(m0 + " " + a, List.of(cents("1000"), cents("400"), cents("500"), 1));
        byHand.put(m0 + " " + b, List.of(cents("150"), cents("0"), cents("0"), 1));
        byHand.put(m1 + " " + a, List.of(cents("1500"), cents("0"), cents("0"), 1));
        byHand.put(m1 + " " + b, List.of(cents("150"), cents("0"), cents("300"), 0));
        byHand.put(m2 + " " + a, List.of(cents("1400"), cents("0"), cents("0"), 0));
        byHand.put(m2 + " " + b, List.of(cents("0"), cents("250"), cents("0"), 0));
        assertThat(fromView).isEqualTo(byHand);
    }

    // ---- budget vs actual

    private void assertBudgetVsActual(Connection bi) throws SQLException {
        Map<String, List<BigDecimal>> fromView = new TreeMap<>();
        for (Map<String, Object> row : rows(bi, """
                select department_code, month_label, budget, actual, variance from reporting.budget_vs_actual
                where month between ?::date and ?::date and department_code in (?, ?)
                """, from(), to(), mkt, ops)) {
            fromView.put(
                    row.get("department_code") + " " + row.get("month_label"),
                    List.of(cents(row.get("budget")), cents(row.get("actual")), cents(row.get("variance"))));
        }
        Map<String, List<BigDecimal>> fromApi = new TreeMap<>();
        for (Object o : graphQl.documentName("budgetVsActual")
                .variable("from", from())
                .variable("to", to())
                .variable("departmentCodes", List.of(mkt, ops))
                .execute()
                .path("budgetVsActual.rows")
                .entityList(Map.class)
                .get()) {
            Map<?, ?> row = (Map<?, ?>) o;
            List<BigDecimal> figures =
                    List.of(cents(row.get("budget")), cents(row.get("actual")), cents(row.get("variance")));
            if (figures.get(0).signum() != 0 || figures.get(1).signum() != 0) {
                fromApi.put(row.get("departmentCode") + " " + row.get("month"), figures);
            }
        }
        assertThat(fromView).isEqualTo(fromApi);
        Map<String, List<BigDecimal>> byHand = new TreeMap<>();
        byHand.put(mkt + " " + m0, List.of(cents("600"), cents("500"), cents("-100")));
        byHand.put(mkt + " " + m0.plusMonths(1), List.of(cents("250"), cents("300"), cents("50")));
        byHand.put(ops + " " + m0, List.of(cents("0"), cents("400"), cents("400")));
        byHand.put(ops + " " + m0.plusMonths(2), List.of(cents("450"), cents("330"), cents("-120")));
        assertThat(fromView).isEqualTo(byHand);
    }

    // ---- MRR movements

    private static final List<String> MOVEMENT_FIELDS = MovementFields.ALL;

    private void assertMrrMovements(Connection bi) throws SQLException {
        for (String segment : List.of(r, a, b)) {
            Map<String, List<BigDecimal>> fromView = new TreeMap<>();
            for (Map<String, Object> row : rows(bi, """
                    select month_label, start_mrr, new_mrr, expansion, contraction, churned, reactivated,
                           transfer_in, transfer_out, end_mrr, active_customers, start_customers,
                           churned_customers, transfer_in_customers, transfer_out_customers
                    from reporting.mrr_movements
                    where scope = 'SEGMENT' and segment_code = ? and month between ?::date and ?::date
                    """, segment, from(), to())) {
                List<BigDecimal> figures = new ArrayList<>();
                for (String field : MOVEMENT_FIELDS) {
                    figures.add(cents(row.get(snake(field))));
                }
                fromView.put((String) row.get("month_label"), figures);
            }
            Map<String, List<BigDecimal>> fromApi = new TreeMap<>();
            for (Object o : graphQl.documentName("mrrMovements")
                    .variable("from", from())
                    .variable("to", to())
                    .variable("segmentCode", segment)
                    .execute()
                    .path("mrrMovements.rows")
                    .entityList(Map.class)
                    .get()) {
                Map<?, ?> row = (Map<?, ?>) o;
                List<BigDecimal> figures = new ArrayList<>();
                for (String field : MOVEMENT_FIELDS) {
                    figures.add(cents(row.get(field)));
                }
                fromApi.put((String) row.get("month"), figures);
            }
            assertThat(fromView).as("segment %s", segment).isEqualTo(fromApi);
            if (segment.equals(r)) {
                assertThat(fromView.get(m0.toString()))
                        .isEqualTo(movement("0", "1150", "0", "0", "0", "1150", "2", "0", "0"));
                assertThat(fromView.get(m0.plusMonths(1).toString()))
                        .isEqualTo(movement("1150", "300", "200", "0", "0", "1650", "3", "2", "0"));
                assertThat(fromView.get(m0.plusMonths(2).toString()))
                        .isEqualTo(movement("1650", "0", "0", "100", "150", "1400", "2", "3", "1"));
            }
        }
    }

    /** A movement row without reactivations or transfers, in the order of {@link #MOVEMENT_FIELDS}. */
    private static List<BigDecimal> movement(
            String start,
            String newMrr,
            String expansion,
            String contraction,
            String churned,
            String end,
            String active,
            String startCustomers,
            String churnedCustomers) {
        return List.of(
                cents(start),
                cents(newMrr),
                cents(expansion),
                cents(contraction),
                cents(churned),
                cents("0"),
                cents("0"),
                cents("0"),
                cents(end),
                cents(active),
                cents(startCustomers),
                cents(churnedCustomers),
                cents("0"),
                cents("0"));
    }

    // ---- cohorts

    private void assertCohorts(Connection bi) throws SQLException {
        Map<String, List<BigDecimal>> fromView = new TreeMap<>();
        for (Map<String, Object> row : rows(bi, """
                select cohort_label, month_label, months_since_acquisition, cohort_size, active_customers, mrr,
                       first_month_mrr, cumulative_revenue
                from reporting.cohort_cells
                where cohort_month between ?::date and ?::date and month <= ?::date
                """, from(), to(), to())) {
            BigDecimal size = new BigDecimal(row.get("cohort_size").toString());
            BigDecimal active = new BigDecimal(row.get("active_customers").toString());
            BigDecimal cumulative = (BigDecimal) row.get("cumulative_revenue");
            fromView.put(
                    row.get("cohort_label") + " " + row.get("month_label"),
                    List.of(
                            new BigDecimal(row.get("months_since_acquisition").toString()),
                            size,
                            active,
                            cents(row.get("mrr")),
                            // the API's logo retention and revenue per customer, from the view's inputs
                            active.divide(size, 4, RoundingMode.HALF_UP),
                            cumulative.divide(size, 2, RoundingMode.HALF_UP)));
        }
        Map<String, List<BigDecimal>> fromApi = new TreeMap<>();
        for (Object o : graphQl.documentName("cohortRetention")
                .variable("from", from())
                .variable("to", to())
                .execute()
                .path("cohortRetention.rows")
                .entityList(Map.class)
                .get()) {
            Map<?, ?> row = (Map<?, ?>) o;
            fromApi.put(
                    row.get("cohortMonth") + " " + row.get("month"),
                    List.of(
                            new BigDecimal(row.get("monthsSinceAcquisition").toString()),
                            new BigDecimal(row.get("cohortSize").toString()),
                            new BigDecimal(row.get("activeCustomers").toString()),
                            cents(row.get("mrr")),
                            new BigDecimal(row.get("retention").toString()),
                            new BigDecimal(
                                    row.get("cumulativeRevenuePerCustomer").toString())));
        }
        assertThat(fromView).isEqualTo(fromApi);
        assertThat(fromView.get(m0 + " " + m0.plusMonths(2)))
                .isEqualTo(List.of(
                        new BigDecimal("2"),
                        new BigDecimal("2"),
                        new BigDecimal("1"),
                        cents("1200"),
                        new BigDecimal("0.5000"),
                        new BigDecimal("1850.00")));
    }

    // ---- segment economics

    private static final List<String> ECONOMICS_FIELDS = List.of(
            "newCustomers",
            "revenue",
            "costOfService",
            "directCost",
            "contributionMargin",
            "grossMargin",
            "cac",
            "arpa",
            "monthlyRevenueChurn",
            "ltv",
            "ltvToCac",
            "paybackMonths",
            "paidCac");

    /**
     * reporting.segment_economics_monthly against segmentEconomics over each single month, for R, A,
     * B and the whole company, each view figure rounded to the scale the API serves it at. By hand:
     *
     * <pre>
     * m0 A: revenue 1000, cost of service 400, direct cost 500, contribution 100, gross margin 0.6000,
     *       CAC 500 / 1 = 500.00, ARPA 1000 / 1 = 1000.00, churn null (no start MRR), LTV null
     * m2 R: revenue 1400, cost of service 250, gross margin 1150 / 1400 = 0.8214, ARPA 1400 / 2 = 700.00,
     *       churn (150 + 100) / 1650 = 0.1515, LTV 700 x (1150 / 1400) / (250 / 1650) = 575 x 6.6 = 3795.00,
     *       CAC null (no new customers)
     * </pre>
     */
    private void assertSegmentEconomics(Connection bi) throws SQLException {
        Map<String, Map<String, Object>> fromView = new TreeMap<>();
        for (Map<String, Object> row : rows(bi, """
                select month_label, coalesce(segment_code, '-') as segment, new_customers, revenue, cost_of_service,
                       direct_cost, contribution_margin, gross_margin, cac, arpa, monthly_revenue_churn, ltv,
                       ltv_to_cac, payback_months, paid_cac
                from reporting.segment_economics_monthly
                where month between ?::date and ?::date and (scope = 'COMPANY' or segment_code in (?, ?, ?))
                """, from(), to(), r, a, b)) {
            fromView.put(row.get("month_label") + " " + row.get("segment"), row);
        }
        int compared = 0;
        for (int i = 0; i < 3; i++) {
            YearMonth month = m0.plusMonths(i);
            for (Object o : graphQl.documentName("segmentEconomics")
                    .variable("from", month.atDay(1).toString())
                    .variable("to", month.atEndOfMonth().toString())
                    .execute()
                    .path("segmentEconomics.rows")
                    .entityList(Map.class)
                    .get()) {
                Map<?, ?> api = (Map<?, ?>) o;
                Object code = api.get("segmentCode");
                if (code != null && !List.of(r, a, b).contains(code)) {
                    continue;
                }
                String key = month + " " + (code == null ? "-" : code);
                Map<String, Object> view = fromView.get(key);
                assertThat(view).as(key).isNotNull();
                for (String field : ECONOMICS_FIELDS) {
                    Object served = api.get(field);
                    Object fromSql = view.get(snake(field));
                    if (served == null) {
                        assertThat(fromSql).as(key + " " + field).isNull();
                    } else {
                        BigDecimal expected = new BigDecimal(served.toString());
                        assertThat(fromSql).as(key + " " + field).isNotNull();
                        assertThat(new BigDecimal(fromSql.toString()).setScale(expected.scale(), RoundingMode.HALF_UP))
                                .as(key + " " + field)
                                .isEqualTo(expected);
                    }
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(12);

        Map<String, Object> a0 = fromView.get(m0 + " " + a);
        assertThat(cents(a0.get("revenue"))).isEqualTo(cents("1000"));
        assertThat(cents(a0.get("cost_of_service"))).isEqualTo(cents("400"));
        assertThat(cents(a0.get("direct_cost"))).isEqualTo(cents("500"));
        assertThat(cents(a0.get("contribution_margin"))).isEqualTo(cents("100"));
        assertThat(fraction(a0.get("gross_margin"))).isEqualTo(new BigDecimal("0.6000"));
        assertThat(cents(a0.get("cac"))).isEqualTo(cents("500"));
        assertThat(cents(a0.get("arpa"))).isEqualTo(cents("1000"));
        assertThat(a0.get("monthly_revenue_churn")).isNull();
        assertThat(a0.get("ltv")).isNull();
        Map<String, Object> r2 = fromView.get(m0.plusMonths(2) + " " + r);
        assertThat(fraction(r2.get("gross_margin"))).isEqualTo(new BigDecimal("0.8214"));
        assertThat(cents(r2.get("arpa"))).isEqualTo(cents("700"));
        assertThat(fraction(r2.get("monthly_revenue_churn"))).isEqualTo(new BigDecimal("0.1515"));
        assertThat(cents(r2.get("ltv"))).isEqualTo(cents("3795"));
        assertThat(r2.get("cac")).isNull();
    }

    /** A fraction rounded half-up to 4 decimals, as the API serves fractions. */
    private static BigDecimal fraction(Object value) {
        return new BigDecimal(value.toString()).setScale(4, RoundingMode.HALF_UP);
    }

    // ---- dimensions

    private void assertDimensions(Connection bi) throws SQLException {
        List<Map<String, Object>> segments = rows(
                bi,
                "select segment_code, depth, segment_path, level_1_code, level_2_code from reporting.segment"
                        + " where segment_code = ?",
                a);
        assertThat(segments).hasSize(1);
        assertThat(segments.get(0))
                .containsEntry("depth", 2)
                .containsEntry("segment_path", r + "/" + a)
                .containsEntry("level_1_code", r)
                .containsEntry("level_2_code", a);
        assertThat(rows(bi, "select department_kind from reporting.department where department_code = ?", mkt))
                .containsExactly(Map.of("department_kind", "MARKETING"));
        assertThat(rows(bi, "select count(*) as n from reporting.product")).hasSize(1);
        assertThat(rows(bi, "select count(*) as n from reporting.channel")).hasSize(1);
        assertThat(rows(bi, "select count(*) as n from reporting.region")).hasSize(1);
    }

    // ---- helpers

    static List<Map<String, Object>> rows(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** An amount rounded half-up to the cent, as the API serves money. */
    private static BigDecimal cents(Object value) {
        return new BigDecimal(value.toString()).setScale(2, RoundingMode.HALF_UP);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
    }
}
