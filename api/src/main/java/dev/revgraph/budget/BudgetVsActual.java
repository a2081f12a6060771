package dev.revgraph.budget;

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
            BigDecimal variancePct) {}

    public record BudgetVsActualTotal(
            BigDecimal budget, BigDecimal actual, BigDecimal variance, BigDecimal variancePct) {}

    public record BudgetVsActualReport(String currency, List<BudgetVsActualRow> rows, BudgetVsActualTotal total) {}
}
