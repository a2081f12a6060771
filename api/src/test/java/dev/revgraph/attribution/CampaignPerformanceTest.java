package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The campaign performance report against a hand-worked dataset, every attribution model.
 *
 * <p>Dates are days of a month R of its own (far future, used by no other test), written {@code d13}
 * for its 13th; the range is R, d1 .. end of R. Reporting currency USD; currency K: 2.00 from the
 * month before R, 2.50 from d15. Campaigns A, B (channel P, segment S), C (channel E, no segment)
 * and D (channel E, segment S), codes sorted A < B < C < D.
 *
 * <pre>
 * spend lines linked to campaigns (converted at their own date)
 *   A  d2 1000 USD + d10 100 K x 2.00 = 1200     B  d20 300 K x 2.50 = 750
 *   C  d5  500 USD (and 999 USD in the month before R: outside the range)     D  d20 100 USD
 *   total 2550
 * daily results     impressions clicks leads opps
 *   A d1 + d2              2000     80    15    3      (a result in the month after R is outside)
 *   B d5                    500    600    20    4      more clicks than impressions: accepted, warned
 *   C d10                   400     20     0    0
 *   D -                       0      0     0    0
 *   total                  2900    700    35    7
 * customers (acquired in R) with touches up to the end of the acquisition day (UTC), in order
 *   C1 acq d10 : A d5                                                     age 5         revenue 100 (50 on d9 is before acquisition)
 *   C2 acq d8  : A d1, B d9 01:30+02:00 (= d8 23:30 UTC, same day)       ages 7 0      revenue 200 K x 2.50 = 500
 *   C3 acq d13 : B d13-21, A d6, C d13 (A d14 is after acquisition)       ages 21 7 0   revenue 300 (1000 after R is outside)
 *   C4 acq d28 : A d28-28 10:00, C d28-28 10:00 (same time: A before C by code), B d4, C d14, B d28
 *                                                                         ages 28 28 24 14 0   revenue 400
 *   C5 acq d20 : no touch, acquisition campaign D                                      revenue 60 K x 2.50 = 150
 *   C6 acq d25 : no touch, no campaign: the unattributed row                           revenue 80
 *   C7 acquired the month before R, touched by A: not a new customer of the range (its 999 of revenue is out)
 *   new customers 6, their revenue 1530
 * credits
 *   FIRST_TOUCH     C1 A; C2 A; C3 B; C4 A                          A 3, B 1, C 0
 *   LAST_TOUCH      C1 A; C2 B; C3 C; C4 B                          A 1, B 2, C 1
 *   LINEAR          C2 A/B 1/2; C3 1/3 each; C4 1/5 per touch       A 1+.5+1/3+.2 = 2.0333, B .5+1/3+.4 = 1.2333, C 1/3+.4 = .7333
 *   POSITION_BASED  C2 .5/.5; C3 B .4 A .2 C .4; C4 A .4, C/B/C .2/3 each, B .4
 *                                                                    A 1+.5+.2+.4 = 2.1, B .5+.4+.0667+.4 = 1.3667, C .4+.1333 = .5333
 *   TIME_DECAY h=7  weights 2^(-age/7), normalised:
 *                   C2 A .5/1.5 = .3333, B .6667; C3 B .125/1.625 = .0769, A .5/1.625 = .3077, C 1/1.625 = .6154
 *                   C4 .0625, .0625, 2^(-24/7) = .092877, .25, 1 (sum 1.467877): A .0426, C .0426+.1703, B .0633+.6813
 *                                                                    A 1.6836, B 1.4881, C .8283
 *   D 1 and unattributed 1 under every model.
 * attributed revenue = sum of credit x customer revenue; cac = spend / customers; roas = revenue / spend;
 * roi = (revenue - spend) / spend
 *   model           campaign  customers  revenue   cac      roas     roi
 *   FIRST_TOUCH     A         3.0000     1000.00   400.00   0.8333  -0.1667
 *                   B         1.0000      300.00   750.00   0.4000  -0.6000
 *                   C         0.0000        0.00   null     0.0000  -1.0000
 *   LAST_TOUCH      A         1.0000      100.00  1200.00   0.0833  -0.9167
 *                   B         2.0000      900.00   375.00   1.2000   0.2000
 *                   C         1.0000      300.00   500.00   0.6000  -0.4000
 *   LINEAR          A         2.0333      530.00   590.16   0.4417  -0.5583   (100 + 250 + 100 + 80)
 *                   B         1.2333      510.00   608.11   0.6800  -0.3200   (250 + 100 + 160)
 *                   C         0.7333      260.00   681.82   0.5200  -0.4800   (100 + 160)
 *   POSITION_BASED  A         2.1000      570.00   571.43   0.4750  -0.5250   (100 + 250 + 60 + 160)
 *                   B         1.3667      556.67   548.78   0.7422  -0.2578   (250 + 120 + 400 x .4667)
 *                   C         0.5333      173.33   937.50   0.3467  -0.6533   (120 + 400 x .1333)
 *   TIME_DECAY      A         1.6836      376.01   712.76   0.3133  -0.6867
 *                   B         1.4881      654.22   503.99   0.8723  -0.1277
 *                   C         0.8283      269.77   603.66   0.5395  -0.4605
 *   every model     D         1.0000      150.00   100.00   1.5000   0.5000
 *                   unattr.   1.0000       80.00   null     null     null
 *                   total     6.0000     1530.00   425.00   0.6000  -0.4000   (2550 / 6; 1530 / 2550)
 * funnel ratios (the same under every model except leadToCustomer = customers / leads)
 *   A cpl 1200/15 = 80.00, ctr 80/2000 = 0.0400     B cpl 750/20 = 37.50, ctr 600/500 = 1.2000
 *   C cpl null (no leads), ctr 20/400 = 0.0500      D cpl null, ctr null (no impressions)
 *   total cpl 2550/35 = 72.86, ctr 700/2900 = 0.2414, leadToCustomer 6/35 = 0.1714
 *   LAST_TOUCH leadToCustomer: A 1/15 = 0.0667, B 2/20 = 0.1000
 * </pre>
 */
