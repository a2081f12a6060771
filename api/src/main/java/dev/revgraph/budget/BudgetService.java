package dev.revgraph.budget;

import dev.revgraph.budget.BudgetRepository.MonthFigures;
import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEventKind;
import dev.revgraph.budget.BudgetVersions.BudgetVersionStatus;
import dev.revgraph.budget.BudgetVsActual.BudgetVsActualReport;
import dev.revgraph.budget.BudgetVsActual.BudgetVsActualRow;
import dev.revgraph.budget.BudgetVsActual.BudgetVsActualTotal;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.shared.report.SpendActuals;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Budgets per department and month, and budget vs actual as docs/metrics.md defines it. */
@Service
@Transactional(readOnly = true)
public class BudgetService {

    static final int MAX_MONTHS = 120;

    /** The department column of the budget lines budget vs actual reads. */
    private static final Field<Long> BUDGET_DEPARTMENT = DSL.field(DSL.name("department_id"), Long.class);

    /** The GraphQL input of {@code setBudget}. */
    public record SetBudgetInput(
            String departmentCode, YearMonth month, SpendCategory category, BigDecimal amount, String currency) {}

    private final BudgetRepository repository;
    private final BudgetVersionRepository versions;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final FiscalService fiscal;
    private final CurrentActor actor;
    private final ReportFilterService filters;
    private final SpendActuals actuals;

