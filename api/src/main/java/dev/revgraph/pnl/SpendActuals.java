package dev.revgraph.pnl;

import dev.revgraph.pnl.PnlRepository.DepartmentMonthSpend;
import dev.revgraph.pnl.PnlRepository.DepartmentSpend;
import dev.revgraph.pnl.PnlRepository.PnlQuery;
import dev.revgraph.pnl.PnlRepository.Range;
import dev.revgraph.reportfilter.SliceFilter;
import dev.revgraph.shared.money.FxSql;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The actual spend of departments per month as the P&L reads it, for the reports that set it against
 * a budget: every spend line kept by a filter, converted into a report currency line by line, closed
 * months as reported. Budget vs actual reads it when it is filtered or in another currency.
 */
@Service
@Transactional(readOnly = true)
public class SpendActuals {

    /** A department and a month. */
    public record DepartmentMonth(long departmentId, YearMonth month) {}

    private final PnlRepository repository;

    SpendActuals(PnlRepository repository) {
        this.repository = repository;
    }

    /**
     * Spend per department and month of whole months {@code from} to {@code to} at full precision in
     * {@code currency}; no entry without a kept line. A line without a rate is refused
     * ({@code MISSING_FX_RATE}).
     */
    public Map<DepartmentMonth, BigDecimal> byDepartmentMonth(
            YearMonth from, YearMonth to, SliceFilter where, String reporting, String currency, boolean firstReported) {
        PnlQuery q = new PnlQuery(
                new Range(from.atDay(1), to.atEndOfMonth(), Granularity.MONTH, 1),
                Set.of(),
                null,
                where,
                reporting,
                currency,
                firstReported,
                false);
        DepartmentSpend spend = repository.spendByDepartmentMonth(q);
        FxSql.failOnMissing(null, spend.missingRate());
        Map<DepartmentMonth, BigDecimal> result = new HashMap<>();
        for (DepartmentMonthSpend s : spend.months()) {
            result.put(new DepartmentMonth(s.departmentId(), YearMonth.from(s.month())), s.amount());
        }
        return result;
    }
}
