package dev.revgraph.retention;

import static dev.revgraph.retention.MovementChecks.dec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.MovementFields;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A property check of segment transfers on generated data: customers in a segment tree bill, pause
 * and come back at random (whole cents, so every served figure is exact) and move between segments
 * at random, on any day of a month, several times in one month too, through {@code updateCustomer}
 * with {@code effectiveFrom}. For every month:
 *
 * <ul>
 *   <li>each row, of every segment and of the company, satisfies start + new + reactivated +
 *       expansion - contraction - churned + transferIn - transferOut = end, and its start is the
 *       previous row's end;
 *   <li>the rows of the top-level segments sum to the company's row in every figure, and their
 *       transfers net to zero (every customer has a segment, so no customer is left unassigned: the
 *       top-level segments hold them all), while the company has no transfer;
 *   <li>every row of every scope equals the rules of docs/metrics.md applied in Java to each
 *       customer's monthly MRR and its segment on each month's last day, figure by figure;
 *   <li>the top-level segments' cohorts (a customer in the segment of its acquisition date) partition
 *       the company's, cell by cell.
 * </ul>
 *
 * The months are this test's own, the first of them left empty, so the company is this company.
 */
class SegmentTransfersPropertyTest extends IntegrationTest {

    private static final int CUSTOMERS = 40;
    private static final int MOVES = 60;
    private static final int DATA_MONTHS = 6;

    /** Segment name to its parent (null for a top-level segment), in creation order. */
    private static final Map<String, String> TREE = new LinkedHashMap<>();

    static {
        TREE.put("P", null);
        TREE.put("P1", "P");
        TREE.put("P11", "P1");
        TREE.put("P2", "P");
        TREE.put("Q", null);
        TREE.put("Q1", "Q");
        TREE.put("R", null);
    }

    private static final List<String> TOP = List.of("P", "Q", "R");

    private static final List<String> FIGURES = MovementFields.ALL;

    /** One assignment: from a day on, recorded after those with a lower sequence. */
    private record Assignment(LocalDate from, int sequence, String segment) {}

    private final Random random = new Random(20261201L);

