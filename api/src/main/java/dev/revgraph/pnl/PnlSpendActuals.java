package dev.revgraph.pnl;

import dev.revgraph.pnl.PnlRepository.DepartmentMonthSpend;
import dev.revgraph.pnl.PnlRepository.DepartmentSpend;
import dev.revgraph.pnl.PnlRepository.PnlQuery;
import dev.revgraph.pnl.PnlRepository.Range;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.shared.report.SpendActuals;
import dev.revgraph.shared.report.SpendActuals.DepartmentMonth;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link SpendActuals} from the P&L's own facts (the cost of service and operating expenses). */
@Service
@Transactional(readOnly = true)
class PnlSpendActuals implements SpendActuals {

    private final PnlRepository repository;

    PnlSpendActuals(PnlRepository repository) {
        this.repository = repository;
    }

    @Override
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
