package dev.revgraph.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CampaignApi;
import dev.revgraph.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Campaigns: their rules, idempotent loads, the connection's filters, and links from spend lines. */
class CampaignTest extends IntegrationTest {

    CampaignApi campaigns;
    String dept;
    String paid;
    String email;
    String root;
    String child;

    @BeforeEach
    void dimensions() {
        campaigns = new CampaignApi(graphQl);
        dept = unique("KD");
        api.department(dept, "MARKETING");
        paid = unique("KP");
        email = unique("KE");
        campaigns.channel(paid, true);
        campaigns.channel(email, false);
        root = unique("KR");
        child = unique("KC");
        api.segment(root, null);
        api.segment(child, root);
    }

    private Map<String, Object> input(String code, String channel, String start) {
        return new HashMap<>(Map.of(
                "code",
                code,
                "name",
                "Campaign " + code,
                "departmentCode",
                dept,
                "channelCode",
                channel,
                "startDate",
                start));
    }

    @Test
    void createsAndReturnsTheSameCampaignOnARetry() {
        String code = unique("K");
        Map<String, Object> input = input(code, paid, "2026-05-01");
        input.put("segmentCode", child);
        input.put("plannedBudgetAmount", "5000");
        input.put("plannedBudgetCurrency", "USD");
        String id = (String) api.ok("createCampaign", "campaign", input).get("id");
        input.put("plannedBudgetAmount", "5000.00");
        api.mutate("createCampaign", input)
                .path("createCampaign.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("createCampaign.campaign.id")
                .entity(String.class)
                .isEqualTo(id)
                .path("createCampaign.campaign.status")
                .entity(String.class)
                .isEqualTo("PLANNED")
                .path("createCampaign.campaign.plannedBudget.amount")
                .entity(String.class)
                .isEqualTo("5000.00")
                .path("createCampaign.campaign.segment.code")
                .entity(String.class)
                .isEqualTo(child);
        input.put("name", "Another name");
        api.mutate("createCampaign", input)
                .path("createCampaign.campaign")
                .valueIsNull()
                .path("createCampaign.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("createCampaign.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(id);
    }

    @Test
    void anEndBeforeTheStartIsRefusedAndNothingIsWritten() {
        String code = unique("K");
        Map<String, Object> input = input(code, paid, "2026-05-10");
        input.put("endDate", "2026-05-09");
        api.mutate("createCampaign", input)
                .path("createCampaign.campaign")
                .valueIsNull()
                .path("createCampaign.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("InvalidInputError")
                .path("createCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "endDate")
                .path("createCampaign.errors[0].message")
                .entity(String.class)
                .isEqualTo("endDate must not be before the start date: the campaign would end (2026-05-09) before "
                        + "it starts (2026-05-10)");
        graphQl.documentName("campaign")
                .variable("code", code)
                .execute()
                .path("campaign")
                .valueIsNull();

        input.remove("endDate");
        api.ok("createCampaign", "campaign", input);
        api.mutate("endCampaign", Map.of("code", code, "endDate", "2026-05-01"))
                .path("endCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "endDate");
        api.mutate("updateCampaign", Map.of("code", code, "startDate", "2026-06-01", "endDate", "2026-05-31"))
                .path("updateCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "endDate");
        graphQl.documentName("campaign")
                .variable("code", code)
                .execute()
                .path("campaign.startDate")
                .entity(String.class)
                .isEqualTo("2026-05-10")
                .path("campaign.endDate")
                .valueIsNull()
                .path("campaign.status")
                .entity(String.class)
                .isEqualTo("PLANNED");
    }

    @Test
    void unknownCodesAreNotFoundErrors() {
        api.mutate("createCampaign", input(unique("K"), "NO-SUCH-CHANNEL", "2026-05-01"))
                .path("createCampaign.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("createCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "channelCode");
        api.mutate("endCampaign", Map.of("code", "NO-SUCH-CAMPAIGN"))
                .path("endCampaign.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("endCampaign.errors[0].message")
                .entity(String.class)
                .isEqualTo("no campaign has code NO-SUCH-CAMPAIGN");
        Map<String, Object> spend = new HashMap<>(Map.of(
                "departmentCode",
                dept,
                "bookedOn",
                "2026-05-02",
                "amount",
                "10",
                "currency",
                "USD",
                "category",
                "ADVERTISING",
                "campaignCode",
                "NO-SUCH-CAMPAIGN"));
        api.mutate("recordSpendLine", spend)
                .path("recordSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("recordSpendLine.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "campaignCode");
    }

    @Test
    void updatesAndEndsACampaign() {
        String code = unique("K");
        api.ok("createCampaign", "campaign", input(code, paid, "2026-05-01"));
        api.mutate(
                        "updateCampaign",
                        Map.of(
                                "code",
                                code,
                                "status",
                                "ACTIVE",
                                "channelCode",
                                email,
                                "segmentCode",
                                root,
                                "plannedBudgetAmount",
                                "100",
                                "plannedBudgetCurrency",
                                "USD"))
                .path("updateCampaign.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("updateCampaign.campaign.status")
                .entity(String.class)
                .isEqualTo("ACTIVE")
                .path("updateCampaign.campaign.channel.code")
                .entity(String.class)
                .isEqualTo(email)
                .path("updateCampaign.campaign.segment.code")
                .entity(String.class)
                .isEqualTo(root)
                .path("updateCampaign.campaign.plannedBudget.amount")
                .entity(String.class)
                .isEqualTo("100.00");
        api.mutate("updateCampaign", Map.of("code", code, "status", "ENDED"))
                .path("updateCampaign.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "status");
        api.mutate("endCampaign", Map.of("code", code, "endDate", "2026-05-31"))
                .path("endCampaign.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("endCampaign.campaign.status")
                .entity(String.class)
                .isEqualTo("ENDED")
                .path("endCampaign.campaign.endDate")
                .entity(String.class)
                .isEqualTo("2026-05-31");
        api.mutate("updateCampaign", Map.of("code", code, "status", "ACTIVE"))
                .path("updateCampaign.errors[0].message")
                .entity(String.class)
                .isEqualTo("status cannot change: campaign " + code + " has ended");
    }

    @Test
    void filtersByChannelSegmentSubtreeStatusAndDateOverlap() {
        String may = unique("K");
        String june = unique("K");
        String open = unique("K");
        Map<String, Object> mayInput = input(may, paid, "2026-05-01");
        mayInput.put("endDate", "2026-05-31");
        mayInput.put("segmentCode", child);
        api.ok("createCampaign", "campaign", mayInput);
        Map<String, Object> juneInput = input(june, paid, "2026-06-01");
        juneInput.put("endDate", "2026-06-30");
        juneInput.put("segmentCode", root);
        juneInput.put("status", "ACTIVE");
        api.ok("createCampaign", "campaign", juneInput);
        api.ok("createCampaign", "campaign", input(open, email, "2026-04-01"));

        assertThat(codes(Map.of("channelCodes", List.of(paid)))).containsExactly(may, june);
        assertThat(codes(Map.of("segmentCode", root))).containsExactly(may, june);
        assertThat(codes(Map.of("segmentCode", child))).containsExactly(may);
        assertThat(codes(Map.of("channelCodes", List.of(paid, email), "statuses", List.of("ACTIVE"))))
                .containsExactly(june);
        // overlap with 2026-05-15 .. 2026-05-20: May and the open-ended one, not June
        assertThat(codes(Map.of(
                        "channelCodes", List.of(paid, email), "activeFrom", "2026-05-15", "activeTo", "2026-05-20")))
                .containsExactly(open, may);
        assertThat(codes(Map.of("channelCodes", List.of(paid, email), "activeFrom", "2026-06-30")))
                .containsExactly(open, june);

        var page = graphQl.documentName("campaigns")
                .variable("filter", Map.of("channelCodes", List.of(paid, email)))
                .variable("first", 2)
                .execute();
        page.path("campaigns.totalCount")
                .entity(Integer.class)
                .isEqualTo(3)
                .path("campaigns.pageInfo.hasNextPage")
                .entity(Boolean.class)
                .isEqualTo(true);
        String cursor =
                page.path("campaigns.pageInfo.endCursor").entity(String.class).get();
        graphQl.documentName("campaigns")
                .variable("filter", Map.of("channelCodes", List.of(paid, email)))
                .variable("first", 2)
                .variable("after", cursor)
                .execute()
                .path("campaigns.edges[*].node.code")
                .entityList(String.class)
                .containsExactly(june)
                .path("campaigns.pageInfo.hasNextPage")
                .entity(Boolean.class)
                .isEqualTo(false);
    }

    private List<String> codes(Map<String, Object> filter) {
        return graphQl.documentName("campaigns")
                .variable("filter", filter)
                .execute()
                .path("campaigns.edges[*].node.code")
                .entityList(String.class)
                .get();
    }

    @Test
    void spendLinesNameTheirCampaign() {
        String code = unique("K");
        api.ok("createCampaign", "campaign", input(code, paid, "2026-05-01"));
        api.spend(dept, "2026-05-03", "42", "USD", "ADVERTISING", Map.of("campaignCode", code));
        graphQl.documentName("campaignSpend")
                .variable("code", code)
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(1)
                .path("spendLines.total.amount")
                .entity(String.class)
                .isEqualTo("42.00")
                .path("spendLines.edges[0].node.campaign.code")
                .entity(String.class)
                .isEqualTo(code)
                .path("spendLines.edges[0].node.campaign.channel.code")
                .entity(String.class)
                .isEqualTo(paid);
    }

    @Test
    void dailyResultsAreReplacedPerDayAndNegativesWriteNothing() {
        String code = unique("K");
        api.ok("createCampaign", "campaign", input(code, paid, "2026-05-01"));
        Map<String, Object> day1 = Map.of(
                "campaignCode",
                code,
                "day",
                "2026-05-01",
                "impressions",
                100,
                "clicks",
                120,
                "leads",
                3,
                "opportunities",
                1);
        Map<String, Object> day2 = Map.of(
                "campaignCode",
                code,
                "day",
                "2026-05-02",
                "impressions",
                200,
                "clicks",
                10,
                "leads",
                2,
                "opportunities",
                0);
        api.mutate("upsertCampaignResults", Map.of("results", List.of(day1, day2)))
                .path("upsertCampaignResults.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("upsertCampaignResults.results[*].day")
                .entityList(String.class)
                .containsExactly("2026-05-01", "2026-05-02")
                .path("upsertCampaignResults.warnings[0].field")
                .entityList(String.class)
                .containsExactly("input", "results", "0", "clicks")
                .path("upsertCampaignResults.warnings[0].message")
                .entity(String.class)
                .isEqualTo("campaign " + code + " on 2026-05-01 has more clicks (120) than impressions (100); "
                        + "stored as given");

        Map<String, Object> corrected = new HashMap<>(day1);
        corrected.put("clicks", 12);
        api.mutate("upsertCampaignResults", Map.of("results", List.of(corrected)))
                .path("upsertCampaignResults.warnings")
                .entityList(Object.class)
                .hasSize(0);

        Map<String, Object> negative = new HashMap<>(day2);
        negative.put("leads", -1);
        Map<String, Object> unknown = new HashMap<>(day1);
        unknown.put("campaignCode", "NO-SUCH-CAMPAIGN");
        api.mutate("upsertCampaignResults", Map.of("results", List.of(corrected, negative)))
                .path("upsertCampaignResults.results")
                .entityList(Object.class)
                .hasSize(0)
                .path("upsertCampaignResults.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "results", "1", "leads")
                .path("upsertCampaignResults.errors[0].message")
                .entity(String.class)
                .isEqualTo("results.1.leads must not be negative");
        api.mutate("upsertCampaignResults", Map.of("results", List.of(day2, unknown)))
                .path("upsertCampaignResults.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("upsertCampaignResults.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "results", "1", "campaignCode");

        graphQl.documentName("campaignResults")
                .variable("campaignCode", code)
                .variable("from", "2026-05-01")
                .variable("to", "2026-05-31")
                .execute()
                .path("campaignResults[*].clicks")
                .entityList(Integer.class)
                .containsExactly(12, 10)
                .path("campaignResults[*].leads")
                .entityList(Integer.class)
                .containsExactly(3, 2)
                .path("campaignResults[0].campaign.code")
                .entity(String.class)
                .isEqualTo(code);
    }
}
