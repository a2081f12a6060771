package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The campaign funnel worked by hand (USD; March 2057, which no other test uses).
 *
 * <pre>
 * channels P1 (paid): campaigns A, B; E: campaign C
 * campaign  spend   impressions  clicks  leads  opportunities
 *  A        250.00  1000         50      10     5
 *  B        120.00   400         40       8     2
 *  C         60.00   200          0       0     0
 * customer  acquired  touches (UTC)                          first touch  days  LAST_TOUCH credit
 *  u1       03-20     A 03-01 09:00, B 03-10                 A            19    B
 *  u2       03-15     A 03-12 23:30                          A             3    A
 *  u3       03-25     B 03-01 08:00, A 03-20                 B            24    A
 *  u4       03-28     A 02-26 10:00                          A            30    A
 *  u5       03-30     C 03-29                                C             1    C
 *  u6       03-18     none; acquisition campaign B           -             -    B
 *  u7       03-22     none                                   -             -    unattributed
 *  u8       03-31     A 03-31 23:59:59+05:00 (18:59 UTC);    A             0    A
 *                     A 04-01 01:00 is after the acquisition day and ignored
 * by CAMPAIGN
 *  A: customers 4 (u2, u3, u4, u8); click-through 50/1000 = 0.0500, click to lead 10/50 = 0.2000,
 *     lead to opportunity 5/10 = 0.5000, opportunity to customer 4/5 = 0.8000, lead to customer 4/10 =
 *     0.4000, CPC 250/50 = 5.00; first touches u1 19, u2 3, u4 30, u8 0 -> 0, 3, 19, 30:
 *     median (3 + 19) / 2 = 11.0, p90 the ceil(3.6) = 4th = 30.0
 *  B: customers 2 (u1, u6); 0.1000, 0.2000, 0.2500, 1.0000, 0.2500, CPC 3.00; u3: 24.0, 24.0
 *  C: customers 1; click-through 0/200 = 0.0000, the rest null (no clicks, leads, opportunities);
 *     u5: 1.0, 1.0
 *  unattributed: u7, customers 1, every ratio null, no first touch
 * by CHANNEL
 *  P1 = A + B: 1400, 90, 18, 7, customers 6; 90/1400 = 0.0643, 18/90 = 0.2000, 7/18 = 0.3889,
 *     6/7 = 0.8571, 6/18 = 0.3333, CPC 370/90 = 4.11; days 0, 3, 19, 24, 30: median 19.0, p90 the
 *     ceil(4.5) = 5th = 30.0
 * </pre>
 */
class CampaignFunnelTest extends IntegrationTest {

