package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.MovementFields;
import dev.revgraph.support.QueryCounter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A property check of grouping by source on generated data (fixed seed; 2053, which no other test
 * uses, so the whole company is this company): customers of a segment tree, regions (or none),
 * acquisition campaigns on two channels (or none), billing, pausing and coming back in whole cents,
 * some moving segment mid-way; spend of marketing and operations on campaigns or tags. For every
 * {@code groupBy} of one dimension and every pair, the grouped rows add up to the ungrouped figures:
 *
 * <ul>
 *   <li>{@code mrrMovements}, for the whole company and a segment scope, with and without an activity
 *       window: every amount and count of every month;
 *   <li>{@code cohortRetention}, for the whole company and a segment scope: cohort size, active
 *       customers and MRR of every cell;
 *   <li>{@code segmentEconomics}: new customers, revenue, cost of service, direct cost, contribution
 *       and fully-loaded contribution of every segment row and of the whole company.
 * </ul>
 *
 * Each grouped report runs as many SQL statements over one month as over the year.
 */
class GroupedRowsAddUpPropertyTest extends IntegrationTest {

    private static final List<String> DIMENSIONS =
            List.of("ACQUISITION_CHANNEL", "ACQUISITION_CAMPAIGN", "SEGMENT", "REGION");

    private static final List<String> MOVEMENT_FIGURES = MovementFields.ALL;

    private static final List<String> COHORT_FIGURES = List.of("cohortSize", "activeCustomers", "mrr");

    private static final List<String> ECONOMICS_FIGURES = List.of(
            "newCustomers", "revenue", "costOfService", "directCost", "contributionMargin", "fullyLoadedContribution");

    private static CompanyBuilder company;

    @Autowired
    QueryCounter queries;

