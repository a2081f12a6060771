package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The P&L against a hand-worked dataset in 2038 (reporting currency USD, fiscal year = calendar year).
 *
 * <pre>
 * rates P: 1.25 from 2038-01-01, 1.50 from 2038-02-01
 * segments T > T1, and T2; products PA, PB; departments MK (marketing), SL (sales), OP (operations),
 * GA (general); channel CH with campaign CAMP (segment T1, product PA).
 * customers: K1 (T1, acquired 01-10 by CAMP), K2 (T2, 02-15), K3 (T, 03-03)
 * revenue:   K1 1000 USD recurring PA in Jan, Feb, Mar; K2 400 P recurring PB in Feb and Mar (= 600 each);
 *            K3 250 USD one-off in Mar
 * spend:     MK Jan 300 USD ADVERTISING on CAMP (-> T1, PA, CH)   MK Feb 200 P ADVERTISING untagged (= 300)
 *            SL Jan 500 USD SALARIES seg T                      OP Jan 100 USD COST_OF_SERVICE seg T1 prod PA
 *            OP Feb 80 P COST_OF_SERVICE seg T2 prod PB (= 120) OP Mar 150 USD COST_OF_SERVICE untagged
 *            GA Mar 400 USD OVERHEAD untagged                   SL Mar 100 USD TOOLS seg T2
 * budgets:   MK Jan 250 USD, MK Feb 200 P (at the 02-01 rate 1.50 = 300), SL Jan 600 USD, GA Feb 100 USD
 *
 *          revenue  COGS  gross  GM      opex  op.profit OM      new  blended CAC (MK+SL opex / new)
 *  Jan       1000    100    900  0.9000   800     100   0.1000   1    800 / 1 = 800.00
 *  Feb       1600    120   1480  0.9250   300    1180   0.7375   1    300 / 1 = 300.00
 *  Mar       1850    150   1700  0.9189   500    1200   0.6486   1    100 / 1 = 100.00 (GA is not acquisition)
 *  Q1        4450    370   4080  0.9169  1600    2480   0.5573   3   1200 / 3 = 400.00
 *  Q1 opex by department GA 400, MK 600, SL 600; by category ADVERTISING 600, SALARIES 500, TOOLS 100, OVERHEAD 400
 *
 *  Q1 by segment  revenue  COGS  opex  op.profit  new  CAC
 *   T               250      0    500    -250      1   500.00
 *   T1             3000    100    300    2600      1   300.00   (MK's campaign spend takes CAMP's segment)
 *   T2             1200    120    100     980      1   100.00
 *   (unassigned)      0    150    700    -850      0   null
 *  Q1 by department: MK opex 600 budget 550 variance 50; SL opex 600 budget 600 variance 0;
 *   OP COGS 370 budget 0 variance 370; GA opex 400 budget 100 variance 300; (unassigned) revenue 4450, new 3,
 *   no budget. Monthly, GA has a February row from its budget alone (variance -100) and a March row (400).
 *  Q1 by channel: CH revenue 3000 (K1 acquired by CAMP), opex 300, new 1, CAC 300;
 *   (unassigned) revenue 1450, COGS 370, opex 1300, new 2, CAC (300 + 600) / 2 = 450.00
 *  Q1 revenue in P: 1000/1.25 + 2000/1.50 + 400 + 400 + 250/1.50 = 800 + 1333.33.. + 800 + 166.66.. = 3100.00
 *  January is closed: its row is final, February's and the quarter's are not.
 * </pre>
 */
class ProfitAndLossTest extends IntegrationTest {

