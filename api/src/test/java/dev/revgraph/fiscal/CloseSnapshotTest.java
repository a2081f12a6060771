package dev.revgraph.fiscal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A close stores what it closed: a customer moved to another segment, or a rate changed for a
 * closed day, leaves every report over the closed month as it was served at the close; a reopen and
 * a second close keep both versions, and closeHistory shows the restatement.
 *
 * <pre>
 * month m (a month no other test uses); segments A and B; department D; currency X at 2 from m-1
 *   customer q, segment A, acquired m-03
 *   revenue  q  m-05  100.00 USD recurring                       100.00
 *   revenue  q  m-06   10.00 X   recurring   10 x 2             =  20.00
 *   spend    D  m-10   40.00 USD OTHER (operating expense)         40.00
 *   budget   D  m      50.00 USD
 * first close:  revenue 120.00, costs 40.00, operating profit 80.00, 1 new customer, 2 revenue lines;
 *               P&L by segment: A 120.00 revenue, 1 new; the untagged spend in no segment
 * after the close: q moves to B from the first open day (after every closed month, so m's lines
 *   stay in A); X gets a rate of 3 from (m-1)-20, an open day, in force on m-06 (a rate dated in the
 *   closed month itself is refused) (the live rollups now say A and 130.00)
 *   the served figures of m do not move, under either version
 * reopen ("late invoice"): m reads live: A, 100 + 10 x 3 = 130.00; q moves to B from m-01 (open
 *   now): B 130.00; then revenue q m-07 50.00 USD
 * second close: revenue 180.00 (change +60.00), costs 40.00 (+0), operating profit 140.00 (+60.00),
 *               new customers 1 (+0), 3 revenue lines
 *   LATEST: B 180.00; AS_FIRST_REPORTED: exactly the first close's figures
 * </pre>
 */
class CloseSnapshotTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void closedMonthKeepsItsFiguresAndBothVersions() {
        YearMonth m = Api.uniqueMonth();
        String a = unique("CSA");
        String b = unique("CSB");
        String d = unique("CSD");
        String q = unique("csq");
        String x = Api.uniqueCurrency();
        api.segment(a, null);
        api.segment(b, null);
        api.department(d, "OPERATIONS");
        api.currency(x, m.minusMonths(1).atDay(1).toString(), "2");
        api.customer(q, a, m.atDay(3).toString());
        api.revenue(q, m.atDay(5).toString(), "100.00", "USD", true);
        api.revenue(q, m.atDay(6).toString(), "10.00", x, true);
        api.spend(d, m.atDay(10).toString(), "40.00", "USD", "OTHER");
        api.budget(d, m.toString(), null, "50.00", "USD");
        api.close(m);

        String firstLatest = figures(m, a, d, "LATEST");
        String firstAsReported = figures(m, a, d, "AS_FIRST_REPORTED");
        assertThat(firstAsReported).isEqualTo(firstLatest);
        assertThat(segmentRevenue(m, a, "LATEST")).isEqualTo("120.00");

        // writes after the close that change the live rollups of m
        api.ok("updateCustomer", "customer", Map.of("externalId", q, "segmentCode", b));
        api.mutate(
                        "upsertFxRates",
                        Map.of(
                                "rates",
                                List.of(Map.of(
                                        "currency",
                                        x,
                                        "date",
                                        m.minusMonths(1).atDay(20).toString(),
                                        "rate",
                                        "3"))))
                .path("upsertFxRates.errors")
                .entityList(Object.class)
                .hasSize(0);

        assertThat(figures(m, a, d, "LATEST")).isEqualTo(firstLatest);
        assertThat(figures(m, a, d, "AS_FIRST_REPORTED")).isEqualTo(firstLatest);
        assertThat(segmentRevenue(m, b, "LATEST")).isNull();

        api.ok("reopenMonth", "fiscalMonth", Map.of("month", m.toString(), "reason", "late invoice"));
        // open: live, and the same under both versions
        assertThat(segmentRevenue(m, a, "LATEST")).isEqualTo("130.00");
        api.ok(
                "updateCustomer",
                "customer",
                Map.of(
                        "externalId",
                        q,
                        "segmentCode",
                        b,
                        "effectiveFrom",
                        m.atDay(1).toString()));
        assertThat(segmentRevenue(m, a, "LATEST")).isNull();
        assertThat(segmentRevenue(m, b, "LATEST")).isEqualTo("130.00");
        assertThat(segmentRevenue(m, b, "AS_FIRST_REPORTED")).isEqualTo("130.00");
        api.revenue(q, m.atDay(7).toString(), "50.00", "USD", true);
        api.close(m);

