package dev.revgraph.department;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A property check on a generated company (fixed seed; the test's own two months, the first of them
 * closed; costs and budgets in whole USD cents, revenue in USD and in a second currency, touches,
 * acquisition campaigns, customers without either, a DEPARTMENT rule and a SEGMENT rule): per
 * period, the departments and the unassigned row add up to the company row for the credited
 * figures, the costs and the budget, to the cent; the company row is the P&L's total of the period;
 * the amounts allocated in equal those allocated out. Under two attribution models.
 */
class DepartmentStatementAddsUpTest extends IntegrationTest {

    private static final List<String> ADDITIVE = List.of(
            "creditedRevenue", "creditedNewCustomers", "fullyLoadedCost", "directCost", "budget", "allocatedToSlices");

    @Test
    void rowsAddUpToTheCompanyAndTheCompanyIsThePnl() {
        YearMonth m = Api.uniqueMonth();
        YearMonth last = m.plusMonths(1);
        generated(m, last);

        for (String model : List.of("LINEAR", "POSITION_BASED")) {
            var response = graphQl.documentName("departmentStatement")
                    .variable("from", m.atDay(1).toString())
                    .variable("to", last.atEndOfMonth().toString())
                    .variable("model", model)
                    .execute();
            List<Map> rows = response.path("departmentStatement.rows")
                    .entityList(Map.class)
                    .get();
            List<Map> whole = response.path("departmentStatement.company")
                    .entityList(Map.class)
                    .get();
            var pnl = graphQl.documentName("profitAndLoss")
                    .variable("from", m.atDay(1).toString())
                    .variable("to", last.atEndOfMonth().toString())
                    .execute();
            List<Map> pnlRows =
                    pnl.path("profitAndLoss.rows").entityList(Map.class).get();
            assertThat(whole).hasSize(2);
            assertThat(pnlRows).hasSize(2);
            for (int p = 0; p < 2; p++) {
                Map<String, Object> total = whole.get(p);
                String period = (String) total.get("period");
                List<Map> inPeriod = rows.stream()
                        .filter(r -> period.equals(r.get("period")))
                        .toList();
                assertThat(inPeriod.stream().filter(r -> r.get("departmentCode") == null))
                        .as("one unassigned row")
                        .hasSize(1);
                for (String figure : ADDITIVE) {
                    assertThat(sum(inPeriod, figure))
                            .as("%s of %s under %s", figure, period, model)
                            .isEqualByComparingTo(new BigDecimal((String) total.get(figure)));
                }
                assertThat(sum(inPeriod, "allocatedIn")).isEqualByComparingTo(sum(inPeriod, "allocatedOut"));
                assertThat(new BigDecimal((String) total.get("allocatedIn")))
                        .isEqualByComparingTo(sum(inPeriod, "allocatedIn"))
                        .isEqualByComparingTo(new BigDecimal((String) total.get("allocatedOut")))
                        .isGreaterThan(BigDecimal.ZERO);
                assertThat(new BigDecimal((String) total.get("allocatedToSlices")))
                        .isGreaterThan(BigDecimal.ZERO);
                assertThat(total.get("fullyLoadedCost")).isEqualTo(total.get("directCost"));

                Map<String, Object> pnlRow = pnlRows.get(p);
                assertThat(pnlRow.get("period")).isEqualTo(period);
                assertThat(total.get("creditedRevenue"))
                        .as("revenue of %s", period)
                        .isEqualTo(pnlRow.get("revenue"));
                assertThat(new BigDecimal((String) total.get("directCost")))
                        .as("costs of %s", period)
                        .isEqualByComparingTo(new BigDecimal((String) pnlRow.get("costOfService"))
                                .add(new BigDecimal((String) pnlRow.get("operatingExpenses"))));
                assertThat(new BigDecimal((String) total.get("creditedNewCustomers")))
                        .isEqualByComparingTo(BigDecimal.valueOf((Integer) pnlRow.get("newCustomers")));
                assertThat(total.get("final")).isEqualTo(p == 0);
            }
        }
    }

