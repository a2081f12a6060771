package dev.revgraph.retention;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cohorts take whole months: a range that starts or ends mid-month still counts every customer
 * acquired in each calendar month it touches, on both bases and with an activity window; the
 * REVENUE basis divides by the whole cohort's MRR in its acquisition month (month 0). Reporting
 * currency USD, the year 2034, which no other test uses; every query is scoped to segment S.
 *
 * <pre>
 * segments: S > S1, and T apart; the range is 2034-03-15 .. 2034-04-10 (mid-month at both ends)
 * customer  segment  acquired     recurring MRR (USD)     in a cohort of the range?
 *                                 Feb   Mar   Apr   May
 *  P        S        2034-03-03    -    100   100    -    yes, March: acquired before `from` in from's month
 *  Q        S1       2034-03-20    -     -    150*   -    yes, March: S1 is below S; bills from its second month
 *  R        S        2034-04-25    -     -     40    -    yes, April: acquired after `to` in to's month
 *  X        S        2034-02-28   70    70     70    -    no: February is before the range's first month
 *  Y        S        2034-05-01    -     -     -    90    no: May is after the range's last month
 *  Z        T        2034-03-10    -    80     80    -    no: segment T is not in S's subtree
 *  * Q's April line is recognised on 2034-04-30, after `to`: the month of `to` is reported whole.
 *
 * cohort  k  month  size  active  mrr              LOGOS (active/size)  REVENUE (mrr/month-0 mrr)  cumulative/size
 *  Mar    0  Mar     2     1      100              1/2 = 0.5000         100/100 = 1.0000           100/2 = 50.00
 *  Mar    1  Apr     2     2      100 + 150 = 250  2/2 = 1.0000         250/100 = 2.5000           (100+250)/2 = 175.00
 *  Apr    0  Apr     1     1      40               1/1 = 1.0000         40/40 = 1.0000             40/1 = 40.00
 *
 * By exact acquisition dates (2034-03-15 .. 2034-04-10) the range would keep Q alone: a March
 * cohort of size 1 with month-0 MRR 0 (REVENUE retention null) and no April cohort.
 * With a 2-month activity window (active = any revenue in the month or the one before) the cells
 * are the same: P is active in March and April, Q from April (its first revenue), R in April.
 * </pre>
 */
class WholeMonthCohortsTest extends IntegrationTest {

    static String s;

    @BeforeEach
    void handWorkedCustomers() {
        if (s != null) {
            return;
        }
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("S", null)
                .segment("S1", "S")
                .segment("T", null)
                .customer("cust-p", "S", "2034-03-03")
                .customer("cust-q", "S1", "2034-03-20")
                .customer("cust-r", "S", "2034-04-25")
                .customer("cust-x", "S", "2034-02-28")
                .customer("cust-y", "S", "2034-05-01")
                .customer("cust-z", "T", "2034-03-10")
                .recurring("cust-p", "100", "2034-03-31", "2034-04-30")
                .recurring("cust-q", "150", "2034-04-30")
                .recurring("cust-r", "40", "2034-04-28")
                .recurring("cust-x", "70", "2034-02-28", "2034-03-31", "2034-04-30")
                .recurring("cust-y", "90", "2034-05-31")
                .recurring("cust-z", "80", "2034-03-31", "2034-04-30")
                .build();
        s = company.code("S");
    }

