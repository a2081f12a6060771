package dev.revgraph.department;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The department statement against a company worked by hand. Reporting currency USD; K converts at
 * 1.25 from M0-01. M0 and M1 are the test's own months ({@link Api#uniqueMonth}); the statement is
 * over M1.
 *
 * <pre>
 * departments MKT (MARKETING), SAL (SALES), GEN (GENERAL); segments V, W; channel CH
 * campaigns   KM1, KM2 owned by MKT, KS owned by SAL, all from M0-01
 * customers   c1 acquired M1-10, touched by KM1 (M1-02), KS (M1-05), KM2 (M1-08)
 *             c2 acquired M1-12, touched by KS (M1-03), KM1 (M1-04)
 *             c3 acquired M1-15, no touch, acquisition campaign KS
 *             c4 acquired M1-20, no touch, no acquisition campaign: no credit
 * revenue     c1 100.00 USD, c2 40.00 K (= 50.00), c3 30.00 USD, c4 20.00 USD       total 200.00
 * spend       MKT 300.00 USD ADVERTISING (KM1) + 40.00 K EVENTS (= 50.00)       MKT 350.00
 *             SAL 200.00 USD SALARIES                                           SAL 200.00
 *             GEN 1000.00 USD SALARIES + 100.00 USD OVERHEAD                    GEN 1100.00
 * budgets     MKT 400.00, SAL 150.00, GEN 1000.00 + 100.00 (OVERHEAD)            total 1650.00
 * headcount   MKT 2, SAL 1
 * rules       DEP  GEN SALARIES -> departments MKT, SAL by HEADCOUNT: 1000.00 x 2/3 = 666.666 -> 666.67,
 *                                                                  1000.00 x 1/3 = 333.333 -> 333.33
 *             SEG  GEN OVERHEAD -> segments V 0.6, W 0.4 FIXED: 60.00, 40.00 (stay in GEN's cost)
 *
 * LINEAR credits: c1 1/3 to KM1, KS, KM2 (MKT 2/3, SAL 1/3); c2 1/2 to KS, KM1 (MKT 1/2, SAL 1/2);
 * c3 1 to KS (SAL); c4 unassigned.
 *   credited new customers  MKT 2/3 + 1/2 = 7/6 = 1.16666.. ; SAL 1/3 + 1/2 + 1 = 11/6 = 1.8333.. ;
 *                           unassigned 1; company 4. Largest remainder: 1.1666 + 1.8333 + 1.0000 =
 *                           3.9999, the unit left to the larger remainder (MKT .66 against .33):
 *                           MKT 1.1667, SAL 1.8333
 *   credited revenue        MKT 100 x 2/3 + 50 / 2 = 91.666.. ; SAL 100 / 3 + 50 / 2 + 30 = 88.333.. ;
 *                           unassigned 20.00; company 200.00 -> MKT 91.67, SAL 88.33
 *
 *            budget   direct   in      out      slices  fully-loaded  variance  pct      return on cost
 * MKT        400.00   350.00   666.67     0.00    0.00  1016.67       -50.00   -0.1250  91.666/1016.67 = 0.0902
 * SAL        150.00   200.00   333.33     0.00    0.00   533.33        50.00    0.3333  88.333/533.33  = 0.1656
 * GEN       1100.00  1100.00     0.00  1000.00  100.00   100.00         0.00    0.0000  0 / 100        = 0.0000
 * unassign.    0.00     0.00     0.00     0.00    0.00     0.00         0.00    null    null
 * company   1650.00  1650.00  1000.00  1000.00  100.00  1650.00         0.00    0.0000  200 / 1650     = 0.1212
 * </pre>
 *
 * Under LAST_TOUCH c1 goes to KM2 (MKT), c2 to KM1 (MKT): MKT 2 customers, 150.00; SAL 1 (c3), 30.00.
 *
 * <p>Closed: M1 is closed; then a K rate of 2.00 dated M0-15 and a touch of c4 by KM1 on M0-20 (both
 * in the open M0) would move M1's live figures, and the statement stays as it was, under both
 * versions. M1 is reopened, SAL books 50.00 USD TOOLS in it, and it is closed again: LATEST now reads
 * c2 at 80.00 and MKT EVENTS at 80.00 (MKT direct 380.00), c4 credited to MKT, SAL direct 250.00:
 *
 * <pre>
 *            direct   fully-loaded  variance  pct      new      revenue                        return on cost
 * MKT        380.00   1046.67       -20.00   -0.0500  2.1667   66.666 + 40 + 20 = 126.67      0.1210
 * SAL        250.00    583.33       100.00    0.6667  1.8333   33.333 + 40 + 30 = 103.33      0.1771
 * unassign.                                           0.0000     0.00
 * company   1730.00   1730.00        80.00    0.0485  4.0000   230.00                         0.1329
 * </pre>
 *
 * and AS_FIRST_REPORTED still the first close's figures.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class DepartmentStatementTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    YearMonth m0;
    YearMonth m1;
    CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        m0 = Api.uniqueMonth(); // reserves m0 and m1
        m1 = m0.plusMonths(1);
        company = new CompanyBuilder(graphQl)
                .currency("K", day(m0, 1), "1.25")
                .department("MKT", "MARKETING")
                .department("SAL", "SALES")
                .department("GEN", "GENERAL")
                .segment("V", null)
                .segment("W", null)
                .channel("CH", true)
                .campaign("KM1", "MKT", "CH", day(m0, 1))
                .campaign("KM2", "MKT", "CH", day(m0, 1))
                .campaign("KS", "SAL", "CH", day(m0, 1))
                .customer("c1", "V", null, day(m1, 10), null)
                .customer("c2", "W", null, day(m1, 12), null)
                .customer("c3", "V", null, day(m1, 15), "KS")
                .customer("c4", "W", null, day(m1, 20), null)
                .touches(
                        "c1",
                        "KM1",
                        day(m1, 2) + "T09:00:00Z",
                        "c1",
                        "KS",
                        day(m1, 5) + "T09:00:00Z",
                        "c1",
                        "KM2",
                        day(m1, 8) + "T09:00:00Z",
                        "c2",
                        "KS",
                        day(m1, 3) + "T09:00:00Z",
                        "c2",
                        "KM1",
                        day(m1, 4) + "T09:00:00Z")
                .revenue("c1", day(m1, 15), "100.00", "USD", true)
                .revenue("c2", day(m1, 16), "40.00", "K", true)
                .revenue("c3", day(m1, 17), "30.00", "USD", false)
                .revenue("c4", day(m1, 18), "20.00", "USD", true)
                .spend("MKT", day(m1, 3), "300.00", "USD", "ADVERTISING", Tags.campaign("KM1"))
                .spend("MKT", day(m1, 4), "40.00", "K", "EVENTS", Tags.NONE)
                .spend("SAL", day(m1, 5), "200.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(m1, 6), "1000.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(m1, 7), "100.00", "USD", "OVERHEAD", Tags.NONE)
                .budget("MKT", m1.toString(), "400.00")
                .budget("SAL", m1.toString(), "150.00")
                .budget("GEN", m1.toString(), "1000.00")
                .budget("GEN", m1.toString(), "OVERHEAD", "100.00", "USD")
                .headcount("MKT", m1.toString(), "2")
                .headcount("SAL", m1.toString(), "1")
                .build();
        company.allocationRule(
                "DEP", "GEN", List.of("SALARIES"), "DEPARTMENT", "HEADCOUNT", m1, null, "MKT", null, "SAL", null);
        company.allocationRule("SEG", "GEN", List.of("OVERHEAD"), "SEGMENT", "FIXED", m1, null, "V", "0.6", "W", "0.4");
    }

    @Test
    void everyFigureAsWorkedByHand() {
        queries.reset();
        Map<String, Map<String, Object>> rows = statement("LINEAR", null, "LATEST");
        // the whole statement is one SQL statement besides the argument look-ups
        assertThat(queries.statements()).hasSizeLessThanOrEqualTo(4);

        assertRow(rows.get("MKT"), "400.00", "350.00", "666.67", "0.00", "0.00", "1016.67", "-50.00", "-0.1250");
        assertCredited(rows.get("MKT"), "1.1667", "91.67", "0.0902");
        assertRow(rows.get("SAL"), "150.00", "200.00", "333.33", "0.00", "0.00", "533.33", "50.00", "0.3333");
        assertCredited(rows.get("SAL"), "1.8333", "88.33", "0.1656");
        assertRow(rows.get("GEN"), "1100.00", "1100.00", "0.00", "1000.00", "100.00", "100.00", "0.00", "0.0000");
        assertCredited(rows.get("GEN"), "0.0000", "0.00", "0.0000");
        assertRow(rows.get("(unassigned)"), "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", null);
        assertCredited(rows.get("(unassigned)"), "1.0000", "20.00", null);
        Map<String, Object> whole = rows.get("company");
        assertRow(whole, "1650.00", "1650.00", "1000.00", "1000.00", "100.00", "1650.00", "0.00", "0.0000");
        assertCredited(whole, "4.0000", "200.00", "0.1212");

        assertThat(rows.get("MKT"))
                .containsEntry("departmentName", "Department " + company.code("MKT"))
                .containsEntry("departmentKind", "MARKETING")
                .containsEntry("period", m1.toString())
                .containsEntry("periodStart", m1.atDay(1).toString())
                .containsEntry("periodEnd", m1.atEndOfMonth().toString())
                .containsEntry("final", false);
        assertThat(rows.get("(unassigned)"))
                .containsEntry("departmentCode", null)
                .containsEntry("departmentKind", null);
        assertThat(whole).containsEntry("departmentName", "Whole company").containsEntry("departmentCode", null);

        // the company row is the P&L's total of the month
        var pnl = graphQl.documentName("profitAndLoss")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString())
                .execute();
        pnl.path("profitAndLoss.total.revenue").entity(String.class).isEqualTo("200.00");
        pnl.path("profitAndLoss.total.newCustomers").entity(Integer.class).isEqualTo(4);
        pnl.path("profitAndLoss.total.costOfService").entity(String.class).isEqualTo("0.00");
        pnl.path("profitAndLoss.total.operatingExpenses").entity(String.class).isEqualTo("1650.00");
        // direct cost and budget are budget vs actual's
        var budget = graphQl.documentName("budgetVsActual")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(company.code("MKT")))
                .execute();
        budget.path("budgetVsActual.rows[0].actual").entity(String.class).isEqualTo("350.00");
        budget.path("budgetVsActual.rows[0].budget").entity(String.class).isEqualTo("400.00");
    }

    @Test
    void lastTouchAndOneDepartment() {
        Map<String, Map<String, Object>> rows = statement("LAST_TOUCH", null, "LATEST");
        assertCredited(rows.get("MKT"), "2.0000", "150.00", "0.1475"); // 150 / 1016.67 = 0.14754
        assertCredited(rows.get("SAL"), "1.0000", "30.00", "0.0563"); // 30 / 533.33 = 0.05625..
        assertCredited(rows.get("(unassigned)"), "1.0000", "20.00", null);

        var response = request("LINEAR", company.code("SAL"), "LATEST");
        response.path("departmentStatement.rows[*].departmentCode")
                .entityList(String.class)
                .containsExactly(company.code("SAL"));
        response.path("departmentStatement.rows[0].creditedRevenue")
                .entity(String.class)
                .isEqualTo("88.33");
        response.path("departmentStatement.company[0].creditedRevenue")
                .entity(String.class)
                .isEqualTo("200.00");
        response.path("departmentStatement.model").entity(String.class).isEqualTo("LINEAR");
        response.path("departmentStatement.granularity").entity(String.class).isEqualTo("MONTH");
        response.path("departmentStatement.currency").entity(String.class).isEqualTo("USD");
    }

    @Test
    void aClosedMonthKeepsItsStatementUnderBothVersions() {
        company.close(m1);
        Map<String, Map<String, Object>> first = statement("LINEAR", null, "LATEST");
        assertThat(first.get("MKT")).containsEntry("final", true);
        assertCredited(first.get("MKT"), "1.1667", "91.67", "0.0902");
        assertCredited(first.get("(unassigned)"), "1.0000", "20.00", null);

        // later changes in the open month before: a rate in force on M1's days, a touch of c4
        api.mutate(
                        "upsertFxRates",
                        Map.of(
                                "rates",
                                List.of(Map.of("currency", company.code("K"), "date", day(m0, 15), "rate", "2.00"))))
                .path("upsertFxRates.errors")
                .entityList(Object.class)
                .hasSize(0);
        api.mutate(
                        "recordTouchpoints",
                        Map.of(
                                "touchpoints",
                                List.of(Map.of(
                                        "customerExternalId",
                                        company.code("c4"),
                                        "campaignCode",
                                        company.code("KM1"),
                                        "occurredAt",
                                        day(m0, 20) + "T09:00:00Z",
                                        "kind",
                                        "CLICK"))))
                .path("recordTouchpoints.errors")
                .entityList(Object.class)
                .hasSize(0);
        assertThat(statement("LINEAR", null, "LATEST")).isEqualTo(first);
        assertThat(statement("LINEAR", null, "AS_FIRST_REPORTED")).isEqualTo(first);

        // restated: reopened, a spend line booked, closed again
        api.ok("reopenMonth", "fiscalMonth", Map.of("month", m1.toString(), "reason", "late invoice"));
        api.spend(company.code("SAL"), day(m1, 20), "50.00", "USD", "TOOLS");
        company.close(m1);
        Map<String, Map<String, Object>> latest = statement("LINEAR", null, "LATEST");
        assertRow(latest.get("MKT"), "400.00", "380.00", "666.67", "0.00", "0.00", "1046.67", "-20.00", "-0.0500");
        assertCredited(latest.get("MKT"), "2.1667", "126.67", "0.1210");
        assertRow(latest.get("SAL"), "150.00", "250.00", "333.33", "0.00", "0.00", "583.33", "100.00", "0.6667");
        assertCredited(latest.get("SAL"), "1.8333", "103.33", "0.1771");
        assertCredited(latest.get("(unassigned)"), "0.0000", "0.00", null);
        assertRow(
                latest.get("company"),
                "1650.00",
                "1730.00",
                "1000.00",
                "1000.00",
                "100.00",
                "1730.00",
                "80.00",
                "0.0485");
        assertCredited(latest.get("company"), "4.0000", "230.00", "0.1329");
        assertThat(statement("LINEAR", null, "AS_FIRST_REPORTED")).isEqualTo(first);
    }

    @Test
    void aQuarterAndTimeDecay() {
        // the fiscal year starts in January: M1's quarter holds none of this company's other facts
        YearMonth quarter = YearMonth.of(m1.getYear(), (m1.getMonthValue() - 1) / 3 * 3 + 1);
        var response = graphQl.documentName("departmentStatement")
                .variable("from", quarter.atDay(1).toString())
                .variable("to", quarter.plusMonths(2).atEndOfMonth().toString())
                .variable("departmentCode", company.code("MKT"))
                .variable("model", "LINEAR")
                .variable("granularity", "QUARTER")
                .execute();
        response.path("departmentStatement.rows").entityList(Map.class).hasSize(1);
        response.path("departmentStatement.rows[0].period")
                .entity(String.class)
                .isEqualTo("FY" + m1.getYear() + "-Q" + ((m1.getMonthValue() - 1) / 3 + 1));
        Map<String, Object> mkt =
                response.path("departmentStatement.rows[0]").entity(Map.class).get();
        assertRow(mkt, "400.00", "350.00", "666.67", "0.00", "0.00", "1016.67", "-50.00", "-0.1250");
        assertCredited(mkt, "1.1667", "91.67", "0.0902");

        // TIME_DECAY (half-life 7 days): each customer's credits still sum to 1, the rows to the company
        Map<String, Map<String, Object>> rows = statement("TIME_DECAY", null, "LATEST");
        assertThat(new BigDecimal((String) rows.get("MKT").get("creditedNewCustomers"))
                        .add(new BigDecimal((String) rows.get("SAL").get("creditedNewCustomers")))
                        .add(new BigDecimal((String) rows.get("(unassigned)").get("creditedNewCustomers"))))
                .isEqualByComparingTo("4");
        assertThat(new BigDecimal((String) rows.get("MKT").get("creditedRevenue"))
                        .add(new BigDecimal((String) rows.get("SAL").get("creditedRevenue")))
                        .add(new BigDecimal((String) rows.get("(unassigned)").get("creditedRevenue"))))
                .isEqualByComparingTo("200.00");
        assertThat(rows.get("company")).containsEntry("creditedRevenue", "200.00");

        // at the stored half-life the credits are the stored ones, at another computed from the
        // touches: both still give each customer exactly 1 and the company its revenue
        for (int halfLife : List.of(7, 30)) {
            Map<String, Map<String, Object>> decay = statement(Map.of("model", "TIME_DECAY", "halfLifeDays", halfLife));
            assertThat(sum(decay, "creditedNewCustomers"))
                    .as("half-life %d", halfLife)
                    .isEqualByComparingTo("4");
            assertThat(sum(decay, "creditedRevenue"))
                    .as("half-life %d", halfLife)
                    .isEqualByComparingTo("200.00");
        }
    }

    /**
     * KM1 moves to SAL from M1-11: c1 (acquired M1-10) keeps its LINEAR third of KM1 in MKT, c2
     * (acquired M1-12) brings its half of KM1 to SAL. MKT 1/3 + 1/3 = 2/3 customers and 100 x 2/3 =
     * 66.666.. of revenue; SAL 1/3 + 1/2 + 1/2 + 1 = 7/3 and 100 / 3 + 50 + 30 = 113.333..; unassigned 1
     * and 20.00; 0.6667 + 2.3333 + 1.0000 = 4.
     */
    @Test
    void aCreditGoesToTheDepartmentOwningItsCampaignOnTheAcquisitionDay() {
        api.ok(
                "updateCampaign",
                "campaign",
                Map.of(
                        "code", company.code("KM1"),
                        "departmentCode", company.code("SAL"),
                        "effectiveFrom", day(m1, 11)));
        Map<String, Map<String, Object>> rows = statement(Map.of("model", "LINEAR"));
        assertThat(rows.get("MKT"))
                .containsEntry("creditedNewCustomers", "0.6667")
                .containsEntry("creditedRevenue", "66.67");
        assertThat(rows.get("SAL"))
                .containsEntry("creditedNewCustomers", "2.3333")
                .containsEntry("creditedRevenue", "113.33");
        assertThat(rows.get("(unassigned)"))
                .containsEntry("creditedNewCustomers", "1.0000")
                .containsEntry("creditedRevenue", "20.00");
        assertThat(rows.get("company")).containsEntry("creditedRevenue", "200.00");
    }

    private static BigDecimal sum(Map<String, Map<String, Object>> rows, String field) {
        return rows.entrySet().stream()
                .filter(e -> !e.getKey().equals("company"))
                .map(e -> new BigDecimal((String) e.getValue().get(field)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void badArgumentsNameTheArgument() {
        assertError(Map.of("departmentCode", unique("NOPE")), "departmentCode");
        assertError(Map.of("halfLifeDays", 0), "halfLifeDays");
        assertError(Map.of("halfLifeDays", 3651), "halfLifeDays");
        assertError(Map.of("from", m1.atDay(2).toString()), "from");
        assertError(Map.of("to", m1.atDay(20).toString()), "to");
        assertError(Map.of("to", m1.plusMonths(120).atEndOfMonth().toString()), "to");
    }

    /**
     * {@code where: {segmentCodes: [V]}} keeps c1 (100.00) and c3 (30.00) with their revenue, and of the
     * allocated amounts only SEG's 60.00 onto V (a fact of GEN on segment V); no spend or budget line
     * is tagged V, and DEP's amounts and every amount's source side have no segment:
     *
     * <pre>
     *            budget direct in   out  slices fully-loaded new                   revenue                         return
     * GEN        0.00   0.00   0.00 0.00 60.00  60.00        0.0000                0.00                            0.0000
     * MKT        0.00   0.00   0.00 0.00  0.00   0.00        2/3 -> 0.6667         100 x 2/3 = 66.666 -> 66.67     null
     * SAL        0.00   0.00   0.00 0.00  0.00   0.00        1/3 + 1 -> 1.3333     100 / 3 + 30 = 63.333 -> 63.33  null
     * company    0.00   0.00   0.00 0.00 60.00  60.00        2.0000                130.00                          130 / 60 = 2.1667
     * </pre>
     *
     * (66.66 + 63.33 = 129.99: the cent to MKT's larger remainder.) Its complement {@code not:
     * {segmentCodes: [V]}} keeps c2 (50.00) and c4 (20.00), every spend and budget line, DEP's amounts
     * on both sides, SEG's 40.00 onto W and SEG's whole 100.00 on its source, GEN: so GEN's fully-loaded
     * cost is 1100.00 - 1000.00 + 40.00 - 100.00 = 40.00; MKT 350.00 + 666.67 = 1016.67, credited 1/2,
     * 25.00; SAL 533.33, 1/2, 25.00; unassigned c4 1.0000, 20.00; the company 1650.00 - 60.00 = 1590.00.
     * Both add up to the unfiltered statement (GEN 60.00 + 40.00 = 100.00, MKT 66.67 + 25.00 = 91.67),
     * and the fully-loaded cost of each department is the P&L's under FULLY_LOADED with the same filter.
     */
    @Test
    void whereKeepsFactsByTheirSlicesAndAddsUpWithItsComplement() {
        Map<String, Object> onV = Map.of("segmentCodes", List.of(company.code("V")));
        queries.reset();
        Map<String, Map<String, Object>> v = statement(Map.of("model", "LINEAR", "where", onV));
        // still one statement for the figures, besides the look-ups of the arguments and the filter's codes
        assertThat(queries.statements()).hasSizeLessThanOrEqualTo(8);
        assertRow(v.get("GEN"), "0.00", "0.00", "0.00", "0.00", "60.00", "60.00", "0.00", null);
        assertCredited(v.get("GEN"), "0.0000", "0.00", "0.0000");
        assertRow(v.get("MKT"), "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", null);
        assertCredited(v.get("MKT"), "0.6667", "66.67", null);
        assertCredited(v.get("SAL"), "1.3333", "63.33", null);
        assertCredited(v.get("(unassigned)"), "0.0000", "0.00", null);
        assertRow(v.get("company"), "0.00", "0.00", "0.00", "0.00", "60.00", "60.00", "0.00", null);
        assertCredited(v.get("company"), "2.0000", "130.00", "2.1667");

        Map<String, Map<String, Object>> rest = statement(Map.of("model", "LINEAR", "where", Map.of("not", onV)));
        assertRow(rest.get("GEN"), "1100.00", "1100.00", "0.00", "1000.00", "40.00", "40.00", "0.00", "0.0000");
        assertRow(rest.get("MKT"), "400.00", "350.00", "666.67", "0.00", "0.00", "1016.67", "-50.00", "-0.1250");
        assertCredited(rest.get("MKT"), "0.5000", "25.00", "0.0246"); // 25 / 1016.67 = 0.02459
        assertCredited(rest.get("SAL"), "0.5000", "25.00", "0.0469"); // 25 / 533.33 = 0.046875..
        assertCredited(rest.get("(unassigned)"), "1.0000", "20.00", null);
        assertRow(
                rest.get("company"), "1650.00", "1650.00", "1000.00", "1000.00", "40.00", "1590.00", "0.00", "0.0000");
        assertCredited(rest.get("company"), "2.0000", "70.00", "0.0440"); // 70 / 1590 = 0.04402

        // where: {} is the statement unfiltered; a filter and its complement add up to it
        Map<String, Map<String, Object>> all = statement(Map.of("model", "LINEAR"));
        assertThat(statement(Map.of("model", "LINEAR", "where", Map.of()))).isEqualTo(all);
        for (String row : List.of("GEN", "MKT", "SAL", "(unassigned)", "company")) {
            for (String figure : List.of(
                    "budget",
                    "directCost",
                    "allocatedIn",
                    "allocatedOut",
                    "allocatedToSlices",
                    "fullyLoadedCost",
                    "creditedNewCustomers",
                    "creditedRevenue")) {
                assertThat(new BigDecimal((String) v.get(row).get(figure))
                                .add(new BigDecimal((String) rest.get(row).get(figure))))
                        .as("%s %s", row, figure)
                        .isEqualByComparingTo(
                                new BigDecimal((String) all.get(row).get(figure)));
            }
        }

        // the fully-loaded cost of a department is the P&L's fully-loaded cost of the department
        for (Map<String, Object> where : List.<Map<String, Object>>of(onV, Map.of("not", onV))) {
            Map<String, Map<String, Object>> rows = statement(Map.of("model", "LINEAR", "where", where));
            var pnl = graphQl.documentName("profitAndLossFullyLoadedWhere")
                    .variable("from", m1.atDay(1).toString())
                    .variable("to", m1.atEndOfMonth().toString())
                    .variable("where", where)
                    .execute();
            for (String name : List.of("GEN", "MKT", "SAL")) {
                List<Map> cells = pnl.path("profitAndLoss.rows[?(@.departmentCode == '" + company.code(name) + "')]")
                        .entityList(Map.class)
                        .get();
                BigDecimal cost = cells.stream()
                        .map(c -> new BigDecimal((String) c.get("costOfService"))
                                .add(new BigDecimal((String) c.get("operatingExpenses"))))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(cost).as("%s under %s", name, where).isEqualByComparingTo(new BigDecimal((String)
                        rows.get(name).get("fullyLoadedCost")));
            }
        }
    }

    /**
     * {@code departmentCodes: [MKT]} keeps MKT's spend, budget and DEP's 666.67 onto MKT (that amount's
     * target side), and no revenue or new customer (they have no department): the company's allocated
     * in is 666.67 and its allocated out 0.00 (the source side is GEN's), its fully-loaded cost 350.00 +
     * 666.67 = 1016.67.
     */
    @Test
    void whereOnADepartmentKeepsTheAmountsAllocatedOntoIt() {
        Map<String, Map<String, Object>> rows =
                statement(Map.of("model", "LINEAR", "where", Map.of("departmentCodes", List.of(company.code("MKT")))));
        assertRow(rows.get("MKT"), "400.00", "350.00", "666.67", "0.00", "0.00", "1016.67", "-50.00", "-0.1250");
        assertCredited(rows.get("MKT"), "0.0000", "0.00", "0.0000");
        assertRow(rows.get("GEN"), "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", null);
        assertRow(rows.get("company"), "400.00", "350.00", "666.67", "0.00", "0.00", "1016.67", "-50.00", "-0.1250");
        assertCredited(rows.get("company"), "0.0000", "0.00", "0.0000");
    }

    /**
     * A closed month filtered reads what its close stored: {@code segmentCodes: [W]} keeps c2 (40.00 K
     * = 50.00 at the close's rate) and c4 (20.00) and SEG's 40.00 onto W; LINEAR: MKT and SAL 1/2 of
     * c2 each (25.00), unassigned c4 20.00; GEN fully-loaded 40.00. A K rate of 2.00 dated before the
     * month, added after the close, leaves it as it was, and the complement still adds up.
     */
    @Test
    void aClosedMonthFilteredReadsItsClose() {
        Map<String, Object> onW = Map.of("segmentCodes", List.of(company.code("W")));
        Map<String, Map<String, Object>> open = statement(Map.of("model", "LINEAR", "where", onW));
        assertCredited(open.get("MKT"), "0.5000", "25.00", null);
        assertCredited(open.get("SAL"), "0.5000", "25.00", null);
        assertCredited(open.get("(unassigned)"), "1.0000", "20.00", null);
        assertRow(open.get("GEN"), "0.00", "0.00", "0.00", "0.00", "40.00", "40.00", "0.00", null);

        company.close(m1);
        api.mutate(
                        "upsertFxRates",
                        Map.of(
                                "rates",
                                List.of(Map.of("currency", company.code("K"), "date", day(m0, 15), "rate", "2.00"))))
                .path("upsertFxRates.errors")
                .entityList(Object.class)
                .hasSize(0);
        Map<String, Map<String, Object>> closed = statement(Map.of("model", "LINEAR", "where", onW));
        for (String row : List.of("GEN", "MKT", "SAL", "(unassigned)", "company")) {
            Map<String, Object> expected = new LinkedHashMap<>(open.get(row));
            expected.put("final", true);
            assertThat(closed.get(row)).as(row).isEqualTo(expected);
        }
        Map<String, Map<String, Object>> rest = statement(Map.of("model", "LINEAR", "where", Map.of("not", onW)));
        Map<String, Map<String, Object>> all = statement(Map.of("model", "LINEAR"));
        assertThat(new BigDecimal((String) closed.get("company").get("creditedRevenue"))
                        .add(new BigDecimal((String) rest.get("company").get("creditedRevenue"))))
                .isEqualByComparingTo(new BigDecimal((String) all.get("company").get("creditedRevenue")))
                .isEqualByComparingTo("200.00");
    }

    /**
     * A closed day of a customer split by the filter: c2 also gets 20.00 K of product P on M1-16, so
     * its closed day in K is 40.00 + 20.00 = 60.00 K = 75.00 at the close's 1.25. With a K rate of
     * 2.00 dated before M1 added after the close, {@code productCodes: [P]} still reads the kept line's
     * part at the close's rate, 75.00 x 20 / 60 = 25.00 (not 20 x 2.00 = 40.00): LINEAR, MKT and SAL
     * 12.50 each; no new customer (customers have no product). Its complement reads 200.00, the
     * statement before the line: 225.00 in all.
     */
    @Test
    void aClosedDaySplitByProductKeepsTheClosesRate() {
        String product = unique("P");
        api.product(product);
        api.ok(
                "recordRevenueLine",
                "revenueLine",
                Map.of(
                        "customerExternalId",
                        company.code("c2"),
                        "recognizedOn",
                        day(m1, 16),
                        "amount",
                        "20.00",
                        "currency",
                        company.code("K"),
                        "recurring",
                        true,
                        "productCode",
                        product));
        company.close(m1);
        api.mutate(
                        "upsertFxRates",
                        Map.of(
                                "rates",
                                List.of(Map.of("currency", company.code("K"), "date", day(m0, 15), "rate", "2.00"))))
                .path("upsertFxRates.errors")
                .entityList(Object.class)
                .hasSize(0);
        Map<String, Object> onP = Map.of("productCodes", List.of(product));
        Map<String, Map<String, Object>> p = statement(Map.of("model", "LINEAR", "where", onP));
        assertCredited(p.get("MKT"), "0.0000", "12.50", null);
        assertCredited(p.get("SAL"), "0.0000", "12.50", null);
        assertCredited(p.get("company"), "0.0000", "25.00", null);
        Map<String, Map<String, Object>> rest = statement(Map.of("model", "LINEAR", "where", Map.of("not", onP)));
        assertThat(rest.get("company")).containsEntry("creditedRevenue", "200.00");
        assertThat(statement(Map.of("model", "LINEAR")).get("company")).containsEntry("creditedRevenue", "225.00");
    }

    /**
     * Against the previous period (M0, where MKT booked 100.00 of TOOLS and nothing else happened):
     * MKT direct 350.00 - 100.00 = 250.00 (250 / 100 = 2.5000), fully-loaded 1016.67 - 100.00 =
     * 916.67 (9.1667), budget 400.00, allocated in 666.67, credited 1.1667 and 91.67 (fraction null:
     * nothing credited in M0), return on cost null (M0's is 0 / 100 = 0.0000, so 0.0902 - 0 = 0.0902);
     * the company 1650.00 - 100.00 = 1550.00 (15.5000). The comparison is the statement over M0.
     */
    @Test
    void comparedWithThePreviousPeriod() {
        api.spend(company.code("MKT"), day(m0, 5), "100.00", "USD", "TOOLS");
        queries.reset();
        var response = request(Map.of("model", "LINEAR", "compareTo", "PREVIOUS_PERIOD"));
        // one statement per range (the month and the month before), besides the look-ups
        assertThat(queries.statements()).hasSizeLessThanOrEqualTo(10);
        Map<String, Map<String, Object>> rows = rows(response);
        Map<String, Object> mkt = rows.get("MKT");
        assertThat((Map<String, Object>) mkt.get("change"))
                .containsEntry("budget", "400.00")
                .containsEntry("directCost", "250.00")
                .containsEntry("directCostPct", "2.5000")
                .containsEntry("allocatedIn", "666.67")
                .containsEntry("allocatedOut", "0.00")
                .containsEntry("fullyLoadedCost", "916.67")
                .containsEntry("fullyLoadedCostPct", "9.1667")
                .containsEntry("creditedNewCustomers", "1.1667")
                .containsEntry("creditedRevenue", "91.67")
                .containsEntry("creditedRevenuePct", null)
                .containsEntry("returnOnCost", "0.0902");
        assertThat((Map<String, Object>) rows.get("company").get("change"))
                .containsEntry("directCost", "1550.00")
                .containsEntry("directCostPct", "15.5000")
                .containsEntry("creditedRevenue", "200.00");

        // the comparison is the statement over M0
        var earlier = graphQl.documentName("departmentStatementWhere")
                .variable("from", m0.atDay(1).toString())
                .variable("to", m0.atEndOfMonth().toString())
                .variable("model", "LINEAR")
                .execute();
        Map<String, Map<String, Object>> before = rows(earlier);
        for (String row : List.of("GEN", "MKT", "SAL", "(unassigned)", "company")) {
            Map<String, Object> expected = new LinkedHashMap<>(before.get(row));
            expected.remove("comparison");
            expected.remove("change");
            Map<String, Object> comparison =
                    new LinkedHashMap<>((Map<String, Object>) rows.get(row).get("comparison"));
            comparison.remove("comparison");
            comparison.remove("change");
            assertThat(comparison).as(row).isEqualTo(expected);
        }
        assertThat((Map<String, Object>) rows.get("MKT").get("comparison"))
                .containsEntry("period", m0.toString())
                .containsEntry("directCost", "100.00");

        // PREVIOUS_YEAR: twelve months back, nothing: the change is the month itself
        Map<String, Map<String, Object>> year = rows(request(Map.of("model", "LINEAR", "compareTo", "PREVIOUS_YEAR")));
        assertThat((Map<String, Object>) year.get("MKT").get("comparison"))
                .containsEntry("period", m1.minusMonths(12).toString())
                .containsEntry("fullyLoadedCost", "0.00");
        assertThat((Map<String, Object>) year.get("MKT").get("change"))
                .containsEntry("fullyLoadedCost", "1016.67")
                .containsEntry("fullyLoadedCostPct", null);

        // a plan is refused naming compareTo; the reporting currency is served, another refused
        assertError(Map.of("compareTo", "BUDGET"), "compareTo");
        assertError(Map.of("currency", company.code("K")), "currency");
        assertError(Map.of("currency", "QQQ"), "currency");
        assertError(Map.of("where", Map.of("segmentCodes", List.of(unique("NOPE")))), "where.segmentCodes");
        assertThat(rows(request(Map.of("model", "LINEAR", "currency", "USD"))).get("MKT"))
                .containsEntry("fullyLoadedCost", "1016.67");
    }

    // ---- helpers

    private void assertError(Map<String, Object> overrides, String field) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m1.atDay(1).toString());
        variables.put("to", m1.atEndOfMonth().toString());
        variables.putAll(overrides);
        var request = graphQl.documentName("departmentStatementWhere");
        for (var e : variables.entrySet()) {
            request = request.variable(e.getKey(), e.getValue());
        }
        request.execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .as("errors for %s", overrides)
                        .isNotEmpty()
                        .allSatisfy(error ->
                                assertThat(error.getExtensions().get("field")).isEqualTo(List.of(field.split("\\.")))));
    }

    private static void assertRow(
            Map<String, Object> row,
            String budget,
            String direct,
            String in,
            String out,
            String slices,
            String fullyLoaded,
            String variance,
            String variancePct) {
        assertThat(row).isNotNull();
        assertThat(row)
                .containsEntry("budget", budget)
                .containsEntry("directCost", direct)
                .containsEntry("allocatedIn", in)
                .containsEntry("allocatedOut", out)
                .containsEntry("allocatedToSlices", slices)
                .containsEntry("fullyLoadedCost", fullyLoaded)
                .containsEntry("budgetVariance", variance)
                .containsEntry("budgetVariancePct", variancePct);
    }

    private static void assertCredited(
            Map<String, Object> row, String newCustomers, String revenue, String returnOnCost) {
        assertThat(row)
                .containsEntry("creditedNewCustomers", newCustomers)
                .containsEntry("creditedRevenue", revenue)
                .containsEntry("returnOnCost", returnOnCost);
    }

    /** The statement over M1: this test's departments by name, the unassigned row and the company row. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> statement(String model, String departmentCode, String version) {
        var response = request(model, departmentCode, version);
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) (List<?>)
                response.path("departmentStatement.rows").entityList(Map.class).get()) {
            String code = (String) row.get("departmentCode");
            for (String name : List.of("MKT", "SAL", "GEN")) {
                if (company.code(name).equals(code)) {
                    rows.put(name, row);
                }
            }
            if (code == null) {
                rows.put((String) row.get("departmentName"), row);
            }
        }
        List<Map> whole = response.path("departmentStatement.company")
                .entityList(Map.class)
                .get();
        assertThat(whole).hasSize(1);
        rows.put("company", whole.get(0));
        return rows;
    }

    /** The statement over M1 with these variables ({@code departmentStatementWhere}), by row as {@link #statement}. */
    private Map<String, Map<String, Object>> statement(Map<String, Object> variables) {
        Map<String, Map<String, Object>> rows = rows(request(variables));
        rows.values().forEach(row -> {
            row.remove("comparison");
            row.remove("change");
        });
        return rows;
    }

    private GraphQlTester.Response request(Map<String, Object> variables) {
        var request = graphQl.documentName("departmentStatementWhere")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString());
        for (var e : variables.entrySet()) {
            request = request.variable(e.getKey(), e.getValue());
        }
        return request.execute();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> rows(GraphQlTester.Response response) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) (List<?>)
                response.path("departmentStatement.rows").entityList(Map.class).get()) {
            String code = (String) row.get("departmentCode");
            for (String name : List.of("MKT", "SAL", "GEN")) {
                if (company.code(name).equals(code)) {
                    rows.put(name, new LinkedHashMap<>(row));
                }
            }
            if (code == null) {
                rows.put((String) row.get("departmentName"), new LinkedHashMap<>(row));
            }
        }
        rows.put(
                "company",
                new LinkedHashMap<>(response.path("departmentStatement.company[0]")
                        .entity(Map.class)
                        .get()));
        return rows;
    }

    private GraphQlTester.Response request(String model, String departmentCode, String version) {
        return graphQl.documentName("departmentStatement")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString())
                .variable("departmentCode", departmentCode)
                .variable("model", model)
                .variable("version", version)
                .execute();
    }

    private static String day(YearMonth month, int day) {
        return month.atDay(day).toString();
    }
}
