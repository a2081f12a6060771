package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Touchpoints and daily campaign results dated in a closed month are refused like ledger lines, by
 * the schema's guard (changeset 0025): the mutation answers a ClosedPeriodError naming the month
 * and the field, the import a row error naming the month, and nothing is written.
 */
class ClosedMonthTouchpointsTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    CompanyBuilder company;
    String campaign;
    String customer;
    YearMonth closed;

    @BeforeEach
    void aCampaignACustomerAndAClosedMonth() {
        closed = Api.uniqueMonth();
        company = new CompanyBuilder(graphQl)
                .department("dept", "MARKETING")
                .channel("channel", true)
                .segment("segment", null)
                .campaign("campaign", "dept", "channel", closed.atDay(1).toString())
                .customer("customer", "segment", null, closed.atDay(2).toString(), "campaign")
                .close(closed);
        campaign = company.code("campaign");
        customer = company.code("customer");
    }

    @Test
    void refusesTouchpointsDatedInAClosedMonthAndWritesNothing() {
        long before = touchpoints();
        var response = api.mutate(
                "recordTouchpoints",
                Map.of(
                        "touchpoints",
                        List.of(
                                touch(closed.plusMonths(1).atDay(3) + "T10:00:00Z"),
                                touch(closed.atDay(20) + "T10:00:00Z"))));
        response.path("recordTouchpoints.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("recordTouchpoints.errors[0].field")
                .entityList(String.class)
                .contains("occurredAt")
                .path("recordTouchpoints.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains(closed.toString()));
        assertThat(touchpoints())
                .as("the open month's touchpoint is rolled back too")
                .isEqualTo(before);

        // the month is the instant's month in UTC: 23:30 at -02:00 on the last day of the month
        // before is already in the closed month
        api.mutate(
                        "recordTouchpoints",
                        Map.of(
                                "touchpoints",
                                List.of(touch(closed.minusMonths(1).atEndOfMonth() + "T23:30:00-02:00"))))
                .path("recordTouchpoints.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains(closed.toString()));
        assertThat(touchpoints()).isEqualTo(before);

        var imported = api.mutate(
                "importCsv",
                Map.of(
                        "file",
                        "TOUCHPOINTS",
                        "content",
                        "customer_external_id,campaign_code,occurred_at,kind\n" + customer + "," + campaign + ","
                                + closed.atDay(4) + "T09:00:00Z,CLICK\n"));
        imported.path("importCsv.result").valueIsNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) (List<?>)
                imported.path("importCsv.errors").entityList(Map.class).get();
        assertThat(errors)
                .extracting(e -> e.get("line"), e -> e.get("column"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "occurred_at", "CLOSED_PERIOD"));
        assertThat((String) errors.get(0).get("message")).contains(closed.toString());
        assertThat(touchpoints()).isEqualTo(before);

        // plain SQL meets the same guard
        assertThat(sqlState("insert into touchpoint (customer_id, campaign_id, occurred_at, kind, created_by)"
                        + " select cu.id, ca.id, '" + closed.atDay(5) + "T12:00:00Z', 'CLICK', 'test'"
                        + " from customer cu, campaign ca where cu.external_id = '" + customer + "' and ca.code = '"
                        + campaign + "'"))
                .isEqualTo("RG001");

        // the month after is open
        company.touches("customer", "campaign", closed.plusMonths(1).atDay(3) + "T10:00:00Z")
                .build();
        assertThat(touchpoints()).isEqualTo(before + 1);
    }

    @Test
    void refusesCampaignResultsDatedInAClosedMonthAndWritesNothing() {
        long before = results();
        api.mutate(
                        "upsertCampaignResults",
                        Map.of(
                                "results",
                                List.of(
                                        result(closed.plusMonths(1).atDay(1).toString()),
                                        result(closed.atDay(9).toString()))))
                .path("upsertCampaignResults.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("upsertCampaignResults.errors[0].field")
                .entityList(String.class)
                .contains("day")
                .path("upsertCampaignResults.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains(closed.toString()));
        assertThat(results()).isEqualTo(before);

        var imported = api.mutate(
                "importCsv",
                Map.of(
                        "file",
                        "CAMPAIGN_RESULTS",
                        "content",
                        "campaign_code,date,impressions,clicks,leads,opportunities\n" + campaign + "," + closed.atDay(9)
                                + ",100,10,1,0\n"));
        imported.path("importCsv.result").valueIsNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) (List<?>)
                imported.path("importCsv.errors").entityList(Map.class).get();
        assertThat(errors)
                .extracting(e -> e.get("line"), e -> e.get("column"), e -> e.get("code"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "date", "CLOSED_PERIOD"));
        assertThat(results()).isEqualTo(before);
    }

    private Map<String, Object> touch(String at) {
        return Map.of("customerExternalId", customer, "campaignCode", campaign, "occurredAt", at, "kind", "CLICK");
    }

    private Map<String, Object> result(String day) {
        return Map.of(
                "campaignCode", campaign, "day", day, "impressions", 100, "clicks", 10, "leads", 1, "opportunities", 0);
    }

    private long touchpoints() {
        return jdbc.queryForObject(
                "select count(*) from touchpoint t join customer c on c.id = t.customer_id where c.external_id = ?",
                Long.class,
                customer);
    }

    private long results() {
        return jdbc.queryForObject(
                "select count(*) from campaign_result r join campaign c on c.id = r.campaign_id where c.code = ?",
                Long.class,
                campaign);
    }

    private String sqlState(String sql) {
        try {
            jdbc.execute(sql);
            return null;
        } catch (org.springframework.dao.DataAccessException e) {
            return e.getMostSpecificCause() instanceof java.sql.SQLException s ? s.getSQLState() : e.toString();
        }
    }
}