    @Test
    void aRangeStartingAndEndingMidMonthTakesTheWholeMonthsOnTheLogosBasis() {
        graphQl.documentName("cohortRetention")
                .variable("from", "2034-03-15")
                .variable("to", "2034-04-10")
                .variable("segmentCode", s)
                .execute()
                .path("cohortRetention.basis")
                .entity(String.class)
                .isEqualTo("LOGOS")
                .path("cohortRetention.rows[*].cohortMonth")
                .entityList(String.class)
                .containsExactly("2034-03", "2034-03", "2034-04")
                .path("cohortRetention.rows[*].monthsSinceAcquisition")
                .entityList(Integer.class)
                .containsExactly(0, 1, 0)
                .path("cohortRetention.rows[*].month")
                .entityList(String.class)
                .containsExactly("2034-03", "2034-04", "2034-04")
                .path("cohortRetention.rows[*].cohortSize")
                .entityList(Integer.class)
                .containsExactly(2, 2, 1)
                .path("cohortRetention.rows[*].activeCustomers")
                .entityList(Integer.class)
                .containsExactly(1, 2, 1)
                .path("cohortRetention.rows[*].mrr")
                .entityList(String.class)
                .containsExactly("100.00", "250.00", "40.00")
                .path("cohortRetention.rows[*].retention")
                .entityList(String.class)
                .containsExactly("0.5000", "1.0000", "1.0000")
                .path("cohortRetention.rows[*].cumulativeRevenuePerCustomer")
                .entityList(String.class)
                .containsExactly("50.00", "175.00", "40.00");
    }

    @Test
    void theRevenueBasisDividesByTheWholeCohortsMonthZeroMrrAndCanExceedOne() {
        graphQl.documentName("cohortRetention")
                .variable("from", "2034-03-15")
                .variable("to", "2034-04-10")
                .variable("segmentCode", s)
                .variable("basis", "REVENUE")
                .execute()
                .path("cohortRetention.basis")
                .entity(String.class)
                .isEqualTo("REVENUE")
                .path("cohortRetention.rows[*].cohortSize")
                .entityList(Integer.class)
                .containsExactly(2, 2, 1)
                .path("cohortRetention.rows[*].mrr")
                .entityList(String.class)
                .containsExactly("100.00", "250.00", "40.00")
                .path("cohortRetention.rows[*].retention")
                .entityList(String.class)
                .containsExactly("1.0000", "2.5000", "1.0000");
    }

    @Test
    void anActivityWindowTakesTheSameWholeMonths() {
        graphQl.documentName("cohortRetention")
                .variable("from", "2034-03-15")
                .variable("to", "2034-04-10")
                .variable("segmentCode", s)
                .variable("window", 2)
                .execute()
                .path("cohortRetention.rows[*].cohortMonth")
                .entityList(String.class)
                .containsExactly("2034-03", "2034-03", "2034-04")
                .path("cohortRetention.rows[*].cohortSize")
                .entityList(Integer.class)
                .containsExactly(2, 2, 1)
                .path("cohortRetention.rows[*].activeCustomers")
                .entityList(Integer.class)
                .containsExactly(1, 2, 1)
                .path("cohortRetention.rows[*].retention")
                .entityList(String.class)
                .containsExactly("0.5000", "1.0000", "1.0000");
        graphQl.documentName("cohortRetention")
                .variable("from", "2034-03-15")
                .variable("to", "2034-04-10")
                .variable("segmentCode", s)
                .variable("basis", "REVENUE")
                .variable("window", 2)
                .execute()
                .path("cohortRetention.rows[*].retention")
                .entityList(String.class)
                .containsExactly("1.0000", "2.5000", "1.0000");
    }

    @Test
    void aSingleDayRangeTakesItsWholeMonth() {
        // from = to = 2034-03-20: the March cohort is P and Q (size 2), reported for March alone
        graphQl.documentName("cohortRetention")
                .variable("from", "2034-03-20")
                .variable("to", "2034-03-20")
                .variable("segmentCode", s)
                .variable("basis", "REVENUE")
                .execute()
                .path("cohortRetention.rows[*].cohortMonth")
                .entityList(String.class)
                .containsExactly("2034-03")
                .path("cohortRetention.rows[*].cohortSize")
                .entityList(Integer.class)
                .containsExactly(2)
                .path("cohortRetention.rows[*].activeCustomers")
                .entityList(Integer.class)
                .containsExactly(1)
                .path("cohortRetention.rows[*].retention")
                .entityList(String.class)
                .containsExactly("1.0000");
    }
}