    /**
     * On the same company (its first month closed): under a filter, each row of the statement and the
     * row of the statement under the filter's complement ({@code not}) add up to the unfiltered row,
     * the costs to the cent and the credited figures to their last unit (each statement rounds its
     * own rows); the filtered company's fully-loaded cost is the P&L's under FULLY_LOADED with the
     * same filter, and its credited revenue and new customers the P&L's revenue and new customers.
     */
    @Test
    void aFilterAndItsComplementAddUp() {
        YearMonth m = Api.uniqueMonth();
        YearMonth last = m.plusMonths(1);
        CompanyBuilder company = generated(m, last);
        List<Map<String, Object>> filters = List.of(
                Map.of("segmentCodes", List.of(company.code("S0"))),
                Map.of("departmentCodes", List.of(company.code("D0"), company.code("D3"))),
                Map.of("segmentCodes", List.of(company.code("S1")), "unassigned", List.of("SEGMENT")),
                Map.of("campaignCodes", List.of(company.code("K1"), company.code("K2"))));
        Map<String, Map<String, Object>> all = statement(m, last, null);
        for (Map<String, Object> where : filters) {
            Map<String, Map<String, Object>> in = statement(m, last, where);
            Map<String, Map<String, Object>> out = statement(m, last, Map.of("not", where));
            assertThat(in.keySet()).isEqualTo(all.keySet());
            assertThat(out.keySet()).isEqualTo(all.keySet());
            for (String key : all.keySet()) {
                for (String figure : List.of(
                        "budget",
                        "directCost",
                        "allocatedIn",
                        "allocatedOut",
                        "allocatedToSlices",
                        "fullyLoadedCost")) {
                    assertThat(figure(in, key, figure).add(figure(out, key, figure)))
                            .as("%s of %s under %s", figure, key, where)
                            .isEqualByComparingTo(figure(all, key, figure));
                }
                assertThat(figure(in, key, "creditedRevenue")
                                .add(figure(out, key, "creditedRevenue"))
                                .subtract(figure(all, key, "creditedRevenue"))
                                .abs())
                        .as("credited revenue of %s under %s", key, where)
                        .isLessThanOrEqualTo(new BigDecimal("0.01"));
                assertThat(figure(in, key, "creditedNewCustomers")
                                .add(figure(out, key, "creditedNewCustomers"))
                                .subtract(figure(all, key, "creditedNewCustomers"))
                                .abs())
                        .as("credited new customers of %s under %s", key, where)
                        .isLessThanOrEqualTo(new BigDecimal("0.0001"));
            }
            List<Map> pnl = graphQl.documentName("profitAndLossFullyLoadedWhere")
                    .variable("from", m.atDay(1).toString())
                    .variable("to", last.atEndOfMonth().toString())
                    .variable("where", where)
                    .execute()
                    .path("profitAndLoss.rows")
                    .entityList(Map.class)
                    .get();
            for (YearMonth month : List.of(m, last)) {
                List<Map> cells = pnl.stream()
                        .filter(r -> month.toString().equals(r.get("period")))
                        .toList();
                Map<String, Object> whole = in.get("company|" + month);
                assertThat(sum(cells, "costOfService").add(sum(cells, "operatingExpenses")))
                        .as("fully-loaded cost of %s under %s", month, where)
                        .isEqualByComparingTo(new BigDecimal((String) whole.get("fullyLoadedCost")));
                assertThat(sum(cells, "revenue"))
                        .as("revenue of %s under %s", month, where)
                        .isEqualByComparingTo(new BigDecimal((String) whole.get("creditedRevenue")));
                assertThat(cells.stream()
                                .map(r -> BigDecimal.valueOf((Integer) r.get("newCustomers")))
                                .reduce(BigDecimal.ZERO, BigDecimal::add))
                        .isEqualByComparingTo(new BigDecimal((String) whole.get("creditedNewCustomers")));
            }
        }
    }

