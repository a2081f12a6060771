package dev.revgraph.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CampaignApi;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every association of a campaign is batched: the statements per request do not grow with the page. */
class CampaignQueryCountTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Test
    void statementsPerRequestStayFlatAsThePageGrowsTenfold() {
        CampaignApi campaigns = new CampaignApi(graphQl);
        String dept = unique("QD");
        api.department(dept, "MARKETING");
        String channel = unique("QC");
        campaigns.channel(channel, true);
        String root = unique("QR");
        api.segment(root, null);
        String product = unique("QP");
        api.product(product);
        String region = unique("QG");
        api.region(region, null);
        for (int i = 0; i < 50; i++) {
            String segment = unique("QS");
            api.segment(segment, root);
            campaigns.campaign(
                    unique("Q"),
                    dept,
                    channel,
                    "2026-07-" + (10 + i % 15),
                    Map.of(
                            "segmentCode",
                            segment,
                            "productCode",
                            product,
                            "regionCode",
                            region,
                            "plannedBudgetAmount",
                            "10",
                            "plannedBudgetCurrency",
                            "USD"));
        }

        int five = statementsFor(channel, 5);
        int fifty = statementsFor(channel, 50);
        assertThat(fifty).isEqualTo(five);
        // the API token lookup, page + count + resolving the channel code, and one batch each for
        // department, channel, segment, segment parent, product and region
        assertThat(five).isLessThanOrEqualTo(10);
    }

    private int statementsFor(String channel, int first) {
        queries.reset();
        graphQl.documentName("campaigns")
                .variable("filter", Map.of("channelCodes", List.of(channel)))
                .variable("first", first)
                .execute()
                .path("campaigns.edges")
                .entityList(Object.class)
                .hasSize(first);
        return queries.count();
    }
}
