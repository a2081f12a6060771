package dev.revgraph.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A campaign's tags hold from a date (changeset 0027): a retag in an open month after a closed one
 * changes no figure of the closed month and moves only the facts from its date on.
 *
 * <pre>
 * campaign K of department M (MARKETING): channel C1, segment A, product P, region R
 * month m (closed)   spend on K 200.00 day 5; customer k (segment A) acquired by K day 8,
 *                    k's revenue 100.00 day 10
 * month m+1 (open)   spend on K 300.00 day 10 and 400.00 day 25; k's revenue 100.00 day 10 and
 *                    100.00 day 25; customer j (segment A) acquired by K day 22, revenue 50.00 day 26
 * K retagged to channel C2, segment B, effective m+1 day 20:
 *   m    every figure unchanged (P&L by channel, segment, region, product; segment economics;
 *        campaign performance by campaign, channel, segment, product, region)
 *   m+1  P&L by channel   C1: revenue 100.00 (k day 10), opex 300.00, 0 new
 *                         C2: revenue 150.00 (k day 25 + j day 26), opex 400.00, 1 new (j day 22)
 *        P&L by segment   A: revenue 250.00 (customers stay in A), opex 300.00, 1 new
 *                         B: revenue 0.00, opex 400.00 (the spend line of day 25 takes K's segment of that day)
 *        segment economics A: contribution margin 250.00 - 300.00 = -50.00, CAC 300.00 / 1 = 300.00
 *                          B: contribution margin -400.00, no new customer: CAC null
 *        campaign performance by channel (no touchpoints: j's full credit to K on day 22)
 *                         C1: spend 300.00, 0 customers;  C2: spend 400.00, 1 customer, revenue 50.00,
 *                         CAC 400.00, ROAS 50 / 400 = 0.1250
 * </pre>
 */
class EffectiveDatedCampaignTest extends IntegrationTest {

    private static final List<String> PNL_DIMENSIONS = List.of("CHANNEL", "SEGMENT", "REGION", "PRODUCT");
    private static final List<String> CAMPAIGN_GROUPINGS =
            List.of("CAMPAIGN", "CHANNEL", "SEGMENT", "PRODUCT", "REGION");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRetagInAnOpenMonthLeavesTheClosedMonthAndSplitsTheOpenOneAtItsDate() {
        YearMonth closed = Api.uniqueMonth();
        YearMonth open = closed.plusMonths(1);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("M", "MARKETING")
                .channel("C1", true)
                .channel("C2", true)
                .segment("A", null)
                .segment("B", null)
                .product("P")
                .region("R", null)
                .campaign(
                        "K",
                        "M",
                        "C1",
                        closed.atDay(1).toString(),
                        null,
                        Tags.segment("A").andProduct("P").andRegion("R"),
                        null)
                .spend("M", closed.atDay(5).toString(), "200.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .spend("M", open.atDay(10).toString(), "300.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .spend("M", open.atDay(25).toString(), "400.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .customer("k", "A", null, closed.atDay(8).toString(), "K")
                .customer("j", "A", null, open.atDay(22).toString(), "K")
                .recurring(
                        "k",
                        "100.00",
                        closed.atDay(10).toString(),
                        open.atDay(10).toString(),
                        open.atDay(25).toString())
                .recurring("j", "50.00", open.atDay(26).toString());
        company.close(closed);
        String k = company.code("K");
        Map<String, Object> before = figures(closed);

        // a date inside the closed month is refused, naming the month and the field; nothing written
        long assignments = assignments(k);
        api.mutate(
                        "updateCampaign",
                        Map.of(
                                "code", k,
                                "channelCode", company.code("C2"),
                                "effectiveFrom", closed.atDay(20).toString()))
                .path("updateCampaign.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("updateCampaign.errors[0].month")
                .entity(String.class)
                .isEqualTo(closed.toString())
                .path("updateCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "effectiveFrom");
        // from a day before the closed month: its spend line would move, refused as well
        api.mutate(
                        "updateCampaign",
                        Map.of(
                                "code", k,
                                "channelCode", company.code("C2"),
                                "segmentCode", company.code("B"),
                                "name", "Renamed on the way",
                                "effectiveFrom", closed.minusMonths(1).atDay(1).toString()))
                .path("updateCampaign.errors[0].month")
                .entity(String.class)
                .isEqualTo(closed.toString())
                .path("updateCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "effectiveFrom");
        assertThat(assignments(k)).isEqualTo(assignments);
        assertThat(jdbc.queryForObject("select name from campaign where code = ?", String.class, k))
                .isEqualTo("Campaign " + k);
        assertThat(figures(closed)).as("every figure of the closed month").isEqualTo(before);

        api.mutate(
                        "updateCampaign",
                        Map.of(
                                "code", k,
                                "channelCode", company.code("C2"),
                                "segmentCode", company.code("B"),
                                "effectiveFrom", open.atDay(20).toString()))
                .path("updateCampaign.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("updateCampaign.campaign.channel.code")
                .entity(String.class)
                .isEqualTo(company.code("C2"))
                .path("updateCampaign.campaign.segment.code")
                .entity(String.class)
                .isEqualTo(company.code("B"));
        assertThat(assignments(k)).isEqualTo(assignments + 1);
        // the same tags again from the same day change nothing and record nothing
        api.ok(
                "updateCampaign",
                "campaign",
                Map.of(
                        "code",
                        k,
                        "channelCode",
                        company.code("C2"),
                        "effectiveFrom",
                        open.atDay(20).toString()));
        assertThat(assignments(k)).isEqualTo(assignments + 1);

        // campaigns.csv compares a stored campaign with its latest tags: the same row is skipped, the
        // tags it had before the retag are a conflict (a retag is dated, through updateCampaign only)
        String header = "code,name,department_code,channel_code,segment_code,product_code,region_code,start_date\n";
        String csvRow = k + ",Campaign " + k + "," + company.code("M") + ",%s,%s," + company.code("P") + ","
                + company.code("R") + "," + closed.atDay(1) + "\n";
        api.mutate(
                        "importCsv",
                        Map.of(
                                "file",
                                "CAMPAIGNS",
                                "content",
                                header + csvRow.formatted(company.code("C2"), company.code("B"))))
                .path("importCsv.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("importCsv.result.skipped")
                .entity(Integer.class)
                .isEqualTo(1);
        api.mutate(
                        "importCsv",
                        Map.of(
                                "file",
                                "CAMPAIGNS",
                                "content",
                                header + csvRow.formatted(company.code("C1"), company.code("A"))))
                .path("importCsv.errors[0].code")
                .entity(String.class)
                .isEqualTo("CONFLICT");
        assertThat(assignments(k)).isEqualTo(assignments + 1);

        assertThat(figures(closed)).as("every figure of the closed month").isEqualTo(before);

        graphQl.documentName("campaignAssignments")
                .variable("code", k)
                .variable("date", open.atDay(19).toString())
                .execute()
                .path("campaign.assignmentHistory[*].validFrom")
                .entityList(String.class)
                .containsExactly("1900-01-01", open.atDay(20).toString())
                .path("campaign.assignmentHistory[0].validTo")
                .entity(String.class)
                .isEqualTo(open.atDay(19).toString())
                .path("campaign.assignmentHistory[*].channel.code")
                .entityList(String.class)
                .containsExactly(company.code("C1"), company.code("C2"))
                .path("campaign.assignmentHistory[*].segment.code")
                .entityList(String.class)
                .containsExactly(company.code("A"), company.code("B"))
                .path("campaign.assignmentHistory[*].product.code")
                .entityList(String.class)
                .containsExactly(company.code("P"), company.code("P"))
                .path("campaign.assignmentHistory[*].department.code")
                .entityList(String.class)
                .containsExactly(company.code("M"), company.code("M"))
                .path("campaign.assignmentHistory[1].validTo")
                .valueIsNull()
                .path("campaign.assignmentOn.channel.code")
                .entity(String.class)
                .isEqualTo(company.code("C1"));

        // the open month splits at the effective date
        Map<String, Map<String, Object>> byChannel = pnl(open, "CHANNEL", "channelCode");
        assertFigures(byChannel.get(company.code("C1")), "100.00", "300.00", 0);
        assertFigures(byChannel.get(company.code("C2")), "150.00", "400.00", 1);
        Map<String, Map<String, Object>> bySegment = pnl(open, "SEGMENT", "segmentCode");
        assertFigures(bySegment.get(company.code("A")), "250.00", "300.00", 1);
        assertFigures(bySegment.get(company.code("B")), "0.00", "400.00", 0);

        Map<String, Map<String, Object>> economics = new HashMap<>();
        for (Map<String, Object> row : graphQl.documentName("segmentEconomics")
                .variable("from", open.atDay(1).toString())
                .variable("to", open.atEndOfMonth().toString())
                .execute()
                .path("segmentEconomics.rows")
                .entityList(Map.class)
                .get()) {
            economics.put((String) row.get("segmentCode"), row);
        }
        assertThat(economics.get(company.code("A")))
                .containsEntry("contributionMargin", "-50.00")
                .containsEntry("cac", "300.00")
                .containsEntry("newCustomers", 1);
        assertThat(economics.get(company.code("B")))
                .containsEntry("contributionMargin", "-400.00")
                .containsEntry("cac", null);

        Map<String, Map<String, Object>> performance = performance(open, "CHANNEL");
        assertThat(new BigDecimal((String) performance.get(company.code("C1")).get("spend")))
                .isEqualByComparingTo("300.00");
        assertThat(new BigDecimal((String) performance.get(company.code("C1")).get("customers")))
                .isEqualByComparingTo("0");
        assertThat(performance.get(company.code("C2")))
                .containsEntry("spend", "400.00")
                .containsEntry("attributedRevenue", "50.00")
                .containsEntry("cac", "400.00")
                .containsEntry("roas", "0.1250");
        assertThat(new BigDecimal((String) performance.get(company.code("C2")).get("customers")))
                .isEqualByComparingTo("1");
        // by campaign the two assignments are one row again
        assertThat(performance(open, "CAMPAIGN").get(k)).containsEntry("spend", "700.00");
    }

    /** Every report over the month that the retag could touch, as served. */
    private Map<String, Object> figures(YearMonth month) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String dimension : PNL_DIMENSIONS) {
            figures.put(
                    "pnl " + dimension,
                    graphQl.documentName("profitAndLoss")
                            .variable("from", month.atDay(1).toString())
                            .variable("to", month.atEndOfMonth().toString())
                            .variable("groupBy", List.of(dimension))
                            .execute()
                            .path("profitAndLoss")
                            .entity(Map.class)
                            .get());
        }
        figures.put(
                "segment economics",
                graphQl.documentName("segmentEconomics")
                        .variable("from", month.atDay(1).toString())
                        .variable("to", month.atEndOfMonth().toString())
                        .execute()
                        .path("segmentEconomics")
                        .entity(Map.class)
                        .get());
        for (String grouping : CAMPAIGN_GROUPINGS) {
            figures.put(
                    "campaigns " + grouping,
                    graphQl.documentName("campaignPerformance")
                            .variable("from", month.atDay(1).toString())
                            .variable("to", month.atEndOfMonth().toString())
                            .variable("groupBy", grouping)
                            .execute()
                            .path("campaignPerformance")
                            .entity(Map.class)
                            .get());
        }
        return figures;
    }

    private Map<String, Map<String, Object>> pnl(YearMonth month, String dimension, String codeField) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : graphQl.documentName("profitAndLoss")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("groupBy", List.of(dimension))
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Map.class)
                .get()) {
            rows.put((String) row.get(codeField), row);
        }
        return rows;
    }

    private Map<String, Map<String, Object>> performance(YearMonth month, String grouping) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : graphQl.documentName("campaignPerformance")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("groupBy", grouping)
                .execute()
                .path("campaignPerformance.rows")
                .entityList(Map.class)
                .get()) {
            rows.put((String) row.get("code"), row);
        }
        return rows;
    }

    private static void assertFigures(
            Map<String, Object> row, String revenue, String operatingExpenses, int newCustomers) {
        assertThat(row)
                .containsEntry("revenue", revenue)
                .containsEntry("operatingExpenses", operatingExpenses)
                .containsEntry("newCustomers", newCustomers);
    }

    private long assignments(String code) {
        return jdbc.queryForObject(
                "select count(*) from campaign_assignment a join campaign c on c.id = a.campaign_id where c.code = ?",
                Long.class,
                code);
    }
}
