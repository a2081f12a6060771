package dev.revgraph.retention;

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
 * Retention by source, worked by hand (USD, 2051, which no other test uses). Each customer is in
 * the group of its assignment on its acquisition date for life: a moves to segment B from 03-10 but
 * stays in group A of SEGMENT; with {@code segmentCode: A} it is a transfer out of A in March, in
 * its own group.
 *
 * <pre>
 * channels PS (paid), OR; campaigns K1 on PS, K2 on OR; segments A, B; region N
 * customer  segment  region  acquired    campaign  Jan  Feb  Mar
 *  a        A (B from 03-10)  N  01-10   K1 (PS)   100  150  150
 *  b        A        -       01-20       K2 (OR)   200  200   -   (churns in March)
 *  c        B        N       02-05       K1 (PS)    -    50   80
 *  d        B        -       02-15       none       -    40   40
 *
 * company  Jan: new 300, end 300 | Feb: start 300, new 90, expansion 50, end 440
 *          Mar: start 440, expansion 30, churned 200, end 270, GRR 240/440 = 0.5455, NRR 270/440 = 0.6136
 * by ACQUISITION_CHANNEL (OR, PS, then (unassigned)):
 *  OR (b)  Jan new 200 end 200 | Feb 200 -> 200 | Mar start 200, churned 200, end 0, logo churn 1, GRR 0, NRR 0
 *  PS (a,c) Jan new 100 | Feb start 100, new 50, expansion 50, end 200 | Mar start 200, expansion 30, end 230,
 *           GRR 1, NRR 230/200 = 1.1500
 *  -  (d)  Jan zeros (GRR null) | Feb new 40, end 40 | Mar start 40, end 40, GRR 1, NRR 1
 *  March sums: start 200 + 200 + 40 = 440, expansion 30, churned 200, end 0 + 230 + 40 = 270
 * by SEGMENT (acquisition date): A (a, b) Mar start 350, churned 200, end 150 | B (c, d) Mar start 90, exp 30, end 120
 * segmentCode A by ACQUISITION_CHANNEL, March: OR start 200, churned 200, end 0;
 *  PS start 150, transferOut 150 (a, at its February MRR), end 0; ungrouped A: start 350, churned 200, transferOut 150
 * cohorts by ACQUISITION_CHANNEL and REGION (LOGOS):
 *  OR/-  Jan cohort (b): size 1, MRR 200, 200, 0, retention 1, 1, 0
 *  PS/N  Jan cohort (a): size 1, MRR 100, 150, 150; Feb cohort (c): size 1, MRR 50, 80
 *  -/-   Feb cohort (d): size 1, MRR 40, 40
 *  ungrouped: Jan size 2, MRR 300, 350, 150; Feb size 2, MRR 90, 120
 * segment economics of the whole company, January to March, by ACQUISITION_CHANNEL (MK spends 300 on K1):
 *  OR (b): 1 new, revenue 400, direct cost 0, CAC 0 / 1 = 0.00, ARPA 400 / 2 = 200.00,
 *          churn 200 / (200 + 200) = 0.5000, LTV 200 x 1 (no cost of service) / 0.5 = 400.00
 *  PS (a, c): 2 new, revenue 400 + 130 = 530, direct cost 300, contribution 230, CAC 300 / 2 = 150.00,
 *          ARPA (100 + 200 + 230) / 5 = 106.00, churn 0 / 300 = 0.0000, LTV null
 *  -  (d): 1 new, revenue 80, CAC 0.00, ARPA 40.00, churn 0.0000
 * </pre>
 */
class GroupedRetentionTest extends IntegrationTest {

    static CompanyBuilder company;

