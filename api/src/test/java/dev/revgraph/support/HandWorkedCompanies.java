package dev.revgraph.support;

import dev.revgraph.support.CompanyBuilder.Tags;
import java.time.YearMonth;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The companies whose figures tests work out by hand, each defined once so that the tests reading
 * one company (in their own year, so they stay apart) all read the same data. The figures and
 * their arithmetic stay in the tests that assert them.
 */
public final class HandWorkedCompanies {

    private HandWorkedCompanies() {}

    /**
     * Two segment teams over one quarter (January to March of {@code year}, USD); worked out in
     * SegmentEconomicsTest, and with campaigns and budgets in DashboardBrowserTest.
     *
     * <pre>
     * segments V > V1; departments MK (marketing), OP (operations)
     * customer  segment  acquired      recurring revenue Jan  Feb  Mar
     *  q1       V1       year-01-05                     100  100   -
     *  q2       V        year-01-20                     200  150  150
     *  q3       V1       year-02-10                      -    50  100
     * spend: MK Jan 300 ADVERTISING seg V1; MK Feb 150 ADVERTISING seg V; OP Feb 90 COST_OF_SERVICE seg V1;
     *        OP Mar 60 COST_OF_SERVICE seg V; OP Mar 40 TOOLS seg V1
     * with campaigns: channels PAID (paid) and EMAIL; campaigns C1 (MK, PAID) and C2 (MK, EMAIL) from
     *        Jan 1; touches q1 C1 (Jan 2), q3 C1 (Feb 1), q3 C2 (Feb 8), 10:00 UTC; MK's January spend
     *        is on C1; budgets MK Jan 250, MK Feb 200
     * </pre>
     *
     * {@link CompanyBuilder#code} gives the codes of these names.
     */
    public static CompanyBuilder segmentTeams(GraphQlTester graphQl, int year, boolean withCampaignsAndBudgets) {
        String y = Integer.toString(year);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("V", null)
                .segment("V1", "V")
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS");
        if (withCampaignsAndBudgets) {
            company.channel("PAID", true)
                    .channel("EMAIL", false)
                    .campaign("C1", "MK", "PAID", y + "-01-01")
                    .campaign("C2", "MK", "EMAIL", y + "-01-01");
        }
        company.customer("q1", "V1", y + "-01-05")
                .customer("q2", "V", y + "-01-20")
                .customer("q3", "V1", y + "-02-10")
                .recurring("q1", "100", y + "-01-31", y + "-02-28")
                .recurring("q2", "200", y + "-01-31")
                .recurring("q2", "150", y + "-02-28", y + "-03-31")
                .recurring("q3", "50", y + "-02-28")
                .recurring("q3", "100", y + "-03-31");
        if (withCampaignsAndBudgets) {
            company.touches(
                    "q1",
                    "C1",
                    y + "-01-02T10:00:00Z",
                    "q3",
                    "C1",
                    y + "-02-01T10:00:00Z",
                    "q3",
                    "C2",
                    y + "-02-08T10:00:00Z");
        }
        company.spend(
                        "MK",
                        y + "-01-15",
                        "300",
                        "USD",
                        "ADVERTISING",
                        Tags.segment("V1").andCampaign(withCampaignsAndBudgets ? "C1" : null))
                .spend("MK", y + "-02-15", "150", "USD", "ADVERTISING", Tags.segment("V"))
                .spend("OP", y + "-02-20", "90", "USD", "COST_OF_SERVICE", Tags.segment("V1"))
                .spend("OP", y + "-03-20", "60", "USD", "COST_OF_SERVICE", Tags.segment("V"))
                .spend("OP", y + "-03-21", "40", "USD", "TOOLS", Tags.segment("V1"));
        if (withCampaignsAndBudgets) {
            company.budget("MK", y + "-01", "250").budget("MK", y + "-02", "200");
        }
        return company.build();
    }

