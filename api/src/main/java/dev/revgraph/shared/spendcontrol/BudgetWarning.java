package dev.revgraph.shared.spendcontrol;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * A department's month taken over its budget by a write: the budget and the actual after the
 * write in the reporting currency, rounded to cents, and how much the actual exceeds the budget
 * (from the unrounded figures). The spend mutations' and imports' warnings, the
 * {@code budgetExceeded} live event and the STOP refusal all carry it.
 */
public record BudgetWarning(
        String departmentCode,
        String departmentName,
        YearMonth month,
        BigDecimal budget,
        BigDecimal actual,
        BigDecimal over,
        String currency,
        SpendControl control) {

    /** {@code department MKT's 2026-03: budget 1000.00, actual 1200.00, 200.00 over (USD)}. */
    public String describe() {
        return "department " + departmentCode + "'s " + month + ": budget " + budget.toPlainString() + ", actual "
                + actual.toPlainString() + ", " + over.toPlainString() + " over (" + currency + ")";
    }
}