    /** The LINEAR statement over both months by "period|department code" (the company: "company|period"). */
    private Map<String, Map<String, Object>> statement(YearMonth m, YearMonth last, Map<String, Object> where) {
        var response = graphQl.documentName("departmentStatementWhere")
                .variable("from", m.atDay(1).toString())
                .variable("to", last.atEndOfMonth().toString())
                .variable("model", "LINEAR")
                .variable("where", where)
                .execute();
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map row :
                response.path("departmentStatement.rows").entityList(Map.class).get()) {
            rows.put(row.get("period") + "|" + row.get("departmentCode"), row);
        }
        for (Map row : response.path("departmentStatement.company")
                .entityList(Map.class)
                .get()) {
            rows.put("company|" + row.get("period"), row);
        }
        return rows;
    }

    private static BigDecimal figure(Map<String, Map<String, Object>> rows, String key, String figure) {
        return new BigDecimal((String) rows.get(key).get(figure));
    }

    /** The generated company over months m and last (fixed seed), its rules created and m closed. */
    private CompanyBuilder generated(YearMonth m, YearMonth last) {
        Random random = new Random(16L);
        CompanyBuilder company =
                new CompanyBuilder(graphQl).currency("K", m.atDay(1).toString(), "1.37");
        List<String> departments = new ArrayList<>();
        String[] kinds = {"MARKETING", "SALES", "OPERATIONS", "GENERAL"};
        for (int i = 0; i < 4; i++) {
            company.department("D" + i, kinds[i]);
            departments.add("D" + i);
        }
        List<String> segments = List.of("S0", "S1", "S2");
        segments.forEach(s -> company.segment(s, null));
        company.channel("CH", true);
        List<String> campaigns = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            company.campaign(
                    "K" + i,
                    departments.get(random.nextInt(3)),
                    "CH",
                    m.atDay(1).toString());
            campaigns.add("K" + i);
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            LocalDate acquired = m.atDay(1).plusDays(random.nextInt(59));
            String acquisition = random.nextInt(3) == 0 ? null : campaigns.get(random.nextInt(campaigns.size()));
            company.customer("c" + i, segments.get(random.nextInt(3)), null, acquired.toString(), acquisition);
            customers.add("c" + i);
            int touches = random.nextInt(5);
            for (int t = 0; t < touches; t++) {
                LocalDate on = m.atDay(1).plusDays(random.nextInt(59));
                company.touch(
                        "c" + i,
                        campaigns.get(random.nextInt(campaigns.size())),
                        on + "T" + String.format("%02d:%02d", random.nextInt(24), t) + ":00Z",
                        "CLICK");
            }
        }
        for (int i = 0; i < 200; i++) {
            String day = m.atDay(1).plusDays(random.nextInt(59)).toString();
            String amount = BigDecimal.valueOf(random.nextInt(100_000) + 1, 2).toPlainString();
            company.revenue(
                    customers.get(random.nextInt(customers.size())),
                    day,
                    amount,
                    random.nextBoolean() ? "USD" : "K",
                    random.nextBoolean());
        }
        String[] categories = {"ADVERTISING", "SALARIES", "TOOLS", "COST_OF_SERVICE", "OVERHEAD"};
        for (int i = 0; i < 150; i++) {
            String day = m.atDay(1).plusDays(random.nextInt(59)).toString();
            String amount = BigDecimal.valueOf(random.nextInt(300_000) + 1, 2).toPlainString();
            company.spend(
                    departments.get(random.nextInt(4)),
                    day,
                    amount,
                    "USD",
                    categories[random.nextInt(categories.length)],
                    Tags.segment(segments.get(random.nextInt(3))));
        }
        for (YearMonth month : List.of(m, last)) {
            for (String d : departments) {
                company.budget(
                        d,
                        month.toString(),
                        BigDecimal.valueOf(random.nextInt(500_000), 2).toPlainString());
                company.headcount(d, month.toString(), Integer.toString(1 + random.nextInt(5)));
            }
        }
        company.build();
        // GEN-like D3 spreads its salaries over the others by headcount, D0 its tools over segments
        createRule(company, "RD", "D3", "SALARIES", "DEPARTMENT", "HEADCOUNT", List.of("D0", "D1", "D2"), m);
        createRule(company, "RS", "D0", null, "SEGMENT", "DIRECT_SPEND", segments, m);
        company.close(m);

        return company;
    }

    private static BigDecimal sum(List<Map> rows, String figure) {
        return rows.stream().map(r -> new BigDecimal((String) r.get(figure))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void createRule(
            CompanyBuilder company,
            String code,
            String source,
            String category,
            String dimension,
            String driver,
            List<String> targets,
            YearMonth from) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("code", company.code(code));
        input.put("name", "Rule " + code);
        input.put("sourceDepartmentCode", company.code(source));
        input.put("sourceCategories", category == null ? null : List.of(category));
        input.put("targetDimension", dimension);
        input.put("driver", driver);
        input.put(
                "targets",
                targets.stream().map(t -> Map.of("code", company.code(t))).toList());
        input.put("effectiveFrom", from.toString());
        api.mutate("createAllocationRule", input)
                .path("createAllocationRule.errors")
                .entityList(Object.class)
                .hasSize(0);
    }
}
