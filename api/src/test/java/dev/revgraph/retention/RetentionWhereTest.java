package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.MovementFields;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report filter on {@code mrrMovements} and {@code cohortRetention}: it selects customers by their
 * source (docs/metrics.md, "One filter for every report"). Worked by hand, then the identity that a
 * filter's rows and its complement's add up to the whole.
 *
 * <p>The company, months m0, m1, m2 of its own: segment R with A and B below it; channels PAID (paid)
 * and ORG; campaigns KP (PAID) and KO (ORG) of department MKT. Customers, their source and MRR:
 *
 * <pre>
 *          source                 m0    m1    m2
 *   c1     A, by KP, m0-03        100   150   150
 *   c2     B, by KO, m0-10        200   200   -     (churns in m2)
 *   c3     A, no campaign, m1-05  -     300   250
 *   c4     B, by KP, m1-07        -     50    80
 * </pre>
 */
class RetentionWhereTest extends IntegrationTest {

    private static final List<String> FIELDS = MovementFields.ALL;

    private YearMonth m0;
    private CompanyBuilder c;

    private void company() {
        m0 = Api.uniqueMonths(3);
        YearMonth m1 = m0.plusMonths(1);
        YearMonth m2 = m0.plusMonths(2);
        c = new CompanyBuilder(graphQl)
                .segment("R", null)
                .segment("A", "R")
                .segment("B", "R")
                .department("MKT", "MARKETING")
                .channel("PAID", true)
                .channel("ORG", false)
                .campaign("KP", "MKT", "PAID", m0.atDay(1).toString())
                .campaign("KO", "MKT", "ORG", m0.atDay(1).toString())
                .customer("c1", "A", null, m0.atDay(3).toString(), "KP")
                .customer("c2", "B", null, m0.atDay(10).toString(), "KO")
                .customer("c3", "A", m1.atDay(5).toString())
                .customer("c4", "B", null, m1.atDay(7).toString(), "KP")
                .recurring("c1", "100", m0.atDay(5).toString())
                .recurring("c1", "150", m1.atDay(5).toString(), m2.atDay(5).toString())
                .recurring("c2", "200", m0.atDay(12).toString(), m1.atDay(12).toString())
                .recurring("c3", "300", m1.atDay(6).toString())
                .recurring("c3", "250", m2.atDay(6).toString())
                .recurring("c4", "50", m1.atDay(8).toString())
                .recurring("c4", "80", m2.atDay(8).toString())
                .build();
    }

    @Test
    void theFilterSelectsCustomersByTheirSourceAsWorkedByHand() {
        company();
        // PAID: c1 and c4. m0: c1 new 100. m1: c4 new 50, c1 expands 100 -> 150. m2: c4 expands 50 -> 80
        Map<String, Object> paid = Map.of("channelCodes", List.of(c.code("PAID")));
        assertThat(movements(paid))
                .containsExactly(
                        row("0", "100", "0", "0", "0", "100", 1, 0, 0),
                        row("100", "50", "50", "0", "0", "200", 2, 1, 0),
                        row("200", "0", "30", "0", "0", "230", 2, 2, 0));
        // R and not PAID: c2 and c3 (c3 has no channel, so it is not PAID). m1: c3 new 300.
        // m2: c2 churns 200, c3 contracts 300 -> 250
        Map<String, Object> rNotPaid = Map.of("segmentCodes", List.of(c.code("R")), "not", paid);
        assertThat(movements(rNotPaid))
                .containsExactly(
                        row("0", "200", "0", "0", "0", "200", 1, 0, 0),
                        row("200", "300", "0", "0", "0", "500", 2, 1, 0),
                        row("500", "0", "0", "50", "200", "250", 1, 2, 1));
        // R without a channel: c3 alone
        Map<String, Object> rUnassigned =
                Map.of("segmentCodes", List.of(c.code("R")), "unassigned", List.of("CHANNEL"));
        assertThat(movements(rUnassigned))
                .containsExactly(
                        row("0", "0", "0", "0", "0", "0", 0, 0, 0),
                        row("0", "300", "0", "0", "0", "300", 1, 0, 0),
                        row("300", "0", "0", "50", "0", "250", 1, 1, 0));
        // segment A (the source's segment, with its subtree): c1 and c3
        assertThat(movements(Map.of("segmentCodes", List.of(c.code("A")))))
                .containsExactly(
                        row("0", "100", "0", "0", "0", "100", 1, 0, 0),
                        row("100", "300", "50", "0", "0", "450", 2, 1, 0),
                        row("450", "0", "0", "50", "0", "400", 2, 2, 0));

        // every line is recurring, so an activity window of one month changes nothing here
        assertThat(movementRows(Map.of("where", paid, "window", 1))).isEqualTo(movements(paid));

        // cohorts of PAID: m0 = {c1}: 100, 150, 150; m1 = {c4}: 50, 80
        assertThat(cohorts(paid))
                .containsExactly(
                        cell(0, 0, 1, 1, "100"),
                        cell(0, 1, 1, 1, "150"),
                        cell(0, 2, 1, 1, "150"),
                        cell(1, 1, 1, 1, "50"),
                        cell(1, 2, 1, 1, "80"));
        // cohorts of R and not PAID: m0 = {c2}: 200, 200, then inactive; m1 = {c3}: 300, 250
        assertThat(cohorts(rNotPaid))
                .containsExactly(
                        cell(0, 0, 1, 1, "200"),
                        cell(0, 1, 1, 1, "200"),
                        cell(0, 2, 1, 0, "0"),
                        cell(1, 1, 1, 1, "300"),
                        cell(1, 2, 1, 1, "250"));
    }

