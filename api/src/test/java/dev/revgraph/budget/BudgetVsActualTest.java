package dev.revgraph.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budget vs actual against hand-worked figures (reporting currency USD).
 *
 * <pre>
 * rates K: 2.00 from 2026-04-01, 2.50 from 04-15, 3.00 from 05-01
 * budgets (converted at the rate on or before the month's first day)
 *   B1 2026-04 (all categories)  1000.00 USD                 1000.00
 *   B1 2026-04 ADVERTISING        100.00 K  x 2.00            200.00   -> B1 April budget 1200.00
 *   B1 2026-05                    500.00 K  x 3.00           1500.00
 *   B2 2026-04                      0.00 USD                    0.00
 * spend (converted at the rate on or before each line's date)
 *   B1 04-10  300.00 K ADVERTISING  x 2.00   600.00
 *   B1 04-20  100.00 K TOOLS        x 2.50   250.00
 *   B1 04-30  333.3333 USD SALARIES          333.3333          -> B1 April actual 1183.3333
 *   B1 05-05 1600.00 USD OTHER              1600.00
 *   B2 04-15   10.00 USD EVENTS               10.00
 * rows                budget    actual     variance              variancePct
 *   B1 2026-04       1200.00   1183.33    -16.6667 -> -16.67    -16.6667 / 1200 = -0.013889 -> -0.0139
 *   B1 2026-05       1500.00   1600.00     100.00               100 / 1500 = 0.066667 -> 0.0667
 *   B2 2026-04          0.00     10.00      10.00               budget 0 -> null
 *   B2 2026-05          0.00      0.00       0.00               null
 *   total            2700.00   2793.33     93.3333 -> 93.33     93.3333 / 2700 = 0.034568 -> 0.0346
 * The range 2026-04-15 .. 2026-05-20 touches April and May, which are reported whole.
 * </pre>
 */
class BudgetVsActualTest extends IntegrationTest {

    String b1;
    String b2;
    String k;

    @BeforeEach
    void handWorkedBudgets() {
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("B1", "MARKETING")
                .department("B2", "SALES")
                .currency("K", "2026-04-01", "2.00", "2026-04-15", "2.50", "2026-05-01", "3.00")
                .budget("B1", "2026-04", null, "1000.00", "USD")
                .budget("B1", "2026-04", "ADVERTISING", "100.00", "K")
                .budget("B1", "2026-05", null, "500.00", "K")
                .budget("B2", "2026-04", null, "0", "USD")
                .spend("B1", "2026-04-10", "300.00", "K", "ADVERTISING", Tags.NONE)
                .spend("B1", "2026-04-20", "100.00", "K", "TOOLS", Tags.NONE)
                .spend("B1", "2026-04-30", "333.3333", "USD", "SALARIES", Tags.NONE)
                .spend("B1", "2026-05-05", "1600.00", "USD", "OTHER", Tags.NONE)
                .spend("B2", "2026-04-15", "10.00", "USD", "EVENTS", Tags.NONE)
                .build();
        b1 = company.code("B1");
        b2 = company.code("B2");
        k = company.code("K");
    }

    @Test
    void matchesTheHandWorkedFigures() {
        var report = graphQl.documentName("budgetVsActual")
                .variable("from", "2026-04-15")
                .variable("to", "2026-05-20")
                .variable("departmentCodes", List.of(b1, b2))
                .execute();
        report.path("budgetVsActual.currency")
                .entity(String.class)
                .isEqualTo("USD")
                .path("budgetVsActual.rows[*].departmentCode")
                .entityList(String.class)
                .containsExactly(b1, b1, b2, b2)
                .path("budgetVsActual.rows[*].month")
                .entityList(String.class)
                .containsExactly("2026-04", "2026-05", "2026-04", "2026-05")
                .path("budgetVsActual.rows[*].budget")
                .entityList(String.class)
                .containsExactly("1200.00", "1500.00", "0.00", "0.00")
                .path("budgetVsActual.rows[*].actual")
                .entityList(String.class)
                .containsExactly("1183.33", "1600.00", "10.00", "0.00")
                .path("budgetVsActual.rows[*].variance")
                .entityList(String.class)
                .containsExactly("-16.67", "100.00", "10.00", "0.00")
                .path("budgetVsActual.rows[0].variancePct")
                .entity(String.class)
                .isEqualTo("-0.0139")
                .path("budgetVsActual.rows[1].variancePct")
                .entity(String.class)
                .isEqualTo("0.0667")
                .path("budgetVsActual.rows[2].variancePct")
                .valueIsNull()
                .path("budgetVsActual.rows[3].variancePct")
                .valueIsNull()
                .path("budgetVsActual.total.budget")
                .entity(String.class)
                .isEqualTo("2700.00")
                .path("budgetVsActual.total.actual")
                .entity(String.class)
                .isEqualTo("2793.33")
                .path("budgetVsActual.total.variance")
                .entity(String.class)
                .isEqualTo("93.33")
                .path("budgetVsActual.total.variancePct")
                .entity(String.class)
                .isEqualTo("0.0346");
    }

    /**
     * May against the previous period (April), from the served figures above: B1 budget 1500.00 -
     * 1200.00 = 300.00, actual 1600.00 - 1183.33 = 416.67 (416.67 / 1183.33 = 0.352117 -> 0.3521),
     * variance 100.00 - (-16.67) = 116.67; B2 actual 0.00 - 10.00 = -10.00 (-1.0000); the total
     * 1600.00 - 1193.33 = 406.67 (406.67 / 1193.33 = 0.340786 -> 0.3408), variance 100.00 - (-6.67)
     * = 106.67. A year earlier nothing was budgeted or spent: the change is the month itself and the
     * actual's fraction null.
     */
    @Test
    void eachRowComparesWithTheDepartmentsEarlierMonth() {
        var report = graphQl.documentName("budgetVsActualCompared")
                .variable("from", "2026-05-01")
                .variable("to", "2026-05-31")
                .variable("departmentCodes", List.of(b1, b2))
                .variable("compareTo", "PREVIOUS_PERIOD")
                .execute();
        report.path("budgetVsActual.rows[0].comparison")
                .entity(Map.class)
                .isEqualTo(Map.of("month", "2026-04", "budget", "1200.00", "actual", "1183.33", "variance", "-16.67"))
                .path("budgetVsActual.rows[0].change")
                .entity(Map.class)
                .isEqualTo(Map.of("budget", "300.00", "actual", "416.67", "actualPct", "0.3521", "variance", "116.67"))
                .path("budgetVsActual.rows[1].change")
                .entity(Map.class)
                .isEqualTo(Map.of("budget", "0.00", "actual", "-10.00", "actualPct", "-1.0000", "variance", "-10.00"))
                .path("budgetVsActual.total.comparison")
                .entity(Map.class)
                .isEqualTo(Map.of("budget", "1200.00", "actual", "1193.33", "variance", "-6.67"))
                .path("budgetVsActual.total.change")
                .entity(Map.class)
                .isEqualTo(Map.of("budget", "300.00", "actual", "406.67", "actualPct", "0.3408", "variance", "106.67"));
        Map<String, Object> change = new HashMap<>();
        change.put("budget", "1500.00");
        change.put("actual", "1600.00");
        change.put("actualPct", null);
        change.put("variance", "100.00");
        graphQl.documentName("budgetVsActualCompared")
                .variable("from", "2026-05-01")
                .variable("to", "2026-05-31")
                .variable("departmentCodes", List.of(b1))
                .variable("compareTo", "PREVIOUS_YEAR")
                .execute()
                .path("budgetVsActual.rows[0].comparison.month")
                .entity(String.class)
                .isEqualTo("2025-05")
                .path("budgetVsActual.rows[0].change")
                .entity(Map.class)
                .isEqualTo(change);
        graphQl.documentName("budgetVsActualCompared")
                .variable("from", "2026-05-01")
                .variable("to", "2026-05-31")
                .variable("compareTo", "BUDGET")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(
                                e -> assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"))));
    }

    @Test
    void settingABudgetAgainReplacesIt() {
        api.budget(b2, "2026-04", null, "20.00", "USD");
        graphQl.documentName("budgetVsActual")
                .variable("from", "2026-04-01")
                .variable("to", "2026-04-30")
                .variable("departmentCodes", List.of(b2))
                .execute()
                .path("budgetVsActual.rows[0].budget")
                .entity(String.class)
                .isEqualTo("20.00")
                .path("budgetVsActual.rows[0].variancePct")
                .entity(String.class)
                .isEqualTo("-0.5000");
        graphQl.documentName("budgets")
                .variable("from", "2026-04")
                .variable("to", "2026-05")
                .variable("departmentCodes", List.of(b1, b2))
                .execute()
                .path("budgets[*].category")
                .entityList(Object.class)
                .hasSize(4)
                .path("budgets[1].category")
                .entity(String.class)
                .isEqualTo("ADVERTISING")
                .path("budgets[3].amount.amount")
                .entity(String.class)
                .isEqualTo("20.00");
    }

    @Test
    void rejectsBadBudgetsWithoutWriting() {
        Map<String, Object> input =
                new HashMap<>(Map.of("departmentCode", b2, "month", "2026-05", "amount", "-1", "currency", "USD"));
        api.mutate("setBudget", input)
                .path("setBudget.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "amount")
                .path("setBudget.errors[0].message")
                .entity(String.class)
                .isEqualTo("amount must not be negative");
        input.put("amount", "5");
        input.put("currency", k);
        input.put("month", "2026-03");
        api.mutate("setBudget", input)
                .path("setBudget.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("MissingFxRateError")
                .path("setBudget.errors[0].date")
                .entity(String.class)
                .isEqualTo("2026-03-01");

        YearMonth closed = Api.uniqueMonth();
        api.close(closed);
        input.put("currency", "USD");
        input.put("month", closed.toString());
        api.mutate("setBudget", input)
                .path("setBudget.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("setBudget.errors[0].month")
                .entity(String.class)
                .isEqualTo(closed.toString());

        graphQl.documentName("budgets")
                .variable("from", "2026-03")
                .variable("to", "2026-05")
                .variable("departmentCodes", List.of(b2))
                .execute()
                .path("budgets[*].month")
                .entityList(String.class)
                .containsExactly("2026-04");
        graphQl.documentName("budgets")
                .variable("from", closed.toString())
                .variable("to", closed.toString())
                .variable("departmentCodes", List.of(b2))
                .execute()
                .path("budgets")
                .entityList(Object.class)
                .hasSize(0);
    }

    @Test
    void anImpossibleRangeIsAClearError() {
        graphQl.documentName("budgetVsActual")
                .variable("from", "2026-05-01")
                .variable("to", "2026-04-01")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("to must not be before from")));
    }
}
