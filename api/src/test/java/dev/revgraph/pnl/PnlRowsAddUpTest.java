package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A property check on generated data (the year 2039, whole-cent USD amounts): for every
 * combination of the five dimensions, the rows of the P&L add up to its total, to the cent, and the
 * total does not depend on the grouping.
 */
class PnlRowsAddUpTest extends IntegrationTest {

    @Test
    void rowsAddUpToTheTotalForEveryGrouping() {
        Random random = new Random(39L);
        CompanyBuilder company = new CompanyBuilder(graphQl);
        List<String> departments = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        List<String> products = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        List<String> campaigns = new ArrayList<>();
        String[] kinds = {"MARKETING", "SALES", "OPERATIONS", "GENERAL"};
        for (int i = 0; i < 4; i++) {
            company.department("PD" + i, kinds[i])
                    .segment("PS" + i, null)
                    .product("PP" + i)
                    .region("PR" + i, null);
            departments.add("PD" + i);
            segments.add("PS" + i);
            products.add("PP" + i);
            regions.add("PR" + i);
        }
        for (int i = 0; i < 3; i++) {
            company.channel("PC" + i, i < 2)
                    .campaign(
                            "PCA" + i,
                            departments.get(0),
                            "PC" + i,
                            "2039-01-01",
                            null,
                            Tags.segment(random.nextBoolean() ? segments.get(i) : null),
                            null);
            campaigns.add("PCA" + i);
        }

        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String segment = pick(random, segments, false);
            String region = pick(random, regions, true);
            String acquiredOn =
                    LocalDate.of(2039, 1, 1).plusDays(random.nextInt(365)).toString();
            company.customer("pc" + i, segment, region, acquiredOn, pick(random, campaigns, true));
            customers.add("pc" + i);
        }
        for (int i = 0; i < 2_000; i++) {
            String customer = customers.get(random.nextInt(customers.size()));
            String product = pick(random, products, true);
            String day = LocalDate.of(2039, 1, 1).plusDays(random.nextInt(365)).toString();
            String amount = BigDecimal.valueOf(random.nextInt(500_000) + 1, 2).toPlainString();
            company.revenue(customer, product, day, amount, "USD", random.nextBoolean());
        }
        String[] categories = {"ADVERTISING", "SALARIES", "TOOLS", "COST_OF_SERVICE", "OVERHEAD", "EVENTS"};
        for (int i = 0; i < 2_000; i++) {
            String department = departments.get(random.nextInt(departments.size()));
            String day = LocalDate.of(2039, 1, 1).plusDays(random.nextInt(365)).toString();
            String amount = BigDecimal.valueOf(random.nextInt(300_000) + 1, 2).toPlainString();
            String category = categories[random.nextInt(categories.length)];
            String campaign = pick(random, campaigns, true);
            String segment = pick(random, segments, true);
            String product = pick(random, products, true);
            String region = pick(random, regions, true);
            company.spend(department, day, amount, "USD", category, new Tags(segment, product, campaign, region));
        }
        company.build();

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

    private static String pick(Random random, List<String> names, boolean mayBeNull) {
        if (mayBeNull && random.nextInt(4) == 0) {
            return null;
        }
        return names.get(random.nextInt(names.size()));
    }
}
