package dev.revgraph.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Objectives (docs/metrics.md, "Objectives"): acquisition CAC beside blended CAC, cost to retain,
 * expansion cost and reactivation ROI, on {@link HandWorkedCompanies#objectives} over its March and
 * April (four months no other test uses); then a campaign's objective changed from April, after
 * March is closed.
 *
 * <pre>
 * MARKETING and SALES operating expenses (the objective each line is reported under):
 *   March  KA 600 (ACQUISITION, its campaign's), KR 200 (RETENTION), SL 300 (none)       = 1100
 *   April  KE 66 (EXPANSION), KB 100 (BRAND), KA 30 (EXPANSION, its own), SL 40 (RETENTION, its own),
 *          KA 50 (ACQUISITION)                                                             =  286
 *   OP's 90 (RETENTION, March) is not acquisition spend (OPERATIONS), but it is retention spend.
 * new customers: c4 (March, S1), c5 (April, S)
 *
 * P&L        blended CAC                    acquisition CAC (without RETENTION and EXPANSION)
 *   March    1100 / 1 = 1100.00             (600 + 300) / 1 = 900.00
 *   April     286 / 1 =  286.00             (100 + 50) / 1 = 150.00
 *   total    1386 / 2 =  693.00             1050 / 2 = 525.00
 *
 * segment economics, March to April
 *   retained customers: active in February (c1, c3) and in April (c1, c2, c3, c4): c1, c3 = 2, both in S
 *   expansion MRR: c1 March 150 - 100 = 50, c1 April 170 - 150 = 20, c3 April 120 - 80 = 40 = 110
 *   reactivated MRR: c2 April 300 (inactive in February and March)
 *                   company                    S (with S1)                  S1
 *   new customers   2                          2                            1 (c4)
 *   cac             1386 / 2 = 693.00          (1386 - 100 KB) / 2 = 643.00 (66 + 40) / 1 = 106.00
 *   acquisitionCac  1050 / 2 = 525.00          (600 + 300 + 50) / 2 = 475.00 0 / 1 = 0.00
 *   retentionSpend  200 + 90 + 40 = 330.00     330.00                       40.00
 *   costToRetain    330 / 2 = 165.00           165.00                       null (none retained)
 *   expansionSpend  66 + 30 = 96.00            96.00                        66.00
 *   expansionMrr    110.00                     110.00                       0.00
 *   expansionCost   96 / 110 = 0.87272.. -> 0.8727  0.8727                  null
 *   reactivatedMrr  300.00                     300.00                       300.00
 *   reactivationRoi (300 - 330) / 330 = -0.090909.. -> -0.0909  -0.0909     (300 - 40) / 40 = 6.5000
 *
 * March closed, KA's objective RETENTION from April 1: March keeps 900.00; April's acquisition CAC
 * is 100 (KB) / 1 = 100.00 (KA's 50 is retention spend now; its 30 keeps its own EXPANSION);
 * blended CAC stays 286.00. A change dated in March, or from February (KA has spend in March), is
 * refused naming March.
 * </pre>
 */
class ObjectivesTest extends IntegrationTest {

    @Test
    void acquisitionCacLeavesRetentionAndExpansionOutAndAChangeFromAnOpenMonthLeavesTheClosedOneAlone() {
        // four months of their own, named January to April as in the table above (one is closed)
        YearMonth january = Api.uniqueMonths(4);
        YearMonth march = january.plusMonths(2);
        YearMonth april = january.plusMonths(3);
        String from = march.atDay(1).toString();
        String to = april.atEndOfMonth().toString();
        CompanyBuilder company = HandWorkedCompanies.objectives(graphQl, january);

        Map<String, Object> figures = figures(from, to, null);
        List<Map<String, Object>> pnl = rows(figures, "profitAndLoss");
        assertThat(pnl)
                .extracting(r -> r.get("periodStart"), r -> r.get("blendedCac"), r -> r.get("acquisitionCac"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(from, "1100.00", "900.00"),
                        org.assertj.core.groups.Tuple.tuple(april.atDay(1).toString(), "286.00", "150.00"));
        Map<String, Object> total = total(figures);
        assertThat(total.get("newCustomers")).isEqualTo(2);
        assertThat(total.get("blendedCac")).isEqualTo("693.00");
        assertThat(total.get("acquisitionCac")).isEqualTo("525.00");

        Map<String, Map<String, Object>> segments = bySegment(figures);
        assertThat(segments.get(null))
                .containsEntry("newCustomers", 2)
                .containsEntry("cac", "693.00")
                .containsEntry("acquisitionCac", "525.00")
                .containsEntry("retentionSpend", "330.00")
                .containsEntry("retainedCustomers", 2)
                .containsEntry("costToRetain", "165.00")
                .containsEntry("expansionSpend", "96.00")
                .containsEntry("expansionMrr", "110.00")
                .containsEntry("expansionCost", "0.8727")
                .containsEntry("reactivatedMrr", "300.00")
                .containsEntry("reactivationRoi", "-0.0909");
        assertThat(segments.get(company.code("S")))
                .containsEntry("newCustomers", 2)
                .containsEntry("cac", "643.00")
                .containsEntry("acquisitionCac", "475.00")
                .containsEntry("retentionSpend", "330.00")
                .containsEntry("retainedCustomers", 2)
                .containsEntry("costToRetain", "165.00")
                .containsEntry("expansionSpend", "96.00")
                .containsEntry("expansionMrr", "110.00")
                .containsEntry("expansionCost", "0.8727")
                .containsEntry("reactivatedMrr", "300.00")
                .containsEntry("reactivationRoi", "-0.0909");
        assertThat(segments.get(company.code("S1")))
                .containsEntry("newCustomers", 1)
                .containsEntry("cac", "106.00")
                .containsEntry("acquisitionCac", "0.00")
                .containsEntry("retentionSpend", "40.00")
                .containsEntry("retainedCustomers", 0)
                .containsEntry("costToRetain", null)
                .containsEntry("expansionSpend", "66.00")
                .containsEntry("expansionMrr", "0.00")
                .containsEntry("expansionCost", null)
                .containsEntry("reactivatedMrr", "300.00")
                .containsEntry("reactivationRoi", "6.5000");

        // March closed; KA's objective changes from April
        String ka = company.code("KA");
        api.close(march);
        Map<String, Object> marchBefore = figures(from, march.atEndOfMonth().toString(), company.code("S"));
        for (String day : List.of(
                march.atDay(15).toString(), january.plusMonths(1).atDay(1).toString())) {
            Map<String, Object> refused = api.mutate(
                            "updateCampaign", Map.of("code", ka, "objective", "BRAND", "effectiveFrom", day))
                    .path("updateCampaign.errors[0]")
                    .entity(Map.class)
                    .get();
            assertThat(refused)
                    .containsEntry("__typename", "ClosedPeriodError")
                    .containsEntry("month", march.toString());
        }
        api.ok(
                "updateCampaign",
                "campaign",
                Map.of(
                        "code",
                        ka,
                        "objective",
                        "RETENTION",
                        "effectiveFrom",
                        april.atDay(1).toString()));

        assertThat(figures(from, march.atEndOfMonth().toString(), company.code("S")))
                .isEqualTo(marchBefore);
        figures = figures(from, to, null);
        assertThat(rows(figures, "profitAndLoss"))
                .extracting(r -> r.get("final"), r -> r.get("blendedCac"), r -> r.get("acquisitionCac"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, "1100.00", "900.00"),
                        org.assertj.core.groups.Tuple.tuple(false, "286.00", "100.00"));

        // the campaign's history and its lines: the objective each line is reported under
        Map<String, Object> campaign = graphQl.documentName("campaignObjectives")
                .variable("code", ka)
                .execute()
                .path("campaign")
                .entity(Map.class)
                .get();
        assertThat(campaign.get("objective")).isEqualTo("RETENTION");
        List<String> history = new ArrayList<>();
        for (Object span : (List<?>) campaign.get("assignmentHistory")) {
            Map<?, ?> m = (Map<?, ?>) span;
            history.add(m.get("validFrom") + " " + m.get("validTo") + " " + m.get("objective"));
        }
        assertThat(history)
                .containsExactly(
                        "1900-01-01 " + march.atEndOfMonth() + " ACQUISITION", april.atDay(1) + " null RETENTION");
        List<String> lines = new ArrayList<>();
        for (Object edge : graphQl.documentName("campaignObjectives")
                .variable("code", ka)
                .execute()
                .path("spendLines.edges")
                .entityList(Map.class)
                .get()) {
            Map<?, ?> node = (Map<?, ?>) ((Map<?, ?>) edge).get("node");
            lines.add(node.get("bookedOn") + " " + node.get("objective") + " " + node.get("effectiveObjective"));
        }
        assertThat(lines)
                .containsExactly(
                        march.atDay(10) + " null ACQUISITION",
                        april.atDay(6) + " EXPANSION EXPANSION",
                        april.atDay(20) + " null RETENTION");
    }

    private Map<String, Object> figures(String from, String to, String segmentCode) {
        var request =
                graphQl.documentName("objectiveFigures").variable("from", from).variable("to", to);
        if (segmentCode != null) {
            request = request.variable("segmentCode", segmentCode);
        }
        var response = request.execute();
        response.errors().verify();
        return response.returnResponse().getData();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> figures, String report) {
        return (List<Map<String, Object>>) ((Map<String, Object>) figures.get(report)).get("rows");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> total(Map<String, Object> figures) {
        return (Map<String, Object>) ((Map<String, Object>) figures.get("profitAndLoss")).get("total");
    }

    private static Map<String, Map<String, Object>> bySegment(Map<String, Object> figures) {
        Map<String, Map<String, Object>> result = new HashMap<>();
        for (Map<String, Object> row : rows(figures, "segmentEconomics")) {
            result.put((String) row.get("segmentCode"), row);
        }
        return result;
    }
}
