package dev.revgraph.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DIRECT_SPEND driver measures a campaign's spend by the campaign's tags in force on each
 * line's booking date (changesets 0027 and 0034), as the P&L slices it.
 *
 * <pre>
 * month m (open); segments V, W; departments OPS (source), MKT; campaign K of MKT tagged V
 *   spend MKT on K (no tags of its own): m-05 100.00, m-25 300.00; OPS TOOLS m-10 40.00
 *   K retagged to W from m-20
 * rule DS: OPS -> SEGMENT [V, W] by DIRECT_SPEND from m
 *   drivers: V 100.00 (the m-05 line, tagged V on its day), W 300.00 (the m-25 line)
 *   pool 40.00 -> V 40 x 100/400 = 10.00, W 40 x 300/400 = 30.00
 *   (by K's latest tags both lines would count for W: V 0.00, W 40.00)
 * the P&L by segment of m agrees: V spend 100.00, W 300.00 of K's lines
 * </pre>
 */
class DirectSpendDatedTagsTest extends IntegrationTest {

    @Test
    void directSpendFollowsTheCampaignTagsInForceOnEachLinesDate() {
        YearMonth m = Api.uniqueMonth();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("V", null)
                .segment("W", null)
                .department("OPS", "OPERATIONS")
                .department("MKT", "MARKETING")
                .channel("C", true)
                .campaign("K", "MKT", "C", m.atDay(1).toString(), null, Tags.segment("V"), null)
                .spend("MKT", m.atDay(5).toString(), "100.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .spend("MKT", m.atDay(25).toString(), "300.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .spend("OPS", m.atDay(10).toString(), "40.00", "USD", "TOOLS", Tags.NONE)
                .build();
        api.ok(
                "updateCampaign",
                "campaign",
                Map.of(
                        "code",
                        company.code("K"),
                        "segmentCode",
                        company.code("W"),
                        "effectiveFrom",
                        m.atDay(20).toString()));
        String rule = unique("DS");
        api.mutate(
                        "createAllocationRule",
                        Map.of(
                                "code",
                                rule,
                                "name",
                                "Operations by direct spend",
                                "driver",
                                "DIRECT_SPEND",
                                "effectiveFrom",
                                m.toString(),
                                "sourceDepartmentCode",
                                company.code("OPS"),
                                "targetDimension",
                                "SEGMENT",
                                "targets",
                                List.of(Map.of("code", company.code("V")), Map.of("code", company.code("W")))))
                .path("createAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);

        List<Map> rows = graphQl.documentName("allocations")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("ruleCodes", List.of(rule))
                .execute()
                .path("allocations.rows")
                .entityList(Map.class)
                .get();
        assertThat(rows)
                .extracting(
                        r -> r.get("targetCode"), r -> r.get("driverValue"), r -> r.get("pool"), r -> r.get("amount"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(company.code("V"), "100.00", "40.00", "10.00"),
                        org.assertj.core.groups.Tuple.tuple(company.code("W"), "300.00", "40.00", "30.00"));
    }
}
