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
 * Acquisition economics worked by hand to the cent (USD; 2055 to January 2056, which no other test
 * uses, so the company's gross margin is this company's). The range is 2055-01-01 .. 2056-01-31.
 *
 * <pre>
 * channels PS (paid), OR; campaigns K1 on PS, K2 on OR; spend K1 300.00 (01-03), K2 500.00 (01-04)
 * customer  acquired    acquisition campaign  touches               recurring revenue
 *  a        2055-01-10  K1                    none                  100 Jan..Mar, 120 Apr 2055..Jan 2056; one-off 60 on 01-05
 *  b        2055-01-20  K2                    K1 01-05, K2 01-15    200 Jan, Feb; 150 Mar, Apr; then none (churned in May)
 *  c        2055-02-15  none                  none                  50 Feb 2055..Jan 2056
 * company revenue Jan 360, Feb 350, Mar 300, Apr 320, May..Jan 170; cost of service half of it:
 * the company's gross margin is 0.5 every month
 *
 * LAST_TOUCH by CHANNEL: OR = b (1), PS = a (1), unattributed = c
 *           customers spend  CAC    3m      6m      12m      GRR            NRR             ARPA             LTV
 *  OR (b)   1.0000    500    500.00 700.00  700.00  700.00   500/700 .7143  500/700 .7143   700/4 = 175.00   175 x .5 / (200/700) = 306.25
 *  PS (a)   1.0000    300    300.00 420.00  780.00  1500.00  1380/1380 1    1400/1380 1.0145 1500/13 = 115.38 null (no churn)
 *  -  (c)   1.0000    0      null   200.00  350.00  null     1              1               50.00            null
 *  3m of a: 01-10..04-30 = 100 + 100 + 100 + 120 (the one-off before the acquisition date does not count);
 *  12m of c would end 2056-02-29, after `to`: null.
 *  GRR of b: start MRR Feb 200, Mar 200, Apr 150, May 150 = 700; kept 200 + 150 + 150 + 0 = 500.
 *  LTV:CAC OR = 306.25 / 500 = 0.6125.
 *  Payback PS (300): gross profit 50, 50, 50, 60, 60, 60 -> 50, 100, 150, 210, 270, 330: month 6;
 *  OR (500): 100, 100, 75, 75 = 350 at most: null.
 *
 * LINEAR by CAMPAIGN: K1 = a (1) + b (1/2) = 1.5, K2 = b (1/2)
 *  K1: CAC 300 / 1.5 = 200.00; 3m (420 + 700/2) / 1.5 = 513.33; 6m (780 + 350) / 1.5 = 753.33;
 *      12m (1500 + 350) / 1.5 = 1233.33; GRR (1380 + 250) / (1380 + 350) = 0.9422;
 *      NRR (1400 + 250) / 1730 = 0.9538; ARPA (1500 + 350) / (13 + 2) = 123.33; churn 100 / 1730 = 0.0578;
 *      LTV 123.333.. x 0.5 / 0.0578034.. = 1066.83; LTV:CAC 5.3342;
 *      payback: 50 + 50 = 100, 200, 287.5, 385 >= 300: month 4
 *  K2: 0.5000 customers, CAC 500 / 0.5 = 1000.00, 3m 700.00, payback null (at most 175)
 * </pre>
 */
class AcquisitionEconomicsTest extends IntegrationTest {

    static CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        if (company != null) {
            return;
        }
        CompanyBuilder c = new CompanyBuilder(graphQl)
                .segment("S", null)
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS")
                .channel("PS", true)
                .channel("OR", false)
                .campaign("K1", "MK", "PS", "2055-01-01")
                .campaign("K2", "MK", "OR", "2055-01-01")
                .customer("a", "S", null, "2055-01-10", "K1")
                .customer("b", "S", null, "2055-01-20", "K2")
                .customer("c", "S", null, "2055-02-15", null)
                .touches("b", "K1", "2055-01-05T10:00:00Z", "b", "K2", "2055-01-15T10:00:00Z")
                .spend("MK", "2055-01-03", "300", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MK", "2055-01-04", "500", "USD", "ADVERTISING", Tags.campaign("K2"))
                .recurring("a", "100", "2055-01-31", "2055-02-28", "2055-03-31")
                .recurring(
                        "a",
                        "120",
                        "2055-04-30",
                        "2055-05-31",
                        "2055-06-30",
                        "2055-07-31",
                        "2055-08-31",
                        "2055-09-30",
                        "2055-10-31",
                        "2055-11-30",
                        "2055-12-31",
                        "2056-01-31")
                .revenue("a", "2055-01-05", "60", "USD", false)
                .recurring("b", "200", "2055-01-31", "2055-02-28")
                .recurring("b", "150", "2055-03-31", "2055-04-30");
        String[] cDays = {
            "2055-02-28",
            "2055-03-31",
            "2055-04-30",
            "2055-05-31",
            "2055-06-30",
            "2055-07-31",
            "2055-08-31",
            "2055-09-30",
            "2055-10-31",
            "2055-11-30",
            "2055-12-31",
            "2056-01-31"
        };
        c.recurring("c", "50", cDays);
        String[][] cogs = {
            {"2055-01-31", "180"}, {"2055-02-28", "175"}, {"2055-03-31", "150"}, {"2055-04-30", "160"},
            {"2055-05-31", "85"}, {"2055-06-30", "85"}, {"2055-07-31", "85"}, {"2055-08-31", "85"},
            {"2055-09-30", "85"}, {"2055-10-31", "85"}, {"2055-11-30", "85"}, {"2055-12-31", "85"},
            {"2056-01-31", "85"}
        };
        for (String[] line : cogs) {
            c.spend("OP", line[0], line[1], "USD", "COST_OF_SERVICE", Tags.NONE);
        }
        company = c.build();
    }

