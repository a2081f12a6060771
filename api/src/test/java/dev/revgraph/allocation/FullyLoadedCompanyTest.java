package dev.revgraph.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One company worked by hand end to end: its allocations, the P&L by segment and by department
 * under both cost bases, segment economics and the department statements (docs/metrics.md, "The
 * fully-loaded worked company"). Reporting currency USD; E converts at 1.10 from M1's first day and
 * 1.20 from M2's. M1, M2, M3 are one fiscal quarter Q of the test's own ({@link Api#uniqueMonth}).
 *
 * <pre>
 * departments GEN (GENERAL), MKT (MARKETING), SLS (SALES); segments A (with AA below it), B
 * channels    PD paid, OR unpaid; campaigns CM (owner MKT, PD, segment AA), CS (owner SLS, OR, segment B)
 * customers   k1 AA acquired M1-10 by CM, touches CM M1-03, CS M1-08
 *             k2 B  acquired M1-20 by CS, touches CM M1-05, CS M1-12, CM M1-18
 *             k3 A  acquired M2-15 by CS, no touches
 *             k4 B  acquired M2-25, no campaign, no touches (no credit at all)
 * revenue     k1 300.00 USD M1-15, M2-15, M3-15; k2 200.00 E M1-25 (220.00), M2-25, M3-25 (240.00 each)
 *             k3 150.00 USD M2-20, M3-20; k4 100.00 USD M2-28, M3-28
 *             by segment A (with AA) / B: M1 300 / 220 = 520; M2 and M3 450 / 340 = 790
 * spend       M1  GEN SALARIES 1000.00, COST_OF_SERVICE 100.01 E (110.011), TOOLS 50.00, ADVERTISING 90.01,
 *                 OVERHEAD 70.00; SLS SALARIES 600.00, EVENTS 100.00 on CS (-> B);
 *                 MKT ADVERTISING 400.00 on CM (-> AA), TOOLS 50.00 untagged
 *             M2  GEN SALARIES 1000.00, COST_OF_SERVICE 50.00, TOOLS 20.00 E (24.00), ADVERTISING 60.00;
 *                 SLS SALARIES 600.00, TOOLS 40.00 untagged; MKT ADVERTISING 200.00 E on CM (240.00), EVENTS 80.00 tagged B
 *             M3  GEN SALARIES 1000.00, COST_OF_SERVICE 40.00, TOOLS 30.00, ADVERTISING 45.00;
 *                 SLS SALARIES 600.00, EVENTS 50.00 on CS; MKT ADVERTISING 100.00 on CM
 *             department totals (every category)  GEN  M1 1320.021  M2 1134  M3 1115
 *                                                 MKT      450          320      100
 *                                                 SLS      700          640      650
 * headcount   MKT / SLS: M1 2 / 1, M2 1.5 / 2.5, M3 2 / 1
 * budgets     GEN M1 1300.00, M3 1000.00 + 100.00 SALARIES; MKT M1 500.00, M2 300.00;
 *             SLS M1 600.00 E (at 1.10: 660.00), M2 700.00, M3 650.00
 *
 * rules (two pools: GEN by categories, SLS SALARIES; all name categories, so all at step 1)
 *   DS   GEN TOOLS            -> departments MKT, SLS   DIRECT_SPEND   from M1
 *   FIX  GEN COST_OF_SERVICE  -> segments A 0.6, B 0.4  FIXED          M1..M2 (ended after M2)
 *   HC   GEN SALARIES         -> departments MKT, SLS   HEADCOUNT      from M1
 *   NEW  GEN ADVERTISING      -> segments A, B          NEW_CUSTOMERS  from M1
 *   REV  SLS SALARIES         -> segments A, B          REVENUE        from M1
 *
 * M1 DS  50.00 by 450 : 700   MKT 19.565.. -> 19.56 (+0.01, larger rest) 19.57; SLS 30.434.. -> 30.43
 *    FIX 110.011 -> 110.01    A 66.0066 -> 66.00 (+0.01) 66.01; B 44.0044 -> 44.00 (0.001 stays in GEN)
 *    HC  1000.00 by 2 : 1     MKT 666.66 (+0.01) 666.67; SLS 333.33
 *    NEW 90.01 by 1 : 1       45.005 each -> 45.00 each, the cent to the earlier code: A 45.01, B 45.00
 *    REV 600.00 by 300 : 220  A 346.153.. -> 346.15; B 253.846.. -> 253.84 (+0.01) 253.85
 * M2 DS  24.00 by 320 : 640   MKT 8.00, SLS 16.00
 *    FIX 50.00                A 30.00, B 20.00
 *    HC  1000.00 by 1.5 : 2.5 MKT 375.00, SLS 625.00
 *    NEW 60.00 by 1 : 1       A 30.00, B 30.00
 *    REV 600.00 by 450 : 340  A 341.772.. -> 341.77; B 258.227.. -> 258.22 (+0.01) 258.23
 * M3 DS  30.00 by 100 : 650   MKT 4.00, SLS 26.00
 *    FIX ended: no row, GEN keeps its 40.00 of cost of service
 *    HC  1000.00 by 2 : 1     MKT 666.67, SLS 333.33
 *    NEW 45.00, no new customers: driver total 0, 45.00 unallocated in GEN
 *    REV as M2                A 341.77, B 258.23
 * quarter: HC MKT 1708.34 SLS 1291.66; DS MKT 31.57 SLS 72.43; FIX A 96.01 B 64.00 (cost of service);
 *          NEW A 75.01 B 75.00; REV A 1029.69 B 770.31
 *
 * quarter facts: revenue 2100 (AA 900 k1, A 300 k3, B 900 k2 + k4); new customers 4 (AA 1, A 1, B 2);
 *   cost of service 200.011 (GEN, untagged); operating expenses 6229.01: AA 740 (CM), B 230 (CS 150 +
 *   MKT EVENTS 80), untagged 5259.01; by department GEN 3369.01, MKT 870, SLS 1990;
 *   MARKETING + SALES operating expenses 2860
 *
 * P&L Q, DIRECT                 revenue  COGS    opex     op.profit  new  blended CAC
 *   by segment  A                300.00   0.00     0.00     300.00   1     0 / 1 = 0.00
 *               AA               900.00   0.00   740.00     160.00   1   740.00
 *               B                900.00   0.00   230.00     670.00   2   230 / 2 = 115.00
 *               (unassigned)       0.00 200.01  5259.01   -5459.02   0   null
 *   by dept     GEN                0.00 200.01  3369.01   -3569.02   0   null
 *               MKT                0.00   0.00   870.00    -870.00   0   null
 *               SLS                0.00   0.00  1990.00   -1990.00   0   null
 *               (unassigned)    2100.00   0.00     0.00    2100.00   4   0 / 4 = 0.00
 *   total                       2100.00 200.01  6229.01   -4329.02   4   2860 / 4 = 715.00
 * P&L Q, FULLY_LOADED (a part: +amount on its target, -amount on its source; FIX is cost of service)
 *   by segment  A                300.00  96.01  75.01 + 1029.69 = 1104.70   -900.71  1  1029.69 (REV lands with dept SLS)
 *                                allocated 96.01 + 75.01 + 1029.69 = 1200.71
 *               AA               as DIRECT, allocated 0.00
 *               B                900.00  64.00  230 + 75.00 + 770.31 = 1075.31  -239.31  2  (230 + 770.31) / 2 = 500.155 -> 500.16
 *                                allocated 909.31
 *               (unassigned)       0.00  200.011 - 160.01 = 40.001 -> 40.00   5259.01 - 150.01 - 1800 = 3309.00
 *                                -3349.00  0  null;  allocated -160.01 - 150.01 - 1800 (+3104 - 3104) = -2110.02
 *   by dept     GEN                0.00 200.01  3369.01 - 3000 - 104 = 265.01   -465.02  0  null  allocated -3104.00
 *               MKT                0.00   0.00  870 + 1708.34 + 31.57 = 2609.91   -2609.91  0  null  allocated 1739.91
 *               SLS                0.00   0.00  1990 + 1291.66 + 72.43 = 3354.09  -3354.09  0  null  allocated 1364.09
 *                                (REV moves SLS's cost onto segments: net 0 in SLS)
 *               (unassigned)    2100.00   0.00     0.00    2100.00   4   0.00  allocated 0.00
 *   total       as DIRECT, but blended CAC (2860 + 3000 + 104) / 4 = 5964 / 4 = 1491.00, allocated 0.00
 *
 * segment economics M1..M3  new  revenue  contribution              CAC                paid CAC    fully-loaded CAC               fully-loaded contribution
 *   company                   4  2100.00  2100-200.011-6229.01      2860 / 4 = 715.00  740 / 1     5964 / 4 = 1491.00             = contribution -4329.02
 *                                         = -4329.02                                   = 740.00
 *   A (A, AA)                 2  1200.00  1200 - 0 - 740 = 460.00   740 / 2 = 370.00   740 / 1     (740 + 1029.69) / 2 = 884.845  1200 - 96.01 - (740 + 75.01 + 1029.69)
 *                                                                                      = 740.00    -> 884.85                      = -740.71
 *   AA                        1   900.00  900 - 740 = 160.00        740.00             740.00      740.00                         160.00
 *   B                         2   900.00  900 - 230 = 670.00        115.00             null (no    500.16                         900 - 64 - (230 + 75 + 770.31) = -239.31
 *                                                                                      paid new)
 *   paid CAC: CM's lines (PD is paid) / customers acquired through a paid channel (k1 by CM only)
 *
 * credits       LINEAR                      LAST_TOUCH
 *   k1          CM (MKT) 1/2, CS (SLS) 1/2  CS (SLS) 1
 *   k2          CM 2/3, CS 1/3              CM (MKT) 1
 *   k3          CS 1 (acquisition campaign, no touches)
 *   k4          none: the unassigned row
 * department statement  budget  direct   in      out     slices  fully loaded  variance  var %    LINEAR new / revenue / return          LAST_TOUCH
 *   M1 GEN              1300.00 1320.02    0.00 1050.00  200.02   270.02        20.02    0.0154   0.0000 /   0.00 / 0.0000             same
 *      MKT               500.00  450.00  686.24    0.00    0.00  1136.24       -50.00   -0.1000   1.1667 / 296.67 / 0.2611             1.0000 / 220.00 / 0.1936
 *      SLS               660.00  700.00  363.76    0.00  600.00  1063.76        40.00    0.0606   0.8333 / 223.33 / 0.2099             1.0000 / 300.00 / 0.2820
 *      (unassigned)        0.00    0.00    0.00    0.00    0.00     0.00         0.00    null     0.0000 /   0.00 / null              same
 *      company          2460.00 2470.02 1050.00 1050.00  800.02  2470.02        10.02    0.0041   2.0000 / 520.00 / 0.2105             same
 *   M2 GEN                 0.00 1134.00    0.00 1024.00  110.00   110.00      1134.00    null     0.0000 /   0.00 / 0.0000             same
 *      MKT               300.00  320.00  383.00    0.00    0.00   703.00        20.00    0.0667   0.0000 / 310.00 / 0.4410             0.0000 / 240.00 / 0.3414
 *      SLS               700.00  640.00  641.00    0.00  600.00  1281.00       -60.00   -0.0857   1.0000 / 380.00 / 0.2966             1.0000 / 450.00 / 0.3513
 *      (unassigned)        0.00    0.00    0.00    0.00    0.00     0.00         0.00    null     1.0000 / 100.00 / null               same
 *      company          1000.00 2094.00 1024.00 1024.00  710.00  2094.00      1094.00    1.0940   2.0000 / 790.00 / 0.3773             same
 *   M3 GEN              1100.00 1115.00    0.00 1030.00    0.00    85.00        15.00    0.0136   0.0000 /   0.00 / 0.0000             same
 *      MKT                 0.00  100.00  670.67    0.00    0.00   770.67       100.00    null     0.0000 / 310.00 / 0.4022             0.0000 / 240.00 / 0.3114
 *      SLS               650.00  650.00  359.33    0.00  600.00  1009.33         0.00    0.0000   0.0000 / 380.00 / 0.3765             0.0000 / 450.00 / 0.4458
 *      (unassigned)        0.00    0.00    0.00    0.00    0.00     0.00         0.00    null     0.0000 / 100.00 / null               same
 *      company          1750.00 1865.00 1030.00 1030.00  600.00  1865.00       115.00    0.0657   0.0000 / 790.00 / 0.4236             same
 *   LINEAR credited revenue: M1 MKT 300/2 + 220 x 2/3 = 296.666..; SLS 300/2 + 220/3 = 223.333..;
 *     M2, M3 MKT 300/2 + 240 x 2/3 = 310; SLS 150 + 80 + 150 (k3) = 380; unassigned 100 (k4)
 *   return on cost = credited revenue / fully-loaded cost, e.g. M1 MKT 296.666.. / 1136.24 = 0.26109.. -> 0.2611
 *   the company's slices: the sum of its departments' (GEN's FIX and NEW, SLS's REV)
 * </pre>
 */
class FullyLoadedCompanyTest extends IntegrationTest {

    private static final List<String> RULES = List.of("DS", "FIX", "HC", "NEW", "REV");

    static CompanyBuilder company;
    static YearMonth m1;
    static YearMonth m2;
    static YearMonth m3;

    @BeforeEach
    void handWorkedCompany() {
        if (company != null) {
            return;
        }
        YearMonth q = quarterStart();
        YearMonth n2 = q.plusMonths(1);
        YearMonth n3 = q.plusMonths(2);
        CompanyBuilder built = new CompanyBuilder(graphQl)
                .currency("E", day(q, 1), "1.10", day(n2, 1), "1.20")
                .department("GEN", "GENERAL")
                .department("MKT", "MARKETING")
                .department("SLS", "SALES")
                .segment("A", null)
                .segment("AA", "A")
                .segment("B", null)
                .channel("PD", true)
                .channel("OR", false)
                .campaign("CM", "MKT", "PD", day(q, 1), null, Tags.segment("AA"), null)
                .campaign("CS", "SLS", "OR", day(q, 1), null, Tags.segment("B"), null)
                .customer("k1", "AA", null, day(q, 10), "CM")
                .customer("k2", "B", null, day(q, 20), "CS")
                .customer("k3", "A", null, day(n2, 15), "CS")
                .customer("k4", "B", null, day(n2, 25), null)
                .touch("k1", "CM", day(q, 3) + "T12:00:00Z", "CLICK")
                .touch("k1", "CS", day(q, 8) + "T12:00:00Z", "CLICK")
                .touch("k2", "CM", day(q, 5) + "T12:00:00Z", "CLICK")
                .touch("k2", "CS", day(q, 12) + "T12:00:00Z", "CLICK")
                .touch("k2", "CM", day(q, 18) + "T12:00:00Z", "CLICK")
                .revenue("k1", day(q, 15), "300.00", "USD", true)
                .revenue("k1", day(n2, 15), "300.00", "USD", true)
                .revenue("k1", day(n3, 15), "300.00", "USD", true)
                .revenue("k2", day(q, 25), "200.00", "E", true)
                .revenue("k2", day(n2, 25), "200.00", "E", true)
                .revenue("k2", day(n3, 25), "200.00", "E", true)
                .revenue("k3", day(n2, 20), "150.00", "USD", true)
                .revenue("k3", day(n3, 20), "150.00", "USD", true)
                .revenue("k4", day(n2, 28), "100.00", "USD", true)
                .revenue("k4", day(n3, 28), "100.00", "USD", true)
                // M1
                .spend("GEN", day(q, 1), "1000.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(q, 2), "100.01", "E", "COST_OF_SERVICE", Tags.NONE)
                .spend("GEN", day(q, 3), "50.00", "USD", "TOOLS", Tags.NONE)
                .spend("GEN", day(q, 4), "90.01", "USD", "ADVERTISING", Tags.NONE)
                .spend("GEN", day(q, 5), "70.00", "USD", "OVERHEAD", Tags.NONE)
                .spend("SLS", day(q, 6), "600.00", "USD", "SALARIES", Tags.NONE)
                .spend("SLS", day(q, 7), "100.00", "USD", "EVENTS", Tags.campaign("CS"))
                .spend("MKT", day(q, 8), "400.00", "USD", "ADVERTISING", Tags.campaign("CM"))
                .spend("MKT", day(q, 9), "50.00", "USD", "TOOLS", Tags.NONE)
                // M2
                .spend("GEN", day(n2, 1), "1000.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(n2, 2), "50.00", "USD", "COST_OF_SERVICE", Tags.NONE)
                .spend("GEN", day(n2, 3), "20.00", "E", "TOOLS", Tags.NONE)
                .spend("GEN", day(n2, 4), "60.00", "USD", "ADVERTISING", Tags.NONE)
                .spend("SLS", day(n2, 6), "600.00", "USD", "SALARIES", Tags.NONE)
                .spend("SLS", day(n2, 7), "40.00", "USD", "TOOLS", Tags.NONE)
                .spend("MKT", day(n2, 8), "200.00", "E", "ADVERTISING", Tags.campaign("CM"))
                .spend("MKT", day(n2, 9), "80.00", "USD", "EVENTS", Tags.segment("B"))
                // M3
                .spend("GEN", day(n3, 1), "1000.00", "USD", "SALARIES", Tags.NONE)
                .spend("GEN", day(n3, 2), "40.00", "USD", "COST_OF_SERVICE", Tags.NONE)
                .spend("GEN", day(n3, 3), "30.00", "USD", "TOOLS", Tags.NONE)
                .spend("GEN", day(n3, 4), "45.00", "USD", "ADVERTISING", Tags.NONE)
                .spend("SLS", day(n3, 6), "600.00", "USD", "SALARIES", Tags.NONE)
                .spend("SLS", day(n3, 7), "50.00", "USD", "EVENTS", Tags.campaign("CS"))
                .spend("MKT", day(n3, 8), "100.00", "USD", "ADVERTISING", Tags.campaign("CM"))
                .budget("GEN", q.toString(), "1300.00")
                .budget("GEN", n3.toString(), "1000.00")
                .budget("GEN", n3.toString(), "SALARIES", "100.00", "USD")
                .budget("MKT", q.toString(), "500.00")
                .budget("MKT", n2.toString(), "300.00")
                .budget("SLS", q.toString(), null, "600.00", "E")
                .budget("SLS", n2.toString(), "700.00")
                .budget("SLS", n3.toString(), "650.00")
                .headcount("MKT", q.toString(), "2")
                .headcount("SLS", q.toString(), "1")
                .headcount("MKT", n2.toString(), "1.5")
                .headcount("SLS", n2.toString(), "2.5")
                .headcount("MKT", n3.toString(), "2")
                .headcount("SLS", n3.toString(), "1")
                .build();
        company = built;
        m1 = q;
        m2 = n2;
        m3 = n3;
        company.allocationRule(
                "DS", "GEN", List.of("TOOLS"), "DEPARTMENT", "DIRECT_SPEND", m1, null, "MKT", null, "SLS", null);
        company.allocationRule(
                "FIX", "GEN", List.of("COST_OF_SERVICE"), "SEGMENT", "FIXED", m1, null, "A", "0.6", "B", "0.4");
        company.allocationRule(
                "HC", "GEN", List.of("SALARIES"), "DEPARTMENT", "HEADCOUNT", m1, null, "MKT", null, "SLS", null);
        company.allocationRule(
                "NEW", "GEN", List.of("ADVERTISING"), "SEGMENT", "NEW_CUSTOMERS", m1, null, "A", null, "B", null);
        company.allocationRule("REV", "SLS", List.of("SALARIES"), "SEGMENT", "REVENUE", m1, null, "A", null, "B", null);
        // FIX ends after M2: M3's cost of service stays in GEN
        api.mutate("endAllocationRule", Map.of("code", company.code("FIX"), "lastMonth", m2.toString()))
                .path("endAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);
    }

    // ---- 1. allocations

    @Test
    void allocationsSplitEveryPoolToTheCent() {
        Map<String, Object> report = allocations();
        assertThat(report.get("currency")).isEqualTo("USD");
        assertThat(lines(
                        report,
                        "rows",
                        "month",
                        "step",
                        "ruleCode",
                        "targetCode",
                        "driverValue",
                        "share",
                        "pool",
                        "amount"))
                .containsExactly(
                        // month, step, rule, target, driverValue, share, pool, amount
                        m1 + " 1 DS MKT 450.00 0.3913 50.00 19.57",
                        m1 + " 1 DS SLS 700.00 0.6087 50.00 30.43",
                        m1 + " 1 FIX A 0.6000 0.6000 110.01 66.01",
                        m1 + " 1 FIX B 0.4000 0.4000 110.01 44.00",
                        m1 + " 1 HC MKT 2.0000 0.6667 1000.00 666.67",
                        m1 + " 1 HC SLS 1.0000 0.3333 1000.00 333.33",
                        m1 + " 1 NEW A 1 0.5000 90.01 45.01",
                        m1 + " 1 NEW B 1 0.5000 90.01 45.00",
                        m1 + " 1 REV A 300.00 0.5769 600.00 346.15",
                        m1 + " 1 REV B 220.00 0.4231 600.00 253.85",
                        m2 + " 1 DS MKT 320.00 0.3333 24.00 8.00",
                        m2 + " 1 DS SLS 640.00 0.6667 24.00 16.00",
                        m2 + " 1 FIX A 0.6000 0.6000 50.00 30.00",
                        m2 + " 1 FIX B 0.4000 0.4000 50.00 20.00",
                        m2 + " 1 HC MKT 1.5000 0.3750 1000.00 375.00",
                        m2 + " 1 HC SLS 2.5000 0.6250 1000.00 625.00",
                        m2 + " 1 NEW A 1 0.5000 60.00 30.00",
                        m2 + " 1 NEW B 1 0.5000 60.00 30.00",
                        m2 + " 1 REV A 450.00 0.5696 600.00 341.77",
                        m2 + " 1 REV B 340.00 0.4304 600.00 258.23",
                        m3 + " 1 DS MKT 100.00 0.1333 30.00 4.00",
                        m3 + " 1 DS SLS 650.00 0.8667 30.00 26.00",
                        m3 + " 1 HC MKT 2.0000 0.6667 1000.00 666.67",
                        m3 + " 1 HC SLS 1.0000 0.3333 1000.00 333.33",
                        m3 + " 1 NEW A 0 null 45.00 0.00",
                        m3 + " 1 NEW B 0 null 45.00 0.00",
                        m3 + " 1 REV A 450.00 0.5696 600.00 341.77",
                        m3 + " 1 REV B 340.00 0.4304 600.00 258.23");
        assertThat(lines(
                        report,
                        "pools",
                        "month",
                        "step",
                        "ruleCode",
                        "sourceDepartmentCode",
                        "driverTotal",
                        "pool",
                        "allocated",
                        "unallocated"))
                .containsExactly(
                        // month, step, rule, source, driverTotal, pool, allocated, unallocated
                        m1 + " 1 DS GEN 1150.00 50.00 50.00 0.00",
                        m1 + " 1 FIX GEN 1.0000 110.01 110.01 0.00",
                        m1 + " 1 HC GEN 3.0000 1000.00 1000.00 0.00",
                        m1 + " 1 NEW GEN 2 90.01 90.01 0.00",
                        m1 + " 1 REV SLS 520.00 600.00 600.00 0.00",
                        m2 + " 1 DS GEN 960.00 24.00 24.00 0.00",
                        m2 + " 1 FIX GEN 1.0000 50.00 50.00 0.00",
                        m2 + " 1 HC GEN 4.0000 1000.00 1000.00 0.00",
                        m2 + " 1 NEW GEN 2 60.00 60.00 0.00",
                        m2 + " 1 REV SLS 790.00 600.00 600.00 0.00",
                        m3 + " 1 DS GEN 750.00 30.00 30.00 0.00",
                        m3 + " 1 HC GEN 3.0000 1000.00 1000.00 0.00",
                        m3 + " 1 NEW GEN 0 45.00 0.00 45.00",
                        m3 + " 1 REV SLS 790.00 600.00 600.00 0.00");
    }

    // ---- the direct figures the fully-loaded ones start from (served today)

    @Test
    @SuppressWarnings("unchecked")
    void theDirectFiguresTheFullyLoadedOnesStartFrom() {
        String q = quarter();
        Set<String> ours = Set.of(
                company.code("A"),
                company.code("AA"),
                company.code("B"),
                company.code("GEN"),
                company.code("MKT"),
                company.code("SLS"),
                "(unassigned)");
        Map<String, List<String>> expected = Map.of(
                "SEGMENT",
                List.of(
                        q + " A 300.00 0.00 0.00 300.00 1 0.00",
                        q + " AA 900.00 0.00 740.00 160.00 1 740.00",
                        q + " B 900.00 0.00 230.00 670.00 2 115.00",
                        q + " (unassigned) 0.00 200.01 5259.01 -5459.02 0 null"),
                "DEPARTMENT",
                List.of(
                        q + " GEN 0.00 200.01 3369.01 -3569.02 0 null",
                        q + " MKT 0.00 0.00 870.00 -870.00 0 null",
                        q + " SLS 0.00 0.00 1990.00 -1990.00 0 null",
                        q + " (unassigned) 2100.00 0.00 0.00 2100.00 4 0.00"));
        for (var e : expected.entrySet()) {
            String slice = e.getKey().equals("SEGMENT") ? "segmentCode" : "departmentCode";
            Map<String, Object> report = graphQl.documentName("profitAndLoss")
                    .variable("from", m1.atDay(1).toString())
                    .variable("to", m3.atEndOfMonth().toString())
                    .variable("granularity", "QUARTER")
                    .variable("groupBy", List.of(e.getKey()))
                    .execute()
                    .path("profitAndLoss")
                    .entity(Map.class)
                    .get();
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> row : (List<Map<String, Object>>) report.get("rows")) {
                if (ours.contains((String) row.get(slice))) {
                    lines.add(row.get("period") + " " + name((String) row.get(slice)) + " " + row.get("revenue") + " "
                            + row.get("costOfService") + " " + row.get("operatingExpenses") + " "
                            + row.get("operatingProfit") + " " + row.get("newCustomers") + " "
                            + row.get("blendedCac"));
                }
            }
            assertThat(lines).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
            Map<String, Object> t = (Map<String, Object>) report.get("total");
            assertThat(t.get("revenue") + " " + t.get("costOfService") + " " + t.get("operatingExpenses") + " "
                            + t.get("operatingProfit") + " " + t.get("newCustomers") + " " + t.get("blendedCac"))
                    .isEqualTo("2100.00 200.01 6229.01 -4329.02 4 715.00");
        }

        // segment economics: new, revenue, COGS, direct cost, contribution, CAC
        for (var e : Map.of(
                        "A",
                        List.of("A 2 1200.00 0.00 740.00 460.00 370.00", "AA 1 900.00 0.00 740.00 160.00 740.00"),
                        "B",
                        List.of("B 2 900.00 0.00 230.00 670.00 115.00"))
                .entrySet()) {
            Map<String, Object> report = graphQl.documentName("segmentEconomics")
                    .variable("from", m1.atDay(1).toString())
                    .variable("to", m3.atEndOfMonth().toString())
                    .variable("segmentCode", company.code(e.getKey()))
                    .execute()
                    .path("segmentEconomics")
                    .entity(Map.class)
                    .get();
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> row : (List<Map<String, Object>>) report.get("rows")) {
                lines.add(name((String) row.get("segmentCode")) + " " + row.get("newCustomers") + " "
                        + row.get("revenue") + " " + row.get("costOfService") + " " + row.get("directCost") + " "
                        + row.get("contributionMargin") + " " + row.get("cac"));
            }
            assertThat(lines).as(e.getKey()).containsExactlyElementsOf(e.getValue());
        }

        // budgets and direct cost per department and month, as the statements read them
        Map<String, Object> budgets = graphQl.documentName("budgetVsActual")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m3.atEndOfMonth().toString())
                .variable("departmentCodes", List.of(company.code("GEN"), company.code("MKT"), company.code("SLS")))
                .execute()
                .path("budgetVsActual")
                .entity(Map.class)
                .get();
        assertThat(lines(budgets, "rows", "departmentCode", "month", "budget", "actual", "variance", "variancePct"))
                .containsExactlyInAnyOrder(
                        "GEN " + m1 + " 1300.00 1320.02 20.02 0.0154",
                        "GEN " + m2 + " 0.00 1134.00 1134.00 null",
                        "GEN " + m3 + " 1100.00 1115.00 15.00 0.0136",
                        "MKT " + m1 + " 500.00 450.00 -50.00 -0.1000",
                        "MKT " + m2 + " 300.00 320.00 20.00 0.0667",
                        "MKT " + m3 + " 0.00 100.00 100.00 null",
                        "SLS " + m1 + " 660.00 700.00 40.00 0.0606",
                        "SLS " + m2 + " 700.00 640.00 -60.00 -0.0857",
                        "SLS " + m3 + " 650.00 650.00 0.00 0.0000");

        // the credits behind the statements: customers and attributed revenue per campaign
        Map<String, List<String>> credits = Map.of(
                "LINEAR",
                List.of("CM 740.00 1.1667 916.67", "CS 150.00 1.8333 983.33", "unattributed 0.00 1.0000 200.00"),
                "LAST_TOUCH",
                List.of("CM 740.00 1.0000 700.00", "CS 150.00 2.0000 1200.00", "unattributed 0.00 1.0000 200.00"));
        for (var e : credits.entrySet()) {
            Map<String, Object> report = graphQl.documentName("campaignPerformance")
                    .variable("from", m1.atDay(1).toString())
                    .variable("to", m3.atEndOfMonth().toString())
                    .variable("model", e.getKey())
                    .execute()
                    .path("campaignPerformance")
                    .entity(Map.class)
                    .get();
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> row : (List<Map<String, Object>>) report.get("rows")) {
                String code = (String) row.get("code");
                boolean unattributed = Boolean.TRUE.equals(row.get("unattributed"));
                if (unattributed || code.equals(company.code("CM")) || code.equals(company.code("CS"))) {
                    lines.add((unattributed ? "unattributed" : name(code)) + " " + row.get("spend") + " "
                            + row.get("customers") + " " + row.get("attributedRevenue"));
                }
            }
            assertThat(lines).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    // ---- 2. the P&L, direct and fully loaded

    private static final String PNL = """
            query($from: Date!, $to: Date!, $groupBy: [PnlDimension!]!, $costBasis: CostBasis!) {
              profitAndLoss(from: $from, to: $to, granularity: QUARTER, groupBy: $groupBy, costBasis: $costBasis) {
                currency
                rows {
                  period segmentCode departmentCode
                  revenue costOfService operatingExpenses operatingProfit newCustomers blendedCac allocated
                  operatingExpensesByDepartment { departmentCode amount }
                }
                total {
                  revenue costOfService grossProfit grossMargin operatingExpenses operatingProfit operatingMargin
                  newCustomers blendedCac allocated
                  operatingExpensesByDepartment { departmentCode amount }
                  operatingExpensesByCategory { category amount }
                }
              }
            }""";

    @Test
    void theProfitAndLossBySegmentDirectAndFullyLoaded() {
        String q = quarter();
        // slice, revenue, COGS, opex, operating profit, new, blended CAC, allocated, opex by department
        assertThat(pnlRows("SEGMENT", "DIRECT", "segmentCode"))
                .containsExactlyInAnyOrder(
                        q + " A 300.00 0.00 0.00 300.00 1 0.00 null []",
                        q + " AA 900.00 0.00 740.00 160.00 1 740.00 null [MKT 740.00]",
                        q + " B 900.00 0.00 230.00 670.00 2 115.00 null [MKT 80.00, SLS 150.00]",
                        q + " (unassigned) 0.00 200.01 5259.01 -5459.02 0 null null"
                                + " [GEN 3369.01, MKT 50.00, SLS 1840.00]");
        assertThat(pnlRows("SEGMENT", "FULLY_LOADED", "segmentCode"))
                .containsExactlyInAnyOrder(
                        q + " A 300.00 96.01 1104.70 -900.71 1 1029.69 1200.71 [GEN 75.01, SLS 1029.69]",
                        q + " AA 900.00 0.00 740.00 160.00 1 740.00 0.00 [MKT 740.00]",
                        q + " B 900.00 64.00 1075.31 -239.31 2 500.16 909.31 [GEN 75.00, MKT 80.00, SLS 920.31]",
                        q + " (unassigned) 0.00 40.00 3309.00 -3349.00 0 null -2110.02"
                                + " [GEN 115.00, MKT 1789.91, SLS 1404.09]");
        assertThat(pnlTotal("SEGMENT", "DIRECT"))
                .isEqualTo("2100.00 200.01 1899.99 0.9048 6229.01 -4329.02 -2.0614 4 715.00 null"
                        + " [GEN 3369.01, MKT 870.00, SLS 1990.00]"
                        + " [ADVERTISING 935.01, SALARIES 4800.00, TOOLS 194.00, EVENTS 230.00, OVERHEAD 70.00]");
        // allocations net to zero: every figure of the total but blended CAC is the direct one
        assertThat(pnlTotal("SEGMENT", "FULLY_LOADED"))
                .isEqualTo("2100.00 200.01 1899.99 0.9048 6229.01 -4329.02 -2.0614 4 1491.00 0.00"
                        + " [GEN 265.01, MKT 2609.91, SLS 3354.09]"
                        + " [ADVERTISING 935.01, SALARIES 4800.00, TOOLS 194.00, EVENTS 230.00, OVERHEAD 70.00]");
    }

    @Test
    void theProfitAndLossByDepartmentDirectAndFullyLoaded() {
        String q = quarter();
        assertThat(pnlRows("DEPARTMENT", "DIRECT", "departmentCode"))
                .containsExactlyInAnyOrder(
                        q + " GEN 0.00 200.01 3369.01 -3569.02 0 null null [GEN 3369.01]",
                        q + " MKT 0.00 0.00 870.00 -870.00 0 null null [MKT 870.00]",
                        q + " SLS 0.00 0.00 1990.00 -1990.00 0 null null [SLS 1990.00]",
                        q + " (unassigned) 2100.00 0.00 0.00 2100.00 4 0.00 null []");
        // a department's fully-loaded cost = direct + DEPARTMENT rules onto it - its DEPARTMENT rules;
        // its SEGMENT rules (GEN's FIX and NEW, SLS's REV) stay in its own cost
        assertThat(pnlRows("DEPARTMENT", "FULLY_LOADED", "departmentCode"))
                .containsExactlyInAnyOrder(
                        q + " GEN 0.00 200.01 265.01 -465.02 0 null -3104.00 [GEN 265.01]",
                        q + " MKT 0.00 0.00 2609.91 -2609.91 0 null 1739.91 [MKT 2609.91]",
                        q + " SLS 0.00 0.00 3354.09 -3354.09 0 null 1364.09 [SLS 3354.09]",
                        q + " (unassigned) 2100.00 0.00 0.00 2100.00 4 0.00 0.00 []");
        assertThat(pnlTotal("DEPARTMENT", "FULLY_LOADED"))
                .isEqualTo("2100.00 200.01 1899.99 0.9048 6229.01 -4329.02 -2.0614 4 1491.00 0.00"
                        + " [GEN 265.01, MKT 2609.91, SLS 3354.09]"
                        + " [ADVERTISING 935.01, SALARIES 4800.00, TOOLS 194.00, EVENTS 230.00, OVERHEAD 70.00]");
    }

    // ---- 3. segment economics

    private static final String SEGMENT_ECONOMICS = """
            query($from: Date!, $to: Date!, $segmentCode: String) {
              segmentEconomics(from: $from, to: $to, segmentCode: $segmentCode) {
                rows {
                  segmentCode newCustomers revenue costOfService directCost contributionMargin
                  cac paidCac fullyLoadedCac fullyLoadedContribution
                }
              }
            }""";

    @Test
    void segmentEconomicsCarryPaidAndFullyLoadedFigures() {
        // segment, new, revenue, COGS, direct cost, contribution, CAC, paid CAC, fully-loaded CAC, fully-loaded
        // contribution
        assertThat(segmentEconomics("A"))
                .containsExactly(
                        "A 2 1200.00 0.00 740.00 460.00 370.00 740.00 884.85 -740.71",
                        "AA 1 900.00 0.00 740.00 160.00 740.00 740.00 740.00 160.00");
        assertThat(segmentEconomics("B")).containsExactly("B 2 900.00 0.00 230.00 670.00 115.00 null 500.16 -239.31");
        assertThat(segmentEconomics(null).get(0))
                .isEqualTo("null 4 2100.00 200.01 6229.01 -4329.02 715.00 740.00 1491.00 -4329.02");
    }

    // ---- 4. department statements

    private static final String DEPARTMENT_STATEMENT = """
            query($from: Date!, $to: Date!, $departmentCode: String, $model: AttributionModel!) {
              departmentStatement(from: $from, to: $to, departmentCode: $departmentCode, model: $model) {
                currency model granularity
                rows { ...statementRow }
                company { ...statementRow }
              }
            }
            fragment statementRow on DepartmentStatementRow {
              period periodStart periodEnd final departmentCode departmentName departmentKind
              budget directCost allocatedIn allocatedOut allocatedToSlices fullyLoadedCost
              budgetVariance budgetVariancePct creditedNewCustomers creditedRevenue returnOnCost
            }""";

    @Test
    void departmentStatementsUnderLinearCredits() {
        Map<String, Object> report = departmentStatement("LINEAR", null);
        assertThat(report.get("currency")).isEqualTo("USD");
        assertThat(report.get("model")).isEqualTo("LINEAR");
        assertThat(report.get("granularity")).isEqualTo("MONTH");
        // period, department, kind, budget, direct, in, out, slices, fully loaded, variance, variance %,
        // credited new customers, credited revenue, return on cost
        assertThat(statementRows(report, "rows"))
                .containsExactly(
                        m1 + " GEN GENERAL 1300.00 1320.02 0.00 1050.00 200.02 270.02 20.02 0.0154 0.0000 0.00 0.0000",
                        m1
                                + " MKT MARKETING 500.00 450.00 686.24 0.00 0.00 1136.24 -50.00 -0.1000 1.1667 296.67 0.2611",
                        m1 + " SLS SALES 660.00 700.00 363.76 0.00 600.00 1063.76 40.00 0.0606 0.8333 223.33 0.2099",
                        m1 + " (unassigned) null 0.00 0.00 0.00 0.00 0.00 0.00 0.00 null 0.0000 0.00 null",
                        m2 + " GEN GENERAL 0.00 1134.00 0.00 1024.00 110.00 110.00 1134.00 null 0.0000 0.00 0.0000",
                        m2 + " MKT MARKETING 300.00 320.00 383.00 0.00 0.00 703.00 20.00 0.0667 0.0000 310.00 0.4410",
                        m2 + " SLS SALES 700.00 640.00 641.00 0.00 600.00 1281.00 -60.00 -0.0857 1.0000 380.00 0.2966",
                        m2 + " (unassigned) null 0.00 0.00 0.00 0.00 0.00 0.00 0.00 null 1.0000 100.00 null",
                        m3 + " GEN GENERAL 1100.00 1115.00 0.00 1030.00 0.00 85.00 15.00 0.0136 0.0000 0.00 0.0000",
                        m3 + " MKT MARKETING 0.00 100.00 670.67 0.00 0.00 770.67 100.00 null 0.0000 310.00 0.4022",
                        m3 + " SLS SALES 650.00 650.00 359.33 0.00 600.00 1009.33 0.00 0.0000 0.0000 380.00 0.3765",
                        m3 + " (unassigned) null 0.00 0.00 0.00 0.00 0.00 0.00 0.00 null 0.0000 100.00 null");
        assertThat(statementRows(report, "company"))
                .containsExactly(
                        m1 + " Whole_company null 2460.00 2470.02 1050.00 1050.00 800.02 2470.02 10.02 0.0041"
                                + " 2.0000 520.00 0.2105",
                        m2 + " Whole_company null 1000.00 2094.00 1024.00 1024.00 710.00 2094.00 1094.00 1.0940"
                                + " 2.0000 790.00 0.3773",
                        m3 + " Whole_company null 1750.00 1865.00 1030.00 1030.00 600.00 1865.00 115.00 0.0657"
                                + " 0.0000 790.00 0.4236");
        assertPeriods(report);
    }

    @Test
    void departmentStatementsUnderLastTouchCredits() {
        Map<String, Object> report = departmentStatement("LAST_TOUCH", null);
        assertThat(report.get("model")).isEqualTo("LAST_TOUCH");
        assertThat(statementRows(report, "rows"))
                .containsExactly(
                        m1 + " GEN GENERAL 1300.00 1320.02 0.00 1050.00 200.02 270.02 20.02 0.0154 0.0000 0.00 0.0000",
                        m1
                                + " MKT MARKETING 500.00 450.00 686.24 0.00 0.00 1136.24 -50.00 -0.1000 1.0000 220.00 0.1936",
                        m1 + " SLS SALES 660.00 700.00 363.76 0.00 600.00 1063.76 40.00 0.0606 1.0000 300.00 0.2820",
                        m1 + " (unassigned) null 0.00 0.00 0.00 0.00 0.00 0.00 0.00 null 0.0000 0.00 null",
                        m2 + " GEN GENERAL 0.00 1134.00 0.00 1024.00 110.00 110.00 1134.00 null 0.0000 0.00 0.0000",
                        m2 + " MKT MARKETING 300.00 320.00 383.00 0.00 0.00 703.00 20.00 0.0667 0.0000 240.00 0.3414",
                        m2 + " SLS SALES 700.00 640.00 641.00 0.00 600.00 1281.00 -60.00 -0.0857 1.0000 450.00 0.3513",
                        m2 + " (unassigned) null 0.00 0.00 0.00 0.00 0.00 0.00 0.00 null 1.0000 100.00 null",
                        m3 + " GEN GENERAL 1100.00 1115.00 0.00 1030.00 0.00 85.00 15.00 0.0136 0.0000 0.00 0.0000",
                        m3 + " MKT MARKETING 0.00 100.00 670.67 0.00 0.00 770.67 100.00 null 0.0000 240.00 0.3114",
                        m3 + " SLS SALES 650.00 650.00 359.33 0.00 600.00 1009.33 0.00 0.0000 0.0000 450.00 0.4458",
                        m3 + " (unassigned) null 0.00 0.00 0.00 0.00 0.00 0.00 0.00 null 0.0000 100.00 null");
        // the company's rows do not depend on the model
        assertThat(statementRows(report, "company"))
                .containsExactly(
                        m1 + " Whole_company null 2460.00 2470.02 1050.00 1050.00 800.02 2470.02 10.02 0.0041"
                                + " 2.0000 520.00 0.2105",
                        m2 + " Whole_company null 1000.00 2094.00 1024.00 1024.00 710.00 2094.00 1094.00 1.0940"
                                + " 2.0000 790.00 0.3773",
                        m3 + " Whole_company null 1750.00 1865.00 1030.00 1030.00 600.00 1865.00 115.00 0.0657"
                                + " 0.0000 790.00 0.4236");
        // with a department: that one only
        Map<String, Object> mkt = departmentStatement("LAST_TOUCH", company.code("MKT"));
        assertThat(statementRows(mkt, "rows"))
                .containsExactly(
                        m1
                                + " MKT MARKETING 500.00 450.00 686.24 0.00 0.00 1136.24 -50.00 -0.1000 1.0000 220.00 0.1936",
                        m2 + " MKT MARKETING 300.00 320.00 383.00 0.00 0.00 703.00 20.00 0.0667 0.0000 240.00 0.3414",
                        m3 + " MKT MARKETING 0.00 100.00 670.67 0.00 0.00 770.67 100.00 null 0.0000 240.00 0.3114");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) mkt.get("rows");
        assertThat(rows).hasSize(3);
    }

    // ---- helpers

    /**
     * The first month of a fiscal quarter (the fiscal year starts in January) reserved with the two
     * months after it: each {@link Api#uniqueMonth} reserves two months, so the next call after a
     * quarter's first month reserves its third.
     */
    private static YearMonth quarterStart() {
        YearMonth month = Api.uniqueMonth();
        while ((month.getMonthValue() - 1) % 3 != 0) {
            month = Api.uniqueMonth();
        }
        YearMonth third = Api.uniqueMonth();
        assertThat(third).isEqualTo(month.plusMonths(2));
        return month;
    }

    /** The quarter's P&L label, {@code FY2100-Q1}. */
    private static String quarter() {
        return "FY" + m1.getYear() + "-Q" + ((m1.getMonthValue() - 1) / 3 + 1);
    }

    private static String day(YearMonth month, int day) {
        return month.atDay(day).toString();
    }

    private Map<String, Object> allocations() {
        @SuppressWarnings("unchecked")
        Map<String, Object> report = graphQl.documentName("allocations")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m3.atEndOfMonth().toString())
                .variable("ruleCodes", RULES.stream().map(company::code).toList())
                .execute()
                .path("allocations")
                .entity(Map.class)
                .get();
        return report;
    }

    /** The rows of {@code list}, each its {@code fields} joined by spaces, codes by their test names. */
    @SuppressWarnings("unchecked")
    private static List<String> lines(Map<String, Object> report, String list, String... fields) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get(list)) {
            List<String> cells = new ArrayList<>();
            for (String field : fields) {
                Object value = row.get(field);
                cells.add(field.endsWith("Code") ? name((String) value) : String.valueOf(value));
            }
            lines.add(String.join(" ", cells));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> pnl(String groupBy, String costBasis) {
        Map<String, Object> report = graphQl.document(PNL)
                .variable("from", m1.atDay(1).toString())
                .variable("to", m3.atEndOfMonth().toString())
                .variable("groupBy", List.of(groupBy))
                .variable("costBasis", costBasis)
                .execute()
                .path("profitAndLoss")
                .entity(Map.class)
                .get();
        assertThat(report.get("currency")).isEqualTo("USD");
        return report;
    }

    @SuppressWarnings("unchecked")
    private List<String> pnlRows(String groupBy, String costBasis, String sliceField) {
        Set<String> ours = Set.of(
                company.code("A"),
                company.code("AA"),
                company.code("B"),
                company.code("GEN"),
                company.code("MKT"),
                company.code("SLS"),
                "(unassigned)");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row :
                (List<Map<String, Object>>) pnl(groupBy, costBasis).get("rows")) {
            // rules of other tests in force in these months move nothing (their departments spend nothing here)
            if (!ours.contains((String) row.get(sliceField))) {
                continue;
            }
            lines.add(row.get("period") + " " + name((String) row.get(sliceField)) + " " + row.get("revenue") + " "
                    + row.get("costOfService") + " " + row.get("operatingExpenses") + " " + row.get("operatingProfit")
                    + " " + row.get("newCustomers") + " " + row.get("blendedCac") + " " + row.get("allocated") + " "
                    + amounts((List<Map<String, Object>>) row.get("operatingExpensesByDepartment"), "departmentCode"));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private String pnlTotal(String groupBy, String costBasis) {
        Map<String, Object> t = (Map<String, Object>) pnl(groupBy, costBasis).get("total");
        return t.get("revenue") + " " + t.get("costOfService") + " " + t.get("grossProfit") + " " + t.get("grossMargin")
                + " " + t.get("operatingExpenses") + " " + t.get("operatingProfit") + " " + t.get("operatingMargin")
                + " " + t.get("newCustomers") + " " + t.get("blendedCac") + " " + t.get("allocated") + " "
                + amounts((List<Map<String, Object>>) t.get("operatingExpensesByDepartment"), "departmentCode") + " "
                + amounts((List<Map<String, Object>>) t.get("operatingExpensesByCategory"), "category");
    }

    /** {@code [GEN 3369.01, MKT 870.00]}: each entry's key (a code by its test name) and amount, in order. */
    private static String amounts(List<Map<String, Object>> entries, String key) {
        List<String> cells = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            String k = (String) e.get(key);
            cells.add((key.endsWith("Code") ? name(k) : k) + " " + e.get("amount"));
        }
        return cells.toString();
    }

    @SuppressWarnings("unchecked")
    private List<String> segmentEconomics(String segment) {
        Map<String, Object> report = graphQl.document(SEGMENT_ECONOMICS)
                .variable("from", m1.atDay(1).toString())
                .variable("to", m3.atEndOfMonth().toString())
                .variable("segmentCode", company.code(segment))
                .execute()
                .path("segmentEconomics")
                .entity(Map.class)
                .get();
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("rows")) {
            String code = (String) row.get("segmentCode");
            lines.add((code == null ? "null" : name(code)) + " " + row.get("newCustomers") + " " + row.get("revenue")
                    + " " + row.get("costOfService") + " " + row.get("directCost") + " "
                    + row.get("contributionMargin") + " " + row.get("cac") + " " + row.get("paidCac") + " "
                    + row.get("fullyLoadedCac") + " " + row.get("fullyLoadedContribution"));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> departmentStatement(String model, String departmentCode) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m1.atDay(1).toString());
        variables.put("to", m3.atEndOfMonth().toString());
        variables.put("departmentCode", departmentCode);
        variables.put("model", model);
        var request = graphQl.document(DEPARTMENT_STATEMENT);
        for (var v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return request.execute().path("departmentStatement").entity(Map.class).get();
    }

    /**
     * The statement's rows of this company's departments and the unassigned rows (every other
     * department of the shared database has a row of zeros), the company rows with {@code Whole_company}.
     */
    @SuppressWarnings("unchecked")
    private List<String> statementRows(Map<String, Object> report, String list) {
        Set<String> ours = Set.of(company.code("GEN"), company.code("MKT"), company.code("SLS"));
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get(list)) {
            String code = (String) row.get("departmentCode");
            String slice;
            if (code != null) {
                if (!ours.contains(code)) {
                    continue;
                }
                slice = name(code);
                assertThat(row.get("departmentName")).isEqualTo("Department " + code);
            } else {
                slice = ((String) row.get("departmentName")).replace(' ', '_');
            }
            assertThat(row.get("final")).isEqualTo(false);
            lines.add(row.get("period") + " " + slice + " " + row.get("departmentKind") + " " + row.get("budget") + " "
                    + row.get("directCost") + " " + row.get("allocatedIn") + " " + row.get("allocatedOut") + " "
                    + row.get("allocatedToSlices") + " " + row.get("fullyLoadedCost") + " "
                    + row.get("budgetVariance") + " " + row.get("budgetVariancePct") + " "
                    + row.get("creditedNewCustomers") + " " + row.get("creditedRevenue") + " "
                    + row.get("returnOnCost"));
        }
        return lines;
    }

    /** Each period's bounds: its month's first and last day. */
    @SuppressWarnings("unchecked")
    private static void assertPeriods(Map<String, Object> report) {
        for (String list : List.of("rows", "company")) {
            for (Map<String, Object> row : (List<Map<String, Object>>) report.get(list)) {
                YearMonth month = YearMonth.parse((String) row.get("period"));
                assertThat(row.get("periodStart")).isEqualTo(month.atDay(1).toString());
                assertThat(row.get("periodEnd")).isEqualTo(month.atEndOfMonth().toString());
            }
        }
    }

    /** The test's name of a code the builder made ({@code GEN-1234-5} is GEN); the unassigned slice as is. */
    private static String name(String code) {
        if (code == null || !code.contains("-") || code.startsWith("(")) {
            return String.valueOf(code);
        }
        return code.substring(0, code.indexOf('-'));
    }
}
