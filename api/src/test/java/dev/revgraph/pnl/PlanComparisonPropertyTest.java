package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A property check of {@code compareTo: BUDGET} on generated data (fixed seeds; three months no other
 * test uses, so the whole company is this company): departments with lines across categories and per
 * category, segments R > R1, R2 and R3 with segment lines, spend lines of random departments,
 * categories and segments, in whole cents. For every month:
 *
 * <ul>
 *   <li>each department's, segment's and the company's plan spend is the sum of the generated lines of
 *       its slice (the company: every department line; a segment filter: the lines of its subtree), and
 *       null exactly where the slice has no line;
 *   <li>the company's plan spend is the sum of its departments' plan spends;
 *   <li>every change of spend is the row's cost of service + operating expenses - the plan's spend, and
 *       on a department row it equals the row's budget variance.
 * </ul>
 */
class PlanComparisonPropertyTest extends IntegrationTest {

    private static final List<String> CATEGORIES =
            List.of("ADVERTISING", "SALARIES", "CONTRACTORS", "TOOLS", "EVENTS", "COST_OF_SERVICE", "OVERHEAD");
    private static final List<String> DEPARTMENTS = List.of("D1", "D2", "D3");
    private static final List<String> SEGMENTS = List.of("R", "R1", "R2", "R3");

    @Test
    void budgetPlansAreTheSumsOfTheirSlicesLinesAndChangesAreActualMinusPlan() {
        for (long seed : new long[] {7, 42, 2026}) {
            check(seed);
        }
    }