    private static final String[] FIGURES = {
        "customers",
        "spend",
        "cac",
        "revenuePerCustomer3m",
        "revenuePerCustomer6m",
        "revenuePerCustomer12m",
        "grr",
        "nrr",
        "arpa",
        "grossMargin",
        "monthlyRevenueChurn",
        "ltv",
        "ltvToCac",
        "paybackMonth"
    };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<String> rows(String groupBy, String model) {
        return rows(groupBy, model, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<String> rows(String groupBy, String model, Map<String, Object> where) {
        List<Map<String, Object>> rows = (List) graphQl.documentName("acquisitionEconomics")
                .variable("from", "2055-01-01")
                .variable("to", "2056-01-31")
                .variable("groupBy", groupBy)
                .variable("model", model)
                .variable("where", where)
                .execute()
                .path("acquisitionEconomics.rows")
                .entity(List.class)
                .get();
        return rows.stream()
                .map(r -> (Boolean.TRUE.equals(r.get("unattributed")) ? "-" : (String) r.get("code")) + " "
                        + Arrays.stream(FIGURES)
                                .map(f -> String.valueOf(r.get(f)))
                                .collect(Collectors.joining(" ")))
                .toList();
    }

    @Test
    void lastTouchByChannelWorkedByHand() {
        assertThat(rows("CHANNEL", "LAST_TOUCH"))
                .containsExactly(
                        company.code("OR")
                                + " 1.0000 500.00 500.00 700.00 700.00 700.00 0.7143 0.7143 175.00 0.5000 0.2857"
                                + " 306.25 0.6125 null",
                        company.code("PS")
                                + " 1.0000 300.00 300.00 420.00 780.00 1500.00 1.0000 1.0145 115.38 0.5000 0.0000"
                                + " null null 6",
                        "- 1.0000 0.00 null 200.00 350.00 null 1.0000 1.0000 50.00 0.5000 0.0000 null null null");
    }

    @Test
    void linearByCampaignWeighsEveryFigureByTheCredits() {
        assertThat(rows("CAMPAIGN", "LINEAR"))
                .containsExactly(
                        company.code("K1")
                                + " 1.5000 300.00 200.00 513.33 753.33 1233.33 0.9422 0.9538 123.33 0.5000 0.0578"
                                + " 1066.83 5.3342 4",
                        company.code("K2")
                                + " 0.5000 500.00 1000.00 700.00 700.00 700.00 0.7143 0.7143 175.00 0.5000 0.2857"
                                + " 306.25 0.3063 null",
                        "- 1.0000 0.00 null 200.00 350.00 null 1.0000 1.0000 50.00 0.5000 0.0000 null null null");
    }

    /**
     * A filter keeps rows whole: a row's figures come from its own credits (with their customers'
     * revenue) and its own spend, so each kept row equals its row in the unfiltered report, to the cent.
     */
    @Test
    void theFilterKeepsWholeRows() {
        List<String> linear = rows("CAMPAIGN", "LINEAR");
        assertThat(rows("CAMPAIGN", "LINEAR", Map.of("campaignCodes", List.of(company.code("K1")))))
                .containsExactly(linear.get(0));
        assertThat(rows("CAMPAIGN", "LINEAR", Map.of("not", Map.of("campaignCodes", List.of(company.code("K1"))))))
                .containsExactly(linear.get(1), linear.get(2));
        assertThat(rows("CAMPAIGN", "LINEAR", Map.of("unassigned", List.of("CAMPAIGN"))))
                .containsExactly(linear.get(2));
        List<String> byChannel = rows("CHANNEL", "LAST_TOUCH");
        assertThat(rows("CHANNEL", "LAST_TOUCH", Map.of("channelCodes", List.of(company.code("PS")))))
                .containsExactly(byChannel.get(1));
    }
}
