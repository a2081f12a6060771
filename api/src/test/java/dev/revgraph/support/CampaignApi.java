package dev.revgraph.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.test.tester.GraphQlTester;

/** Setup steps of the campaign and attribution tests, each a real GraphQL mutation that must succeed. */
public final class CampaignApi {

    private final GraphQlTester graphQl;

    public CampaignApi(GraphQlTester graphQl) {
        this.graphQl = graphQl;
    }

    private Map<String, Object> ok(String document, String field, String object, Map<String, Object> input) {
        GraphQlTester.Response response =
                graphQl.documentName(document).variable("input", input).execute();
        response.path(field + ".errors").entityList(Object.class).hasSize(0);
        return response.path(field + "." + object).entity(Map.class).get();
    }

    public void channel(String code, boolean paid) {
        ok("createChannel", "createChannel", "channel", Map.of("code", code, "name", "Channel " + code, "paid", paid));
    }

    /** Creates a campaign starting on {@code startDate}; {@code extra} adds or overrides input fields. */
    public void campaign(String code, String department, String channel, String startDate, Map<String, Object> extra) {
        Map<String, Object> input = new LinkedHashMap<>(Map.of(
                "code",
                code,
                "name",
                "Campaign " + code,
                "departmentCode",
                department,
                "channelCode",
                channel,
                "startDate",
                startDate));
        input.putAll(extra);
        ok("createCampaign", "createCampaign", "campaign", input);
    }

    /** Loads one day of results of one campaign. */
    public void result(String campaign, String day, int impressions, int clicks, int leads, int opportunities) {
        graphQl.documentName("upsertCampaignResults")
                .variable(
                        "input",
                        Map.of(
                                "results",
                                List.of(Map.of(
                                        "campaignCode",
                                        campaign,
                                        "day",
                                        day,
                                        "impressions",
                                        impressions,
                                        "clicks",
                                        clicks,
                                        "leads",
                                        leads,
                                        "opportunities",
                                        opportunities))))
                .execute()
                .path("upsertCampaignResults.errors")
                .entityList(Object.class)
                .hasSize(0);
    }

    /** Creates a customer; {@code acquisitionCampaign} may be null. */
    public void customer(String externalId, String segment, String acquiredOn, String acquisitionCampaign) {
        Map<String, Object> input = new LinkedHashMap<>(Map.of(
                "externalId",
                externalId,
                "name",
                "Customer " + externalId,
                "segmentCode",
                segment,
                "acquiredOn",
                acquiredOn));
        input.put("acquisitionCampaignCode", acquisitionCampaign);
        ok("attributionCustomer", "createCustomer", "customer", input);
    }

    public void revenue(String customer, String recognizedOn, String amount, String currency) {
        ok(
                "attributionRevenue",
                "recordRevenueLine",
                "revenueLine",
                Map.of(
                        "customerExternalId",
                        customer,
                        "recognizedOn",
                        recognizedOn,
                        "amount",
                        amount,
                        "currency",
                        currency,
                        "recurring",
                        true));
    }

    /** Records touchpoints given as (customer, campaign, occurredAt) triples, all of kind CLICK. */
    public void touches(String... customerCampaignTime) {
        List<Map<String, Object>> touchpoints = new ArrayList<>();
        for (int i = 0; i < customerCampaignTime.length; i += 3) {
            touchpoints.add(Map.of(
                    "customerExternalId",
                    customerCampaignTime[i],
                    "campaignCode",
                    customerCampaignTime[i + 1],
                    "occurredAt",
                    customerCampaignTime[i + 2],
                    "kind",
                    "CLICK"));
        }
        graphQl.documentName("recordTouchpoints")
                .variable("input", Map.of("touchpoints", touchpoints))
                .execute()
                .path("recordTouchpoints.errors")
                .entityList(Object.class)
                .hasSize(0);
    }
}
