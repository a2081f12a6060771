package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transfers are movements, not churn: customers moving between segments, against hand-worked figures
 * (USD). Months M0..M3 are this test's own (no other test writes in them); M0 stays empty, so the
 * whole-company rows count this company alone. Segments: A with sub-segment A1; B apart.
 *
 * <pre>
 * customer  acquired  recurring revenue (line days)            moves (effectiveFrom)        segment on each month's last day
 *                     M1          M2                 M3                                         M1   M2   M3
 *  k        M1-03 A1  100 (d10)   100 (d05) + 30 (d25) 120 (d10)  to B from M2-15 (mid-month)   A1   B    B
 *  j        M1-05 A    50 (d10)    50 (d10)          50 (d10)   to A1 from M3-01 (sub-segment) A    A    A1
 *  h        M1-10 B    80 (d10)     -                80 (d25)   to A from M3-10                B    B    A
 *  g        M2-02 B     -          40 (d10)           -         to A from M3-20                -    B    A
 *  e        M1-07 A    60 (d10)    60 (d15)          60 (d10)   to B from M2-10, back to A     A    A    A
 *                                                               from M2-20 (no move in M2)
 *
 * A customer-month belongs to the segment of the assignment in force on its last day. A customer
 * active in m-1 and m whose segment leaves a scope is transferOut there and transferIn where it
 * arrives, at its MRR of m-1; its movements of m count where it arrives (k: transfer 100, then
 * expansion 30 in B). One inactive in m-1 is new or reactivated where it is in m (h reactivated in A
 * in M3); one active in m-1 and not in m churns where it was in m-1 (g churned 40 in B in M3 although
 * its M3 assignment is A). A move inside a scope is no transfer for it (j: A to A1 for scope A).
 *
 * scope    month start  new  exp  contr churn react  tIn  tOut  end | act st# ch# in# out# | logo    grr     nrr
 * company  M1      0   290    0    0     0     0     0    0   290 |  4   0   0   0   0  | null    null    null
 *          M2    290    40   30    0    80     0     0    0   280 |  4   4   1   0   0  | 0.2500  0.7241  0.8276
 *          M3    280     0    0   10    40    80     0    0   310 |  4   4   1   0   0  | 0.2500  0.8214  0.8214
 * A        M1      0   210    0    0     0     0     0    0   210 |  3   0   0   0   0  | null    null    null
 *          M2    210     0    0    0     0     0     0  100   110 |  2   3   0   0   1  | 0.0000  1.0000  1.0000
 *          M3    110     0    0    0     0    80     0    0   190 |  3   2   0   0   0  | 0.0000  1.0000  1.0000
 * A1       M1      0   100    0    0     0     0     0    0   100 |  1   0   0   0   0  | null    null    null
 *          M2    100     0    0    0     0     0     0  100     0 |  0   1   0   0   1  | null    null    null
 *          M3      0     0    0    0     0     0    50    0    50 |  1   0   0   1   0  | 0.0000  1.0000  1.0000
 * B        M1      0    80    0    0     0     0     0    0    80 |  1   0   0   0   0  | null    null    null
 *          M2     80    40   30    0    80     0   100    0   170 |  2   1   1   1   0  | 0.5000  0.5556  0.7222
 *          M3    170     0    0   10    40     0     0    0   120 |  1   2   1   0   0  | 0.5000  0.7059  0.7059
 *
 * company M2: 290 + 40 (g) + 30 (k) - 80 (h) = 280; grr (290 - 80) / 290 = 0.724138, nrr (290 + 30 - 80) / 290
 *   = 0.827586; M3: 280 + 80 (h) - 10 (k) - 40 (g) = 310, grr = nrr = 230 / 280 = 0.821429.
 * A M2: 210 - 100 (k out) = 110; the ratios' base is start + tIn - tOut = 110: grr 110 / 110, logo 0 / (3 - 1).
 * A1 M2: base 100 - 100 = 0: the ratios are null; M3: j from A, base 0 + 50.
 * B M2: 80 + 40 (g new) + 30 (k's expansion) - 80 (h) + 100 (k in) = 170; base 80 + 100 = 180:
 *   grr (180 - 80) / 180 = 0.555556, nrr (180 + 30 - 80) / 180 = 0.722222, logo 1 / (1 + 1).
 * B M3: 170 - 10 (k) - 40 (g) = 120; grr = nrr = 120 / 170 = 0.705882, logo 1 / 2.
 * A + B = the company in every column, transfers netting to zero (M2: A out 100, B in 100).
 *
 * The P&L of M2 by segment puts each line where the customer was on the line's day: A1 100 (k d05),
 * B 30 (k d25) + 60 (e d15, between its two moves) + 40 (g) = 130, A 50 (j).
 *
 * Segment economics over M1..M3 pools the same movements; a segment's start MRR of a month is what it
 * carries into it (start + tIn - tOut), and transfers are no churn:
 *   A   start 0 + 110 + 110 = 220, churned + contraction 0: revenue churn 0.0000; ARPA (210 + 110 + 190) / 8 = 63.75
 *   A1  start 0 + 0 + 50 = 50, lost 0: 0.0000; ARPA (100 + 0 + 50) / 2 = 75.00
 *   B   start 0 + 180 + 170 = 350, lost 80 + (10 + 40) = 130: 130 / 350 = 0.371429 -> 0.3714; ARPA 370 / 4 = 92.50
 *   company  start 0 + 290 + 280 = 570, lost 130: 0.228070 -> 0.2281; ARPA 880 / 12 = 73.33
 *
 * Cohorts of a segment: the customers whose assignment on their acquisition date is in the segment's
 * subtree, followed wherever they move. A's M1 cohort: k, j, e (size 3; h was in B): active 3 3 3,
 * MRR 210 240 230, REVENUE 1.0000, 240 / 210 = 1.1429, 230 / 210 = 1.0952. B: M1 cohort h (active 1 0
 * 1, MRR 80 0 80), M2 cohort g (active 1 0). k stays in A's cohort after its move to B.
 *
 * Then M0..M2 are closed and k moves back to A from M3-01: M2 keeps its figures under both versions;
 * M3 reads its start from M2's close: A 110 + 80 (h) - 10 (k) + 130 (k in) = 310, B 170 - 40 (g)
 * - 130 (k out) = 0.
 * </pre>
 */
class SegmentTransfersTest extends IntegrationTest {

    @Test
    void movesBetweenSegmentsAreTransfersAtTheMrrOfTheMonthBefore() {
        YearMonth m0 = Api.uniqueMonth();
        Api.uniqueMonth(); // M2 and M3
        YearMonth m1 = m0.plusMonths(1);
        YearMonth m2 = m0.plusMonths(2);
        YearMonth m3 = m0.plusMonths(3);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("A", null)
                .segment("A1", "A")
                .segment("B", null)
                .customer("k", "A1", day(m1, 3))
                .customer("j", "A", day(m1, 5))
                .customer("h", "B", day(m1, 10))
                .customer("g", "B", day(m2, 2))
                .customer("e", "A", day(m1, 7))
                .recurring("k", "100", day(m1, 10), day(m2, 5))
                .recurring("k", "30", day(m2, 25))
                .recurring("k", "120", day(m3, 10))
                .recurring("j", "50", day(m1, 10), day(m2, 10), day(m3, 10))
                .recurring("h", "80", day(m1, 10), day(m3, 25))
                .recurring("g", "40", day(m2, 10))
                .recurring("e", "60", day(m1, 10), day(m2, 15), day(m3, 10))
                .build();
        move(company, "k", "B", day(m2, 15));
        move(company, "j", "A1", day(m3, 1));
        move(company, "h", "A", day(m3, 10));
        move(company, "g", "A", day(m3, 20));
        move(company, "e", "B", day(m2, 10));
        move(company, "e", "A", day(m2, 20));

        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put(
                null,
                List.of(
                        "0.00 290.00 0.00 0.00 0.00 0.00 0.00 0.00 290.00 | 4 0 0 0 0 | null null null",
                        "290.00 40.00 30.00 0.00 80.00 0.00 0.00 0.00 280.00 | 4 4 1 0 0 | 0.2500 0.7241 0.8276",
                        "280.00 0.00 0.00 10.00 40.00 80.00 0.00 0.00 310.00 | 4 4 1 0 0 | 0.2500 0.8214 0.8214"));
        expected.put(
                "A",
                List.of(
                        "0.00 210.00 0.00 0.00 0.00 0.00 0.00 0.00 210.00 | 3 0 0 0 0 | null null null",
                        "210.00 0.00 0.00 0.00 0.00 0.00 0.00 100.00 110.00 | 2 3 0 0 1 | 0.0000 1.0000 1.0000",
                        "110.00 0.00 0.00 0.00 0.00 80.00 0.00 0.00 190.00 | 3 2 0 0 0 | 0.0000 1.0000 1.0000"));
        expected.put(
                "A1",
                List.of(
                        "0.00 100.00 0.00 0.00 0.00 0.00 0.00 0.00 100.00 | 1 0 0 0 0 | null null null",
                        "100.00 0.00 0.00 0.00 0.00 0.00 0.00 100.00 0.00 | 0 1 0 0 1 | null null null",
                        "0.00 0.00 0.00 0.00 0.00 0.00 50.00 0.00 50.00 | 1 0 0 1 0 | 0.0000 1.0000 1.0000"));
        expected.put(
                "B",
                List.of(
                        "0.00 80.00 0.00 0.00 0.00 0.00 0.00 0.00 80.00 | 1 0 0 0 0 | null null null",
                        "80.00 40.00 30.00 0.00 80.00 0.00 100.00 0.00 170.00 | 2 1 1 1 0 | 0.5000 0.5556 0.7222",
                        "170.00 0.00 0.00 10.00 40.00 0.00 0.00 0.00 120.00 | 1 2 1 0 0 | 0.5000 0.7059 0.7059"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String segment = e.getKey() == null ? null : company.code(e.getKey());
            List<Map<String, Object>> rows = movements(m1, m3, segment, null, "LATEST");
            assertThat(rows.stream().map(SegmentTransfersTest::row).toList())
                    .as("movements of %s", e.getKey() == null ? "the company" : e.getKey())
                    .containsExactlyElementsOf(e.getValue());
            rows.forEach(r -> assertThat(MovementChecks.identityHolds(r))
                    .as("identity of %s", r)
                    .isTrue());
            // a one-month activity window over recurring lines only is the same activity: the grid
            // computes the same movements and transfers
            assertThat(movements(m1, m3, segment, 1, "LATEST")).isEqualTo(rows);
        }

        Map<String, String> churnAndArpa = new HashMap<>();
        for (String scope : new String[] {"A", "B", null}) {
            for (Map<?, ?> r : graphQl.documentName("segmentEconomics")
                    .variable("from", m1.atDay(1).toString())
                    .variable("to", m3.atEndOfMonth().toString())
                    .variable("segmentCode", scope == null ? null : company.code(scope))
                    .execute()
                    .path("segmentEconomics.rows")
                    .entityList(Map.class)
                    .get()) {
                String code = (String) r.get("segmentCode");
                String name = code == null
                        ? "company"
                        : List.of("A", "A1", "B").stream()
                                .filter(n -> company.code(n).equals(code))
                                .findFirst()
                                .orElse(null);
                if (name != null) {
                    churnAndArpa.put(name, r.get("monthlyRevenueChurn") + " " + r.get("arpa"));
                }
            }
        }
        assertThat(churnAndArpa)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "A", "0.0000 63.75",
                        "A1", "0.0000 75.00",
                        "B", "0.3714 92.50",
                        "company", "0.2281 73.33"));

        assertThat(pnlRevenueBySegment(company, m2))
                .containsExactlyInAnyOrderEntriesOf(Map.of("A", "50.00", "A1", "100.00", "B", "130.00"));

        assertThat(cohorts(m1, m3, company.code("A")))
                .containsExactly(m1 + " 0 3 3 210.00 1.0000", m1 + " 1 3 3 240.00 1.1429", m1 + " 2 3 3 230.00 1.0952");
        assertThat(cohorts(m1, m3, company.code("B")))
                .containsExactly(
                        m1 + " 0 1 1 80.00 1.0000",
                        m1 + " 1 1 0 0.00 0.0000",
                        m1 + " 2 1 1 80.00 1.0000",
                        m2 + " 0 1 1 40.00 1.0000",
                        m2 + " 1 1 0 0.00 0.0000");

        // closed months serve what their close stored; the open month after them starts from it
        Map<String, List<Map<String, Object>>> beforeClose = new HashMap<>();
        for (String name : new String[] {"A", "A1", "B"}) {
            beforeClose.put(name, movements(m1, m2, company.code(name), null, "LATEST"));
        }
        company.close(m0).close(m1).close(m2);
        move(company, "k", "A", day(m3, 1));
        for (String name : new String[] {"A", "A1", "B"}) {
            for (String version : new String[] {"LATEST", "AS_FIRST_REPORTED"}) {
                assertThat(movements(m1, m2, company.code(name), null, version))
                        .as("closed M1 and M2 of %s (%s)", name, version)
                        .isEqualTo(beforeClose.get(name));
            }
        }
        assertThat(row(movements(m3, m3, company.code("A"), null, "LATEST").get(0)))
                .isEqualTo("110.00 0.00 0.00 10.00 0.00 80.00 130.00 0.00 310.00 | 4 2 0 1 0 | 0.0000 0.9583 0.9583");
        assertThat(row(movements(m3, m3, company.code("B"), null, "LATEST").get(0)))
                .isEqualTo("170.00 0.00 0.00 0.00 40.00 0.00 0.00 130.00 0.00 | 0 2 1 0 1 | 1.0000 0.0000 0.0000");
        assertThat(row(movements(m3, m3, null, null, "LATEST").get(0)))
                .as("the company's M3 is unchanged by the move")
                .isEqualTo(expected.get(null).get(2));
    }

    private static String day(YearMonth month, int day) {
        return month.atDay(day).toString();
    }

    private void move(CompanyBuilder company, String customer, String segment, String from) {
        api.ok(
                "updateCustomer",
                "customer",
                Map.of(
                        "externalId", company.code(customer),
                        "segmentCode", company.code(segment),
                        "effectiveFrom", from));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Map<String, Object>> movements(
            YearMonth from, YearMonth to, String segment, Integer window, String version) {
        return (List) graphQl.documentName("mrrMovements")
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString())
                .variable("segmentCode", segment)
                .variable("window", window)
                .variable("version", version)
                .execute()
                .path("mrrMovements.rows")
                .entityList(Map.class)
                .get();
    }

    /** A served row in the order of the table above. */
    static String row(Map<String, Object> r) {
        List<Object> parts = new ArrayList<>();
        for (String f : List.of(
                "startMrr",
                "newMrr",
                "expansion",
                "contraction",
                "churned",
                "reactivated",
                "transferIn",
                "transferOut",
                "endMrr")) {
            parts.add(r.get(f));
        }
        parts.add("|");
        for (String f : List.of(
                "activeCustomers",
                "startCustomers",
                "churnedCustomers",
                "transferInCustomers",
                "transferOutCustomers")) {
            parts.add(r.get(f));
        }
        parts.add("|");
        parts.add(r.get("logoChurn"));
        parts.add(r.get("grr"));
        parts.add(r.get("nrr"));
        return String.join(" ", parts.stream().map(String::valueOf).toList());
    }

    private Map<String, String> pnlRevenueBySegment(CompanyBuilder company, YearMonth month) {
        Map<String, String> byCode = new HashMap<>();
        for (String name : new String[] {"A", "A1", "B"}) {
            byCode.put(company.code(name), name);
        }
        Map<String, String> revenue = new HashMap<>();
        for (Map<?, ?> row : graphQl.documentName("profitAndLoss")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("groupBy", List.of("SEGMENT"))
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Map.class)
                .get()) {
            String name = byCode.get((String) row.get("segmentCode"));
            if (name != null) {
                revenue.put(name, (String) row.get("revenue"));
            }
        }
        return revenue;
    }

    /** Each cohort cell: cohort month, months since, size, active, MRR, REVENUE retention. */
    private List<String> cohorts(YearMonth from, YearMonth to, String segment) {
        return graphQl
                .documentName("cohortRetention")
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString())
                .variable("segmentCode", segment)
                .variable("basis", "REVENUE")
                .execute()
                .path("cohortRetention.rows")
                .entityList(Map.class)
                .get()
                .stream()
                .map(r -> r.get("cohortMonth") + " " + r.get("monthsSinceAcquisition") + " " + r.get("cohortSize") + " "
                        + r.get("activeCustomers") + " " + r.get("mrr") + " " + r.get("retention"))
                .toList();
    }
}
