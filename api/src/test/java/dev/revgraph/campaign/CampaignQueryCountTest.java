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
        String channel = fiftyCampaigns();

        int five = statementsFor("campaigns", channel, 5);
        int fifty = statementsFor("campaigns", channel, 50);
        assertThat(fifty).isEqualTo(five);
        // the API token lookup, page + count + resolving the channel code, and one batch each for
        // department, channel, segment, segment parent, product and region
        assertThat(five).isLessThanOrEqualTo(10);
    }

    @Test
    void assignmentHistoriesAreOneBatchPerRequest() {
        String channel = fiftyCampaigns();

        int five = statementsFor("campaignAssignmentsPage", channel, 5);
        int fifty = statementsFor("campaignAssignmentsPage", channel, 50);
        assertThat(fifty).isEqualTo(five);
        // the API token lookup, page + resolving the channel code, the histories in one statement, and
        // one batch each for department, channel, segment, product and region of the assignments
        assertThat(five).isLessThanOrEqualTo(10);
    }

    /** Fifty campaigns on a channel of their own, each with a segment, product and region; returns the channel's code. */
    private String fiftyCampaigns() {
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
        return company.code("QC");
    }

    private int statementsFor(String document, String channel, int first) {
        queries.reset();
        graphQl.documentName(document)
                .variable("filter", Map.of("channelCodes", List.of(channel)))
                .variable("first", first)
                .execute()
                .path("campaigns.edges")
                .entityList(Object.class)
                .hasSize(first);
        return queries.count();
    }
}