    /**
     * Campaign objectives and the movements of existing customers over four months from {@code
     * january} (named January to April below; the figures are of March and April), USD; worked out
     * in ObjectivesTest and ExpansionAttributionTest.
     *
     * <pre>
     * segments S > S1; departments MK (marketing), SL (sales), OP (operations); channel CH (paid)
     * campaigns from January 1, on CH: KA (MK, segment S, objective left out: ACQUISITION),
     *   KR (MK, segment S, RETENTION), KE (SL, segment S1, EXPANSION), KB (MK, no segment, BRAND)
     * customer  segment  acquired            recurring revenue Jan  Feb  Mar  Apr
     * (revenue on each month's last day)
     *  c1       S        01-05 by KA                          100  100  150  170
     *  c2       S1       01-10                                200   -    -   300
     *  c3       S        02-03                                 -    80   80  120
     *  c4       S1       03-07                                 -    -    50   50
     *  c5       S        04-02                                 -    -    -    -
     * spend (own objective in brackets):
     *   MK 03-10 600 ADVERTISING on KA     MK 03-11 200 ADVERTISING on KR
     *   SL 03-28 300 SALARIES segment S    OP 03-20  90 CONTRACTORS segment S [RETENTION]
     *   SL 04-04  66 EVENTS on KE          MK 04-05 100 ADVERTISING on KB
     *   MK 04-06  30 ADVERTISING on KA [EXPANSION]
     *   SL 04-15  40 TOOLS segment S1 [RETENTION]
     *   MK 04-20  50 ADVERTISING on KA
     * touches: c1 KA 01-02 10:00 (before its acquisition), KB 01-05 15:00 (its acquisition day),
     *          KE 02-20 10:00, KR 03-03 09:00, KE 04-10 10:00; c2 KR 03-15 10:00, KB 04-01 00:30 (UTC)
     * </pre>
     */
    public static CompanyBuilder objectives(GraphQlTester graphQl, YearMonth january) {
        String jan = january + "-";
        String feb = january.plusMonths(1) + "-";
        String mar = january.plusMonths(2) + "-";
        String apr = january.plusMonths(3) + "-";
        String start = jan + "01";
        String janEnd = january.atEndOfMonth().toString();
        String febEnd = january.plusMonths(1).atEndOfMonth().toString();
        String marEnd = january.plusMonths(2).atEndOfMonth().toString();
        String aprEnd = january.plusMonths(3).atEndOfMonth().toString();
        return new CompanyBuilder(graphQl)
                .segment("S", null)
                .segment("S1", "S")
                .department("MK", "MARKETING")
                .department("SL", "SALES")
                .department("OP", "OPERATIONS")
                .channel("CH", true)
                .campaign("KA", "MK", "CH", start, Tags.segment("S"), null)
                .campaign("KR", "MK", "CH", start, Tags.segment("S"), "RETENTION")
                .campaign("KE", "SL", "CH", start, Tags.segment("S1"), "EXPANSION")
                .campaign("KB", "MK", "CH", start, Tags.NONE, "BRAND")
                .customer("c1", "S", null, jan + "05", "KA")
                .customer("c2", "S1", null, jan + "10", null)
                .customer("c3", "S", null, feb + "03", null)
                .customer("c4", "S1", null, mar + "07", null)
                .customer("c5", "S", null, apr + "02", null)
                .recurring("c1", "100", janEnd, febEnd)
                .recurring("c1", "150", marEnd)
                .recurring("c1", "170", aprEnd)
                .recurring("c2", "200", janEnd)
                .recurring("c2", "300", aprEnd)
                .recurring("c3", "80", febEnd, marEnd)
                .recurring("c3", "120", aprEnd)
                .recurring("c4", "50", marEnd, aprEnd)
                .spend("MK", mar + "10", "600", "USD", "ADVERTISING", Tags.campaign("KA"))
                .spend("MK", mar + "11", "200", "USD", "ADVERTISING", Tags.campaign("KR"))
                .spend("SL", mar + "28", "300", "USD", "SALARIES", Tags.segment("S"))
                .spend("OP", mar + "20", "90", "USD", "CONTRACTORS", Tags.segment("S"), "RETENTION")
                .spend("SL", apr + "04", "66", "USD", "EVENTS", Tags.campaign("KE"))
                .spend("MK", apr + "05", "100", "USD", "ADVERTISING", Tags.campaign("KB"))
                .spend("MK", apr + "06", "30", "USD", "ADVERTISING", Tags.campaign("KA"), "EXPANSION")
                .spend("SL", apr + "15", "40", "USD", "TOOLS", Tags.segment("S1"), "RETENTION")
                .spend("MK", apr + "20", "50", "USD", "ADVERTISING", Tags.campaign("KA"))
                .touches(
                        "c1",
                        "KA",
                        jan + "02T10:00:00Z",
                        "c1",
                        "KB",
                        jan + "05T15:00:00Z",
                        "c1",
                        "KE",
                        feb + "20T10:00:00Z",
                        "c1",
                        "KR",
                        mar + "03T09:00:00Z",
                        "c1",
                        "KE",
                        apr + "10T10:00:00Z",
                        "c2",
                        "KR",
                        mar + "15T10:00:00Z",
                        "c2",
                        "KB",
                        apr + "01T00:30:00Z")
                .build();
    }

