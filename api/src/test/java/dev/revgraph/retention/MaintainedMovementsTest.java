package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The maintained MRR movements (changeset 0024) when two transactions write revenue of one customer
 * at once, each for another month: the second waits for the first to commit and then rebuilds the
 * customer from both months, so nothing is counted twice or lost. Hand figures: 100.00 new in the
 * first month, 150.00 in the second (an expansion of 50.00).
 */
class MaintainedMovementsTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void concurrentWritersOfOneCustomerWaitForEachOther() throws Exception {
        LocalDate first = Api.uniqueMonth().atDay(1);
        LocalDate second = first.plusMonths(1);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("MM", null)
                .customer("concurrent", "MM", first.toString())
                .build();
        long customer = jdbc.queryForObject(
                "select id from customer where external_id = ?", Long.class, company.code("concurrent"));

        try (Connection a = dataSource.getConnection()) {
            a.setAutoCommit(false);
            insertLine(a, customer, first.plusDays(9), "100.00");
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    insertLine(c, customer, second.plusDays(9), "150.00");
                    c.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waitUntilBlocked();
            a.commit();
            b.get(30, TimeUnit.SECONDS);
        }

        List<Map<String, Object>> months = jdbc.queryForList(
                "select month, mrr, prev_month, prev_mrr from customer_mrr_month where customer_id = ? order by month",
                customer);
        assertThat(months).hasSize(2);
        assertThat((BigDecimal) months.get(0).get("mrr")).isEqualByComparingTo("100.00");
        assertThat(months.get(0).get("prev_month")).isNull();
        assertThat((BigDecimal) months.get(1).get("mrr")).isEqualByComparingTo("150.00");
        assertThat(months.get(1).get("prev_month")).isEqualTo(Date.valueOf(first));

        List<Map> rows = graphQl.documentName("mrrMovements")
                .variable("from", first.toString())
                .variable("to", second.toString())
                .variable("segmentCode", company.code("MM"))
                .execute()
                .path("mrrMovements.rows")
                .entityList(Map.class)
                .hasSize(2)
                .get();
        assertThat(rows.get(0))
                .containsEntry("newMrr", "100.00")
                .containsEntry("endMrr", "100.00")
                .containsEntry("activeCustomers", 1);
        assertThat(rows.get(1))
                .containsEntry("startMrr", "100.00")
                .containsEntry("expansion", "50.00")
                .containsEntry("newMrr", "0.00")
                .containsEntry("endMrr", "150.00")
                .containsEntry("startCustomers", 1)
                .containsEntry("churnedCustomers", 0);
    }

    private static void insertLine(Connection connection, long customer, LocalDate day, String amount)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("insert into revenue_line (customer_id,"
                + " recognized_on, amount, currency, recurring, created_by) values (?, ?, ?, 'USD', true, 'test')")) {
            insert.setLong(1, customer);
            insert.setDate(2, Date.valueOf(day));
            insert.setBigDecimal(3, new BigDecimal(amount));
            insert.executeUpdate();
        }
    }

    /** Waits until some session waits for a row lock held by another (the second writer on the first). */
    private void waitUntilBlocked() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("select count(*) from pg_stat_activity"
                            + " where wait_event_type = 'Lock' and query like 'insert into revenue_line%'");
                    ResultSet r = q.executeQuery()) {
                r.next();
                if (r.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the second writer never waited for the first");
    }
}