    BudgetService(
            BudgetRepository repository,
            BudgetVersionRepository versions,
            DimensionService dimensions,
            CurrencyService currencies,
            FiscalService fiscal,
            CurrentActor actor,
            ReportFilterService filters,
            SpendActuals actuals) {
        this.repository = repository;
        this.versions = versions;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.fiscal = fiscal;
        this.actor = actor;
        this.filters = filters;
        this.actuals = actuals;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Budget set(SetBudgetInput input) {
        new Validation()
                .check(input.amount().signum() >= 0, "amount", Validation.NOT_NEGATIVE)
                .amount("amount", input.amount())
                .throwIfAny();
        long departmentId = dimensions.activeDepartmentId("departmentCode", input.departmentCode());
        currencies.requireConvertible(
                "currency", input.currency(), input.month().atDay(1));
        fiscal.assertMonthsOpen("month", List.of(input.month()));
        // setBudget writes the default version, as before versions existed, until it is locked
        BudgetVersion target = versions.lockDefault();
        if (target.status() == BudgetVersionStatus.LOCKED) {
            throw DomainException.conflict(
                    "departmentCode",
                    "the default budget version " + target.name()
                            + " is LOCKED; set lines of a DRAFT version with setBudgetLines",
                    null);
        }
        repository.upsert(
                target.id(),
                departmentId,
                input.month().atDay(1),
                input.category(),
                input.amount(),
                input.currency(),
                actor.name());
        versions.event(
                target.id(),
                BudgetVersionEventKind.LINES_SET,
                actor.name(),
                "setBudget " + input.departmentCode() + " " + input.month()
                        + (input.category() == null ? "" : " " + input.category()));
        return repository
                .budgets(target.id(), input.month().atDay(1), input.month().atDay(1), List.of(departmentId))
                .stream()
                .filter(b -> b.category() == input.category())
                .findFirst()
                .orElseThrow();
    }

    public List<Budget> budgets(YearMonth from, YearMonth to, List<String> departmentCodes, String budgetVersion) {
        checkRange(from, to);
        Long versionId = versionId("budgetVersion", budgetVersion);
        List<Long> ids = departmentCodes == null ? null : dimensions.departmentIds("departmentCodes", departmentCodes);
        return repository.budgets(versionId, from.atDay(1), to.atDay(1), ids);
    }

    /**
     * The id of the budget version named {@code name}, or null when {@code name} is null: the
     * latest approved version, which the report's own statement resolves (docs/metrics.md, Budget
     * versions); an unknown name is refused naming {@code field}.
     */
    public Long versionId(String field, String name) {
        if (name == null) {
            return null;
        }
        return versions.byName(name)
                .orElseThrow(() -> DomainException.notFound(field, "no budget version named " + name))
                .id();
    }

    public BudgetVsActualReport budgetVsActual(
            LocalDate from, LocalDate to, List<String> departmentCodes, boolean firstReported, String budgetVersion) {
        return budgetVsActual(from, to, departmentCodes, firstReported, budgetVersion, null, null);
    }

    /**
     * Budget vs actual, kept by {@code where} and in {@code currency} (null: the reporting currency)
     * when given (docs/metrics.md, "Budget vs actual"): the actual is then the P&L's spend of each
     * department and month under the same filter and currency, a budget line is kept when the filter
     * holds for a fact of its department with no other slice.
     */
    public BudgetVsActualReport budgetVsActual(
            LocalDate from,
            LocalDate to,
            List<String> departmentCodes,
            boolean firstReported,
            String budgetVersion,
            ReportFilter where,
            String currency) {
        return budgetVsActual(from, to, departmentCodes, firstReported, budgetVersion, where, currency, null);
    }

    /**
     * {@link #budgetVsActual(LocalDate, LocalDate, List, boolean, String, ReportFilter, String)} with
     * each row compared with the department's month {@code compareTo} earlier (the range's length in
     * months, or 12), the same filter, currency and budget version; a row without a compared row
     * compares with a month without budget or spend, and the total with the compared range's total.
     */
    public BudgetVsActualReport budgetVsActual(
            LocalDate from,
            LocalDate to,
            List<String> departmentCodes,
            boolean firstReported,
            String budgetVersion,
            ReportFilter where,
            String currency,
            Comparison compareTo) {
        Comparison.requireEarlierPeriod(compareTo, "the report is against the budget already");
        BudgetVsActualReport report =
                uncompared(from, to, departmentCodes, firstReported, budgetVersion, where, currency);
        if (compareTo == null) {
            return report;
        }
        int shift = compareTo.monthsBack(from, to);
        BudgetVsActualReport earlier = uncompared(
                from.withDayOfMonth(1).minusMonths(shift),
                YearMonth.from(to).minusMonths(shift).atEndOfMonth(),
                departmentCodes,
                firstReported,
                budgetVersion,
                where,
                currency);
        Map<String, BudgetVsActualRow> before = new HashMap<>();
        for (BudgetVsActualRow b : earlier.rows()) {
            before.put(b.departmentCode() + "|" + b.month().plusMonths(shift), b);
        }
        List<BudgetVsActualRow> rows = new ArrayList<>();
        for (BudgetVsActualRow row : report.rows()) {
            BudgetVsActualRow b = before.get(row.departmentCode() + "|" + row.month());
            rows.add(row.compared(
                    b == null
                            ? BudgetVsActualRow.none(
                                    row.departmentCode(),
                                    row.departmentName(),
                                    row.month().minusMonths(shift))
                            : b));
        }
        return new BudgetVsActualReport(report.currency(), rows, report.total().compared(earlier.total()));
    }

    private BudgetVsActualReport uncompared(
            LocalDate from,
            LocalDate to,
            List<String> departmentCodes,
            boolean firstReported,
            String budgetVersion,
            ReportFilter where,
            String currency) {
        YearMonth first = YearMonth.from(from);
        YearMonth last = YearMonth.from(to);
        new Validation().inOrder("from", from, "to", to).throwIfAny();
        checkRange(first, last);
        Long versionId = versionId("budgetVersion", budgetVersion);
        List<Long> ids = departmentCodes == null ? null : dimensions.departmentIds("departmentCodes", departmentCodes);
        String reporting = currencies.reportingCurrency();
        String target = currencies.reportCurrency("currency", currency);
        SliceFilter filter = filters.resolve(where, "where");
        List<MonthFigures> figures;
        if (filter == null && target.equals(reporting)) {
            figures =
                    repository.budgetVsActual(versionId, first.atDay(1), last.atDay(1), ids, reporting, firstReported);
        } else {
            // a budget line is set per department (and category): every other slice is unassigned
            Condition budgetFilter = filter == null
                    ? null
                    : filter.condition(d -> d == ReportDimension.DEPARTMENT ? BUDGET_DEPARTMENT : null);
            figures = repository.budgetVsActual(
                    versionId,
                    first.atDay(1),
                    last.atDay(1),
                    ids,
                    reporting,
                    target,
                    budgetFilter,
                    actuals.byDepartmentMonth(first, last, filter, reporting, target, firstReported),
                    firstReported);
        }
        BigDecimal budget = BigDecimal.ZERO;
        BigDecimal actual = BigDecimal.ZERO;
        for (MonthFigures f : figures) {
            FxSql.failOnMissing(null, f.missingRate());
            budget = budget.add(f.budget());
            actual = actual.add(f.actual());
        }
        List<BudgetVsActualRow> rows = figures.stream()
                .map(f -> new BudgetVsActualRow(
                        f.departmentCode(),
                        f.departmentName(),
                        YearMonth.from(f.month()),
                        Figures.money(f.budget()),
                        Figures.money(f.actual()),
                        Figures.money(f.actual().subtract(f.budget())),
                        Figures.ratio(f.actual().subtract(f.budget()), f.budget())))
                .toList();
        BudgetVsActualTotal total = new BudgetVsActualTotal(
                Figures.money(budget),
                Figures.money(actual),
                Figures.money(actual.subtract(budget)),
                Figures.ratio(actual.subtract(budget), budget));
        return new BudgetVsActualReport(target, rows, total);
    }

    /**
     * The months of a range that have budget lines for spend (any category but COST_OF_SERVICE, or
     * across categories), each with the sum of those lines of every department at full precision in
     * the reporting currency.
     */
    public Map<YearMonth, BigDecimal> spendBudgets(YearMonth from, YearMonth to) {
        return spendBudgets(from, to, null);
    }

    /**
     * {@link #spendBudgets(YearMonth, YearMonth)} of the budget lines {@code where} keeps (null: all): a
     * budget line is a fact of its department with no other slice, as budget vs actual keeps it.
     */
    public Map<YearMonth, BigDecimal> spendBudgets(YearMonth from, YearMonth to, SliceFilter where) {
        Map<YearMonth, BigDecimal> result = new TreeMap<>();
        Condition kept =
                where == null ? null : where.condition(d -> d == ReportDimension.DEPARTMENT ? BUDGET_DEPARTMENT : null);
        for (BudgetRepository.MonthBudget b :
                repository.spendBudgets(from.atDay(1), to.atDay(1), currencies.reportingCurrency(), kept)) {
            FxSql.failOnMissing(null, b.missingRate());
            result.put(YearMonth.from(b.month()), b.amount());
        }
        return result;
    }

    private static void checkRange(YearMonth from, YearMonth to) {
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !to.isAfter(from.plusMonths(MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + MAX_MONTHS + " months after from")
                .throwIfAny();
    }
}