    /**
     * The forecast company (USD), worked out in ForecastTest and read by PnlPlanComparisonTest and
     * DashboardBrowserTest: months M1 to M3 after {@code m0}, before any budget or close.
     *
     * <pre>
     * segments P > S1, S2; departments MK (marketing), OP (operations)
     * customer  segment  acquired   recurring revenue M1   M2   M3    one-off
     *  a        S1       M1-05                        100  100  120   60 (M2-21)
     *  b        S1       M1-10                        200  150   -
     *  c        S1       M2-03                         -   100  100
     *  d        S1       M3-07                         -    -    80
     *  e        S2       M1-02                        300  300  330   90 (M3-21)
     *  f        S2       M2-15                         -    50   -
     *  g        S2       M3-20                         -    -    70
     * spend: MK ADVERTISING S1 300 a month, S2 150, 200, 100; OP TOOLS S1 60 (M2);
     *        OP COST_OF_SERVICE S1 30, 40, 50 and S2 60 a month
     * </pre>
     */
    public static CompanyBuilder forecast(GraphQlTester graphQl, YearMonth m0) {
        java.util.function.BiFunction<Integer, Integer, String> day =
                (month, d) -> m0.plusMonths(month).atDay(d).toString();
        return new CompanyBuilder(graphQl)
                .segment("P", null)
                .segment("S1", "P")
                .segment("S2", "P")
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS")
                .customer("a", "S1", day.apply(1, 5))
                .customer("b", "S1", day.apply(1, 10))
                .customer("c", "S1", day.apply(2, 3))
                .customer("d", "S1", day.apply(3, 7))
                .customer("e", "S2", day.apply(1, 2))
                .customer("f", "S2", day.apply(2, 15))
                .customer("g", "S2", day.apply(3, 20))
                .recurring("a", "100.00", day.apply(1, 20), day.apply(2, 20))
                .recurring("a", "120.00", day.apply(3, 20))
                .revenue("a", day.apply(2, 21), "60.00", "USD", false)
                .recurring("b", "200.00", day.apply(1, 20))
                .recurring("b", "150.00", day.apply(2, 20))
                .recurring("c", "100.00", day.apply(2, 20), day.apply(3, 20))
                .recurring("d", "80.00", day.apply(3, 20))
                .recurring("e", "300.00", day.apply(1, 20), day.apply(2, 20))
                .recurring("e", "330.00", day.apply(3, 20))
                .revenue("e", day.apply(3, 21), "90.00", "USD", false)
                .recurring("f", "50.00", day.apply(2, 20))
                .recurring("g", "70.00", day.apply(3, 25))
                .spend("MK", day.apply(1, 10), "300.00", "USD", "ADVERTISING", Tags.segment("S1"))
                .spend("MK", day.apply(2, 10), "300.00", "USD", "ADVERTISING", Tags.segment("S1"))
                .spend("MK", day.apply(3, 10), "300.00", "USD", "ADVERTISING", Tags.segment("S1"))
                .spend("MK", day.apply(1, 11), "150.00", "USD", "ADVERTISING", Tags.segment("S2"))
                .spend("MK", day.apply(2, 11), "200.00", "USD", "ADVERTISING", Tags.segment("S2"))
                .spend("MK", day.apply(3, 11), "100.00", "USD", "ADVERTISING", Tags.segment("S2"))
                .spend("OP", day.apply(2, 12), "60.00", "USD", "TOOLS", Tags.segment("S1"))
                .spend("OP", day.apply(1, 13), "30.00", "USD", "COST_OF_SERVICE", Tags.segment("S1"))
                .spend("OP", day.apply(2, 13), "40.00", "USD", "COST_OF_SERVICE", Tags.segment("S1"))
                .spend("OP", day.apply(3, 13), "50.00", "USD", "COST_OF_SERVICE", Tags.segment("S1"))
                .spend("OP", day.apply(1, 14), "60.00", "USD", "COST_OF_SERVICE", Tags.segment("S2"))
                .spend("OP", day.apply(2, 14), "60.00", "USD", "COST_OF_SERVICE", Tags.segment("S2"))
                .spend("OP", day.apply(3, 14), "60.00", "USD", "COST_OF_SERVICE", Tags.segment("S2"));
    }
}