    @BeforeEach
    void handWorkedCompany() {
        if (company != null) {
            return;
        }
        CompanyBuilder c = new CompanyBuilder(graphQl)
                .segment("A", null)
                .segment("B", null)
                .region("N", null)
                .department("MK", "MARKETING")
                .channel("PS", true)
                .channel("OR", false)
                .campaign("K1", "MK", "PS", "2051-01-01")
                .campaign("K2", "MK", "OR", "2051-01-01")
                .customer("a", "A", "N", "2051-01-10", "K1")
                .customer("b", "A", null, "2051-01-20", "K2")
                .customer("c", "B", "N", "2051-02-05", "K1")
                .customer("d", "B", null, "2051-02-15", null)
                .recurring("a", "100", "2051-01-31")
                .recurring("a", "150", "2051-02-28", "2051-03-31")
                .recurring("b", "200", "2051-01-31", "2051-02-28")
                .recurring("c", "50", "2051-02-28")
                .recurring("c", "80", "2051-03-31")
                .recurring("d", "40", "2051-02-28", "2051-03-31")
                .spend("MK", "2051-01-05", "300", "USD", "ADVERTISING", Tags.campaign("K1"))
                .build();
        api.ok(
                "updateCustomer",
                "customer",
                Map.of("externalId", c.code("a"), "segmentCode", c.code("B"), "effectiveFrom", "2051-03-10"));
        company = c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Map<String, Object>> movements(String segment, Integer window, String... groupBy) {
        return (List) graphQl.documentName("mrrMovementsGrouped")
                .variable("from", "2051-01-01")
                .variable("to", "2051-03-31")
                .variable("segmentCode", segment == null ? null : company.code(segment))
                .variable("window", window)
                .variable("groupBy", Arrays.asList(groupBy))
                .execute()
                .path("mrrMovements.rows")
                .entity(List.class)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static String codes(Map<String, Object> row) {
        return ((List<Map<String, Object>>) row.get("groups"))
                .stream()
                        .map(g -> g.get("code") == null ? "-" : (String) g.get("code"))
                        .collect(Collectors.joining("/"));
    }

    private static String figures(Map<String, Object> row, String... names) {
        return Arrays.stream(names).map(n -> String.valueOf(row.get(n))).collect(Collectors.joining(" "));
    }

    private static final String[] FIGURES = {
        "month",
        "startMrr",
        "newMrr",
        "expansion",
        "contraction",
        "churned",
        "transferOut",
        "endMrr",
        "activeCustomers",
        "churnedCustomers",
        "logoChurn",
        "grr",
        "nrr"
    };

    @Test
    void movementsByAcquisitionChannelSplitTheCompanyByTheSourceOfItsCustomers() {
        for (Integer window : Arrays.asList(null, 1)) {
            List<Map<String, Object>> rows = movements(null, window, "ACQUISITION_CHANNEL");
            String or = company.code("OR");
            String ps = company.code("PS");
            assertThat(rows.stream().map(r -> codes(r) + " " + figures(r, FIGURES)))
                    .as("window %s", window)
                    .containsExactly(
                            or + " 2051-01 0.00 200.00 0.00 0.00 0.00 0.00 200.00 1 0 null null null",
                            or + " 2051-02 200.00 0.00 0.00 0.00 0.00 0.00 200.00 1 0 0.0000 1.0000 1.0000",
                            or + " 2051-03 200.00 0.00 0.00 0.00 200.00 0.00 0.00 0 1 1.0000 0.0000 0.0000",
                            ps + " 2051-01 0.00 100.00 0.00 0.00 0.00 0.00 100.00 1 0 null null null",
                            ps + " 2051-02 100.00 50.00 50.00 0.00 0.00 0.00 200.00 2 0 0.0000 1.0000 1.5000",
                            ps + " 2051-03 200.00 0.00 30.00 0.00 0.00 0.00 230.00 2 0 0.0000 1.0000 1.1500",
                            "- 2051-01 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0 0 null null null",
                            "- 2051-02 0.00 40.00 0.00 0.00 0.00 0.00 40.00 1 0 null null null",
                            "- 2051-03 40.00 0.00 0.00 0.00 0.00 0.00 40.00 1 0 0.0000 1.0000 1.0000");
            Map<String, Object> firstGroup =
                    ((List<Map<String, Object>>) rows.get(0).get("groups")).get(0);
            assertThat(firstGroup)
                    .containsEntry("dimension", "ACQUISITION_CHANNEL")
                    .containsEntry("name", "Channel " + or);
            Map<String, Object> unassigned =
                    ((List<Map<String, Object>>) rows.get(8).get("groups")).get(0);
            assertThat(unassigned).containsEntry("name", "(unassigned)");
        }
    }

    @Test
    void theSegmentGroupIsTheSegmentOnTheAcquisitionDateForLife() {
        List<Map<String, Object>> rows = movements(null, null, "SEGMENT");
        assertThat(rows.stream()
                        .filter(r -> "2051-03".equals(r.get("month")))
                        .map(r -> codes(r) + " " + figures(r, FIGURES)))
                .containsExactly(
                        company.code("A")
                                + " 2051-03 350.00 0.00 0.00 0.00 200.00 0.00 150.00 1 1 0.5000 0.4286 0.4286",
                        company.code("B") + " 2051-03 90.00 0.00 30.00 0.00 0.00 0.00 120.00 2 0 0.0000 1.0000 1.3333");
    }

    @Test
    void aSegmentScopeKeepsItsMeaningAndItsTransfersSplitByGroup() {
        for (Integer window : Arrays.asList(null, 1)) {
            List<Map<String, Object>> rows = movements("A", window, "ACQUISITION_CHANNEL");
            assertThat(rows.stream()
                            .filter(r -> "2051-03".equals(r.get("month")))
                            .map(r -> codes(r) + " " + figures(r, FIGURES)))
                    .as("window %s", window)
                    .containsExactly(
                            company.code("OR")
                                    + " 2051-03 200.00 0.00 0.00 0.00 200.00 0.00 0.00 0 1 1.0000 0.0000 0.0000",
                            company.code("PS") + " 2051-03 150.00 0.00 0.00 0.00 0.00 150.00 0.00 0 0 null null null");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void cohortsByChannelAndRegionSplitEveryCohort() {
        List<Map<String, Object>> rows = (List) graphQl.documentName("cohortRetentionGrouped")
                .variable("from", "2051-01-15")
                .variable("to", "2051-03-05")
                .variable("groupBy", List.of("ACQUISITION_CHANNEL", "REGION"))
                .execute()
                .path("cohortRetention.groupBy")
                .entityList(String.class)
                .containsExactly("ACQUISITION_CHANNEL", "REGION")
                .path("cohortRetention.rows")
                .entity(List.class)
                .get();
        String or = company.code("OR");
        String ps = company.code("PS");
        String n = company.code("N");
        assertThat(rows.stream()
                        .map(r -> codes(r) + " "
                                + figures(
                                        r,
                                        "cohortMonth",
                                        "month",
                                        "cohortSize",
                                        "activeCustomers",
                                        "mrr",
                                        "retention",
                                        "cumulativeRevenuePerCustomer")))
                .containsExactly(
                        or + "/- 2051-01 2051-01 1 1 200.00 1.0000 200.00",
                        or + "/- 2051-01 2051-02 1 1 200.00 1.0000 400.00",
                        or + "/- 2051-01 2051-03 1 0 0.00 0.0000 400.00",
                        ps + "/" + n + " 2051-01 2051-01 1 1 100.00 1.0000 100.00",
                        ps + "/" + n + " 2051-01 2051-02 1 1 150.00 1.0000 250.00",
                        ps + "/" + n + " 2051-01 2051-03 1 1 150.00 1.0000 400.00",
                        ps + "/" + n + " 2051-02 2051-02 1 1 50.00 1.0000 50.00",
                        ps + "/" + n + " 2051-02 2051-03 1 1 80.00 1.0000 130.00",
                        "-/- 2051-02 2051-02 1 1 40.00 1.0000 40.00",
                        "-/- 2051-02 2051-03 1 1 40.00 1.0000 80.00");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void segmentEconomicsByChannelSplitsTheCompanyRow() {
        List<Map<String, Object>> rows = (List) graphQl.documentName("segmentEconomicsGrouped")
                .variable("from", "2051-01-01")
                .variable("to", "2051-03-31")
                .variable("groupBy", List.of("ACQUISITION_CHANNEL"))
                .execute()
                .path("segmentEconomics.rows")
                .entity(List.class)
                .get();
        assertThat(rows.stream()
                        .filter(r -> r.get("segmentCode") == null)
                        .map(r -> codes(r) + " "
                                + figures(
                                        r,
                                        "newCustomers",
                                        "revenue",
                                        "directCost",
                                        "contributionMargin",
                                        "cac",
                                        "arpa",
                                        "monthlyRevenueChurn",
                                        "ltv")))
                .containsExactly(
                        company.code("OR") + " 1 400.00 0.00 400.00 0.00 200.00 0.5000 400.00",
                        company.code("PS") + " 2 530.00 300.00 230.00 150.00 106.00 0.0000 null",
                        "- 1 80.00 0.00 80.00 0.00 40.00 0.0000 null");
    }

    @Test
    void moreThanTwoDimensionsOrARepeatedOneIsRefusedNamingGroupBy() {
        for (List<String> groupBy :
                List.of(List.of("SEGMENT", "REGION", "ACQUISITION_CHANNEL"), List.of("REGION", "REGION"))) {
            graphQl.documentName("mrrMovementsGrouped")
                    .variable("from", "2051-01-01")
                    .variable("to", "2051-03-31")
                    .variable("groupBy", groupBy)
                    .execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors)
                            .singleElement()
                            .satisfies(e -> assertThat(e.getExtensions()).containsEntry("field", List.of("groupBy"))));
        }
    }
}
