package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A property check on generated data: thousands of customers starting, expanding, contracting,
 * churning and coming back at random (whole-cent USD amounts, so every served figure is exact).
 * Every month: start + new + reactivated + expansion - contraction - churned + transferIn -
 * transferOut = end (no customer moves, so no transfer); a month's
 * start is the previous month's end; start customers are the previous month's active customers;
 * and end MRR equals a direct SQL sum of positive monthly recurring revenue. Ranges that start
 * later are checked figure by figure against the definitions applied in Java to the raw lines.
 */
class MovementIdentityTest extends IntegrationTest {

    private static final int CUSTOMERS = 2_500;
    private static final int MONTHS = 18;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void movementsAddUpEveryMonthOnGeneratedData() {
        LocalDate start = LocalDate.of(2034, 1, 1);
        Random random = new Random(20261124L);
        CompanyBuilder company = new CompanyBuilder(graphQl).segment("GEN", null);
        List<LocalDate> acquired = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            acquired.add(start.plusMonths(random.nextInt(MONTHS)).plusDays(random.nextInt(27)));
            company.customer("c" + i, "GEN", acquired.get(i).toString());
        }
        for (int i = 0; i < CUSTOMERS; i++) {
            LocalDate month = acquired.get(i).withDayOfMonth(1);
            long mrr = 1_000 + random.nextInt(50_000);
            for (; month.isBefore(start.plusMonths(MONTHS)); month = month.plusMonths(1)) {
                int roll = random.nextInt(100);
                if (roll < 8) {
                    continue; // a month without revenue: churn, maybe reactivation later
                }
                mrr = Math.max(100, mrr + (roll < 30 ? -random.nextInt(2_000) : roll > 80 ? random.nextInt(3_000) : 0));
                company.recurring(
                        "c" + i,
                        BigDecimal.valueOf(mrr, 2).toPlainString(),
                        month.plusDays(14).toString());
                if (roll > 95) {
                    String oneOff =
                            BigDecimal.valueOf(random.nextInt(90_000) + 1, 2).toPlainString();
                    company.revenue("c" + i, month.plusDays(3).toString(), oneOff, "USD", false);
                }
            }
        }
        company.build();
        String segment = company.code("GEN");
        long segmentId = jdbc.queryForObject("select id from segment where code = ?", Long.class, segment);

        List<Map> rows = graphQl.documentName("mrrMovements")
                .variable("from", start.toString())
                .variable("to", start.plusMonths(MONTHS - 1).toString())
                .variable("segmentCode", segment)
                .execute()
                .path("mrrMovements.rows")
                .entityList(Map.class)
                .hasSize(MONTHS)
                .get();

