package dev.revgraph.shared.report;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/**
 * The actual spend of departments per month as the P&L reads it, for the reports that set it against
 * a budget: every spend line kept by a filter, converted into a report currency line by line, closed
 * months as reported. The P&L builds on budgets, so budgets cannot depend on it: budget vs actual asks this
 * contract, which the P&L implements.
 */
public interface SpendActuals {

    /** A department and a month. */
    record DepartmentMonth(long departmentId, YearMonth month) {}

    /**
     * Spend per department and month of whole months {@code from} to {@code to} at full precision in
     * {@code currency}; no entry without a kept line. A line without a rate is refused
     * ({@code MISSING_FX_RATE}).
     */
    Map<DepartmentMonth, BigDecimal> byDepartmentMonth(
            YearMonth from, YearMonth to, SliceFilter where, String reporting, String currency, boolean firstReported);
}
