package dev.revgraph.pnl;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Segment economics against hand-worked figures (2030-01-01 .. 2030-03-31, USD).
 *
 * <pre>
 * segments V > V1; departments MK (marketing), OP (operations)
 * customer  segment  acquired    recurring revenue Jan  Feb  Mar
 *  Q1       V1       2030-01-05                   100  100   -    (churns in March)
 *  Q2       V        2030-01-20                   200  150  150   (contracts 50 in February)
 *  Q3       V1       2030-02-10                    -    50  100   (expands 50 in March)
 * spend: MK Jan 300 ADVERTISING seg V1; MK Feb 150 ADVERTISING seg V; OP Feb 90 COST_OF_SERVICE seg V1;
 *        OP Mar 60 COST_OF_SERVICE seg V; OP Mar 40 TOOLS seg V1
 *
 *               V1 (Q1, Q3)                          V (Q1, Q2, Q3)
 * revenue       100+100+50+100 = 350                 350 + 500 = 850
 * COGS          90                                   150
 * direct cost   300 + 40 = 340                       340 + 150 = 490
 * contribution  350 - 90 - 340 = -80                 850 - 150 - 490 = 210
 * gross margin  260 / 350 = 0.742857                 700 / 850 = 0.823529
 * new / CAC     2, 300 / 2 = 150                     3, 450 / 3 = 150
 * sum MRR       100 + 150 + 100 = 350                300 + 300 + 250 = 850
 * active months 1 + 2 + 1 = 4 -> ARPA 87.50          2 + 3 + 2 = 7 -> ARPA 121.428571 -> 121.43
 * start MRR     0 + 100 + 150 = 250                  0 + 300 + 300 = 600
 * lost          100 (Q1 churns in March)              50 (Q2, February) + 100 = 150
 * churn         100 / 250 = 0.4000                   150 / 600 = 0.2500
 * LTV           87.5 x 0.742857 / 0.4 = 162.50       121.428571 x 0.823529 / 0.25 = 100 / 0.25 = 400.00
 * LTV:CAC       162.5 / 150 = 1.0833                 400 / 150 = 2.6667
 * payback       150 / 65.00 = 2.31 -> 2.3            150 / 100 = 1.5
 * </pre>
 */
class SegmentEconomicsTest extends IntegrationTest {

    @Test
    void rollsUpEachSubtreeAsWorkedOutByHand() {
        CompanyBuilder company = HandWorkedCompanies.segmentTeams(graphQl, 2030, false);
        String v = company.code("V");
        String v1 = company.code("V1");

        graphQl.documentName("segmentEconomics")
                .variable("from", "2030-01-01")
                .variable("to", "2030-03-31")
                .variable("segmentCode", v)
                .execute()
                .path("segmentEconomics.currency")
                .entity(String.class)
                .isEqualTo("USD")
                .path("segmentEconomics.rows[*].segmentCode")
                .entityList(String.class)
                .containsExactly(v, v1)
                .path("segmentEconomics.rows[1].parentCode")
                .entity(String.class)
                .isEqualTo(v)
                .path("segmentEconomics.rows[*].depth")
                .entityList(Integer.class)
                .containsExactly(0, 1)
                .path("segmentEconomics.rows[*].newCustomers")
                .entityList(Integer.class)
                .containsExactly(3, 2)
                .path("segmentEconomics.rows[*].revenue")
                .entityList(String.class)
                .containsExactly("850.00", "350.00")
                .path("segmentEconomics.rows[*].costOfService")
                .entityList(String.class)
                .containsExactly("150.00", "90.00")
                .path("segmentEconomics.rows[*].directCost")
                .entityList(String.class)
                .containsExactly("490.00", "340.00")
                .path("segmentEconomics.rows[*].contributionMargin")
                .entityList(String.class)
                .containsExactly("210.00", "-80.00")
                .path("segmentEconomics.rows[*].grossMargin")
                .entityList(String.class)
                .containsExactly("0.8235", "0.7429")
                .path("segmentEconomics.rows[*].cac")
                .entityList(String.class)
                .containsExactly("150.00", "150.00")
                .path("segmentEconomics.rows[*].arpa")
                .entityList(String.class)
                .containsExactly("121.43", "87.50")
                .path("segmentEconomics.rows[*].monthlyRevenueChurn")
                .entityList(String.class)
                .containsExactly("0.2500", "0.4000")
                .path("segmentEconomics.rows[*].ltv")
                .entityList(String.class)
                .containsExactly("400.00", "162.50")
                .path("segmentEconomics.rows[*].ltvToCac")
                .entityList(String.class)
                .containsExactly("2.6667", "1.0833")
                .path("segmentEconomics.rows[*].paybackMonths")
                .entityList(String.class)
                .containsExactly("1.5", "2.3");

        // February against January (PREVIOUS_PERIOD of a one-month range), segment V:
        // Jan revenue 300, new 2 (Q1, Q2); Feb revenue 100 + 150 + 50 = 300, new 1 (Q3)
        // Jan contribution 300 - 0 - 300 (MK Jan, seg V1) = 0; Feb 300 - 90 - 150 = 60
        graphQl.document("""
                        query($v: String) { segmentEconomics(from: "2030-02-01", to: "2030-02-28", segmentCode: $v,
                                                               compareTo: PREVIOUS_PERIOD) {
                          rows { segmentCode revenue contributionMargin newCustomers
                                 comparison { revenue contributionMargin newCustomers }
                                 change { revenue revenuePct contributionMargin contributionMarginPct newCustomers } } } }""")
                .variable("v", v)
                .execute()
                .path("segmentEconomics.rows[0].comparison.revenue")
                .entity(String.class)
                .isEqualTo("300.00")
                .path("segmentEconomics.rows[0].comparison.newCustomers")
                .entity(Integer.class)
                .isEqualTo(2)
                .path("segmentEconomics.rows[0].contributionMargin")
                .entity(String.class)
                .isEqualTo("60.00")
                .path("segmentEconomics.rows[0].change.revenue")
                .entity(String.class)
                .isEqualTo("0.00")
                .path("segmentEconomics.rows[0].change.revenuePct")
                .entity(String.class)
                .isEqualTo("0.0000")
                .path("segmentEconomics.rows[0].change.contributionMargin")
                .entity(String.class)
                .isEqualTo("60.00")
                .path("segmentEconomics.rows[0].change.contributionMarginPct")
                .valueIsNull()
                .path("segmentEconomics.rows[0].change.newCustomers")
                .entity(Integer.class)
                .isEqualTo(-1);

        graphQl.documentName("segmentEconomics")
                .variable("from", "2030-01-01")
                .variable("to", "2030-03-31")
                .execute()
                .path("segmentEconomics.rows[0].segmentName")
                .entity(String.class)
                .isEqualTo("Whole company")
                .path("segmentEconomics.rows[0].depth")
                .entity(Integer.class)
                .isEqualTo(-1)
                .path("segmentEconomics.rows[0].segmentCode")
                .valueIsNull();
    }