class CampaignPerformanceTest extends IntegrationTest {

    YearMonth r;
    String from;
    String to;
    String a;
    String b;
    String c;
    String d;
    CompanyBuilder company;

    @BeforeEach
    void handWorkedDataset() {
        YearMonth base = Api.uniqueMonth(); // reserves base and base+1
        Api.uniqueMonth(); // reserves base+2 and base+3
        r = base.plusMonths(2);
        YearMonth before = r.minusMonths(1);
        YearMonth after = r.plusMonths(1);
        from = r.atDay(1).toString();
        to = r.atEndOfMonth().toString();

        String start = before.atDay(1).toString();
        LocalDate d28 = r.atDay(28);
        company = new CompanyBuilder(graphQl)
                .currency("K", before.atDay(1).toString(), "2.00", d(15), "2.50")
                .department("PM", "MARKETING")
                .segment("PS", null)
                .channel("PP", true)
                .channel("PE", false)
                .campaign("A", "PM", "PP", start, null, Tags.segment("PS"), null)
                .campaign("B", "PM", "PP", start, null, Tags.segment("PS"), null)
                .campaign("C", "PM", "PE", start)
                .campaign("D", "PM", "PE", start, null, Tags.segment("PS"), null)
                .spend("PM", d(2), "1000", "USD", "ADVERTISING", Tags.campaign("A"))
                .spend("PM", d(10), "100", "K", "ADVERTISING", Tags.campaign("A"))
                .spend("PM", d(20), "300", "K", "ADVERTISING", Tags.campaign("B"))
                .spend("PM", d(5), "500", "USD", "EVENTS", Tags.campaign("C"))
                .spend("PM", before.atDay(28).toString(), "999", "USD", "EVENTS", Tags.campaign("C"))
                .spend("PM", d(20), "100", "USD", "ADVERTISING", Tags.campaign("D"))
                .results("A", d(1), 1000, 50, 10, 2)
                .results("A", d(2), 1000, 30, 5, 1)
                .results("A", after.atDay(1).toString(), 999, 999, 999, 999)
                .results("B", d(5), 500, 600, 20, 4)
                .results("C", d(10), 400, 20, 0, 0)
                .customer("C1", "PS", d(10))
                .customer("C2", "PS", d(8))
                .customer("C3", "PS", d(13))
                .customer("C4", "PS", d(28))
                .customer("C5", "PS", null, d(20), "D")
                .customer("C6", "PS", d(25))
                .customer("C7", "PS", before.atDay(15).toString())
                .touch("C1", "A", at(r.atDay(5), "12:00:00Z"), "CLICK")
                .touch("C2", "A", at(r.atDay(1), "12:00:00Z"), "CLICK")
                .touch("C2", "B", at(r.atDay(9), "01:30:00+02:00"), "CLICK")
                .touch("C3", "B", at(r.atDay(13).minusDays(21), "12:00:00Z"), "CLICK")
                .touch("C3", "A", at(r.atDay(6), "12:00:00Z"), "CLICK")
                .touch("C3", "C", at(r.atDay(13), "12:00:00Z"), "CLICK")
                .touch("C3", "A", at(r.atDay(14), "12:00:00Z"), "CLICK")
                .touch("C4", "C", at(d28.minusDays(28), "10:00:00Z"), "CLICK")
                .touch("C4", "A", at(d28.minusDays(28), "10:00:00Z"), "CLICK")
                .touch("C4", "B", at(r.atDay(4), "12:00:00Z"), "CLICK")
                .touch("C4", "C", at(r.atDay(14), "12:00:00Z"), "CLICK")
                .touch("C4", "B", at(d28, "12:00:00Z"), "CLICK")
                .touch("C7", "A", at(before.atDay(10), "12:00:00Z"), "CLICK")
                .recurring("C1", "50", d(9))
                .recurring("C1", "100", d(10))
                .revenue("C2", d(20), "200", "K", true)
                .recurring("C3", "300", d(28))
                .recurring("C3", "1000", after.atDay(5).toString())
                .recurring("C4", "400", d(28))
                .revenue("C5", d(20), "60", "K", true)
                .recurring("C6", "80", d(25))
                .recurring("C7", "999", d(1))
                .build();
        a = company.code("A");
        b = company.code("B");
        c = company.code("C");
        d = company.code("D");
    }

