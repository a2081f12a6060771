package dev.revgraph.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
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
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("QD", "MARKETING")
                .channel("QC", true)
                .segment("QR", null)
                .product("QP")
                .region("QG", null);
        for (int i = 0; i < 50; i++) {
            company.segment("QS" + i, "QR")
                    .campaign(
                            "Q" + i,
                            "QD",
                            "QC",
                            "2026-07-" + (10 + i % 15),
                            null,
                            Tags.segment("QS" + i).andProduct("QP").andRegion("QG"),
                            "10");
        }
        company.build();
        String channel = company.code("QC");

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
