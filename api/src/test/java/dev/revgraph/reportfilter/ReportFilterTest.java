package dev.revgraph.reportfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One filter for every report (docs/metrics.md): the P&L's {@code where} on a company worked by hand,
 * and every cell of the P&L under several groupings drilled to its ledger lines with the same filter,
 * whose totals equal the cell to the cent.
 *
 * <p>The company (USD, January and February 2067): segments S with S1 below it, and S2; region R;
 * product P; departments MKT (MARKETING) and OPS (OPERATIONS); channels PD (paid) and OG; campaigns K1
 * (MKT, PD, tagged S1, ACQUISITION) and K2 (MKT, OG, untagged, RETENTION). Customers a (S1, R, by K1,
 * 2067-01-05), b (S2, by K2, 2067-01-10), c (S2, no campaign, 2067-02-01). Revenue: a 100.00 on
 * 01-15 and 02-15 (product P), b 50.00 on 01-20, c 30.00 on 02-10. Spend: MKT 200.00 ADVERTISING on
 * K1 (01-12), MKT 80.00 ADVERTISING on K2 (02-03), OPS 40.00 COST_OF_SERVICE tagged S2 and P (01-25),
 * OPS 25.00 SALARIES untagged (02-20), OPS 10.00 OVERHEAD tagged S (02-21).
 */
class ReportFilterTest extends IntegrationTest {

    /** The year the test's company lives in: "not" and "unassigned" select every fact of a range. */
    private String y;

    @Test
    void theWhereOfTheProfitAndLossSelectsTheFactsWorkedByHand() {
        CompanyBuilder c = company("2067");
        // S: a's revenue 200 (S1 is below S); K1's 200 (tagged S1 through K1) and the 10 tagged S; a new
        assertTotal(c, where("segmentCodes", codes(c, "S")), "200.00", "0.00", "210.00", 1);
        // S2 or no segment: b 50 + c 30; the 40 of cost of service; 80 (K2) + 25; b and c
        Map<String, Object> s2OrNone = where("segmentCodes", codes(c, "S2"));
        s2OrNone.put("unassigned", List.of("SEGMENT"));
        assertTotal(c, s2OrNone, "80.00", "40.00", "105.00", 2);
        // only the unassigned segment: c has S2, so no revenue; 80 + 25; no new customer
        assertTotal(c, Map.of("unassigned", List.of("SEGMENT")), "0.00", "0.00", "105.00", 0);
        // channel PD (a's revenue and K1's spend, a) or objective RETENTION (K2's 80; revenue has none)
        assertTotal(
                c,
                Map.of(
                        "or",
                        List.of(where("channelCodes", codes(c, "PD")), Map.of("objectives", List.of("RETENTION")))),
                "200.00",
                "0.00",
                "280.00",
                1);
        // not MKT: every revenue line and customer (none has a department), OPS's spend
        assertTotal(c, Map.of("not", where("departmentCodes", codes(c, "MKT"))), "280.00", "40.00", "35.00", 3);
        // campaign K2: b's revenue (its acquisition campaign), K2's spend, b
        assertTotal(c, where("campaignCodes", codes(c, "K2")), "50.00", "0.00", "80.00", 1);
        // and: S1 and product P: a's two lines; no spend (K1's line has no product)
        Map<String, Object> s1AndP =
                Map.of("and", List.of(where("segmentCodes", codes(c, "S1")), where("productCodes", codes(c, "P"))));
        assertTotal(c, s1AndP, "200.00", "0.00", "0.00", 0);
        // with the deprecated-style filter too: both hold (OPS and not S2: 25 + 10)
        graphQl.documentName("pnlWhere")
                .variable("from", y + "-01-01")
                .variable("to", y + "-02-28")
                .variable("filter", Map.of("departmentCodes", codes(c, "OPS")))
                .variable("where", Map.of("not", where("segmentCodes", codes(c, "S2"))))
                .execute()
                .path("profitAndLoss.total.operatingExpenses")
                .entity(String.class)
                .isEqualTo("35.00");
    }

    @Test
    void everyCellDrillsToLinesThatAddUpToIt() {
        CompanyBuilder c = company("2069");
        Map<String, List<String>> children = Map.of(c.code("S"), List.of(c.code("S1")));
        List<List<String>> groupings = List.of(
                List.of("SEGMENT", "CHANNEL"),
                List.of("DEPARTMENT"),
                List.of("PRODUCT", "REGION"),
                List.of("SEGMENT", "DEPARTMENT", "CHANNEL"));
        int cells = 0;
        for (List<String> groupBy : groupings) {
            List<Map<String, Object>> rows = graphQl
                    .documentName("pnlWhere")
                    .variable("from", y + "-01-01")
                    .variable("to", y + "-02-28")
                    .variable("groupBy", groupBy)
                    .execute()
                    .path("profitAndLoss.rows")
                    .entityList(Object.class)
                    .get()
                    .stream()
                    .map(r -> (Map<String, Object>) r)
                    .toList();
            assertThat(rows).hasSizeGreaterThan(2);
            for (Map<String, Object> row : rows) {
                Map<String, Object> where = cell(row, groupBy, children);
                var lines = graphQl.documentName("linesWhere")
                        .variable("from", row.get("periodStart"))
                        .variable("to", row.get("periodEnd"))
                        .variable("where", where)
                        .execute();
                BigDecimal spend = new BigDecimal(lines.path("spendLines.total.amount")
                        .entity(String.class)
                        .get());
                BigDecimal revenue = new BigDecimal(lines.path("revenueLines.total.amount")
                        .entity(String.class)
                        .get());
                assertThat(spend)
                        .as("spend of %s", row)
                        .isEqualByComparingTo(new BigDecimal((String) row.get("costOfService"))
                                .add(new BigDecimal((String) row.get("operatingExpenses"))));
                assertThat(revenue).as("revenue of %s", row).isEqualByComparingTo((String) row.get("revenue"));
                cells++;
            }
        }
        assertThat(cells).isGreaterThan(12);
    }

