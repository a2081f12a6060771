package dev.revgraph.attribution;

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
import org.junit.jupiter.api.Test;

/**
 * {@code campaignPerformance(where:, compareTo:)} on a company worked by hand, and its cells drilled
 * to the spend lines of the same filter.
 *
 * <p>Months m0 and m1 of its own (USD, LAST_TOUCH, no touchpoints: a customer's acquisition campaign
 * takes its whole credit). Departments MKT (MARKETING) and SAL (SALES); channels PD (paid) and OG;
 * segments S1, S2. Campaigns from m0-01: K1 (MKT, PD, targets S1, ACQUISITION), K2 (MKT, OG, no
 * target, RETENTION), K3 (SAL, PD, targets S2, ACQUISITION).
 *
 * <pre>
 * spend        m0: K1 100                 m1: K1 300, K2 50, K3 200
 * customers    m0: a by K1 (revenue 40)   m1: b by K1 (60), c by K3 (90), d without campaign (10)
 *
 * m1           spend  customers  attributed revenue  cac     roas
 *   K1         300    1          60                  300.00  0.2000
 *   K2          50    0           0                  -       0.0000
 *   K3         200    1          90                  200.00  0.4500
 *   unattr.      0    1          10                  -       -
 * where channel PD:          K1 + K3: spend 500, customers 2, revenue 150
 * where department MKT:      K1 + K2: spend 350, customers 1, revenue 60
 * where objective RETENTION: K2: spend 50
 * where segment S1:          K1
 * where unassigned CAMPAIGN: the unattributed row: customers 1, revenue 10
 * where not channel PD:      K2 and the unattributed row (no channel): spend 50, customers 1, revenue 10
 * channel PD against the previous period (m0: K1 spend 100, a, revenue 40; K3 nothing):
 *   K1 change: spend +200 (2.0000), customers 0, revenue +20 (0.5000), cac 300 - 100 = +200.00,
 *              roas 0.2000 - 0.4000 = -0.2000
 *   K3 change: spend +200 (null: nothing before), customers +1, revenue +90
 *   total: 500 against 100: +400 (4.0000); customers 2 against 1; revenue 150 against 40: +110 (2.7500)
 * </pre>
 */
class CampaignPerformanceWhereTest extends IntegrationTest {

    private YearMonth m0;
    private CompanyBuilder c;

    private void company() {
        m0 = Api.uniqueMonths(2);
        YearMonth m1 = m0.plusMonths(1);
        String start = m0.atDay(1).toString();
        c = new CompanyBuilder(graphQl)
                .department("MKT", "MARKETING")
                .department("SAL", "SALES")
                .channel("PD", true)
                .channel("OG", false)
                .segment("S1", null)
                .segment("S2", null)
                .campaign("K1", "MKT", "PD", start, Tags.segment("S1"), "ACQUISITION")
                .campaign("K2", "MKT", "OG", start, Tags.NONE, "RETENTION")
                .campaign("K3", "SAL", "PD", start, Tags.segment("S2"), "ACQUISITION")
                .spend("MKT", m0.atDay(10).toString(), "100", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MKT", m1.atDay(10).toString(), "300", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MKT", m1.atDay(11).toString(), "50", "USD", "ADVERTISING", Tags.campaign("K2"))
                .spend("SAL", m1.atDay(12).toString(), "200", "USD", "ADVERTISING", Tags.campaign("K3"))
                .customer("a", "S1", null, m0.atDay(15).toString(), "K1")
                .customer("b", "S1", null, m1.atDay(3).toString(), "K1")
                .customer("c", "S2", null, m1.atDay(4).toString(), "K3")
                .customer("d", "S2", m1.atDay(5).toString())
                .revenue("a", m0.atDay(20).toString(), "40", "USD", true)
                .revenue("b", m1.atDay(20).toString(), "60", "USD", true)
                .revenue("c", m1.atDay(21).toString(), "90", "USD", true)
                .revenue("d", m1.atDay(22).toString(), "10", "USD", true)
                .build();
    }