    private void check(long seed) {
        Random random = new Random(seed);
        YearMonth first = Api.uniqueMonths(3);
        List<YearMonth> months = List.of(first, first.plusMonths(1), first.plusMonths(2));
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("R", null)
                .segment("R1", "R")
                .segment("R2", "R")
                .segment("R3", null)
                .department("D1", "MARKETING")
                .department("D2", "SALES")
                .department("D3", "OPERATIONS");
        for (YearMonth month : months) {
            for (String department : DEPARTMENTS) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    String segment = random.nextInt(3) == 0 ? null : SEGMENTS.get(random.nextInt(SEGMENTS.size()));
                    company.spend(
                            department,
                            month.atDay(1 + random.nextInt(28)).toString(),
                            cents(random, 1, 50_000),
                            "USD",
                            CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                            segment == null ? Tags.NONE : Tags.segment(segment));
                }
            }
        }
        company.build();

        // generated lines, and what each slice's plan must be
        List<Map<String, Object>> departmentLines = new ArrayList<>();
        List<Map<String, Object>> segmentLines = new ArrayList<>();
        Map<String, BigDecimal> byDepartment = new HashMap<>();
        Map<String, BigDecimal> bySegment = new HashMap<>();
        for (YearMonth month : months) {
            for (String department : DEPARTMENTS) {
                if (random.nextInt(10) < 7) {
                    String amount = cents(random, 0, 100_000);
                    departmentLines.add(departmentLine(company.code(department), month, null, amount));
                    byDepartment.merge(month + "/" + company.code(department), new BigDecimal(amount), BigDecimal::add);
                }
                if (random.nextBoolean()) {
                    String amount = cents(random, 0, 30_000);
                    String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
                    departmentLines.add(departmentLine(company.code(department), month, category, amount));
                    byDepartment.merge(month + "/" + company.code(department), new BigDecimal(amount), BigDecimal::add);
                }
            }
            for (String segment : SEGMENTS) {
                if (random.nextInt(10) < 6) {
                    String amount = cents(random, 0, 80_000);
                    segmentLines.add(Map.of(
                            "segmentCode",
                            company.code(segment),
                            "month",
                            month.toString(),
                            "amount",
                            amount,
                            "currency",
                            "USD"));
                    bySegment.put(month + "/" + company.code(segment), new BigDecimal(amount));
                }
            }
        }
        String version = unique("Property plan");
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", version));
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of("budgetVersion", version, "departmentLines", departmentLines, "segmentLines", segmentLines));

        List<Map<String, Object>> companyRows = rows(first, List.of(), null, version);
        List<Map<String, Object>> departmentRows = rows(first, List.of("DEPARTMENT"), null, version);
        List<Map<String, Object>> segmentRows = rows(first, List.of("SEGMENT"), null, version);
        List<Map<String, Object>> subtreeRows =
                rows(first, List.of(), Map.of("segmentCodes", List.of(company.code("R"))), version);
        assertThat(companyRows).hasSize(3);
        assertThat(subtreeRows).hasSize(3);

        for (int i = 0; i < 3; i++) {
            String period = months.get(i).toString();
            // departments: their lines, and the budget variance
            BigDecimal companyExpected = null;
            for (String department : DEPARTMENTS) {
                String code = company.code(department);
                BigDecimal expected = byDepartment.get(period + "/" + code);
                Map<String, Object> row = find(departmentRows, period, "departmentCode", code);
                if (row == null) {
                    assertThat(expected)
                            .as("seed %d: %s %s has a row", seed, code, period)
                            .isNull();
                    continue;
                }
                assertThat(spend(row)).as("seed %d: %s %s", seed, code, period).isEqualTo(money(expected));
                if (expected != null) {
                    assertChange(row);
                    assertThat(planChange(row).get("spend")).isEqualTo(row.get("budgetVariance"));
                    companyExpected = companyExpected == null ? expected : companyExpected.add(expected);
                }
            }
            Map<String, Object> companyRow = companyRows.get(i);
            assertThat(spend(companyRow))
                    .as("seed %d: company %s", seed, period)
                    .isEqualTo(money(companyExpected));
            BigDecimal sumOfDepartments = departmentRows.stream()
                    .filter(r -> period.equals(r.get("period")) && spend(r) != null)
                    .map(r -> new BigDecimal(spend(r)))
                    .reduce(null, (a, b) -> a == null ? b : a.add(b));
            assertThat(spend(companyRow)).isEqualTo(money(sumOfDepartments));
            if (companyExpected != null) {
                assertChange(companyRow);
            }

            // segments: each its own lines; the filter by R its subtree's
            for (String segment : SEGMENTS) {
                String code = company.code(segment);
                BigDecimal expected = bySegment.get(period + "/" + code);
                Map<String, Object> row = find(segmentRows, period, "segmentCode", code);
                if (row == null) {
                    assertThat(expected)
                            .as("seed %d: %s %s has a row", seed, code, period)
                            .isNull();
                    continue;
                }
                assertThat(spend(row)).as("seed %d: %s %s", seed, code, period).isEqualTo(money(expected));
                if (expected != null) {
                    assertChange(row);
                }
            }
            BigDecimal subtree = null;
            for (String segment : List.of("R", "R1", "R2")) {
                BigDecimal line = bySegment.get(period + "/" + company.code(segment));
                if (line != null) {
                    subtree = subtree == null ? line : subtree.add(line);
                }
            }
            assertThat(spend(subtreeRows.get(i)))
                    .as("seed %d: subtree R %s", seed, period)
                    .isEqualTo(money(subtree));
            if (subtree != null) {
                assertChange(subtreeRows.get(i));
            }
        }
    }

    private List<Map<String, Object>> rows(
            YearMonth first, List<String> groupBy, Map<String, Object> filter, String version) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Map<String, Object>> rows = (List) graphQl.documentName("pnlPlan")
                .variable("from", first.atDay(1).toString())
                .variable("to", first.plusMonths(2).atEndOfMonth().toString())
                .variable("groupBy", groupBy)
                .variable("filter", filter)
                .variable("compareTo", "BUDGET")
                .variable("budgetVersion", version)
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Map.class)
                .get();
        return rows;
    }

    private static Map<String, Object> find(List<Map<String, Object>> rows, String period, String field, String code) {
        return rows.stream()
                .filter(r -> period.equals(r.get("period")) && code.equals(r.get(field)))
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static String spend(Map<String, Object> row) {
        Map<String, Object> plan = (Map<String, Object>) row.get("plan");
        assertThat(plan).as("plan of %s", row).isNotNull();
        assertThat(plan.get("revenue")).isNull();
        return (String) plan.get("spend");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> planChange(Map<String, Object> row) {
        return (Map<String, Object>) row.get("planChange");
    }

    /** change of spend = cost of service + operating expenses - plan spend, from the served figures. */
    private static void assertChange(Map<String, Object> row) {
        BigDecimal actual = new BigDecimal((String) row.get("costOfService"))
                .add(new BigDecimal((String) row.get("operatingExpenses")));
        assertThat(planChange(row).get("spend"))
                .as("change of %s", row)
                .isEqualTo(actual.subtract(new BigDecimal(spend(row))).toPlainString());
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2).toPlainString();
    }

    private static String cents(Random random, int fromCents, int toCents) {
        return BigDecimal.valueOf(fromCents + random.nextInt(toCents - fromCents + 1), 2)
                .toPlainString();
    }

    private static Map<String, Object> departmentLine(
            String department, YearMonth month, String category, String amount) {
        Map<String, Object> line = new HashMap<>();
        line.put("departmentCode", department);
        line.put("month", month.toString());
        line.put("category", category);
        line.put("amount", amount);
        line.put("currency", "USD");
        return line;
    }
}