    private String d(int day) {
        return r.atDay(day).toString();
    }

    private static String at(LocalDate date, String time) {
        return date + "T" + time;
    }

    /** Per model: campaign -> customers, revenue, cac, roas, roi, as in the table above. */
    private static final Map<String, Map<String, List<String>>> EXPECTED = Map.of(
            "FIRST_TOUCH",
                    Map.of(
                            "A", Arrays.asList("3.0000", "1000.00", "400.00", "0.8333", "-0.1667"),
                            "B", Arrays.asList("1.0000", "300.00", "750.00", "0.4000", "-0.6000"),
                            "C", Arrays.asList("0.0000", "0.00", null, "0.0000", "-1.0000")),
            "LAST_TOUCH",
                    Map.of(
                            "A", Arrays.asList("1.0000", "100.00", "1200.00", "0.0833", "-0.9167"),
                            "B", Arrays.asList("2.0000", "900.00", "375.00", "1.2000", "0.2000"),
                            "C", Arrays.asList("1.0000", "300.00", "500.00", "0.6000", "-0.4000")),
            "LINEAR",
                    Map.of(
                            "A", Arrays.asList("2.0333", "530.00", "590.16", "0.4417", "-0.5583"),
                            "B", Arrays.asList("1.2333", "510.00", "608.11", "0.6800", "-0.3200"),
                            "C", Arrays.asList("0.7333", "260.00", "681.82", "0.5200", "-0.4800")),
            "POSITION_BASED",
                    Map.of(
                            "A", Arrays.asList("2.1000", "570.00", "571.43", "0.4750", "-0.5250"),
                            "B", Arrays.asList("1.3667", "556.67", "548.78", "0.7422", "-0.2578"),
                            "C", Arrays.asList("0.5333", "173.33", "937.50", "0.3467", "-0.6533")),
            "TIME_DECAY",
                    Map.of(
                            "A", Arrays.asList("1.6836", "376.01", "712.76", "0.3133", "-0.6867"),
                            "B", Arrays.asList("1.4881", "654.22", "503.99", "0.8723", "-0.1277"),
                            "C", Arrays.asList("0.8283", "269.77", "603.66", "0.5395", "-0.4605")));