    static CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        if (company != null) {
            return;
        }
        CompanyBuilder built = new CompanyBuilder(graphQl)
                .currency("P", "2038-01-01", "1.25", "2038-02-01", "1.50")
                .segment("T", null)
                .segment("T1", "T")
                .segment("T2", null)
                .product("PA")
                .product("PB")
                .department("MK", "MARKETING")
                .department("SL", "SALES")
                .department("OP", "OPERATIONS")
                .department("GA", "GENERAL")
                .channel("CH", true)
                .campaign(
                        "CAMP",
                        "MK",
                        "CH",
                        "2038-01-01",
                        null,
                        Tags.segment("T1").andProduct("PA"),
                        null)
                .customer("K1", "T1", null, "2038-01-10", "CAMP")
                .customer("K2", "T2", "2038-02-15")
                .customer("K3", "T", "2038-03-03");
        for (String month : List.of("2038-01-31", "2038-02-28", "2038-03-31")) {
            built.revenue("K1", "PA", month, "1000", "USD", true);
        }
        for (String month : List.of("2038-02-28", "2038-03-31")) {
            built.revenue("K2", "PB", month, "400", "P", true);
        }
        built.revenue("K3", "2038-03-20", "250", "USD", false)
                .spend("MK", "2038-01-12", "300", "USD", "ADVERTISING", Tags.campaign("CAMP"))
                .spend("MK", "2038-02-12", "200", "P", "ADVERTISING", Tags.NONE)
                .spend("SL", "2038-01-31", "500", "USD", "SALARIES", Tags.segment("T"))
                .spend(
                        "OP",
                        "2038-01-20",
                        "100",
                        "USD",
                        "COST_OF_SERVICE",
                        Tags.segment("T1").andProduct("PA"))
                .spend(
                        "OP",
                        "2038-02-20",
                        "80",
                        "P",
                        "COST_OF_SERVICE",
                        Tags.segment("T2").andProduct("PB"))
                .spend("OP", "2038-03-20", "150", "USD", "COST_OF_SERVICE", Tags.NONE)
                .spend("GA", "2038-03-25", "400", "USD", "OVERHEAD", Tags.NONE)
                .spend("SL", "2038-03-26", "100", "USD", "TOOLS", Tags.segment("T2"))
                .budget("MK", "2038-01", "250")
                .budget("MK", "2038-02", "ADVERTISING", "200", "P")
                .budget("SL", "2038-01", "600")
                .budget("GA", "2038-02", "100")
                .close(YearMonth.of(2038, 1));
        company = built;
    }

    private org.springframework.graphql.test.tester.GraphQlTester.Request<?> pnl(
            String granularity, List<String> groupBy) {
        return graphQl.documentName("profitAndLoss")
                .variable("from", "2038-01-01")
                .variable("to", "2038-03-31")
                .variable("granularity", granularity)
                .variable("groupBy", groupBy);
    }

    @Test
    void monthlyAndQuarterlyFiguresMatchTheHandWorkedPnl() {
        pnl("MONTH", List.of())
                .execute()
                .path("profitAndLoss.currency")
                .entity(String.class)
                .isEqualTo("USD")
                .path("profitAndLoss.rows[*].period")
                .entityList(String.class)
                .containsExactly("2038-01", "2038-02", "2038-03")
                .path("profitAndLoss.rows[*].final")
                .entityList(Boolean.class)
                .containsExactly(true, false, false)
                .path("profitAndLoss.rows[*].revenue")
                .entityList(String.class)
                .containsExactly("1000.00", "1600.00", "1850.00")
                .path("profitAndLoss.rows[*].costOfService")
                .entityList(String.class)
                .containsExactly("100.00", "120.00", "150.00")
                .path("profitAndLoss.rows[*].grossProfit")
                .entityList(String.class)
                .containsExactly("900.00", "1480.00", "1700.00")
                .path("profitAndLoss.rows[*].grossMargin")
                .entityList(String.class)
                .containsExactly("0.9000", "0.9250", "0.9189")
                .path("profitAndLoss.rows[*].operatingExpenses")
                .entityList(String.class)
                .containsExactly("800.00", "300.00", "500.00")
                .path("profitAndLoss.rows[*].operatingProfit")
                .entityList(String.class)
                .containsExactly("100.00", "1180.00", "1200.00")
                .path("profitAndLoss.rows[*].operatingMargin")
                .entityList(String.class)
                .containsExactly("0.1000", "0.7375", "0.6486")
                .path("profitAndLoss.rows[*].newCustomers")
                .entityList(Integer.class)
                .containsExactly(1, 1, 1)
                .path("profitAndLoss.rows[*].blendedCac")
                .entityList(String.class)
                .containsExactly("800.00", "300.00", "100.00")
                .path("profitAndLoss.total.revenue")
                .entity(String.class)
                .isEqualTo("4450.00");

        pnl("QUARTER", List.of())
                .execute()
                .path("profitAndLoss.rows[*].period")
                .entityList(String.class)
                .containsExactly("FY2038-Q1")
                .path("profitAndLoss.rows[0].periodEnd")
                .entity(String.class)
                .isEqualTo("2038-03-31")
                .path("profitAndLoss.rows[0].final")
                .entity(Boolean.class)
                .isEqualTo(false)
                .path("profitAndLoss.rows[0].revenue")
                .entity(String.class)
                .isEqualTo("4450.00")
                .path("profitAndLoss.rows[0].costOfService")
                .entity(String.class)
                .isEqualTo("370.00")
                .path("profitAndLoss.rows[0].grossMargin")
                .entity(String.class)
                .isEqualTo("0.9169")
                .path("profitAndLoss.rows[0].operatingExpenses")
                .entity(String.class)
                .isEqualTo("1600.00")
                .path("profitAndLoss.rows[0].operatingProfit")
                .entity(String.class)
                .isEqualTo("2480.00")
                .path("profitAndLoss.rows[0].operatingMargin")
                .entity(String.class)
                .isEqualTo("0.5573")
                .path("profitAndLoss.rows[0].newCustomers")
                .entity(Integer.class)
                .isEqualTo(3)
                .path("profitAndLoss.rows[0].blendedCac")
                .entity(String.class)
                .isEqualTo("400.00")
                .path("profitAndLoss.rows[0].operatingExpensesByDepartment[*].departmentCode")
                .entityList(String.class)
                .containsExactly(company.code("GA"), company.code("MK"), company.code("SL"))
                .path("profitAndLoss.rows[0].operatingExpensesByDepartment[*].amount")
                .entityList(String.class)
                .containsExactly("400.00", "600.00", "600.00")
                .path("profitAndLoss.rows[0].operatingExpensesByCategory[*].category")
                .entityList(String.class)
                .containsExactly("ADVERTISING", "SALARIES", "TOOLS", "OVERHEAD")
                .path("profitAndLoss.rows[0].operatingExpensesByCategory[*].amount")
                .entityList(String.class)
                .containsExactly("600.00", "500.00", "100.00", "400.00");

        pnl("YEAR", List.of())
                .variable("to", "2038-12-31")
                .execute()
                .path("profitAndLoss.rows[*].period")
                .entityList(String.class)
                .containsExactly("FY2038")
                .path("profitAndLoss.rows[0].operatingProfit")
                .entity(String.class)
                .isEqualTo("2480.00");
    }

    @Test
    void bySegmentWithAnUnassignedSliceThatAddsUpToTheTotal() {
        pnl("QUARTER", List.of("SEGMENT"))
                .execute()
                .path("profitAndLoss.rows[*].segmentCode")
                .entityList(String.class)
                .containsExactly(company.code("T"), company.code("T1"), company.code("T2"), "(unassigned)")
                .path("profitAndLoss.rows[*].revenue")
                .entityList(String.class)
                .containsExactly("250.00", "3000.00", "1200.00", "0.00")
                .path("profitAndLoss.rows[*].costOfService")
                .entityList(String.class)
                .containsExactly("0.00", "100.00", "120.00", "150.00")
                .path("profitAndLoss.rows[*].operatingExpenses")
                .entityList(String.class)
                .containsExactly("500.00", "300.00", "100.00", "700.00")
                .path("profitAndLoss.rows[*].operatingProfit")
                .entityList(String.class)
                .containsExactly("-250.00", "2600.00", "980.00", "-850.00")
                .path("profitAndLoss.rows[*].newCustomers")
                .entityList(Integer.class)
                .containsExactly(1, 1, 1, 0)
                .path("profitAndLoss.rows[0:3].blendedCac")
                .entityList(String.class)
                .containsExactly("500.00", "300.00", "100.00")
                .path("profitAndLoss.rows[3].blendedCac")
                .valueIsNull()
                .path("profitAndLoss.rows[3].grossMargin")
                .valueIsNull()
                .path("profitAndLoss.rows[1].grossMargin")
                .entity(String.class)
                .isEqualTo("0.9667")
                .path("profitAndLoss.rows[2].operatingMargin")
                .entity(String.class)
                .isEqualTo("0.8167")
                .path("profitAndLoss.total.operatingProfit")
                .entity(String.class)
                .isEqualTo("2480.00");
    }

    @Test
    void byDepartmentWithBudgets() {
        pnl("QUARTER", List.of("DEPARTMENT"))
                .execute()
                .path("profitAndLoss.rows[*].departmentCode")
                .entityList(String.class)
                .containsExactly(
                        company.code("GA"), company.code("MK"), company.code("OP"), company.code("SL"), "(unassigned)")
                .path("profitAndLoss.rows[*].operatingExpenses")
                .entityList(String.class)
                .containsExactly("400.00", "600.00", "0.00", "600.00", "0.00")
                .path("profitAndLoss.rows[*].costOfService")
                .entityList(String.class)
                .containsExactly("0.00", "0.00", "370.00", "0.00", "0.00")
                .path("profitAndLoss.rows[0:4].budget")
                .entityList(String.class)
                .containsExactly("100.00", "550.00", "0.00", "600.00")
                .path("profitAndLoss.rows[0:4].budgetVariance")
                .entityList(String.class)
                .containsExactly("300.00", "50.00", "370.00", "0.00")
                .path("profitAndLoss.rows[4].budget")
                .valueIsNull()
                .path("profitAndLoss.rows[4].revenue")
                .entity(String.class)
                .isEqualTo("4450.00")
                .path("profitAndLoss.rows[4].newCustomers")
                .entity(Integer.class)
                .isEqualTo(3);
        pnl("MONTH", List.of("DEPARTMENT"))
                .variable("filter", Map.of("departmentCodes", List.of(company.code("MK"))))
                .execute()
                .path("profitAndLoss.rows[*].period")
                .entityList(String.class)
                .containsExactly("2038-01", "2038-02")
                .path("profitAndLoss.rows[*].budget")
                .entityList(String.class)
                .containsExactly("250.00", "300.00")
                .path("profitAndLoss.rows[*].budgetVariance")
                .entityList(String.class)
                .containsExactly("50.00", "0.00");
        pnl("MONTH", List.of("DEPARTMENT"))
                .variable("filter", Map.of("departmentCodes", List.of(company.code("GA"))))
                .execute()
                .path("profitAndLoss.rows[*].period")
                .entityList(String.class)
                .containsExactly("2038-02", "2038-03")
                .path("profitAndLoss.rows[*].operatingExpenses")
                .entityList(String.class)
                .containsExactly("0.00", "400.00")
                .path("profitAndLoss.rows[*].budgetVariance")
                .entityList(String.class)
                .containsExactly("-100.00", "400.00");
    }

    @Test
    void byChannelFollowsCampaignsAndAcquisitions() {
        pnl("QUARTER", List.of("CHANNEL"))
                .execute()
                .path("profitAndLoss.rows[*].channelCode")
                .entityList(String.class)
                .containsExactly(company.code("CH"), "(unassigned)")
                .path("profitAndLoss.rows[*].revenue")
                .entityList(String.class)
                .containsExactly("3000.00", "1450.00")
                .path("profitAndLoss.rows[*].operatingExpenses")
                .entityList(String.class)
                .containsExactly("300.00", "1300.00")
                .path("profitAndLoss.rows[*].newCustomers")
                .entityList(Integer.class)
                .containsExactly(1, 2)
                .path("profitAndLoss.rows[*].blendedCac")
                .entityList(String.class)
                .containsExactly("300.00", "450.00");
    }

    @Test
    void filtersIncludeSubtreesAndCurrencyConvertsLineByLine() {
        pnl("QUARTER", List.of())
                .variable("filter", Map.of("segmentCodes", List.of(company.code("T"))))
                .execute()
                .path("profitAndLoss.rows[0].revenue")
                .entity(String.class)
                .isEqualTo("3250.00")
                .path("profitAndLoss.rows[0].operatingExpenses")
                .entity(String.class)
                .isEqualTo("800.00");
        pnl("QUARTER", List.of())
                .variable("currency", company.code("P"))
                .execute()
                .path("profitAndLoss.currency")
                .entity(String.class)
                .isEqualTo(company.code("P"))
                .path("profitAndLoss.rows[0].revenue")
                .entity(String.class)
                .isEqualTo("3100.00");
    }

    @Test
    void comparesWithThePreviousPeriod() {
        pnl("MONTH", List.of())
                .variable("compareTo", "PREVIOUS_PERIOD")
                .execute()
                .path("profitAndLoss.rows[0].comparison.revenue")
                .entity(String.class)
                .isEqualTo("0.00")
                .path("profitAndLoss.rows[0].change.revenuePct")
                .valueIsNull()
                .path("profitAndLoss.rows[1].comparison.revenue")
                .entity(String.class)
                .isEqualTo("1000.00")
                .path("profitAndLoss.rows[1].change.revenue")
                .entity(String.class)
                .isEqualTo("600.00")
                .path("profitAndLoss.rows[1].change.revenuePct")
                .entity(String.class)
                .isEqualTo("0.6000")
                .path("profitAndLoss.rows[1].change.operatingProfit")
                .entity(String.class)
                .isEqualTo("1080.00")
                .path("profitAndLoss.rows[1].change.operatingProfitPct")
                .entity(String.class)
                .isEqualTo("10.8000")
                .path("profitAndLoss.rows[2].change.newCustomers")
                .entity(Integer.class)
                .isEqualTo(0);
    }

    @Test
    void badRangesAndMissingRatesAreClearErrors() {
        expectError(pnl("MONTH", List.of()).variable("from", "2038-04-01"), "to must not be before from");
        expectError(
                pnl("QUARTER", List.of()).variable("from", "2038-02-01"),
                "from must be the first day of a quarter (2038-01-01 for this range)");
        String noRates = Api.uniqueCurrency();
        api.currency(noRates);
        pnl("MONTH", List.of())
                .variable("currency", noRates)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getMessage()).startsWith("no FX rate for " + noRates + " dated on or before 2038-01");
                    assertThat(e.getExtensions())
                            .containsEntry("code", "MISSING_FX_RATE")
                            .containsEntry("currency", noRates);
                }));
    }

    private void expectError(org.springframework.graphql.test.tester.GraphQlTester.Request<?> request, String message) {
        request.execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(message)));
    }
}
