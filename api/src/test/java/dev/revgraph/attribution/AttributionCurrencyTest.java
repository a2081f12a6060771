package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attribution reports in another currency than the reporting one (USD), worked by hand to the
 * cent, in 2071, which no other test writes to (so the company totals and gross margins are this
 * company's).
 *
 * <pre>
 * currency K: 1 K = 2.00 USD from 2071-01-01, 2.50 USD from 2071-01-16 (two rates in one month)
 * campaign C1 (department MK, channel CH), from 2071-01-01; results 2071-01-10: 1000 impressions,
 *   100 clicks, 10 leads, 2 opportunities
 * spend on C1:  100.00 USD 01-10          = 100.00 USD = 100 / 2.00 =  50.00 K
 *                40.00 K   01-20 (2.50)   = 100.00 USD              =  40.00 K
 *                25.00 K   02-12 (2.50)   =  62.50 USD              =  25.00 K
 * cost of service (OP): 30.00 USD 01-31 = 12.00 K; 8.00 K 02-10 = 20.00 USD
 * customer a: acquired 2071-01-12, acquisition campaign C1, no touch before (credit 1 to C1);
 *   touched by C1 on 02-03 (after its acquisition: expansion attribution)
 *   recurring 60.00 USD 01-14 (= 30.00 K), 10.00 K 01-25 (= 25.00 USD), 120.00 USD 02-05 (= 48.00 K)
 *   MRR: January 85.00 USD = 40.00 K; February 120.00 USD = 48.00 K
 * customer b: acquired 2071-01-18, no campaign (unattributed); recurring 20.00 USD 01-20 (= 8.00 K)
 *
 * campaignPerformance, January, LAST_TOUCH         USD                        K
 *   C1 spend                                       200.00                     90.00
 *      customers                                   1.0000                     1.0000
 *      attributedRevenue (a, 01-12..01-31)         60 + 25 = 85.00            30 + 10 = 40.00
 *      cpl = spend / 10 leads                      20.00                      9.00
 *      cac                                         200.00                     90.00
 *      roas                                        85 / 200 = 0.4250          40 / 90 = 0.4444
 *      roi                                         -115 / 200 = -0.5750       -50 / 90 = -0.5556
 *   unattributed (b) revenue                       20.00                      8.00
 *   total revenue 105.00 / 48.00, cac 200 / 2 = 100.00 / 45.00, roas 0.5250 / 0.5333
 * campaignFunnel, January: C1 cpc = spend / 100 clicks = 2.00 USD, 0.90 K
 *
 * acquisitionEconomics, 2071-01-01..2071-02-28, by campaign
 *   company gross margin  January  USD (105 - 30) / 105 = 0.714285..   K (48 - 12) / 48 = 0.75
 *                         February USD (120 - 20) / 120 = 0.8333..     K (48 - 8) / 48 = 0.8333..
 *   C1 (a): spend 262.50 USD / 115.00 K = CAC; GRR 1 (no contraction); NRR 120 / 85 = 1.4118,
 *     48 / 40 = 1.2000; ARPA (85 + 120) / 2 = 102.50, (40 + 48) / 2 = 44.00; gross margin
 *     (85 x 0.714285.. + 120 x 0.8333..) / 205 = 160.714285.. / 205 = 0.7840,
 *     (40 x 0.75 + 48 x 0.8333..) / 88 = 70 / 88 = 0.7955; no churn: LTV null; payback not reached
 *     (160.71 < 262.50, 70 < 115); the 3, 6 and 12 month windows end after 02-28: null
 *   unattributed (b): MRR 20 USD / 8 K in January, none after: GRR, NRR 0, churn 1; ARPA 20.00 / 8.00;
 *     gross margin 0.7143 / 0.7500; LTV 20 x 0.714285.. / 1 = 14.29, 8 x 0.75 / 1 = 6.00
 *
 * expansionAttribution, February: a's MRR rises 85 -> 120 USD (35.00), 40 -> 48 K (8.00), credited to
 *   C1 (its touch of 02-03); C1's February spend 62.50 USD / 25.00 K; ROI (35 - 62.5) / 62.5 = -0.4400,
 *   (8 - 25) / 25 = -0.6800
 * </pre>
 */
class AttributionCurrencyTest extends IntegrationTest {

    static CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        if (company != null) {
            return;
        }
        company = new CompanyBuilder(graphQl)
                .currency("K", "2071-01-01", "2.00", "2071-01-16", "2.50")
                .currency("Z", "2071-02-01", "3.00")
                .segment("S", null)
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS")
                .channel("CH", true)
                .campaign("C1", "MK", "CH", "2071-01-01")
                .results("C1", "2071-01-10", 1000, 100, 10, 2)
                .customer("a", "S", null, "2071-01-12", "C1")
                .customer("b", "S", null, "2071-01-18", null)
                .touches("a", "C1", "2071-02-03T10:00:00Z")
                .spend("MK", "2071-01-10", "100.00", "USD", "ADVERTISING", Tags.campaign("C1"))
                .spend("MK", "2071-01-20", "40.00", "K", "ADVERTISING", Tags.campaign("C1"))
                .spend("MK", "2071-02-12", "25.00", "K", "ADVERTISING", Tags.campaign("C1"))
                .spend("OP", "2071-01-31", "30.00", "USD", "COST_OF_SERVICE", Tags.NONE)
                .spend("OP", "2071-02-10", "8.00", "K", "COST_OF_SERVICE", Tags.NONE)
                .revenue("a", "2071-01-14", "60.00", "USD", true)
                .revenue("a", "2071-01-25", "10.00", "K", true)
                .revenue("a", "2071-02-05", "120.00", "USD", true)
                .revenue("b", "2071-01-20", "20.00", "USD", true)
                .build();
    }

    private Map<String, Object> report(String document, String field, String from, String to, Object currency) {
        return report(document, field, from, to, currency, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> report(
            String document, String field, String from, String to, Object currency, String compareTo) {
        return graphQl.documentName(document)
                .variable("from", from)
                .variable("to", to)
                .variable("currency", currency)
                .variable("compareTo", compareTo)
                .execute()
                .path(field)
                .entity(Map.class)
                .get();
    }

    /**
     * The report's rows of this company's campaign and the unattributed row: campaigns other tests left
     * running through 2071 are listed too, with nothing in them.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rows(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("rows"))
                .stream()
                        .filter(r -> Boolean.TRUE.equals(r.get("unattributed"))
                                || company.code("C1").equals(r.get("code")))
                        .toList();
    }

    private static String line(Map<String, Object> row, String... figures) {
        String key = Boolean.TRUE.equals(row.get("unattributed")) ? "-" : (String) row.get("code");
        return key + " "
                + Arrays.stream(figures).map(f -> String.valueOf(row.get(f))).collect(Collectors.joining(" "));
    }

    private static final String[] PERFORMANCE = {
        "spend", "customers", "attributedRevenue", "cpl", "ctr", "leadToCustomer", "cac", "roas", "roi"
    };

    @Test
    void campaignPerformanceConvertsEachLineAtItsDaysRate() {
        Map<String, Object> usd =
                report("campaignPerformanceIn", "campaignPerformance", "2071-01-01", "2071-01-31", null);
        Map<String, Object> k =
                report("campaignPerformanceIn", "campaignPerformance", "2071-01-01", "2071-01-31", company.code("K"));
        assertThat(usd.get("currency")).isEqualTo("USD");
        assertThat(k.get("currency")).isEqualTo(company.code("K"));
        assertThat(rows(usd).stream().map(r -> line(r, PERFORMANCE)))
                .containsExactly(
                        company.code("C1") + " 200.00 1.0000 85.00 20.00 0.1000 0.1000 200.00 0.4250 -0.5750",
                        "- 0.00 1.0000 20.00 null null null null null null");
        assertThat(rows(k).stream().map(r -> line(r, PERFORMANCE)))
                .containsExactly(
                        company.code("C1") + " 90.00 1.0000 40.00 9.00 0.1000 0.1000 90.00 0.4444 -0.5556",
                        "- 0.00 1.0000 8.00 null null null null null null");
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) k.get("total");
        assertThat(line(total, PERFORMANCE))
                .isEqualTo("null 90.00 2.0000 48.00 9.00 0.1000 0.2000 45.00 0.5333 -0.4667");
    }

    @Test
    void campaignFunnelCostPerClickInTheReportCurrency() {
        Map<String, Object> k =
                report("campaignFunnelIn", "campaignFunnel", "2071-01-01", "2071-01-31", company.code("K"));
        Map<String, Object> usd = report("campaignFunnelIn", "campaignFunnel", "2071-01-01", "2071-01-31", null);
        assertThat(rows(k).stream().map(r -> line(r, "spend", "customers", "cpc", "leadToCustomer")))
                .containsExactly(company.code("C1") + " 90.00 1.0000 0.90 0.1000", "- 0.00 1.0000 null null");
        assertThat(rows(usd).stream().map(r -> line(r, "spend", "customers", "cpc", "leadToCustomer")))
                .containsExactly(company.code("C1") + " 200.00 1.0000 2.00 0.1000", "- 0.00 1.0000 null null");
    }

    private static final String[] ECONOMICS = {
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

    @SuppressWarnings("unchecked")
    private List<String> economics(Object currency) {
        Map<String, Object> report = (Map<String, Object>) graphQl.documentName("acquisitionEconomicsIn")
                .variable("from", "2071-01-01")
                .variable("to", "2071-02-28")
                .variable("groupBy", "CAMPAIGN")
                .variable("currency", currency)
                .execute()
                .path("acquisitionEconomics")
                .entity(Map.class)
                .get();
        return rows(report).stream().map(r -> line(r, ECONOMICS)).toList();
    }

    @Test
    void acquisitionEconomicsConvertsSpendRevenueMrrAndMargins() {
        assertThat(economics(null))
                .containsExactly(
                        company.code("C1")
                                + " 1.0000 262.50 262.50 null null null 1.0000 1.4118 102.50 0.7840 0.0000 null null null",
                        "- 1.0000 0.00 null null null null 0.0000 0.0000 20.00 0.7143 1.0000 14.29 null null");
        assertThat(economics(company.code("K")))
                .containsExactly(
                        company.code("C1")
                                + " 1.0000 115.00 115.00 null null null 1.0000 1.2000 44.00 0.7955 0.0000 null null null",
                        "- 1.0000 0.00 null null null null 0.0000 0.0000 8.00 0.7500 1.0000 6.00 null null");
    }

    private static final String[] EXPANSION = {"expansionMrr", "reactivatedMrr", "creditedMrr", "spend", "roi"};

    @Test
    void expansionAttributionConvertsTheMovementsAndTheSpend() {
        Map<String, Object> usd =
                report("expansionAttributionIn", "expansionAttribution", "2071-02-01", "2071-02-28", null);
        Map<String, Object> k =
                report("expansionAttributionIn", "expansionAttribution", "2071-02-10", "2071-02-20", company.code("K"));
        assertThat(rows(usd).stream().map(r -> line(r, EXPANSION)))
                .containsExactly(company.code("C1") + " 35.00 0.00 35.00 62.50 -0.4400");
        assertThat(rows(k).stream().map(r -> line(r, EXPANSION)))
                .containsExactly(company.code("C1") + " 8.00 0.00 8.00 25.00 -0.6800");
        assertThat(k.get("currency")).isEqualTo(company.code("K"));
    }

    /** The reporting currency named is the reporting currency left out: the same report, byte for byte. */
    @Test
    void theReportingCurrencyNamedEqualsNoCurrency() {
        String[][] reports = {
            {"campaignPerformanceIn", "campaignPerformance", "2071-01-01", "2071-01-31"},
            {"campaignFunnelIn", "campaignFunnel", "2071-01-01", "2071-01-31"},
            {"acquisitionEconomicsIn", "acquisitionEconomics", "2071-01-01", "2071-02-28"},
            {"expansionAttributionIn", "expansionAttribution", "2071-02-01", "2071-02-28"}
        };
        for (String[] r : reports) {
            assertThat(report(r[0], r[1], r[2], r[3], "USD")).as(r[1]).isEqualTo(report(r[0], r[1], r[2], r[3], null));
        }
    }

    /**
     * Closing January and February changes no figure in K: a closed month's campaign spend and
     * customer revenue are the day amounts its close stored, at today's rates, and MRR and margins the
     * ledger lines it keeps; the credits are the close's.
     */
    @Test
    void closingTheMonthsChangesNoFigureInAnotherCurrency() {
        String[][] reports = {
            {"campaignPerformanceIn", "campaignPerformance", "2071-01-01", "2071-01-31"},
            {"campaignFunnelIn", "campaignFunnel", "2071-01-01", "2071-01-31"},
            {"acquisitionEconomicsIn", "acquisitionEconomics", "2071-01-01", "2071-02-28"},
            {"expansionAttributionIn", "expansionAttribution", "2071-02-01", "2071-02-28"}
        };
        List<Map<String, Object>> before = new ArrayList<>();
        for (String[] r : reports) {
            before.add(report(r[0], r[1], r[2], r[3], company.code("K")));
        }
        company.close(java.time.YearMonth.of(2071, 1)).close(java.time.YearMonth.of(2071, 2));
        for (int i = 0; i < reports.length; i++) {
            String[] r = reports[i];
            assertThat(report(r[0], r[1], r[2], r[3], company.code("K")))
                    .as(r[1])
                    .isEqualTo(before.get(i));
        }
    }

    /**
     * Z has no rate before 2071-02-01: every January line lacks the report currency's rate, and an
     * unregistered currency is refused; both name the field `currency`.
     */
    @Test
    void aMissingRateOrAnUnknownCurrencyIsRefusedOnCurrency() {
        String[][] reports = {
            {"campaignPerformanceIn", "2071-01-01", "2071-01-31"},
            {"campaignFunnelIn", "2071-01-01", "2071-01-31"},
            {"acquisitionEconomicsIn", "2071-01-01", "2071-02-28"},
            {"expansionAttributionIn", "2071-01-01", "2071-02-28"}
        };
        List<String> codes = new ArrayList<>();
        for (String[] r : reports) {
            for (String currency : List.of(company.code("Z"), "QQQ")) {
                graphQl.documentName(r[0])
                        .variable("from", r[1])
                        .variable("to", r[2])
                        .variable("currency", currency)
                        .execute()
                        .errors()
                        .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                            assertThat(e.getExtensions().get("field")).isEqualTo(List.of("currency"));
                            codes.add(r[0] + " " + e.getExtensions().get("code"));
                            if (!currency.equals("QQQ")) {
                                assertThat(e.getExtensions().get("currency")).isEqualTo(company.code("Z"));
                            }
                        }));
            }
        }
        assertThat(codes)
                .containsExactly(
                        "campaignPerformanceIn MISSING_FX_RATE",
                        "campaignPerformanceIn NOT_FOUND",
                        "campaignFunnelIn MISSING_FX_RATE",
                        "campaignFunnelIn NOT_FOUND",
                        "acquisitionEconomicsIn MISSING_FX_RATE",
                        "acquisitionEconomicsIn NOT_FOUND",
                        "expansionAttributionIn MISSING_FX_RATE",
                        "expansionAttributionIn NOT_FOUND");
    }
}
