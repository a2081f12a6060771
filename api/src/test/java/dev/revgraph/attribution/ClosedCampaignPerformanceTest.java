package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A close freezes campaign performance: the credits of the customers acquired in the month (every
 * model), their revenue, the campaigns' spend at the close's rates, their results and running days
 * are stored, so no later write moves a served figure of the closed month; a reopen and a second
 * close keep both versions.
 *
 * <pre>
 * month m (a month no other test uses), range m-01 .. end of m; reporting currency USD; currency X
 * at 2.00 from m-1; campaigns A, B, C (channel CH) from m-1, open-ended; R running m-01 .. m-28 only
 * spend    A m-03 100.00 USD = 100.00; B m-04 50.00 X x 2 = 100.00; C m-06 40.00 USD = 40.00; total 240.00
 * results  A m-03 1000 impressions 50 clicks 10 leads 2 opportunities; B m-04 400 40 5 1
 * customers, touches at noon UTC (ages in days before the most recent touch), revenue
 *   k1 acquired m-22: A m-01, B m-08, C m-15 (ages 14, 7, 0)   100.00 USD m-22 + 10.00 X m-23 x 2 = 120.00
 *   k2 acquired m-24: B m-10, A m-17       (ages 7, 0)        60.00
 *   k3 acquired m-26: none; acquisition campaign C             30.00
 * credits (TIME_DECAY at 7 days: weights 2^-2, 2^-1, 1 = 1/7, 2/7, 4/7 of 1.75; 2^-1, 1 = 1/3, 2/3)
 *   model           k1              k2            k3     A              B              C
 *   FIRST_TOUCH     A               B             C      1              1              1
 *   LAST_TOUCH      C               A             C      1              0              2
 *   LINEAR          1/3 each        1/2 each      C 1    5/6            5/6            4/3
 *   POSITION_BASED  A .4 B .2 C .4  B .5 A .5     C 1    .9             .7             1.4
 *   TIME_DECAY      A 1/7 B 2/7 C 4/7  B 1/3 A 2/3  C 1  1/7+2/3=17/21  2/7+1/3=13/21  4/7+1=11/7
 * attributed revenue = sum of credit x 120 (k1), 60 (k2), 30 (k3); cac = spend / customers
 *   FIRST_TOUCH     A 120.00 cac 100.00   B 60.00 cac 100.00   C 30.00 cac 40.00
 *   LAST_TOUCH      A 60.00 cac 100.00    B 0.00 cac null      C 150.00 cac 20.00
 *   LINEAR          A 40+30 = 70.00 cac 120.00   B 70.00 cac 120.00   C 40+30 = 70.00 cac 30.00
 *   POSITION_BASED  A 48+30 = 78.00 cac 111.11   B 24+30 = 54.00 cac 142.86   C 48+30 = 78.00 cac 28.57
 *   TIME_DECAY      A 120/7+40 = 57.142857 -> 57.14, customers 0.8095, cac 2100/17 = 123.53
 *                   B 240/7+20 = 54.285714 -> 54.29, 0.6190, cac 2100/13 = 161.54
 *                   C 480/7+30 = 98.571428 -> 98.57, 1.5714, cac 280/11 = 25.45
 * </pre>
 */
class ClosedCampaignPerformanceTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> MODELS =
            List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY");

    /** The worked company of the class comment in month m; not closed yet. */
    private CompanyBuilder company(YearMonth m) {
        String from = m.minusMonths(1).atDay(1).toString();
        return new CompanyBuilder(graphQl)
                .currency("X", from, "2")
                .department("MK", "MARKETING")
                .channel("CH", true)
                .segment("S", null)
                .campaign("A", "MK", "CH", from)
                .campaign("B", "MK", "CH", from)
                .campaign("C", "MK", "CH", from)
                .campaign("R", "MK", "CH", day(m, 1), day(m, 28), Tags.NONE, null)
                .customer("k1", "S", null, day(m, 22), null)
                .customer("k2", "S", null, day(m, 24), null)
                .customer("k3", "S", null, day(m, 26), "C")
                .touches("k1", "A", noon(m, 1))
                .touches("k1", "B", noon(m, 8))
                .touches("k1", "C", noon(m, 15))
                .touches("k2", "B", noon(m, 10))
                .touches("k2", "A", noon(m, 17))
                .recurring("k1", "100.00", day(m, 22))
                .revenue("k1", day(m, 23), "10.00", "X", true)
                .recurring("k2", "60.00", day(m, 24))
                .recurring("k3", "30.00", day(m, 26))
                .spend("MK", day(m, 3), "100.00", "USD", "ADVERTISING", Tags.campaign("A"))
                .spend("MK", day(m, 4), "50.00", "X", "ADVERTISING", Tags.campaign("B"))
                .spend("MK", day(m, 6), "40.00", "USD", "ADVERTISING", Tags.campaign("C"))
                .results("A", day(m, 3), 1000, 50, 10, 2)
                .results("B", day(m, 4), 400, 40, 5, 1)
                .build();
    }

    @Test
    void aClosedMonthsCampaignPerformanceIsByteIdenticalAfterWritesThatMoveTheLiveFigures() {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company = company(m);
        List<String> live = everyReport(m, "LATEST");
        company.close(m);

        // closing changes no figure, and both versions read the one close
        List<String> closed = everyReport(m, "LATEST");
        assertThat(closed).isEqualTo(live);
        assertThat(everyReport(m, "AS_FIRST_REPORTED")).isEqualTo(closed);
        assertWorkedFigures(m, company);

        List<String> outcomes = new ArrayList<>();
        // accepted, and each would move a live figure of m:
        // a touch of k1 before its acquisition, in the open month before m (k1's first touch becomes B)
        outcomes.add(outcome("recordTouchpoints", touchpoints(company, "k1", "B", noon(m.minusMonths(1), 20))));
        // X at 5 from an open day before m, in force on m's days (B's spend 250.00, k1's revenue 150.00)
        outcomes.add(outcome(
                "upsertFxRates",
                Map.of(
                        "rates",
                        List.of(Map.of(
                                "currency", company.code("X"), "date", day(m.minusMonths(1), 25), "rate", "5")))));
        // a customer acquired in m by A, created after the close: refused since changeset 0031 (a
        // closed month takes no new customer), so it cannot reach m's credits either way
        outcomes.add(outcome(
                "createCustomer",
                Map.of(
                        "externalId",
                        company.code("k6"),
                        "name",
                        "k6",
                        "segmentCode",
                        company.code("S"),
                        "acquiredOn",
                        day(m, 27),
                        "acquisitionCampaignCode",
                        company.code("A"))));
        // a campaign running in m, created after the close (a row of its own)
        outcomes.add(outcome(
                "createCampaign",
                Map.of(
                        "code",
                        company.code("N"),
                        "name",
                        "N",
                        "departmentCode",
                        company.code("MK"),
                        "channelCode",
                        company.code("CH"),
                        "startDate",
                        day(m, 5))));
        // R moved out of m (its row would go)
        outcomes.add(outcome(
                "updateCampaign",
                Map.of(
                        "code",
                        company.code("R"),
                        "startDate",
                        day(m.plusMonths(1), 1),
                        "endDate",
                        day(m.plusMonths(1), 28))));
        // the month after m: a line of k1, A's spend, a customer of its own touched by B
        outcomes.add(outcome(
                "recordRevenueLine",
                Map.of(
                        "customerExternalId",
                        company.code("k1"),
                        "recognizedOn",
                        day(m.plusMonths(1), 5),
                        "amount",
                        "50.00",
                        "currency",
                        "USD",
                        "recurring",
                        true)));
        outcomes.add(outcome("recordSpendLine", spend(company, "A", day(m.plusMonths(1), 4), "10.00")));
        company.customer("k5", "S", null, day(m.plusMonths(1), 3), null)
                .touches("k5", "B", noon(m.plusMonths(1), 2))
                .build();
        // refused: anything dated in m
        outcomes.add(outcome("recordTouchpoints", touchpoints(company, "k2", "C", noon(m, 20))));
        outcomes.add(outcome(
                "upsertCampaignResults",
                Map.of(
                        "results",
                        List.of(Map.of(
                                "campaignCode",
                                company.code("A"),
                                "day",
                                day(m, 5),
                                "impressions",
                                9,
                                "clicks",
                                9,
                                "leads",
                                9,
                                "opportunities",
                                9)))));
        outcomes.add(outcome("recordSpendLine", spend(company, "A", day(m, 20), "7.00")));
        outcomes.add(importFile(
                "TOUCHPOINTS",
                "customer_external_id,campaign_code,occurred_at,kind\n" + company.code("k3") + "," + company.code("B")
                        + "," + noon(m, 21) + ",CLICK\n"));
        outcomes.add(importFile(
                "CAMPAIGN_RESULTS",
                "campaign_code,date,impressions,clicks,leads,opportunities\n" + company.code("C") + "," + day(m, 21)
                        + ",1,1,1,1\n"));
        assertThat(outcomes)
                .containsExactly(
                        "ok",
                        "ok",
                        "refused " + m,
                        "ok",
                        "ok",
                        "ok",
                        "ok",
                        "refused " + m,
                        "refused " + m,
                        "refused " + m,
                        "refused " + m,
                        "refused " + m);

        assertThat(everyReport(m, "LATEST")).isEqualTo(closed);
        assertThat(everyReport(m, "AS_FIRST_REPORTED")).isEqualTo(closed);
        assertWorkedFigures(m, company);

        // a range cutting m reads the days it covers as the close stored them: m-04 .. m-23 holds k1
        // (acquired m-22; its revenue of m-22 and m-23, X at the close's 2.00) and B's spend of m-04
        Map<String, Map<String, Object>> cut = rows(report(day(m, 4), day(m, 23), "FIRST_TOUCH", null, "LATEST"));
        assertThat(pick(cut.get(company.code("A")), "spend", "customers", "attributedRevenue", "impressions"))
                .containsExactly("0.00", "1.0000", "120.00", 0);
        assertThat(pick(cut.get(company.code("B")), "spend", "customers", "impressions"))
                .containsExactly("100.00", "0.0000", 400);
        assertThat(cut).containsKey(company.code("R")).doesNotContainKey(company.code("N"));

        // a range over m and the open month after it: m as stored, the month after live. A: k1 (its
        // stored first touch) with 120.00 of m and 50.00 of m+1, spend 100.00 + 10.00; B: k2 and k5
        Map<String, Map<String, Object>> mixed =
                rows(report(day(m, 1), m.plusMonths(1).atEndOfMonth().toString(), "FIRST_TOUCH", null, "LATEST"));
        assertThat(pick(mixed.get(company.code("A")), "spend", "customers", "attributedRevenue", "cac"))
                .containsExactly("110.00", "1.0000", "170.00", "110.00");
        assertThat(pick(mixed.get(company.code("B")), "spend", "customers", "attributedRevenue", "cac"))
                .containsExactly("100.00", "2.0000", "60.00", "50.00");
        // R runs in m as stored and in m+1 as now; N from m-05 live, but only m+1 is live
        assertThat(mixed).containsKey(company.code("R")).containsKey(company.code("N"));
    }

    @Test
    void aReopenedMonthClosedAgainServesTheNewCreditsAsLatestAndTheFirstOnesAsFirstReported() {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company = company(m).close(m);
        List<String> first = everyReport(m, "LATEST");

        api.ok("reopenMonth", "fiscalMonth", Map.of("month", m.toString(), "reason", "late touchpoint"));
        // k2 was also touched by C on its acquisition day: B m-10, A m-17, C m-24 (ages 14, 7, 0)
        assertThat(outcome("recordTouchpoints", touchpoints(company, "k2", "C", m.atDay(24) + "T10:00:00Z")))
                .isEqualTo("ok");
        // open: live, the same under both versions
        assertThat(everyReport(m, "AS_FIRST_REPORTED")).isEqualTo(everyReport(m, "LATEST"));
        company.close(m);

        assertThat(everyReport(m, "AS_FIRST_REPORTED")).isEqualTo(first);
        assertWorkedFigures(m, company, "AS_FIRST_REPORTED");
        // LATEST: k2's credits are now B, A, C as k1's
        //   LAST_TOUCH      C 3 (k1, k2, k3): revenue 210.00, cac 40 / 3 = 13.33; A 0
        //   LINEAR          A 1/3 + 1/3: 40 + 20 = 60.00, cac 150.00; B 60.00, 150.00; C 5/3: 90.00, 24.00
        //   POSITION_BASED  A .4 + .2 = .6: 48 + 12 = 60.00, cac 166.67; B .2 + .4: 24 + 24 = 48.00;
        //                   C .4 + .4 + 1 = 1.8: 48 + 24 + 30 = 102.00, cac 22.22
        //   TIME_DECAY      A 1/7 + 2/7 = 3/7: 120/7 + 120/7 = 34.29; B 2/7 + 1/7: 240/7 + 60/7 = 42.86;
        //                   C 4/7 + 4/7 + 1 = 15/7 = 2.1429: 480/7 + 240/7 + 30 = 132.86, cac 18.67
        Map<String, Map<String, Object>> last = rows(report(m, "LAST_TOUCH", "LATEST"));
        assertThat(figures(last, company, "C")).containsExactly("3.0000", "210.00", "13.33");
        assertThat(figures(last, company, "A")).containsExactly("0.0000", "0.00", null);
        Map<String, Map<String, Object>> linear = rows(report(m, "LINEAR", "LATEST"));
        assertThat(figures(linear, company, "A")).containsExactly("0.6667", "60.00", "150.00");
        assertThat(figures(linear, company, "B")).containsExactly("0.6667", "60.00", "150.00");
        assertThat(figures(linear, company, "C")).containsExactly("1.6667", "90.00", "24.00");
        Map<String, Map<String, Object>> position = rows(report(m, "POSITION_BASED", "LATEST"));
        assertThat(figures(position, company, "A")).containsExactly("0.6000", "60.00", "166.67");
        assertThat(figures(position, company, "B")).containsExactly("0.6000", "48.00", "166.67");
        assertThat(figures(position, company, "C")).containsExactly("1.8000", "102.00", "22.22");
        Map<String, Map<String, Object>> decay = rows(report(m, "TIME_DECAY", "LATEST"));
        assertThat(figures(decay, company, "A")).containsExactly("0.4286", "34.29", "233.33");
        assertThat(figures(decay, company, "B")).containsExactly("0.4286", "42.86", "233.33");
        assertThat(figures(decay, company, "C")).containsExactly("2.1429", "132.86", "18.67");
        // the first touch did not change
        assertThat(report(m, "FIRST_TOUCH", "LATEST")).isEqualTo(report(m, "FIRST_TOUCH", "AS_FIRST_REPORTED"));
    }

    /** The worked figures of the class comment, as served for m under {@code version}. */
    private void assertWorkedFigures(YearMonth m, CompanyBuilder company) {
        assertWorkedFigures(m, company, "LATEST");
    }

    private void assertWorkedFigures(YearMonth m, CompanyBuilder company, String version) {
        Map<String, Map<String, Object>> first = rows(report(m, "FIRST_TOUCH", version));
        assertThat(pick(first.get(company.code("A")), "spend", "impressions", "clicks", "leads", "opportunities"))
                .containsExactly("100.00", 1000, 50, 10, 2);
        assertThat(pick(first.get(company.code("B")), "spend", "impressions", "clicks", "leads", "opportunities"))
                .containsExactly("100.00", 400, 40, 5, 1);
        assertThat(pick(first.get(company.code("R")), "spend", "customers", "impressions"))
                .containsExactly("0.00", "0.0000", 0);
        assertThat(figures(first, company, "A")).containsExactly("1.0000", "120.00", "100.00");
        assertThat(figures(first, company, "B")).containsExactly("1.0000", "60.00", "100.00");
        assertThat(figures(first, company, "C")).containsExactly("1.0000", "30.00", "40.00");
        Map<String, Map<String, Object>> last = rows(report(m, "LAST_TOUCH", version));
        assertThat(figures(last, company, "A")).containsExactly("1.0000", "60.00", "100.00");
        assertThat(figures(last, company, "B")).containsExactly("0.0000", "0.00", null);
        assertThat(figures(last, company, "C")).containsExactly("2.0000", "150.00", "20.00");
        Map<String, Map<String, Object>> linear = rows(report(m, "LINEAR", version));
        assertThat(figures(linear, company, "A")).containsExactly("0.8333", "70.00", "120.00");
        assertThat(figures(linear, company, "B")).containsExactly("0.8333", "70.00", "120.00");
        assertThat(figures(linear, company, "C")).containsExactly("1.3333", "70.00", "30.00");
        Map<String, Map<String, Object>> position = rows(report(m, "POSITION_BASED", version));
        assertThat(figures(position, company, "A")).containsExactly("0.9000", "78.00", "111.11");
        assertThat(figures(position, company, "B")).containsExactly("0.7000", "54.00", "142.86");
        assertThat(figures(position, company, "C")).containsExactly("1.4000", "78.00", "28.57");
        Map<String, Map<String, Object>> decay = rows(report(m, "TIME_DECAY", version));
        assertThat(figures(decay, company, "A")).containsExactly("0.8095", "57.14", "123.53");
        assertThat(figures(decay, company, "B")).containsExactly("0.6190", "54.29", "161.54");
        assertThat(figures(decay, company, "C")).containsExactly("1.5714", "98.57", "25.45");
    }

    /** Every model over m (time decay at 7 and at 3 days), by campaign and by channel, as served JSON. */
    private List<String> everyReport(YearMonth m, String version) {
        List<String> served = new ArrayList<>();
        for (String model : MODELS) {
            served.add(json(report(day(m, 1), m.atEndOfMonth().toString(), model, null, version)));
        }
        served.add(json(report(day(m, 1), m.atEndOfMonth().toString(), "TIME_DECAY", 3, version)));
        served.add(json(graphQl.documentName("closedCampaignPerformance")
                .variable("from", day(m, 1))
                .variable("to", m.atEndOfMonth().toString())
                .variable("model", "LINEAR")
                .variable("groupBy", "CHANNEL")
                .variable("version", version)
                .execute()
                .returnResponse()
                .toMap()));
        return served;
    }

    private Map<String, Object> report(YearMonth m, String model, String version) {
        return report(day(m, 1), m.atEndOfMonth().toString(), model, null, version);
    }

    private Map<String, Object> report(String from, String to, String model, Integer halfLife, String version) {
        var response = graphQl.documentName("closedCampaignPerformance")
                .variable("from", from)
                .variable("to", to)
                .variable("model", model)
                .variable("halfLifeDays", halfLife)
                .variable("version", version)
                .execute()
                .returnResponse();
        assertThat(response.getErrors()).isEmpty();
        return response.toMap();
    }

    private static String json(Map<String, Object> response) {
        return JSON.writeValueAsString(response);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rows(Map<String, Object> response) {
        Map<String, Object> report =
                (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("campaignPerformance");
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("rows")) {
            if (row.get("code") != null) {
                rows.put((String) row.get("code"), row);
            }
        }
        return rows;
    }

    private static List<Object> figures(
            Map<String, Map<String, Object>> rows, CompanyBuilder company, String campaign) {
        return pick(rows.get(company.code(campaign)), "customers", "attributedRevenue", "cac");
    }

    private static List<Object> pick(Map<String, Object> row, String... fields) {
        assertThat(row).isNotNull();
        return Arrays.stream(fields).map(row::get).collect(Collectors.toList());
    }

    private static String day(YearMonth m, int day) {
        return m.atDay(day).toString();
    }

    private static String noon(YearMonth m, int day) {
        return m.atDay(day) + "T12:00:00Z";
    }

    private static Map<String, Object> touchpoints(
            CompanyBuilder company, String customer, String campaign, String occurredAt) {
        return Map.of(
                "touchpoints",
                List.of(Map.of(
                        "customerExternalId",
                        company.code(customer),
                        "campaignCode",
                        company.code(campaign),
                        "occurredAt",
                        occurredAt,
                        "kind",
                        "CLICK")));
    }

    private static Map<String, Object> spend(CompanyBuilder company, String campaign, String day, String amount) {
        return Map.of(
                "departmentCode",
                company.code("MK"),
                "bookedOn",
                day,
                "amount",
                amount,
                "currency",
                "USD",
                "category",
                "ADVERTISING",
                "campaignCode",
                company.code(campaign));
    }

    /** "ok", or "refused yyyy-MM" when the first error names a closed month (else the error itself). */
    private String outcome(String mutation, Map<String, Object> input) {
        List<Map> errors = api.mutate(mutation, input)
                .path(mutation + ".errors")
                .entityList(Map.class)
                .get();
        return outcome(errors);
    }

    private String importFile(String file, String content) {
        List<Map> errors = api.mutate("importCsv", Map.of("file", file, "content", content))
                .path("importCsv.errors")
                .entityList(Map.class)
                .get();
        return outcome(errors);
    }

    private static String outcome(List<Map> errors) {
        if (errors.isEmpty()) {
            return "ok";
        }
        String message = String.valueOf(errors.get(0).get("message"));
        Matcher matcher = Pattern.compile("month (\\d{4}-\\d{2}) is closed").matcher(message);
        return matcher.find() ? "refused " + matcher.group(1) : "error " + message;
    }
}