    @Test
    void everyModelMatchesTheHandWorkedCredits() {
        for (String model : EXPECTED.keySet()) {
            Map<String, Map<String, Object>> rows = rows(report(model, "CAMPAIGN"));
            Map<String, String> codes = Map.of("A", a, "B", b, "C", c);
            EXPECTED.get(model).forEach((letter, expected) -> {
                Map<String, Object> row = rows.get(codes.get(letter));
                assertThat(Arrays.asList(
                                row.get("customers"),
                                row.get("attributedRevenue"),
                                row.get("cac"),
                                row.get("roas"),
                                row.get("roi")))
                        .as(model + " " + letter)
                        .isEqualTo(expected);
            });
            Map<String, Object> dRow = rows.get(d);
            assertThat(Arrays.asList(
                            dRow.get("customers"),
                            dRow.get("attributedRevenue"),
                            dRow.get("cac"),
                            dRow.get("roas"),
                            dRow.get("roi")))
                    .as(model + " D")
                    .isEqualTo(List.of("1.0000", "150.00", "100.00", "1.5000", "0.5000"));
        }
    }

    @Test
    void funnelSpendAndRatiosOfTheDefaultModel() {
        GraphQlTester.Response response = graphQl.documentName("campaignPerformance")
                .variable("from", from)
                .variable("to", to)
                .execute();
        response.path("campaignPerformance.currency")
                .entity(String.class)
                .isEqualTo("USD")
                .path("campaignPerformance.model")
                .entity(String.class)
                .isEqualTo("LAST_TOUCH")
                .path("campaignPerformance.groupBy")
                .entity(String.class)
                .isEqualTo("CAMPAIGN");
        Map<String, Map<String, Object>> rows = rows(response);
        assertThat(pick(
                        rows.get(a),
                        "spend",
                        "impressions",
                        "clicks",
                        "leads",
                        "opportunities",
                        "cpl",
                        "ctr",
                        "leadToCustomer"))
                .containsExactly("1200.00", 2000, 80, 15, 3, "80.00", "0.0400", "0.0667");
        assertThat(pick(
                        rows.get(b),
                        "spend",
                        "impressions",
                        "clicks",
                        "leads",
                        "opportunities",
                        "cpl",
                        "ctr",
                        "leadToCustomer"))
                .containsExactly("750.00", 500, 600, 20, 4, "37.50", "1.2000", "0.1000");
        assertThat(pick(rows.get(c), "spend", "impressions", "clicks", "leads", "cpl", "ctr", "leadToCustomer"))
                .containsExactly("500.00", 400, 20, 0, null, "0.0500", null);
        assertThat(pick(rows.get(d), "spend", "impressions", "cpl", "ctr", "leadToCustomer"))
                .containsExactly("100.00", 0, null, null, null);
        Map<String, Object> unattributed = rows.get("unattributed");
        assertThat(pick(unattributed, "code", "spend", "customers", "attributedRevenue", "cac", "roas", "roi"))
                .containsExactly(null, "0.00", "1.0000", "80.00", null, null, null);
        Map<String, Object> total =
                response.path("campaignPerformance.total").entity(Map.class).get();
        assertThat(pick(
                        total,
                        "spend",
                        "impressions",
                        "clicks",
                        "leads",
                        "opportunities",
                        "customers",
                        "attributedRevenue",
                        "cpl",
                        "ctr",
                        "leadToCustomer",
                        "cac",
                        "roas",
                        "roi"))
                .containsExactly(
                        "2550.00", 2900, 700, 35, 7, "6.0000", "1530.00", "72.86", "0.2414", "0.1714", "425.00",
                        "0.6000", "-0.4000");
    }

    @Test
    void campaignsPlusUnattributedAddUpToTheCompanyForEveryModelAndGrouping() {
        int newCustomers = graphQl.documentName("customersAcquired")
                .variable("filter", Map.of("acquiredFrom", from, "acquiredTo", to))
                .execute()
                .path("customers.totalCount")
                .entity(Integer.class)
                .get();
        assertThat(newCustomers).isEqualTo(6);
        for (String model : List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY")) {
            for (String groupBy : List.of("CAMPAIGN", "CHANNEL", "SEGMENT")) {
                GraphQlTester.Response response = report(model, groupBy);
                List<Map<String, Object>> rows = response.path("campaignPerformance.rows")
                        .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                        .get();
                BigDecimal customers = sum(rows, "customers");
                BigDecimal revenue = sum(rows, "attributedRevenue");
                // each row is rounded on its own: the sums may differ from the exact total by rounding only
                assertThat(customers.subtract(BigDecimal.valueOf(newCustomers)).abs())
                        .as(model + " " + groupBy)
                        .isLessThanOrEqualTo(new BigDecimal("0.0005"));
                assertThat(revenue.subtract(new BigDecimal("1530")).abs())
                        .as(model + " " + groupBy)
                        .isLessThanOrEqualTo(new BigDecimal("0.02"));
                response.path("campaignPerformance.total.customers")
                        .entity(String.class)
                        .isEqualTo("6.0000")
                        .path("campaignPerformance.total.attributedRevenue")
                        .entity(String.class)
                        .isEqualTo("1530.00")
                        .path("campaignPerformance.total.spend")
                        .entity(String.class)
                        .isEqualTo("2550.00");
            }
        }
    }

