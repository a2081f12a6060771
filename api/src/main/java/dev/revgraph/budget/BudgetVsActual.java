package dev.revgraph.budget;

import dev.revgraph.shared.money.Figures;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of the budget vs actual report. */
public final class BudgetVsActual {

    private BudgetVsActual() {}

    public record BudgetVsActualRow(
            String departmentCode,
            String departmentName,
            YearMonth month,
            BigDecimal budget,
            BigDecimal actual,
            BigDecimal variance,
            BigDecimal variancePct,
            BudgetVsActualRow comparison,
            BudgetVsActualChange change) {

        BudgetVsActualRow(
                String departmentCode,
                String departmentName,
                YearMonth month,
                BigDecimal budget,
                BigDecimal actual,
                BigDecimal variance,
                BigDecimal variancePct) {
            this(departmentCode, departmentName, month, budget, actual, variance, variancePct, null, null);
        }

        /** A month of the department without budget or spend: what a row with nothing to compare compares with. */
        static BudgetVsActualRow none(String departmentCode, String departmentName, YearMonth month) {
            BigDecimal zero = new BigDecimal("0.00");
            return new BudgetVsActualRow(departmentCode, departmentName, month, zero, zero, zero, null);
        }

        BudgetVsActualRow compared(BudgetVsActualRow before) {
            return new BudgetVsActualRow(
                    departmentCode,
                    departmentName,
                    month,
                    budget,
                    actual,
                    variance,
                    variancePct,
                    before,
                    BudgetVsActualChange.of(
                            budget, actual, variance, before.budget(), before.actual(), before.variance()));
        }
    }

    public record BudgetVsActualTotal(
            BigDecimal budget,
            BigDecimal actual,
            BigDecimal variance,
            BigDecimal variancePct,
            BudgetVsActualTotal comparison,
            BudgetVsActualChange change) {

        BudgetVsActualTotal(BigDecimal budget, BigDecimal actual, BigDecimal variance, BigDecimal variancePct) {
            this(budget, actual, variance, variancePct, null, null);
        }

        BudgetVsActualTotal compared(BudgetVsActualTotal before) {
            return new BudgetVsActualTotal(
                    budget,
                    actual,
                    variance,
                    variancePct,
                    before,
                    BudgetVsActualChange.of(
                            budget, actual, variance, before.budget(), before.actual(), before.variance()));
        }
    }

    /** The GraphQL {@code BudgetVsActualChange}: this row's served figures less the compared row's. */
    public record BudgetVsActualChange(
            BigDecimal budget, BigDecimal actual, BigDecimal actualPct, BigDecimal variance) {

        static BudgetVsActualChange of(
                BigDecimal budget,
                BigDecimal actual,
                BigDecimal variance,
                BigDecimal budgetBefore,
                BigDecimal actualBefore,
                BigDecimal varianceBefore) {
            return new BudgetVsActualChange(
                    budget.subtract(budgetBefore),
                    actual.subtract(actualBefore),
                    Figures.relativeChange(actual, actualBefore),
                    variance.subtract(varianceBefore));
        }
    }

    public record BudgetVsActualReport(String currency, List<BudgetVsActualRow> rows, BudgetVsActualTotal total) {}
}
