package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A property check on generated data (the year 2039, whole-cent USD amounts, five allocation rules
 * of every driver and target dimension, one of them onto a department that allocates on): for every
 * combination of the five dimensions and both cost bases, the rows of the P&L add up to its total,
 * to the cent, and the total depends neither on the grouping nor on the cost basis.
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
        for (int month = 1; month <= 12; month++) {
            // May: no headcount anywhere, so GENERAL's pool stays unallocated
            String fte0 = month == 5 ? "0" : String.valueOf(random.nextInt(5) + 1);
            String fte1 = month == 5 ? "0" : String.valueOf(random.nextInt(5));
            company.headcount(departments.get(0), "2039-%02d".formatted(month), fte0)
                    .headcount(departments.get(1), "2039-%02d".formatted(month), fte1);
        }
        company.build();
        // GENERAL onto MARKETING and SALES by headcount; MARKETING (with what it receives) on by spend
        YearMonth january = YearMonth.of(2039, 1);
        YearMonth december = YearMonth.of(2039, 12); // later years hold other tests' closed months
        company.allocationRule(
                        "PA1", "PD3", null, "DEPARTMENT", "HEADCOUNT", january, december, "PD0", null, "PD1", null)
                .allocationRule(
                        "PA2",
                        "PD0",
                        null,
                        "REGION",
                        "DIRECT_SPEND",
                        january,
                        december,
                        "PR0",
                        null,
                        "PR1",
                        null,
                        "PR2",
                        null)
                .allocationRule(
                        "PA3",
                        "PD1",
                        List.of("SALARIES"),
                        "SEGMENT",
                        "NEW_CUSTOMERS",
                        january,
                        december,
                        "PS0",
                        null,
                        "PS1",
                        null,
                        "PS2",
                        null,
                        "PS3",
                        null)
                .allocationRule(
                        "PA4",
                        "PD2",
                        List.of("COST_OF_SERVICE"),
                        "PRODUCT",
                        "REVENUE",
                        january,
                        december,
                        "PP0",
                        null,
                        "PP1",
                        null,
                        "PP2",
                        null,
                        "PP3",
                        null)
                .allocationRule(
                        "PA5",
                        "PD2",
                        List.of("TOOLS"),
                        "SEGMENT",
                        "FIXED",
                        january,
                        december,
                        "PS0",
                        "0.3",
                        "PS1",
                        "0.7");

        List<String> dimensions = List.of("SEGMENT", "PRODUCT", "REGION", "DEPARTMENT", "CHANNEL");
        Map<String, Object> reference = null;
        boolean moved = false;
        for (int run = 0; run < 64; run++) {
            int mask = run % 32;
            String basis = run < 32 ? "DIRECT" : "FULLY_LOADED";
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
                    .variable("costBasis", basis)
                    .execute();
            List<Map> rows =
                    response.path("profitAndLoss.rows").entityList(Map.class).get();
            Map<String, Object> total =
                    response.path("profitAndLoss.total").entity(Map.class).get();
            List<String> measures =
                    new ArrayList<>(List.of("revenue", "costOfService", "operatingExpenses", "operatingProfit"));
            if (basis.equals("FULLY_LOADED")) {
                measures.add("allocated");
                assertThat(total.get("allocated"))
                        .as("allocated by %s", groupBy)
                        .isEqualTo("0.00");
            } else {
                assertThat(total.get("allocated")).isNull();
            }
            for (String measure : measures) {
                BigDecimal sum = rows.stream()
                        .map(r -> new BigDecimal((String) r.get(measure)))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(sum).as("%s by %s, %s", measure, groupBy, basis).isEqualByComparingTo(new BigDecimal((String)
                        total.get(measure)));
            }
            if (basis.equals("FULLY_LOADED") && !groupBy.isEmpty()) {
                moved |= rows.stream().anyMatch(r -> new BigDecimal((String) r.get("allocated")).signum() != 0);
            }
            int newCustomers =
                    rows.stream().mapToInt(r -> (Integer) r.get("newCustomers")).sum();
            assertThat(newCustomers).as("new customers by %s", groupBy).isEqualTo(total.get("newCustomers"));
            if (reference == null) {
                reference = total;
                assertThat(newCustomers).isEqualTo(300);
            } else {
                for (String measure : List.of("revenue", "costOfService", "operatingExpenses", "operatingProfit")) {
                    assertThat(total.get(measure))
                            .as("total %s by %s, %s", measure, groupBy, basis)
                            .isEqualTo(reference.get(measure));
                }
            }
        }
        assertThat(moved).as("the rules moved costs between rows").isTrue();
    }

    private static String pick(Random random, List<String> names, boolean mayBeNull) {
        if (mayBeNull && random.nextInt(4) == 0) {
            return null;
        }
        return names.get(random.nextInt(names.size()));
    }
}