    @Test
    void theFilterKeepsTheRowsWorkedByHand() {
        company();
        String k1 = c.code("K1");
        String k2 = c.code("K2");
        String k3 = c.code("K3");
        assertThat(rows(null))
                .containsExactly(
                        k1 + " 300.00 1.0000 60.00 300.00 0.2000",
                        k2 + " 50.00 0.0000 0.00 null 0.0000",
                        k3 + " 200.00 1.0000 90.00 200.00 0.4500",
                        "unattributed 0.00 1.0000 10.00 null null");
        Map<String, Object> paid = Map.of("channelCodes", List.of(c.code("PD")));
        assertThat(rows(paid))
                .containsExactly(k1 + " 300.00 1.0000 60.00 300.00 0.2000", k3 + " 200.00 1.0000 90.00 200.00 0.4500");
        assertThat(total(paid)).isEqualTo("500.00 2.0000 150.00");
        assertThat(total(Map.of("departmentCodes", List.of(c.code("MKT"))))).isEqualTo("350.00 1.0000 60.00");
        assertThat(rows(Map.of("objectives", List.of("RETENTION"))))
                .containsExactly(k2 + " 50.00 0.0000 0.00 null 0.0000");
        assertThat(rows(Map.of("segmentCodes", List.of(c.code("S1")))))
                .containsExactly(k1 + " 300.00 1.0000 60.00 300.00 0.2000");
        assertThat(rows(Map.of("unassigned", List.of("CAMPAIGN"))))
                .containsExactly("unattributed 0.00 1.0000 10.00 null null");
        // not PD, among this company's campaigns and the unattributed row (other companies' campaigns
        // run in these months too, without facts)
        Map<String, Object> notPaid = Map.of(
                "not",
                paid,
                "or",
                List.of(Map.of("campaignCodes", List.of(k1, k2, k3)), Map.of("unassigned", List.of("CAMPAIGN"))));
        assertThat(rows(notPaid))
                .containsExactly(k2 + " 50.00 0.0000 0.00 null 0.0000", "unattributed 0.00 1.0000 10.00 null null");
        assertThat(total(notPaid)).isEqualTo("50.00 1.0000 10.00");
    }

