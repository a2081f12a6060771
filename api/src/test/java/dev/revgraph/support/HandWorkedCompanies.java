package dev.revgraph.support;

import dev.revgraph.support.CompanyBuilder.Tags;
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
}