    @Test
    void anUnknownCodeIsRefusedNamingItsPlaceInTheFilter() {
        y = "2067";
        graphQl.documentName("pnlWhere")
                .variable("from", y + "-01-01")
                .variable("to", y + "-02-28")
                .variable(
                        "where", Map.of("or", List.of(Map.of(), Map.of("campaignCodes", List.of("NO-SUCH-CAMPAIGN")))))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getMessage()).contains("NO-SUCH-CAMPAIGN");
                    assertThat(e.getExtensions().get("field").toString())
                            .contains("or[1]")
                            .contains("campaignCodes");
                }));
    }

    /** The filter that selects exactly the slice of a P&L row (a segment without the segments below it). */
    private static Map<String, Object> cell(
            Map<String, Object> row, List<String> groupBy, Map<String, List<String>> children) {
        List<Object> all = new ArrayList<>();
        for (String dimension : groupBy) {
            String key = dimension.toLowerCase() + "Code";
            Object code = row.get(key);
            if (code == null || "(unassigned)".equals(code)) {
                all.add(Map.of("unassigned", List.of(dimension)));
                continue;
            }
            Map<String, Object> f = where(dimension.toLowerCase() + "Codes", List.of((String) code));
            if (dimension.equals("SEGMENT") && children.containsKey(code)) {
                f.put("not", where("segmentCodes", children.get(code)));
            }
            all.add(f);
        }
        return Map.of("and", all);
    }

    private void assertTotal(
            CompanyBuilder c, Map<String, Object> where, String revenue, String cos, String opex, int newCustomers) {
        var total = graphQl.documentName("pnlWhere")
                .variable("from", y + "-01-01")
                .variable("to", y + "-02-28")
                .variable("where", where)
                .execute();
        total.path("profitAndLoss.total.revenue").entity(String.class).isEqualTo(revenue);
        total.path("profitAndLoss.total.costOfService").entity(String.class).isEqualTo(cos);
        total.path("profitAndLoss.total.operatingExpenses").entity(String.class).isEqualTo(opex);
        total.path("profitAndLoss.total.newCustomers").entity(Integer.class).isEqualTo(newCustomers);
        // the same filter on the lists: the lines behind the figures
        var lines = graphQl.documentName("linesWhere")
                .variable("from", y + "-01-01")
                .variable("to", y + "-02-28")
                .variable("where", where)
                .execute();
        lines.path("revenueLines.total.amount").entity(String.class).isEqualTo(revenue);
        lines.path("spendLines.total.amount")
                .entity(String.class)
                .isEqualTo(new BigDecimal(cos).add(new BigDecimal(opex)).toPlainString());
    }

    private static Map<String, Object> where(String key, List<String> codes) {
        Map<String, Object> f = new HashMap<>();
        f.put(key, codes);
        return f;
    }

    private static List<String> codes(CompanyBuilder c, String... names) {
        return java.util.Arrays.stream(names).map(c::code).toList();
    }

    private CompanyBuilder company(String year) {
        y = year;
        CompanyBuilder c = new CompanyBuilder(graphQl);
        c.segment("S", null)
                .segment("S1", "S")
                .segment("S2", null)
                .region("R", null)
                .product("P")
                .department("MKT", "MARKETING")
                .department("OPS", "OPERATIONS")
                .channel("PD", true)
                .channel("OG", false)
                .campaign("K1", "MKT", "PD", y + "-01-01", Tags.segment("S1"), "ACQUISITION")
                .campaign("K2", "MKT", "OG", y + "-01-01", Tags.NONE, "RETENTION")
                .customer("a", "S1", "R", y + "-01-05", "K1")
                .customer("b", "S2", null, y + "-01-10", "K2")
                .customer("c", "S2", null, y + "-02-01", null)
                .revenue("a", "P", y + "-01-15", "100.00", "USD", true)
                .revenue("a", "P", y + "-02-15", "100.00", "USD", true)
                .revenue("b", null, y + "-01-20", "50.00", "USD", true)
                .revenue("c", null, y + "-02-10", "30.00", "USD", false)
                .spend("MKT", y + "-01-12", "200.00", "USD", "ADVERTISING", Tags.campaign("K1"))
                .spend("MKT", y + "-02-03", "80.00", "USD", "ADVERTISING", Tags.campaign("K2"))
                .spend(
                        "OPS",
                        y + "-01-25",
                        "40.00",
                        "USD",
                        "COST_OF_SERVICE",
                        Tags.segment("S2").andProduct("P"))
                .spend("OPS", y + "-02-20", "25.00", "USD", "SALARIES", Tags.NONE)
                .spend("OPS", y + "-02-21", "10.00", "USD", "OVERHEAD", Tags.segment("S"))
                .build();
        return c;
    }
}
