package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A property check on generated data: thousands of customers starting, expanding, contracting,
 * churning and coming back at random (whole-cent USD amounts, so every served figure is exact).
 * Every month: start + new + expansion - contraction - churned + reactivated = end; a month's
 * start is the previous month's end; start customers are the previous month's active customers;
 * and end MRR equals a direct SQL sum of positive monthly recurring revenue.
 */
class MovementIdentityTest extends IntegrationTest {

    private static final int CUSTOMERS = 2_500;
    private static final int MONTHS = 18;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void movementsAddUpEveryMonthOnGeneratedData() {
        String segment = unique("GEN");
        api.segment(segment, null);
        long segmentId = jdbc.queryForObject("select id from segment where code = ?", Long.class, segment);
        LocalDate start = LocalDate.of(2034, 1, 1);
        Random random = new Random(20261124L);

        // builders for volume: plain inserts of valid rows, as an import would make them
        List<Object[]> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(new Object[] {segment + "-" + i, "Generated " + i, segmentId,
                Date.valueOf(start.plusMonths(random.nextInt(MONTHS)).plusDays(random.nextInt(27)))});
        }
        jdbc.batchUpdate("insert into customer (external_id, name, segment_id, acquired_on) values (?, ?, ?, ?)",
                customers);
        List<Map<String, Object>> ids = jdbc.queryForList(
                "select id, acquired_on from customer where segment_id = ? order by id", segmentId);
        List<Object[]> lines = new ArrayList<>();
        for (Map<String, Object> row : ids) {
            LocalDate month = ((Date) row.get("acquired_on")).toLocalDate().withDayOfMonth(1);
            long mrr = 1_000 + random.nextInt(50_000);
            for (; month.isBefore(start.plusMonths(MONTHS)); month = month.plusMonths(1)) {
                int roll = random.nextInt(100);
                if (roll < 8) {
                    continue; // a month without revenue: churn, maybe reactivation later
                }
                mrr = Math.max(100, mrr + (roll < 30 ? -random.nextInt(2_000) : roll > 80 ? random.nextInt(3_000) : 0));
                lines.add(new Object[] {row.get("id"), Date.valueOf(month.plusDays(14)),
                    BigDecimal.valueOf(mrr, 2), true});
                if (roll > 95) {
                    lines.add(new Object[] {row.get("id"), Date.valueOf(month.plusDays(3)),
                        BigDecimal.valueOf(random.nextInt(90_000) + 1, 2), false});
                }
            }
        }
        jdbc.batchUpdate("insert into revenue_line (customer_id, recognized_on, amount, currency, recurring, created_by)"
                + " values (?, ?, ?, 'USD', ?, 'test')", lines);

        List<Map> rows = graphQl.documentName("mrrMovements").variable("from", start.toString())
                .variable("to", start.plusMonths(MONTHS - 1).toString()).variable("segmentCode", segment).execute()
                .path("mrrMovements.rows").entityList(Map.class).hasSize(MONTHS).get();

        List<Map<String, Object>> direct = jdbc.queryForList("""
                select date_trunc('month', r.recognized_on)::date as month, sum(r.amount) as mrr
                from revenue_line r join customer c on c.id = r.customer_id
                where c.segment_id = ? and r.recurring
                group by 1 order by 1""", segmentId);
        Map<String, Object> previous = null;
        for (int i = 0; i < MONTHS; i++) {
            Map<String, Object> row = rows.get(i);
            BigDecimal computed = dec(row, "startMrr").add(dec(row, "newMrr")).add(dec(row, "expansion"))
                    .subtract(dec(row, "contraction")).subtract(dec(row, "churned")).add(dec(row, "reactivated"));
            assertThat(computed).as("identity in %s", row.get("month")).isEqualByComparingTo(dec(row, "endMrr"));
            assertThat(dec(row, "endMrr")).as("end MRR in %s", row.get("month"))
                    .isEqualByComparingTo((BigDecimal) direct.get(i).get("mrr"));
            if (previous != null) {
                assertThat(dec(row, "startMrr")).isEqualByComparingTo(dec(previous, "endMrr"));
                assertThat(row.get("startCustomers")).isEqualTo(previous.get("activeCustomers"));
            }
            previous = row;
        }
        assertThat(rows.stream().map(r -> dec(r, "churned")).reduce(BigDecimal.ZERO, BigDecimal::add)).isPositive();
        assertThat(rows.stream().map(r -> dec(r, "reactivated")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isPositive();
        assertThat(rows.stream().map(r -> dec(r, "contraction")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isPositive();
    }

    private static BigDecimal dec(Map<String, Object> row, String field) {
        return new BigDecimal((String) row.get(field));
    }
}