        List<Map<String, Object>> direct = jdbc.queryForList("""
                select date_trunc('month', r.recognized_on)::date as month, sum(r.amount) as mrr
                from revenue_line r join customer c on c.id = r.customer_id
                where c.segment_id = ? and r.recurring
                group by 1 order by 1""", segmentId);
        Map<String, Object> previous = null;
        for (int i = 0; i < MONTHS; i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(MovementChecks.identityHolds(row))
                    .as("identity in %s", row.get("month"))
                    .isTrue();
            assertThat(dec(row, "transferIn").add(dec(row, "transferOut")))
                    .as("no customer moves: no transfer in %s", row.get("month"))
                    .isZero();
            assertThat(dec(row, "endMrr")).as("end MRR in %s", row.get("month")).isEqualByComparingTo((BigDecimal)
                    direct.get(i).get("mrr"));
            if (previous != null) {
                assertThat(dec(row, "startMrr")).isEqualByComparingTo(dec(previous, "endMrr"));
                assertThat(row.get("startCustomers")).isEqualTo(previous.get("activeCustomers"));
            }
            previous = row;
        }
        // ranges starting later: a customer active only before the range and back inside it is
        // reactivated, not new; every figure equals the definitions applied in Java to raw monthly sums
        Map<Long, Map<LocalDate, BigDecimal>> mrr = new HashMap<>();
        jdbc.query(
                """
                select r.customer_id, date_trunc('month', r.recognized_on)::date as month,
                       sum(r.amount) filter (where r.recurring) as mrr
                from revenue_line r join customer c on c.id = r.customer_id
                where c.segment_id = ? group by 1, 2""",
                rs -> {
                    BigDecimal value = rs.getBigDecimal("mrr");
                    mrr.computeIfAbsent(rs.getLong("customer_id"), k -> new HashMap<>())
                            .put(rs.getDate("month").toLocalDate(), value == null ? BigDecimal.ZERO : value);
                },
                segmentId);
        for (int offset : new int[] {4, 9, 15}) {
            LocalDate from = start.plusMonths(offset);
            LocalDate to = from.plusMonths(Math.min(3, MONTHS - 1 - offset));
            List<Map> served = graphQl.documentName("mrrMovements")
                    .variable("from", from.toString())
                    .variable("to", to.toString())
                    .variable("segmentCode", segment)
                    .execute()
                    .path("mrrMovements.rows")
                    .entityList(Map.class)
                    .get();
            int i = 0;
            for (LocalDate month = from; !month.isAfter(to); month = month.plusMonths(1), i++) {
                Map<String, BigDecimal> expected = expectedMovements(mrr, start, month);
                Map<String, Object> row = served.get(i);
                for (Map.Entry<String, BigDecimal> e : expected.entrySet()) {
                    BigDecimal actual = e.getKey().endsWith("Customers")
                            ? new BigDecimal(String.valueOf(row.get(e.getKey())))
                            : dec(row, e.getKey());
                    assertThat(actual)
                            .as("%s of %s in the range from %s", e.getKey(), month, from)
                            .isEqualByComparingTo(e.getValue());
                }
            }
        }
        assertThat(rows.stream().map(r -> dec(r, "churned")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isPositive();
        assertThat(rows.stream().map(r -> dec(r, "reactivated")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isPositive();
        assertThat(rows.stream().map(r -> dec(r, "contraction")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isPositive();
    }

    /**
     * The movements of one month as docs/metrics.md defines them, from each customer's monthly MRR
     * (active when above zero).
     */
    private static Map<String, BigDecimal> expectedMovements(
            Map<Long, Map<LocalDate, BigDecimal>> mrr, LocalDate first, LocalDate month) {
        BigDecimal start = BigDecimal.ZERO, added = BigDecimal.ZERO, expansion = BigDecimal.ZERO;
        BigDecimal contraction = BigDecimal.ZERO, churned = BigDecimal.ZERO, reactivated = BigDecimal.ZERO;
        BigDecimal end = BigDecimal.ZERO;
        int active = 0, starting = 0, churning = 0;
        for (Map<LocalDate, BigDecimal> months : mrr.values()) {
            BigDecimal now = months.getOrDefault(month, BigDecimal.ZERO);
            BigDecimal before = months.getOrDefault(month.minusMonths(1), BigDecimal.ZERO);
            boolean isActive = now.signum() > 0, wasActive = before.signum() > 0;
            boolean everBefore = false;
            for (LocalDate m = first.minusMonths(1); m.isBefore(month); m = m.plusMonths(1)) {
                everBefore |= months.getOrDefault(m, BigDecimal.ZERO).signum() > 0;
            }
            if (wasActive) {
                start = start.add(before);
                starting++;
            }
            if (isActive) {
                end = end.add(now);
                active++;
            }
            if (isActive && wasActive) {
                expansion = expansion.add(now.subtract(before).max(BigDecimal.ZERO));
                contraction = contraction.add(before.subtract(now).max(BigDecimal.ZERO));
            } else if (isActive) {
                if (everBefore) {
                    reactivated = reactivated.add(now);
                } else {
                    added = added.add(now);
                }
            } else if (wasActive) {
                churned = churned.add(before);
                churning++;
            }
        }
        Map<String, BigDecimal> figures = new HashMap<>();
        figures.put("startMrr", start);
        figures.put("newMrr", added);
        figures.put("expansion", expansion);
        figures.put("contraction", contraction);
        figures.put("churned", churned);
        figures.put("reactivated", reactivated);
        figures.put("endMrr", end);
        figures.put("activeCustomers", BigDecimal.valueOf(active));
        figures.put("startCustomers", BigDecimal.valueOf(starting));
        figures.put("churnedCustomers", BigDecimal.valueOf(churning));
        return figures;
    }

    private static BigDecimal dec(Map<String, Object> row, String field) {
        return new BigDecimal((String) row.get(field));
    }
}
