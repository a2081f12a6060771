package dev.revgraph.retention;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MRR movements, churn, GRR, NRR, cohorts and a customer's own view against hand-worked figures
 * (reporting currency USD, the year 2031, which no other test uses).
 *
 * <pre>
 * rates F: 2.00 from 2031-01-01, 2.50 from 2031-03-01
 * segments: R > R1, and R2 apart
 * customer  segment  acquired    recurring revenue per month (USD)              one-off
 *                                Jan    Feb    Mar    Apr    May    Jun
 *  A        R1       2031-01-10  100    150    150    120     -      80
 *  B        R        2031-01-20  50F=100 50F=100 50F=125 -    -      -           500 USD in Jan
 *  C        R1       2031-02-05   -     200    200    200    200*   200          30 USD in Mar
 *  D        R2       2031-03-15   -      -      60     60     90     90
 *  E        R        2031-04-01  (no revenue: never active)
 *  * C's May: 250 recorded, reversed (-250), then 200 recorded: net 200.
 *
 * company-wide   start  new  exp  contr churn react  end  active start# churn#  logoChurn grr     nrr     arpa
 *  Jan             0   200    0     0     0     0   200    2     0      0      null      null    null    100.00
 *  Feb           200   200   50     0     0     0   450    3     2      0      0.0000    1.0000  1.2500  150.00
 *  Mar           450    60   25     0     0     0   535    4     3      0      0.0000    1.0000  1.0556  133.75
 *  Apr           535     0    0    30   125     0   380    3     4      1      0.2500    0.7103  0.7103  126.67
 *  May           380     0   30     0   120     0   290    2     3      1      0.3333    0.6842  0.7632  145.00
 *  Jun           290     0    0     0     0    80   370    3     2      0      0.0000    1.0000  1.0000  123.33
 *  (Mar: B's 50 F is worth 125 at the new rate: an expansion of 25 made by FX alone.
 *   Apr grr = 380/535 = 0.710280; May grr = 260/380 = 0.684211, nrr = 290/380 = 0.763158.)
 *
 * segment R (A, B, C, E): Jan 0/200/200; Feb 200 +200 new +50 exp = 450; Mar 450 +25 = 475 (nrr 475/450 = 1.0556);
 *  Apr 475 -30 -125 = 320 (grr 320/475 = 0.6737, logo churn 1/3); May 320 -120 = 200 (grr 0.6250, logo 1/2);
 *  Jun 200 +80 reactivated = 280.
 *
 * cohorts of segment R acquired Jan..Jun (LOGOS and REVENUE retention, cumulative revenue per customer)
 *  Jan (A, B; size 2): active 2 2 2 1 0 1; mrr 200 250 275 120 0 80;
 *                      logos 1 1 1 .5 0 .5; revenue (/200) 1 1.25 1.375 .6 0 .4;
 *                      cumulative (incl. B's one-off 500) 700 950 1225 1345 1345 1425 -> /2 = 350 475 612.50 672.50 672.50 712.50
 *  Feb (C; size 1):    active 1 1 1 1 1; mrr 200 each; cumulative 200 430 630 830 1030
 *  Apr (E; size 1):    active 0 0 0; revenue retention null (month-0 MRR is 0); cumulative 0
 * </pre>
 */
class RetentionTest extends IntegrationTest {

    // loaded once for the class: the company-wide figures count every customer of 2031
    static CompanyBuilder company;

    @BeforeEach
    void handWorkedCustomers() {
        if (company != null) {
            return;
        }
        CompanyBuilder built = new CompanyBuilder(graphQl)
                .currency("F", "2031-01-01", "2.00", "2031-03-01", "2.50")
                .segment("R", null)
                .segment("R1", "R")
                .segment("R2", null)
                .customer("cust-a", "R1", "2031-01-10")
                .customer("cust-b", "R", "2031-01-20")
                .customer("cust-c", "R1", "2031-02-05")
                .customer("cust-d", "R2", "2031-03-15")
                .customer("cust-e", "R", "2031-04-01")
                .recurring("cust-a", "100", "2031-01-31")
                .recurring("cust-a", "150", "2031-02-28", "2031-03-31")
                .recurring("cust-a", "120", "2031-04-30")
                .recurring("cust-a", "80", "2031-06-30")
                .revenue("cust-b", "2031-01-31", "50", "F", true)
                .revenue("cust-b", "2031-01-25", "500", "USD", false)
                .revenue("cust-b", "2031-02-28", "50", "F", true)
                .revenue("cust-b", "2031-03-31", "50", "F", true)
                .recurring("cust-c", "200", "2031-02-28", "2031-03-31")
                .revenue("cust-c", "2031-03-15", "30", "USD", false)
                .recurring("cust-c", "200", "2031-04-30");
        String wrong = built.revenueLine("cust-c", "2031-05-31", "250", "USD", true);
        api.mutate("reverseRevenueLine", Map.of("lineId", wrong, "memo", "wrong plan"))
                .path("reverseRevenueLine.errors")
                .entityList(Object.class)
                .hasSize(0);
        built.recurring("cust-c", "200", "2031-05-31", "2031-06-30")
                .recurring("cust-d", "60", "2031-03-31", "2031-04-30")
                .recurring("cust-d", "90", "2031-05-31", "2031-06-30")
                .build();
        company = built;
    }

    @Test
    void companyWideMovementsMatchTheHandWorkedTable() {
        graphQl.documentName("mrrMovements")
                .variable("from", "2031-01-01")
                .variable("to", "2031-06-30")
                .execute()
                .path("mrrMovements.currency")
                .entity(String.class)
                .isEqualTo("USD")
                .path("mrrMovements.rows[*].month")
                .entityList(String.class)
                .containsExactly("2031-01", "2031-02", "2031-03", "2031-04", "2031-05", "2031-06")
                .path("mrrMovements.rows[*].startMrr")
                .entityList(String.class)
                .containsExactly("0.00", "200.00", "450.00", "535.00", "380.00", "290.00")
                .path("mrrMovements.rows[*].newMrr")
                .entityList(String.class)
                .containsExactly("200.00", "200.00", "60.00", "0.00", "0.00", "0.00")
                .path("mrrMovements.rows[*].expansion")
                .entityList(String.class)
                .containsExactly("0.00", "50.00", "25.00", "0.00", "30.00", "0.00")
                .path("mrrMovements.rows[*].contraction")
                .entityList(String.class)
                .containsExactly("0.00", "0.00", "0.00", "30.00", "0.00", "0.00")
                .path("mrrMovements.rows[*].churned")
                .entityList(String.class)
                .containsExactly("0.00", "0.00", "0.00", "125.00", "120.00", "0.00")
                .path("mrrMovements.rows[*].reactivated")
                .entityList(String.class)
                .containsExactly("0.00", "0.00", "0.00", "0.00", "0.00", "80.00")
                .path("mrrMovements.rows[*].endMrr")
                .entityList(String.class)
                .containsExactly("200.00", "450.00", "535.00", "380.00", "290.00", "370.00")
                .path("mrrMovements.rows[*].activeCustomers")
                .entityList(Integer.class)
                .containsExactly(2, 3, 4, 3, 2, 3)
                .path("mrrMovements.rows[*].startCustomers")
                .entityList(Integer.class)
                .containsExactly(0, 2, 3, 4, 3, 2)
                .path("mrrMovements.rows[*].churnedCustomers")
                .entityList(Integer.class)
                .containsExactly(0, 0, 0, 1, 1, 0)
                .path("mrrMovements.rows[0].logoChurn")
                .valueIsNull()
                .path("mrrMovements.rows[0].grr")
                .valueIsNull()
                .path("mrrMovements.rows[0].nrr")
                .valueIsNull()
                .path("mrrMovements.rows[1:6].logoChurn")
                .entityList(String.class)
                .containsExactly("0.0000", "0.0000", "0.2500", "0.3333", "0.0000")
                .path("mrrMovements.rows[1:6].grr")
                .entityList(String.class)
                .containsExactly("1.0000", "1.0000", "0.7103", "0.6842", "1.0000")
                .path("mrrMovements.rows[1:6].nrr")
                .entityList(String.class)
                .containsExactly("1.2500", "1.0556", "0.7103", "0.7632", "1.0000")
                .path("mrrMovements.rows[*].arpa")
                .entityList(String.class)
                .containsExactly("100.00", "150.00", "133.75", "126.67", "145.00", "123.33");
    }

    @Test
    void aSegmentIncludesItsSubSegments() {
        graphQl.documentName("mrrMovements")
                .variable("from", "2031-01-15")
                .variable("to", "2031-06-01")
                .variable("segmentCode", company.code("R"))
                .execute()
                .path("mrrMovements.rows[*].endMrr")
                .entityList(String.class)
                .containsExactly("200.00", "450.00", "475.00", "320.00", "200.00", "280.00")
                .path("mrrMovements.rows[2].nrr")
                .entity(String.class)
                .isEqualTo("1.0556")
                .path("mrrMovements.rows[3].grr")
                .entity(String.class)
                .isEqualTo("0.6737")
                .path("mrrMovements.rows[3].logoChurn")
                .entity(String.class)
                .isEqualTo("0.3333")
                .path("mrrMovements.rows[4].grr")
                .entity(String.class)
                .isEqualTo("0.6250")
                .path("mrrMovements.rows[4].logoChurn")
                .entity(String.class)
                .isEqualTo("0.5000")
                .path("mrrMovements.rows[5].reactivated")
                .entity(String.class)
                .isEqualTo("80.00");
        graphQl.documentName("mrrMovements")
                .variable("from", "2031-01-01")
                .variable("to", "2031-06-30")
                .variable("segmentCode", company.code("R1"))
                .execute()
                .path("mrrMovements.rows[*].endMrr")
                .entityList(String.class)
                .containsExactly("100.00", "350.00", "350.00", "320.00", "200.00", "280.00");
    }

    @Test
    void aTrailingActivityWindowKeepsCustomersActiveBetweenPurchases() {
        // window 2: B (last revenue in March) stays active in April with MRR 0 -> a contraction of 125,
        // and leaves in May with nothing left to churn; A stays active through May (April revenue), so
        // its June 80 is an expansion, not a reactivation.
        graphQl.documentName("mrrMovements")
                .variable("from", "2031-04-01")
                .variable("to", "2031-06-30")
                .variable("window", 2)
                .execute()
                .path("mrrMovements.rows[*].activeCustomers")
                .entityList(Integer.class)
                .containsExactly(4, 3, 3)
                .path("mrrMovements.rows[*].contraction")
                .entityList(String.class)
                .containsExactly("155.00", "120.00", "0.00")
                .path("mrrMovements.rows[*].churned")
                .entityList(String.class)
                .containsExactly("0.00", "0.00", "0.00")
                .path("mrrMovements.rows[*].churnedCustomers")
                .entityList(Integer.class)
                .containsExactly(0, 1, 0)
                .path("mrrMovements.rows[*].expansion")
                .entityList(String.class)
                .containsExactly("0.00", "30.00", "80.00")
                .path("mrrMovements.rows[*].reactivated")
                .entityList(String.class)
                .containsExactly("0.00", "0.00", "0.00")
                .path("mrrMovements.rows[*].endMrr")
                .entityList(String.class)
                .containsExactly("380.00", "290.00", "370.00");
    }

    @Test
    void cohortMatrixByLogosAndByRevenue() {
        var logos = graphQl.documentName("cohortRetention")
                .variable("from", "2031-01-01")
                .variable("to", "2031-06-30")
                .variable("segmentCode", company.code("R"))
                .execute();
        logos.path("cohortRetention.basis")
                .entity(String.class)
                .isEqualTo("LOGOS")
                .path("cohortRetention.rows[*].cohortMonth")
                .entityList(String.class)
                .containsExactly(
                        "2031-01", "2031-01", "2031-01", "2031-01", "2031-01", "2031-01", "2031-02", "2031-02",
                        "2031-02", "2031-02", "2031-02", "2031-04", "2031-04", "2031-04")
                .path("cohortRetention.rows[*].monthsSinceAcquisition")
                .entityList(Integer.class)
                .containsExactly(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 0, 1, 2)
                .path("cohortRetention.rows[*].cohortSize")
                .entityList(Integer.class)
                .containsExactly(2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1)
                .path("cohortRetention.rows[*].activeCustomers")
                .entityList(Integer.class)
                .containsExactly(2, 2, 2, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0)
                .path("cohortRetention.rows[*].retention")
                .entityList(String.class)
                .containsExactly(
                        "1.0000", "1.0000", "1.0000", "0.5000", "0.0000", "0.5000", "1.0000", "1.0000", "1.0000",
                        "1.0000", "1.0000", "0.0000", "0.0000", "0.0000")
                .path("cohortRetention.rows[*].mrr")
                .entityList(String.class)
                .containsExactly(
                        "200.00", "250.00", "275.00", "120.00", "0.00", "80.00", "200.00", "200.00", "200.00", "200.00",
                        "200.00", "0.00", "0.00", "0.00")
                .path("cohortRetention.rows[*].cumulativeRevenuePerCustomer")
                .entityList(String.class)
                .containsExactly(
                        "350.00", "475.00", "612.50", "672.50", "672.50", "712.50", "200.00", "430.00", "630.00",
                        "830.00", "1030.00", "0.00", "0.00", "0.00");

        graphQl.documentName("cohortRetention")
                .variable("from", "2031-01-01")
                .variable("to", "2031-06-30")
                .variable("segmentCode", company.code("R"))
                .variable("basis", "REVENUE")
                .execute()
                .path("cohortRetention.rows[0:6].retention")
                .entityList(String.class)
                .containsExactly("1.0000", "1.2500", "1.3750", "0.6000", "0.0000", "0.4000")
                .path("cohortRetention.rows[11].retention")
                .valueIsNull();
    }

    @Test
    void aCustomersOwnView() {
        graphQl.documentName("customerView")
                .variable("externalId", company.code("cust-a"))
                .variable("from", "2031-03")
                .variable("to", "2031-06")
                .variable("asOf", "2031-06")
                .execute()
                .path("customer.lifetimeRevenue.amount")
                .entity(String.class)
                .isEqualTo("600.00")
                .path("customer.status")
                .entity(String.class)
                .isEqualTo("REACTIVATED")
                .path("customer.tenureMonths")
                .entity(Integer.class)
                .isEqualTo(5)
                .path("customer.mrrHistory[*].movement")
                .entityList(String.class)
                .containsExactly("UNCHANGED", "CONTRACTION", "CHURNED", "REACTIVATED")
                .path("customer.mrrHistory[*].movementAmount")
                .entityList(String.class)
                .containsExactly("0.00", "30.00", "120.00", "80.00")
                .path("customer.mrrHistory[*].active")
                .entityList(Boolean.class)
                .containsExactly(true, true, false, true);
        assertStatus(company.code("cust-a"), "2031-01", "NEW", 1);
        assertStatus(company.code("cust-a"), "2031-02", "ACTIVE", 2);
        assertStatus(company.code("cust-a"), "2031-05", "CHURNED", 4);
        assertStatus(company.code("cust-b"), "2031-06", "CHURNED", 3);
        assertStatus(company.code("cust-e"), "2031-06", "PROSPECT", 0);
        assertStatus(company.code("cust-c"), "2030-12", "PROSPECT", 0);
        graphQl.documentName("customerView")
                .variable("externalId", company.code("cust-b"))
                .variable("from", "2031-01")
                .variable("to", "2031-01")
                .variable("asOf", "2031-01")
                .execute()
                .path("customer.lifetimeRevenue.amount")
                .entity(String.class)
                .isEqualTo("825.00")
                .path("customer.mrrHistory[0].mrr")
                .entity(String.class)
                .isEqualTo("100.00")
                .path("customer.mrrHistory[0].revenue")
                .entity(String.class)
                .isEqualTo("600.00");
    }

    private void assertStatus(String customer, String asOf, String status, int tenure) {
        graphQl.documentName("customerView")
                .variable("externalId", customer)
                .variable("from", asOf)
                .variable("to", asOf)
                .variable("asOf", asOf)
                .execute()
                .path("customer.status")
                .entity(String.class)
                .isEqualTo(status)
                .path("customer.tenureMonths")
                .entity(Integer.class)
                .isEqualTo(tenure);
    }
}