        assertThat(segmentRevenue(m, b, "LATEST")).isEqualTo("180.00");
        assertThat(segmentRevenue(m, a, "LATEST")).isNull();
        assertThat(figures(m, a, d, "AS_FIRST_REPORTED")).isEqualTo(firstLatest);

        List<Map> history = graphQl.documentName("closeHistory")
                .variable("month", m.toString())
                .execute()
                .path("closeHistory")
                .entityList(Map.class)
                .get();
        assertThat(history).hasSize(2);
        assertThat(history.get(0))
                .containsEntry("version", 1)
                .containsEntry("reopenReason", null)
                .containsEntry("revenue", "120.00")
                .containsEntry("costs", "40.00")
                .containsEntry("operatingProfit", "80.00")
                .containsEntry("newCustomers", 1)
                .containsEntry("revenueLines", 2)
                .containsEntry("spendLines", 1)
                .containsEntry("revenueChange", null)
                .containsEntry("closedBy", "token:test admin");
        assertThat(history.get(1))
                .containsEntry("version", 2)
                .containsEntry("reopenReason", "late invoice")
                .containsEntry("revenue", "180.00")
                .containsEntry("operatingProfit", "140.00")
                .containsEntry("revenueLines", 3)
                .containsEntry("revenueChange", "60.00")
                .containsEntry("costsChange", "0.00")
                .containsEntry("operatingProfitChange", "60.00")
                .containsEntry("newCustomersChange", 0);
    }

    @Test
    void secondCloseAndReopenOfAnOpenMonthAreErrorsNamingTheMonth() {
        YearMonth m = Api.uniqueMonth();
        api.close(m);
        api.mutate("closeMonth", Map.of("month", m.toString()))
                .path("closeMonth.fiscalMonth")
                .valueIsNull()
                .path("closeMonth.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("closeMonth.errors[0].month")
                .entity(String.class)
                .isEqualTo(m.toString())
                .path("closeMonth.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "month");
        YearMonth open = m.plusMonths(1);
        api.mutate("reopenMonth", Map.of("month", open.toString(), "reason", "nothing to reopen"))
                .path("reopenMonth.fiscalMonth")
                .valueIsNull()
                .path("reopenMonth.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "month")
                .path("reopenMonth.errors[0].message")
                .entity(String.class)
                .isEqualTo("month " + open + " is open: only a closed month can be reopened");
        // nothing written: one close, no event for the open month
        graphQl.documentName("closeHistory")
                .variable("month", m.toString())
                .execute()
                .path("closeHistory")
                .entityList(Object.class)
                .hasSize(1);
        graphQl.documentName("fiscalMonths")
                .variable("from", m.toString())
                .variable("to", open.toString())
                .execute()
                .path("fiscalMonths[*].history[*].action")
                .entityList(String.class)
                .containsExactly("CLOSE");
    }

    /** Every report over the month, as the JSON the API served. */
    private String figures(YearMonth m, String segment, String department, String version) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m.atDay(1).toString());
        variables.put("to", m.atEndOfMonth().toString());
        variables.put("segmentCode", segment);
        variables.put("departmentCodes", List.of(department));
        variables.put("version", version);
        // the customers whose source is in the segment: a re-dated source must not move a closed month
        variables.put("where", Map.of("segmentCodes", List.of(segment)));
        var request = graphQl.documentName("closedFigures");
        for (var e : variables.entrySet()) {
            request = request.variable(e.getKey(), e.getValue());
        }
        var response = request.execute().returnResponse();
        assertThat(response.getErrors()).isEmpty();
        return JSON.writeValueAsString(response.toMap());
    }

    /** The month's P&L revenue of one segment's row, null when the segment has no row. */
    private String segmentRevenue(YearMonth m, String segment, String version) {
        List<Map> rows = graphQl.documentName("closedFigures")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("version", version)
                .execute()
                .path("pnl.rows")
                .entityList(Map.class)
                .get();
        return rows.stream()
                .filter(r -> segment.equals(r.get("segmentCode")))
                .map(r -> (String) r.get("revenue"))
                .findFirst()
                .orElse(null);
    }
}
