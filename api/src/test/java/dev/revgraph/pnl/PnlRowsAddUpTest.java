package dev.revgraph.pnl;

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
 * A property check on generated data (the year 2039, whole-cent USD amounts): for every
 * combination of the five dimensions, the rows of the P&L add up to its total, to the cent, and the
 * total does not depend on the grouping.
 */
class PnlRowsAddUpTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void rowsAddUpToTheTotalForEveryGrouping() {
        Random random = new Random(39L);
        List<Long> departments = new ArrayList<>();
        List<Long> segments = new ArrayList<>();
        List<Long> products = new ArrayList<>();
        List<Long> regions = new ArrayList<>();
        List<Long> campaigns = new ArrayList<>();
        String[] kinds = {"MARKETING", "SALES", "OPERATIONS", "GENERAL"};
        for (int i = 0; i < 4; i++) {
            String code = unique("PD");
            api.department(code, kinds[i]);
            departments.add(id("department", code));
            String segment = unique("PS");
            api.segment(segment, null);
            segments.add(id("segment", segment));
            String product = unique("PP");
            api.product(product);
            products.add(id("product", product));
            String region = unique("PR");
            api.region(region, null);
            regions.add(id("region", region));
        }
        for (int i = 0; i < 3; i++) {
            String channel = unique("PC");
            api.ok("createChannel", "channel", Map.of("code", channel, "name", channel, "paid", i < 2));
            String campaign = unique("PCA");
            jdbc.update(
                    "insert into campaign (code, name, department_id, channel_id, segment_id, start_date)"
                            + " values (?, ?, ?, ?, ?, date '2039-01-01')",
                    campaign,
                    campaign,
                    departments.get(0),
                    id("channel", channel),
                    random.nextBoolean() ? segments.get(i) : null);
            campaigns.add(id("campaign", campaign));
        }

        List<Object[]> customers = new ArrayList<>();
        String prefix = unique("pc");
        for (int i = 0; i < 300; i++) {
            customers.add(new Object[] {
                prefix + "-" + i,
                "C" + i,
                pick(random, segments, false),
                pick(random, regions, true),
                Date.valueOf(LocalDate.of(2039, 1, 1).plusDays(random.nextInt(365))),
                pick(random, campaigns, true)
            });
        }
        jdbc.batchUpdate(
                "insert into customer (external_id, name, segment_id, region_id, acquired_on,"
                        + " acquisition_campaign_id) values (?, ?, ?, ?, ?, ?)",
                customers);
        List<Long> customerIds =
                jdbc.queryForList("select id from customer where external_id like ?", Long.class, prefix + "-%");
        List<Object[]> revenue = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            revenue.add(new Object[] {
                customerIds.get(random.nextInt(customerIds.size())),
                pick(random, products, true),
                Date.valueOf(LocalDate.of(2039, 1, 1).plusDays(random.nextInt(365))),
                BigDecimal.valueOf(random.nextInt(500_000) + 1, 2),
                random.nextBoolean()
            });
        }
        jdbc.batchUpdate(
                "insert into revenue_line (customer_id, product_id, recognized_on, amount, currency,"
                        + " recurring, created_by) values (?, ?, ?, ?, 'USD', ?, 'test')",
                revenue);
        String[] categories = {"ADVERTISING", "SALARIES", "TOOLS", "COST_OF_SERVICE", "OVERHEAD", "EVENTS"};
        List<Object[]> spend = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            spend.add(new Object[] {
                departments.get(random.nextInt(departments.size())),
                Date.valueOf(LocalDate.of(2039, 1, 1).plusDays(random.nextInt(365))),
                BigDecimal.valueOf(random.nextInt(300_000) + 1, 2),
                categories[random.nextInt(categories.length)],
                pick(random, campaigns, true),
                pick(random, segments, true),
                pick(random, products, true),
                pick(random, regions, true)
            });
        }
        jdbc.batchUpdate(
                "insert into spend_line (department_id, booked_on, amount, currency, category, campaign_id,"
                        + " segment_id, product_id, region_id, created_by) values (?, ?, ?, 'USD', ?, ?, ?, ?, ?, 'test')",
                spend);

        List<String> dimensions = List.of("SEGMENT", "PRODUCT", "REGION", "DEPARTMENT", "CHANNEL");
        Map<String, Object> reference = null;
        for (int mask = 0; mask < 32; mask++) {
            List<String> groupBy = new ArrayList<>();
            for (int d = 0; d < 5; d++) {
                if ((mask & (1 << d)) != 0) {
                    groupBy.add(dimensions.get(d));
                }
            }
            var response = graphQl.documentName("profitAndLoss")
                    .variable("from", "2039-01-01")
                    .variable("to", "2039-12-31")
                    .variable("granularity", "QUARTER")
                    .variable("groupBy", groupBy)
                    .execute();
            List<Map> rows =
                    response.path("profitAndLoss.rows").entityList(Map.class).get();
            Map<String, Object> total =
                    response.path("profitAndLoss.total").entity(Map.class).get();
            for (String measure : List.of("revenue", "costOfService", "operatingExpenses", "operatingProfit")) {
                BigDecimal sum = rows.stream()
                        .map(r -> new BigDecimal((String) r.get(measure)))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(sum).as("%s by %s", measure, groupBy).isEqualByComparingTo(new BigDecimal((String)
                        total.get(measure)));
            }
            int newCustomers =
                    rows.stream().mapToInt(r -> (Integer) r.get("newCustomers")).sum();
            assertThat(newCustomers).as("new customers by %s", groupBy).isEqualTo(total.get("newCustomers"));
            if (reference == null) {
                reference = total;
                assertThat(newCustomers).isEqualTo(300);
            } else {
                assertThat(total.get("revenue")).as("total by %s", groupBy).isEqualTo(reference.get("revenue"));
                assertThat(total.get("operatingExpenses")).isEqualTo(reference.get("operatingExpenses"));
            }
        }
    }

    private long id(String table, String code) {
        return jdbc.queryForObject("select id from " + table + " where code = ?", Long.class, code);
    }

    private static Long pick(Random random, List<Long> ids, boolean mayBeNull) {
        if (mayBeNull && random.nextInt(4) == 0) {
            return null;
        }
        return ids.get(random.nextInt(ids.size()));
    }
}