    static CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        if (company != null) {
            return;
        }
        company = new CompanyBuilder(graphQl)
                .segment("S", null)
                .department("MK", "MARKETING")
                .channel("P1", true)
                .channel("E", false)
                .campaign("A", "MK", "P1", "2057-02-01")
                .campaign("B", "MK", "P1", "2057-03-01")
                .campaign("C", "MK", "E", "2057-03-01")
                .results("A", "2057-03-02", 1000, 50, 10, 5)
                .results("B", "2057-03-05", 400, 40, 8, 2)
                .results("C", "2057-03-06", 200, 0, 0, 0)
                .spend("MK", "2057-03-03", "250", "USD", "ADVERTISING", Tags.campaign("A"))
                .spend("MK", "2057-03-04", "120", "USD", "ADVERTISING", Tags.campaign("B"))
                .spend("MK", "2057-03-05", "60", "USD", "ADVERTISING", Tags.campaign("C"))
                .customer("u1", "S", null, "2057-03-20", null)
                .customer("u2", "S", null, "2057-03-15", null)
                .customer("u3", "S", null, "2057-03-25", null)
                .customer("u4", "S", null, "2057-03-28", null)
                .customer("u5", "S", null, "2057-03-30", null)
                .customer("u6", "S", null, "2057-03-18", "B")
                .customer("u7", "S", null, "2057-03-22", null)
                .customer("u8", "S", null, "2057-03-31", null)
                .touches(
                        "u1",
                        "A",
                        "2057-03-01T09:00:00Z",
                        "u1",
                        "B",
                        "2057-03-10T09:00:00Z",
                        "u2",
                        "A",
                        "2057-03-12T23:30:00Z",
                        "u3",
                        "B",
                        "2057-03-01T08:00:00Z",
                        "u3",
                        "A",
                        "2057-03-20T08:00:00Z",
                        "u4",
                        "A",
                        "2057-02-26T10:00:00Z",
                        "u5",
                        "C",
                        "2057-03-29T10:00:00Z",
                        "u8",
                        "A",
                        "2057-03-31T23:59:59+05:00",
                        "u8",
                        "A",
                        "2057-04-01T01:00:00Z")
                .build();
    }

    private static final String[] FIGURES = {
        "spend",
        "impressions",
        "clicks",
        "leads",
        "opportunities",
        "customers",
        "clickThrough",
        "clickToLead",
        "leadToOpportunity",
        "opportunityToCustomer",
        "leadToCustomer",
        "cpc",
        "firstTouchCustomers",
        "daysToAcquireMedian",
        "daysToAcquireP90"
    };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<String> rows(String groupBy) {
        return rows(groupBy, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<String> rows(String groupBy, Map<String, Object> where) {
        List<Map<String, Object>> rows = (List) graphQl.documentName("campaignFunnel")
                .variable("from", "2057-03-01")
                .variable("to", "2057-03-31")
                .variable("groupBy", groupBy)
                .variable("where", where)
                .execute()
                .path("campaignFunnel.rows")
                .entity(List.class)
                .get();
        return rows.stream()
                .filter(r -> r.get("code") == null || ((String) r.get("code")).contains("-"))
                .filter(r -> Boolean.TRUE.equals(r.get("unattributed"))
                        || List.of("A", "B", "C", "P1", "E").stream()
                                .anyMatch(n -> company.code(n).equals(r.get("code"))))
                .map(r -> (Boolean.TRUE.equals(r.get("unattributed")) ? "-" : (String) r.get("code")) + " "
                        + Arrays.stream(FIGURES)
                                .map(f -> String.valueOf(r.get(f)))
                                .collect(Collectors.joining(" ")))
                .toList();
    }

    @Test
    void byCampaignWorkedByHand() {
        assertThat(rows("CAMPAIGN"))
                .containsExactly(
                        company.code("A")
                                + " 250.00 1000 50 10 5 4.0000 0.0500 0.2000 0.5000 0.8000 0.4000 5.00 4 11.0 30.0",
                        company.code("B")
                                + " 120.00 400 40 8 2 2.0000 0.1000 0.2000 0.2500 1.0000 0.2500 3.00 1 24.0 24.0",
                        company.code("C") + " 60.00 200 0 0 0 1.0000 0.0000 null null null null null 1 1.0 1.0",
                        "- 0.00 0 0 0 0 1.0000 null null null null null null 0 null null");
    }

    @Test
    void byChannelPoolsItsCampaignsAndTheirFirstTouches() {
        assertThat(rows("CHANNEL"))
                .containsExactly(
                        company.code("E") + " 60.00 200 0 0 0 1.0000 0.0000 null null null null null 1 1.0 1.0",
                        company.code("P1")
                                + " 370.00 1400 90 18 7 6.0000 0.0643 0.2000 0.3889 0.8571 0.3333 4.11 5 19.0 30.0",
                        "- 0.00 0 0 0 0 1.0000 null null null null null null 0 null null");
    }

    /** A filter keeps whole rows: first touches included, each kept row equals its unfiltered row. */
    @Test
    void theFilterKeepsWholeRows() {
        List<String> byCampaign = rows("CAMPAIGN");
        assertThat(rows("CAMPAIGN", Map.of("campaignCodes", List.of(company.code("B"), company.code("C")))))
                .containsExactly(byCampaign.get(1), byCampaign.get(2));
        List<String> byChannel = rows("CHANNEL");
        assertThat(rows("CHANNEL", Map.of("channelCodes", List.of(company.code("P1")))))
                .containsExactly(byChannel.get(1));
        assertThat(rows("CHANNEL", Map.of("unassigned", List.of("CAMPAIGN")))).containsExactly(byChannel.get(2));
    }
}