    /**
     * Paid CAC (a month of its own, USD): channels PD (paid) and OG (not paid); campaigns CP (MK on
     * PD, tagged S1) and CO (MK on OG, tagged S); segment S with S1 below it.
     *
     * <pre>
     * customers  a S1 by CP, b S by CO, c S1 without a campaign, d S by CP
     * spend      MK 300 ADVERTISING on CP (takes S1), MK 120 EVENTS on CO (takes S),
     *            MK 50 ADVERTISING on CP tagged S (its own tag wins), SL 200 SALARIES tagged S1
     * S   paid spend 300 + 50 = 350, paid customers a, d: 350 / 2 = 175.00; CAC 670 / 4 = 167.50
     * S1  paid spend 300, paid customer a: 300.00; CAC (300 + 200) / 2 = 250.00
     * the company (only this month's facts): as S
     * </pre>
     */
    @Test
    void paidCacCountsCampaignsOfPaidChannelsOnly() {
        java.time.YearMonth month = dev.revgraph.support.Api.uniqueMonth();
        String day = month.atDay(3).toString();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("MK", "MARKETING")
                .department("SL", "SALES")
                .segment("S", null)
                .segment("S1", "S")
                .channel("PD", true)
                .channel("OG", false)
                .campaign("CP", "MK", "PD", day, null, CompanyBuilder.Tags.segment("S1"), null)
                .campaign("CO", "MK", "OG", day, null, CompanyBuilder.Tags.segment("S"), null)
                .customer("a", "S1", null, month.atDay(5).toString(), "CP")
                .customer("b", "S", null, month.atDay(6).toString(), "CO")
                .customer("c", "S1", null, month.atDay(7).toString(), null)
                .customer("d", "S", null, month.atDay(8).toString(), "CP")
                .spend("MK", day, "300.00", "USD", "ADVERTISING", CompanyBuilder.Tags.campaign("CP"))
                .spend("MK", day, "120.00", "USD", "EVENTS", CompanyBuilder.Tags.campaign("CO"))
                .spend("MK", day, "50.00", "USD", "ADVERTISING", new CompanyBuilder.Tags("S", null, "CP", null))
                .spend("SL", day, "200.00", "USD", "SALARIES", CompanyBuilder.Tags.segment("S1"))
                .build();

        graphQl.documentName("segmentEconomics")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("segmentCode", company.code("S"))
                .execute()
                .path("segmentEconomics.rows[*].paidCac")
                .entityList(String.class)
                .containsExactly("175.00", "300.00")
                .path("segmentEconomics.rows[*].cac")
                .entityList(String.class)
                .containsExactly("167.50", "250.00");
        graphQl.documentName("segmentEconomics")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .execute()
                .path("segmentEconomics.rows[0].paidCac")
                .entity(String.class)
                .isEqualTo("175.00");
    }
}