    @BeforeEach
    void generatedCompany() {
        if (company != null) {
            return;
        }
        Random random = new Random(18_2053L);
        CompanyBuilder c = new CompanyBuilder(graphQl)
                .segment("P", null)
                .segment("P1", "P")
                .segment("Q", null)
                .region("N", null)
                .region("S", null)
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS")
                .channel("C1", true)
                .channel("C2", false)
                .campaign("K1", "MK", "C1", "2053-01-01")
                .campaign("K2", "MK", "C2", "2053-01-01")
                .campaign("K3", "MK", "C1", "2053-01-01");
        List<String> segments = List.of("P", "P1", "Q");
        List<String> regions = Arrays.asList("N", "S", null);
        List<String> campaigns = Arrays.asList("K1", "K2", "K3", null);
        List<String> moves = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = "c" + i;
            LocalDate acquired = LocalDate.of(2053, 1 + random.nextInt(8), 1 + random.nextInt(28));
            c.customer(
                    name,
                    segments.get(random.nextInt(3)),
                    regions.get(random.nextInt(3)),
                    acquired.toString(),
                    campaigns.get(random.nextInt(4)));
            boolean active = random.nextInt(4) > 0;
            for (LocalDate m = acquired.withDayOfMonth(1); m.getYear() == 2053; m = m.plusMonths(1)) {
                if (random.nextInt(5) == 0) {
                    active = !active;
                }
                if (active) {
                    c.recurring(
                            name,
                            (10 + random.nextInt(90)) + "." + (10 + random.nextInt(90)),
                            m.plusDays(14).toString());
                }
                if (random.nextInt(8) == 0) {
                    c.revenue(name, m.plusDays(3).toString(), "25.50", "USD", false);
                }
            }
            if (random.nextInt(4) == 0) {
                moves.add(name + "|" + segments.get(random.nextInt(3)) + "|"
                        + LocalDate.of(2053, 9 + random.nextInt(3), 1 + random.nextInt(28)));
            }
        }
        List<String> categories = List.of("ADVERTISING", "COST_OF_SERVICE", "TOOLS");
        for (int i = 0; i < 40; i++) {
            String day = LocalDate.of(2053, 1 + random.nextInt(12), 1 + random.nextInt(28))
                    .toString();
            String amount = (50 + random.nextInt(500)) + ".25";
            if (random.nextBoolean()) {
                String campaign = campaigns.get(random.nextInt(3));
                c.spend("MK", day, amount, "USD", "ADVERTISING", Tags.campaign(campaign));
            } else {
                c.spend(
                        random.nextBoolean() ? "OP" : "MK",
                        day,
                        amount,
                        "USD",
                        categories.get(random.nextInt(3)),
                        new Tags(segments.get(random.nextInt(3)), null, null, regions.get(random.nextInt(3))));
            }
        }
        c.build();
        for (String move : moves) {
            String[] m = move.split("\\|");
            api.ok(
                    "updateCustomer",
                    "customer",
                    Map.of("externalId", c.code(m[0]), "segmentCode", c.code(m[1]), "effectiveFrom", m[2]));
        }
        company = c;
    }

    private static List<List<String>> groupings() {
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < DIMENSIONS.size(); i++) {
            all.add(List.of(DIMENSIONS.get(i)));
            for (int j = 0; j < DIMENSIONS.size(); j++) {
                if (j != i) {
                    all.add(List.of(DIMENSIONS.get(i), DIMENSIONS.get(j)));
                }
            }
        }
        return all;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Map<String, Object>> rows(String document, String field, Map<String, Object> variables) {
        var request = graphQl.documentName(document);
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return (List) request.execute().path(field + ".rows").entity(List.class).get();
    }

    /** The figures of rows summed per key. */
    private static Map<String, Map<String, BigDecimal>> sums(
            List<Map<String, Object>> rows, List<String> keys, List<String> figures) {
        Map<String, Map<String, BigDecimal>> sums = new HashMap<>();
        for (Map<String, Object> row : rows) {
            String key = keys.stream().map(k -> String.valueOf(row.get(k))).reduce("", (a, b) -> a + "|" + b);
            Map<String, BigDecimal> s = sums.computeIfAbsent(key, k -> new HashMap<>());
            for (String f : figures) {
                s.merge(f, new BigDecimal(String.valueOf(row.get(f))), BigDecimal::add);
            }
        }
        return sums;
    }

    private static void assertAddsUp(
            Map<String, Map<String, BigDecimal>> grouped, Map<String, Map<String, BigDecimal>> whole, String what) {
        for (Map.Entry<String, Map<String, BigDecimal>> e : whole.entrySet()) {
            Map<String, BigDecimal> g = grouped.getOrDefault(e.getKey(), Map.of());
            e.getValue()
                    .forEach((figure, total) -> assertThat(g.getOrDefault(figure, BigDecimal.ZERO))
                            .as("%s %s %s", what, e.getKey(), figure)
                            .isEqualByComparingTo(total));
        }
        assertThat(whole.keySet()).as(what).containsAll(grouped.keySet());
    }

    @Test
    void groupedMrrMovementsAddUpToTheUngroupedRows() {
        for (String segment : Arrays.asList(null, company.code("P"))) {
            for (Integer window : Arrays.asList(null, 2)) {
                Map<String, Object> base = new HashMap<>();
                base.put("from", "2053-01-01");
                base.put("to", "2053-12-31");
                base.put("segmentCode", segment);
                base.put("window", window);
                List<Map<String, Object>> whole = rows("mrrMovementsGrouped", "mrrMovements", base);
                assertThat(whole).hasSize(12);
                assertThat(whole.stream()
                                .mapToInt(r -> (Integer) r.get("activeCustomers"))
                                .sum())
                        .isPositive();
                Map<String, Map<String, BigDecimal>> expected = sums(whole, List.of("month"), MOVEMENT_FIGURES);
                for (List<String> groupBy : groupings()) {
                    Map<String, Object> v = new HashMap<>(base);
                    v.put("groupBy", groupBy);
                    List<Map<String, Object>> grouped = rows("mrrMovementsGrouped", "mrrMovements", v);
                    assertThat(grouped.size() % 12).isZero();
                    assertAddsUp(
                            sums(grouped, List.of("month"), MOVEMENT_FIGURES),
                            expected,
                            "mrrMovements " + segment + " window " + window + " by " + groupBy);
                }
            }
        }
    }

    @Test
    void groupedCohortsAddUpToTheUngroupedCells() {
        for (String segment : Arrays.asList(null, company.code("P"))) {
            Map<String, Object> base = new HashMap<>();
            base.put("from", "2053-01-20");
            base.put("to", "2053-12-05");
            base.put("segmentCode", segment);
            List<String> keys = List.of("cohortMonth", "month");
            Map<String, Map<String, BigDecimal>> expected =
                    sums(rows("cohortRetentionGrouped", "cohortRetention", base), keys, COHORT_FIGURES);
            assertThat(expected).isNotEmpty();
            for (List<String> groupBy : groupings()) {
                Map<String, Object> v = new HashMap<>(base);
                v.put("groupBy", groupBy);
                assertAddsUp(
                        sums(rows("cohortRetentionGrouped", "cohortRetention", v), keys, COHORT_FIGURES),
                        expected,
                        "cohortRetention " + segment + " by " + groupBy);
            }
        }
    }

    @Test
    void groupedSegmentEconomicsAddUpToTheUngroupedRows() {
        Map<String, Object> base = new HashMap<>();
        base.put("from", "2053-01-01");
        base.put("to", "2053-12-31");
        List<String> keys = List.of("segmentCode");
        Map<String, Map<String, BigDecimal>> expected =
                sums(rows("segmentEconomicsGrouped", "segmentEconomics", base), keys, ECONOMICS_FIGURES);
        assertThat(expected.get("|null").get("revenue")).isPositive();
        for (List<String> groupBy : groupings()) {
            Map<String, Object> v = new HashMap<>(base);
            v.put("groupBy", groupBy);
            Map<String, Map<String, BigDecimal>> grouped =
                    sums(rows("segmentEconomicsGrouped", "segmentEconomics", v), keys, ECONOMICS_FIGURES);
            // segments of other tests have no figures in 2053: their ungrouped rows are zeros
            expected.forEach((segment, figures) -> figures.forEach((figure, total) -> assertThat(
                            grouped.getOrDefault(segment, Map.of()).getOrDefault(figure, BigDecimal.ZERO))
                    .as("segmentEconomics %s %s by %s", segment, figure, groupBy)
                    .isEqualByComparingTo(total)));
        }
    }

    @Test
    void aGroupedReportRunsAsManyStatementsOverOneMonthAsOverTheYear() {
        for (String[] report : new String[][] {
            {"mrrMovementsGrouped", "mrrMovements"},
            {"cohortRetentionGrouped", "cohortRetention"},
            {"segmentEconomicsGrouped", "segmentEconomics"}
        }) {
            int[] counts = new int[2];
            String[] ends = {"2053-01-31", "2053-12-31"};
            for (int i = 0; i < 2; i++) {
                queries.reset();
                rows(
                        report[0],
                        report[1],
                        Map.of(
                                "from",
                                "2053-01-01",
                                "to",
                                ends[i],
                                "groupBy",
                                List.of("ACQUISITION_CAMPAIGN", "REGION")));
                counts[i] = queries.count();
            }
            assertThat(counts[1]).as(report[1]).isEqualTo(counts[0]);
        }
    }
}
