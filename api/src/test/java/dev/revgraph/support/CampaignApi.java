package dev.revgraph.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Single campaign-side mutations that must succeed, for tests that need one fresh channel or
 * campaign to act on; companies are built with {@link CompanyBuilder}.
 */
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
}