    @Test
    void aFilteredReportComparesWithThePreviousPeriod() {
        company();
        Map<String, Object> report = report(Map.of("channelCodes", List.of(c.code("PD"))), "PREVIOUS_PERIOD", null);
        List<Map<String, Object>> rows = list(report.get("rows"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("comparison"))
                .isEqualTo(Map.of(
                        "code", c.code("K1"),
                        "spend", "100.00",
                        "customers", "1.0000",
                        "attributedRevenue", "40.00",
                        "cac", "100.00",
                        "roas", "0.4000"));
        assertThat(rows.get(0).get("change"))
                .isEqualTo(change("200.00", "2.0000", "0.0000", "20.00", "0.5000", "200.00", "-0.2000"));
        assertThat(rows.get(1).get("change")).isEqualTo(change("200.00", null, "1.0000", "90.00", null, null, null));
        Map<String, Object> total = map(report.get("total"));
        assertThat(total.get("comparison"))
                .isEqualTo(Map.of("spend", "100.00", "customers", "1.0000", "attributedRevenue", "40.00"));
        assertThat(map(total.get("change")))
                .containsEntry("spend", "400.00")
                .containsEntry("spendPct", "4.0000")
                .containsEntry("customers", "1.0000")
                .containsEntry("attributedRevenue", "110.00")
                .containsEntry("attributedRevenuePct", "2.7500");

        graphQl.documentName("campaignPerformanceWhere")
                .variable("from", m0.plusMonths(1).atDay(1).toString())
                .variable("to", m0.plusMonths(1).atEndOfMonth().toString())
                .variable("where", Map.of("campaignCodes", List.of(c.code("K1"), c.code("K2"), c.code("K3"))))
                .variable("compareTo", "PREVIOUS_YEAR")
                .execute()
                .path("campaignPerformance.total.comparison.spend")
                .entity(String.class)
                .isEqualTo("0.00");
    }

    @Test
    void aPlanComparisonIsRefusedNamingCompareTo() {
        for (String plan : List.of("BUDGET", "FORECAST")) {
            graphQl.documentName("campaignPerformanceWhere")
                    .variable("from", "2026-01-01")
                    .variable("to", "2026-01-31")
                    .variable("compareTo", plan)
                    .execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                        assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"));
                        assertThat(e.getMessage()).contains("PREVIOUS_PERIOD or PREVIOUS_YEAR");
                    }));
        }
    }

    /** Every campaign row, by campaign and by channel, drilled to the spend lines of the same filter. */
    @Test
    void everySpendCellIsTheTotalOfItsLines() {
        company();
        YearMonth m1 = m0.plusMonths(1);
        int drilled = 0;
        List<String> mine = List.of(
                c.code("K1"), c.code("K2"), c.code("K3"), c.code("PD"), c.code("OG"), c.code("S1"), c.code("S2"));
        for (String groupBy : List.of("CAMPAIGN", "CHANNEL", "SEGMENT")) {
            for (Map<String, Object> row : list(report(null, null, groupBy).get("rows"))) {
                if (row.get("code") == null || !mine.contains(row.get("code"))) {
                    // the unattributed row, and other companies' campaigns running in these months
                    continue;
                }
                String dimension = switch (groupBy) {
                    case "CAMPAIGN" -> "campaignCodes";
                    case "CHANNEL" -> "channelCodes";
                    default -> "segmentCodes";
                };
                String linesTotal = graphQl.documentName("linesWhere")
                        .variable("from", m1.atDay(1).toString())
                        .variable("to", m1.atEndOfMonth().toString())
                        .variable("where", Map.of(dimension, List.of(row.get("code"))))
                        .execute()
                        .path("spendLines.total.amount")
                        .entity(String.class)
                        .get();
                assertThat(linesTotal).as(groupBy + " " + row.get("code")).isEqualTo(row.get("spend"));
                drilled++;
            }
        }
        // 3 campaigns, 2 channels, 2 segments (the campaigns' targets; the lines have no tags of their own)
        assertThat(drilled).isEqualTo(7);
    }

    private List<String> rows(Map<String, Object> where) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : list(report(where, null, null).get("rows"))) {
            rows.add((Boolean.TRUE.equals(row.get("unattributed")) ? "unattributed" : row.get("code")) + " "
                    + row.get("spend") + " " + row.get("customers") + " " + row.get("attributedRevenue") + " "
                    + row.get("cac") + " " + row.get("roas"));
        }
        return rows;
    }

    private String total(Map<String, Object> where) {
        Map<String, Object> total = map(report(where, null, null).get("total"));
        return total.get("spend") + " " + total.get("customers") + " " + total.get("attributedRevenue");
    }

    private Map<String, Object> report(Map<String, Object> where, String compareTo, String groupBy) {
        YearMonth m1 = m0.plusMonths(1);
        var request = graphQl.documentName("campaignPerformanceWhere")
                .variable("from", m1.atDay(1).toString())
                .variable("to", m1.atEndOfMonth().toString())
                .variable("where", where)
                .variable("compareTo", compareTo)
                .variable("groupBy", groupBy);
        Map<String, Object> report = map(
                request.execute().path("campaignPerformance").entity(Map.class).get());
        if (groupBy == null) {
            // this company's campaigns and the unattributed row: other companies' campaigns run in
            // these months too, without facts
            List<String> mine = List.of(c.code("K1"), c.code("K2"), c.code("K3"));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map<String, Object> row : list(report.get("rows"))) {
                if (Boolean.TRUE.equals(row.get("unattributed"))
                        || (row.get("code") != null && mine.contains(row.get("code")))) {
                    rows.add(row);
                }
            }
            report.put("rows", rows);
        }
        return report;
    }

    private static Map<String, Object> change(
            String spend,
            String spendPct,
            String customers,
            String revenue,
            String revenuePct,
            String cac,
            String roas) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("spend", spend);
        change.put("spendPct", spendPct);
        change.put("customers", customers);
        change.put("attributedRevenue", revenue);
        change.put("attributedRevenuePct", revenuePct);
        change.put("cac", cac);
        change.put("roas", roas);
        return change;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