    @Test
    void segmentRowsAddUpToTheCompanyAndFollowTheRulesUnderRandomMoves() {
        YearMonth m0 = Api.uniqueMonth();
        for (int i = 0; i < 3; i++) {
            Api.uniqueMonth(); // m0 .. m0+7 are this test's
        }
        YearMonth first = m0.plusMonths(1);
        YearMonth last = m0.plusMonths(DATA_MONTHS + 1); // one month after the data: everyone churns
        List<String> segments = new ArrayList<>(TREE.keySet());

        CompanyBuilder company = new CompanyBuilder(graphQl);
        TREE.forEach(company::segment);
        Map<String, List<Assignment>> assignments = new HashMap<>();
        Map<String, Map<YearMonth, BigDecimal>> mrr = new HashMap<>();
        Map<String, YearMonth> acquired = new HashMap<>();
        Map<String, LocalDate> acquiredOn = new HashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String c = "c" + i;
            String segment = segments.get(random.nextInt(segments.size()));
            YearMonth month = first.plusMonths(random.nextInt(DATA_MONTHS));
            LocalDate day = month.atDay(1 + random.nextInt(28));
            company.customer(c, segment, day.toString());
            acquired.put(c, month);
            acquiredOn.put(c, day);
            assignments.put(c, new ArrayList<>(List.of(new Assignment(LocalDate.of(1900, 1, 1), 0, segment))));
            Map<YearMonth, BigDecimal> months = new HashMap<>();
            for (YearMonth m = month; !m.isAfter(first.plusMonths(DATA_MONTHS - 1)); m = m.plusMonths(1)) {
                if (random.nextInt(100) < 25) {
                    continue; // inactive: churn, and maybe reactivation later
                }
                BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(50_000), 2);
                company.recurring(
                        c,
                        amount.toPlainString(),
                        m.atDay(1 + random.nextInt(28)).toString());
                months.put(m, amount);
            }
            mrr.put(c, months);
        }
        company.build();

        for (int i = 0; i < MOVES; i++) {
            String c = "c" + random.nextInt(CUSTOMERS);
            String segment = segments.get(random.nextInt(segments.size()));
            YearMonth month = first.plusMonths(random.nextInt(DATA_MONTHS + 1));
            LocalDate from = month.atDay(1 + random.nextInt(month.lengthOfMonth()));
            api.ok(
                    "updateCustomer",
                    "customer",
                    Map.of(
                            "externalId",
                            company.code(c),
                            "segmentCode",
                            company.code(segment),
                            "effectiveFrom",
                            from.toString()));
            assignments.get(c).add(new Assignment(from, i + 1, segment));
        }

        List<Map<String, Object>> companyRows = movements(first, last, null);
        Map<String, List<Map<String, Object>>> rows = new HashMap<>();
        for (String s : segments) {
            rows.put(s, movements(first, last, company.code(s)));
        }

        int months = companyRows.size();
        assertThat(months).isEqualTo(DATA_MONTHS + 1);
        BigDecimal transferred = BigDecimal.ZERO;
        for (int i = 0; i < months; i++) {
            YearMonth month = first.plusMonths(i);
            for (String scope : concat(null, segments)) {
                Map<String, Object> row =
                        scope == null ? companyRows.get(i) : rows.get(scope).get(i);
                assertThat(MovementChecks.identityHolds(row))
                        .as("identity of %s in %s: %s", scope, month, row)
                        .isTrue();
                if (i > 0) {
                    Map<String, Object> previous = scope == null
                            ? companyRows.get(i - 1)
                            : rows.get(scope).get(i - 1);
                    assertThat(dec(row, "startMrr")).isEqualByComparingTo(dec(previous, "endMrr"));
                }
                Map<String, BigDecimal> expected =
                        expected(scope == null ? null : subtree(scope), month, mrr, assignments);
                for (String f : FIGURES) {
                    assertThat(figure(row, f))
                            .as("%s of %s in %s", f, scope == null ? "the company" : scope, month)
                            .isEqualByComparingTo(expected.get(f));
                }
            }
            Map<String, Object> whole = companyRows.get(i);
            assertThat(dec(whole, "transferIn")).isZero();
            assertThat(dec(whole, "transferOut")).isZero();
            for (String f : FIGURES) {
                if (f.startsWith("transfer")) {
                    continue;
                }
                BigDecimal sum = BigDecimal.ZERO;
                for (String top : TOP) {
                    sum = sum.add(figure(rows.get(top).get(i), f));
                }
                assertThat(sum)
                        .as("%s of the top-level segments in %s", f, month)
                        .isEqualByComparingTo(figure(whole, f));
            }
            for (String f : List.of("transferIn", "transferInCustomers")) {
                String out = f.replace("In", "Out");
                BigDecimal in = BigDecimal.ZERO;
                BigDecimal away = BigDecimal.ZERO;
                for (String top : TOP) {
                    in = in.add(figure(rows.get(top).get(i), f));
                    away = away.add(figure(rows.get(top).get(i), out));
                }
                assertThat(in).as("%s and %s net to zero in %s", f, out, month).isEqualByComparingTo(away);
            }
            for (String top : TOP) {
                transferred = transferred.add(dec(rows.get(top).get(i), "transferIn"));
            }
        }
        assertThat(transferred)
                .as("the data moves MRR between top-level segments")
                .isPositive();
        assertThat(rows.get("P").stream().map(r -> dec(r, "churned")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isPositive();

        // cohorts: each customer in the top-level segment of its acquisition date, cell by cell
        Map<String, BigDecimal[]> companyCells = cohortCells(first, first.plusMonths(DATA_MONTHS - 1), null);
        Map<String, BigDecimal[]> summed = new HashMap<>();
        for (String top : TOP) {
            cohortCells(first, first.plusMonths(DATA_MONTHS - 1), company.code(top))
                    .forEach((cell, v) -> summed.merge(
                            cell, v, (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1]), a[2].add(b[2])}));
        }
        assertThat(summed.keySet()).isEqualTo(companyCells.keySet());
        companyCells.forEach((cell, v) -> {
            for (int k = 0; k < 3; k++) {
                assertThat(summed.get(cell)[k])
                        .as("cohort cell %s, figure %d", cell, k)
                        .isEqualByComparingTo(v[k]);
            }
        });
        // and a segment's cohort is the customers of its subtree on their acquisition date
        for (String top : TOP) {
            Set<String> tree = subtree(top);
            Map<YearMonth, Integer> sizes = new HashMap<>();
            acquired.forEach((c, month) -> {
                if (tree.contains(segmentOn(assignments.get(c), acquiredOn.get(c)))) {
                    sizes.merge(month, 1, Integer::sum);
                }
            });
            Map<YearMonth, Integer> served = new HashMap<>();
            cohortCells(first, first.plusMonths(DATA_MONTHS - 1), company.code(top))
                    .forEach((cell, v) -> served.put(YearMonth.parse(cell.substring(0, 7)), v[0].intValue()));
            assertThat(served).as("cohort sizes of %s", top).isEqualTo(sizes);
        }
    }

    /** The scope's movements of a month by the rules of docs/metrics.md, customer by customer. */
    private static Map<String, BigDecimal> expected(
            Set<String> scope,
            YearMonth month,
            Map<String, Map<YearMonth, BigDecimal>> mrr,
            Map<String, List<Assignment>> assignments) {
        Map<String, BigDecimal> f = new HashMap<>();
        FIGURES.forEach(name -> f.put(name, BigDecimal.ZERO));
        for (Map.Entry<String, Map<YearMonth, BigDecimal>> e : mrr.entrySet()) {
            Map<YearMonth, BigDecimal> months = e.getValue();
            BigDecimal now = months.getOrDefault(month, BigDecimal.ZERO);
            BigDecimal before = months.getOrDefault(month.minusMonths(1), BigDecimal.ZERO);
            boolean active = now.signum() > 0;
            boolean wasActive = before.signum() > 0;
            boolean everBefore = months.keySet().stream().anyMatch(m -> m.isBefore(month.minusMonths(1)));
            List<Assignment> history = assignments.get(e.getKey());
            boolean in = scope == null || scope.contains(segmentOn(history, month.atEndOfMonth()));
            boolean wasIn = scope == null
                    || scope.contains(segmentOn(history, month.minusMonths(1).atEndOfMonth()));
            if (wasActive && wasIn) {
                add(f, "startMrr", before);
                add(f, "startCustomers", BigDecimal.ONE);
            }
            if (active && in) {
                add(f, "endMrr", now);
                add(f, "activeCustomers", BigDecimal.ONE);
            }
            if (active && wasActive) {
                if (in) {
                    add(f, "expansion", now.subtract(before).max(BigDecimal.ZERO));
                    add(f, "contraction", before.subtract(now).max(BigDecimal.ZERO));
                }
                if (in && !wasIn) {
                    add(f, "transferIn", before);
                    add(f, "transferInCustomers", BigDecimal.ONE);
                }
                if (wasIn && !in) {
                    add(f, "transferOut", before);
                    add(f, "transferOutCustomers", BigDecimal.ONE);
                }
            } else if (active && in) {
                add(f, everBefore ? "reactivated" : "newMrr", now);
            } else if (wasActive && wasIn) {
                add(f, "churned", before);
                add(f, "churnedCustomers", BigDecimal.ONE);
            }
        }
        return f;
    }

    private static void add(Map<String, BigDecimal> figures, String name, BigDecimal amount) {
        figures.merge(name, amount, BigDecimal::add);
    }

    /** The segment in force on a day: the latest assignment from that day or before, the later recorded on a tie. */
    private static String segmentOn(List<Assignment> history, LocalDate day) {
        Assignment found = null;
        for (Assignment a : history) {
            if (!a.from().isAfter(day)
                    && (found == null
                            || a.from().isAfter(found.from())
                            || (a.from().equals(found.from()) && a.sequence() > found.sequence()))) {
                found = a;
            }
        }
        return found.segment();
    }

    private static Set<String> subtree(String root) {
        Set<String> result = new java.util.HashSet<>(Set.of(root));
        boolean grown = true;
        while (grown) {
            grown = false;
            for (Map.Entry<String, String> e : TREE.entrySet()) {
                if (e.getValue() != null && result.contains(e.getValue()) && result.add(e.getKey())) {
                    grown = true;
                }
            }
        }
        return result;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static BigDecimal figure(Map<String, Object> row, String field) {
        return field.endsWith("Customers") ? BigDecimal.valueOf((Integer) row.get(field)) : dec(row, field);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Map<String, Object>> movements(YearMonth from, YearMonth to, String segment) {
        return (List) graphQl.documentName("mrrMovements")
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString())
                .variable("segmentCode", segment)
                .execute()
                .path("mrrMovements.rows")
                .entityList(Map.class)
                .get();
    }

    /** Cohort cells keyed "cohort month/months since": size, active customers, MRR. */
    private Map<String, BigDecimal[]> cohortCells(YearMonth from, YearMonth to, String segment) {
        Map<String, BigDecimal[]> cells = new HashMap<>();
        for (Map<?, ?> r : graphQl.documentName("cohortRetention")
                .variable("from", from.atDay(1).toString())
                .variable("to", to.atEndOfMonth().toString())
                .variable("segmentCode", segment)
                .execute()
                .path("cohortRetention.rows")
                .entityList(Map.class)
                .get()) {
            cells.put(r.get("cohortMonth") + "/" + r.get("monthsSinceAcquisition"), new BigDecimal[] {
                BigDecimal.valueOf((Integer) r.get("cohortSize")),
                BigDecimal.valueOf((Integer) r.get("activeCustomers")),
                new BigDecimal((String) r.get("mrr"))
            });
        }
        return cells;
    }
}