    @Test
    void aFilterAndItsComplementAddUpToTheWhole() {
        company();
        Map<String, Object> r = Map.of("segmentCodes", List.of(c.code("R")));
        List<Map<String, Object>> filters = List.of(
                Map.of("channelCodes", List.of(c.code("PAID"))),
                Map.of("campaignCodes", List.of(c.code("KO"))),
                Map.of("segmentCodes", List.of(c.code("B"))),
                Map.of("unassigned", List.of("CHANNEL")),
                Map.of(
                        "or",
                        List.of(
                                Map.of("segmentCodes", List.of(c.code("A"))),
                                Map.of("campaignCodes", List.of(c.code("KO"))))));
        List<List<BigDecimal>> whole = movements(r);
        // every customer stays in R, so the source filter R equals the segment scope R
        assertThat(whole).isEqualTo(movementsOfSegment(c.code("R")));
        for (Map<String, Object> f : filters) {
            List<List<BigDecimal>> in = movements(Map.of("and", List.of(r, f)));
            List<List<BigDecimal>> out = movements(Map.of("and", List.of(r, Map.of("not", f))));
            assertThat(in).hasSameSizeAs(whole);
            for (int i = 0; i < whole.size(); i++) {
                List<BigDecimal> sum = new ArrayList<>();
                for (int k = 0; k < FIELDS.size(); k++) {
                    sum.add(in.get(i).get(k).add(out.get(i).get(k)));
                }
                assertThat(sum).as("%s month %d", f, i).isEqualTo(whole.get(i));
            }
        }
    }

    @Test
    void anUnknownCodeIsRefusedNamingItsField() {
        graphQl.documentName("retentionWhere")
                .variable("from", "2026-01-01")
                .variable("to", "2026-01-31")
                .variable("where", Map.of("or", List.of(Map.of("channelCodes", List.of("no-such-channel")))))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).hasSize(2).allSatisfy(e -> {
                    assertThat(e.getMessage()).contains("no-such-channel");
                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("where", "or[0]", "channelCodes"));
                }));
    }

    private List<List<BigDecimal>> movements(Map<String, Object> where) {
        return movementRows(Map.of("where", where));
    }

    private List<List<BigDecimal>> movementsOfSegment(String segment) {
        return movementRows(Map.of("segmentCode", segment));
    }

    private List<List<BigDecimal>> movementRows(Map<String, Object> variables) {
        var request = graphQl.documentName("retentionWhere")
                .variable("from", m0.atDay(1).toString())
                .variable("to", m0.plusMonths(2).atEndOfMonth().toString());
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        List<List<BigDecimal>> rows = new ArrayList<>();
        for (Object o : request.execute()
                .path("mrrMovements.rows")
                .entityList(Map.class)
                .get()) {
            Map<?, ?> row = (Map<?, ?>) o;
            List<BigDecimal> figures = new ArrayList<>();
            for (String field : FIELDS) {
                figures.add(new BigDecimal(row.get(field).toString()));
            }
            rows.add(figures);
        }
        return rows;
    }

    /** A month's movements without reactivations or transfers, in the order of {@link #FIELDS}. */
    private static List<BigDecimal> row(
            String start,
            String newMrr,
            String expansion,
            String contraction,
            String churned,
            String end,
            int active,
            int startCustomers,
            int churnedCustomers) {
        return List.of(
                new BigDecimal(start).setScale(2),
                new BigDecimal(newMrr).setScale(2),
                new BigDecimal(expansion).setScale(2),
                new BigDecimal(contraction).setScale(2),
                new BigDecimal(churned).setScale(2),
                new BigDecimal("0.00"),
                new BigDecimal("0.00"),
                new BigDecimal("0.00"),
                new BigDecimal(end).setScale(2),
                BigDecimal.valueOf(active),
                BigDecimal.valueOf(startCustomers),
                BigDecimal.valueOf(churnedCustomers),
                BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    private List<String> cohorts(Map<String, Object> where) {
        List<String> cells = new ArrayList<>();
        Map<String, Integer> monthIndex = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            monthIndex.put(m0.plusMonths(i).toString(), i);
        }
        for (Object o : graphQl.documentName("retentionWhere")
                .variable("from", m0.atDay(1).toString())
                .variable("to", m0.plusMonths(2).atEndOfMonth().toString())
                .variable("where", where)
                .execute()
                .path("cohortRetention.rows")
                .entityList(Map.class)
                .get()) {
            Map<?, ?> row = (Map<?, ?>) o;
            cells.add(cell(
                    monthIndex.get(row.get("cohortMonth")),
                    monthIndex.get(row.get("month")),
                    ((Number) row.get("cohortSize")).intValue(),
                    ((Number) row.get("activeCustomers")).intValue(),
                    (String) row.get("mrr")));
        }
        return cells;
    }

    private static String cell(int cohort, int month, int size, int active, String mrr) {
        return "m" + cohort + " m" + month + " size " + size + " active " + active + " mrr "
                + new BigDecimal(mrr).setScale(2);
    }
}