    @Test
    void groupsByChannelAndSegment() {
        Map<String, Map<String, Object>> byChannel = rows(report("LAST_TOUCH", "CHANNEL"));
        // P = A + B, E = C + D
        assertThat(pick(
                        byChannel.get(company.code("PP")),
                        "spend",
                        "impressions",
                        "customers",
                        "attributedRevenue",
                        "cac"))
                .containsExactly("1950.00", 2500, "3.0000", "1000.00", "650.00");
        assertThat(pick(
                        byChannel.get(company.code("PE")),
                        "spend",
                        "impressions",
                        "customers",
                        "attributedRevenue",
                        "cac"))
                .containsExactly("600.00", 400, "2.0000", "450.00", "300.00");
        Map<String, Map<String, Object>> bySegment = rows(report("LAST_TOUCH", "SEGMENT"));
        // S = A + B + D; C has no segment and makes the row with a null code
        assertThat(pick(bySegment.get(company.code("PS")), "spend", "customers", "attributedRevenue"))
                .containsExactly("2050.00", "4.0000", "1150.00");
    }

    @Test
    void halfLifeChangesTimeDecay() {
        // half-life 1 day: C2 A 2^-7 / (1 + 2^-7) = 0.007752, C3 A 2^-7 / (1 + 2^-7 + 2^-21) = 0.007752,
        // C4 A 2^-28 / ... ~ 0: A = 1 + 0.0078 + 0.0078 + 0.0000 = 1.0155
        Map<String, Map<String, Object>> rows = rows(graphQl.documentName("campaignPerformance")
                .variable("from", from)
                .variable("to", to)
                .variable("model", "TIME_DECAY")
                .variable("halfLifeDays", 1)
                .execute());
        assertThat(rows.get(a).get("customers")).isEqualTo("1.0155");
    }

    @Test
    void badArgumentsAreClearErrors() {
        graphQl.documentName("campaignPerformance")
                .variable("from", to)
                .variable("to", from)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(err -> assertThat(err.getMessage()).isEqualTo("to must not be before from")));
        graphQl.documentName("campaignPerformance")
                .variable("from", from)
                .variable("to", to)
                .variable("halfLifeDays", 0)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(err ->
                                assertThat(err.getMessage()).isEqualTo("halfLifeDays must be between 1 and 3650")));
    }

    private GraphQlTester.Response report(String model, String groupBy) {
        return graphQl.documentName("campaignPerformance")
                .variable("from", from)
                .variable("to", to)
                .variable("model", model)
                .variable("groupBy", groupBy)
                .execute();
    }

    /** The report's rows keyed by code; the unattributed row under "unattributed", a null code under "-". */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rows(GraphQlTester.Response response) {
        List<Map<String, Object>> rows = response.path("campaignPerformance.rows")
                .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                .get();
        Map<String, Map<String, Object>> byCode = new HashMap<>();
        for (Map<String, Object> row : rows) {
            String key = Boolean.TRUE.equals(row.get("unattributed"))
                    ? "unattributed"
                    : row.get("code") == null ? "-" : (String) row.get("code");
            assertThat(byCode.put(key, row)).as("one row per group").isNull();
        }
        return byCode;
    }

    private static List<Object> pick(Map<String, Object> row, String... fields) {
        return Arrays.stream(fields).map(row::get).collect(Collectors.toList());
    }

    private static BigDecimal sum(List<Map<String, Object>> rows, String field) {
        return rows.stream()
                .map(row -> new BigDecimal((String) row.get(field)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
