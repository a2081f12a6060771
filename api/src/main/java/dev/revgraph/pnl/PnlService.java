package dev.revgraph.pnl;

import dev.revgraph.budget.BudgetService;
import dev.revgraph.budget.BudgetVersionService;
import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.fiscal.FiscalCalendar;
import dev.revgraph.fiscal.FiscalMonth;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.fiscal.MonthStatus;
import dev.revgraph.pnl.PnlReports.CategoryAmount;
import dev.revgraph.pnl.PnlReports.DepartmentAmount;
import dev.revgraph.pnl.PnlReports.PnlChange;
import dev.revgraph.pnl.PnlReports.PnlFigures;
import dev.revgraph.pnl.PnlReports.PnlFilter;
import dev.revgraph.pnl.PnlReports.PnlPlanChange;
import dev.revgraph.pnl.PnlReports.PnlPlanFigures;
import dev.revgraph.pnl.PnlReports.PnlRow;
import dev.revgraph.pnl.PnlReports.ProfitAndLossReport;
import dev.revgraph.pnl.PnlReports.SliceName;
import dev.revgraph.pnl.PnlRepository.Aggregate;
import dev.revgraph.pnl.PnlRepository.Breakdown;
import dev.revgraph.pnl.PnlRepository.BudgetAmount;
import dev.revgraph.pnl.PnlRepository.PnlQuery;
import dev.revgraph.pnl.PnlRepository.Range;
import dev.revgraph.pnl.PnlRepository.Report;
import dev.revgraph.pnl.PnlRepository.SegmentBudgetAmount;
import dev.revgraph.pnl.PnlRepository.Slice;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.plan.PlanForecasts;
import dev.revgraph.shared.plan.PlanForecasts.ForecastFigures;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The P&L as docs/metrics.md defines it. SQL places every fact in its slices and sums at full
 * precision (rows, the total and the operating-expense breakdowns in one statement);
 * this class names the slices, forms the ratios, rounds the served figures and lines up comparisons.
 */
@Service
@Transactional(readOnly = true)
public class PnlService {

    static final String UNASSIGNED = "(unassigned)";
    static final int MAX_MONTHS = 120;

    private final PnlRepository repository;
    private final DimensionService dimensions;
    private final ReportFilterService filters;
    private final CurrencyService currencies;
    private final FiscalService fiscal;
    private final FiscalCalendar calendar;
    private final int fiscalStartMonth;
    private final BudgetService budgetVersions;
    private final BudgetVersionService versionNames;
    // the forecast feature builds on this one: its contract is looked up when a report asks for it
    private final ObjectProvider<PlanForecasts> forecasts;

    PnlService(
            PnlRepository repository,
            DimensionService dimensions,
            ReportFilterService filters,
            CurrencyService currencies,
            FiscalService fiscal,
            FiscalCalendar calendar,
            RevgraphProperties properties,
            BudgetService budgetVersions,
            BudgetVersionService versionNames,
            ObjectProvider<PlanForecasts> forecasts) {
        this.repository = repository;
        this.budgetVersions = budgetVersions;
        this.versionNames = versionNames;
        this.forecasts = forecasts;
        this.dimensions = dimensions;
        this.filters = filters;
        this.currencies = currencies;
        this.fiscal = fiscal;
        this.calendar = calendar;
        this.fiscalStartMonth = properties.fiscalYearStartMonth();
    }

    public ProfitAndLossReport profitAndLoss(PnlRequest request) {
        LocalDate from = request.from();
        LocalDate to = request.to();
        Granularity granularity = request.granularity();
        validateRange(from, to, granularity);
        String reporting = currencies.reportingCurrency();
        String target = currencies.reportCurrency("currency", request.currency());
        if (!target.equals(reporting)) {
            // allocations are computed (and closed) in the reporting currency, month by month
            new Validation()
                    .check(
                            request.costBasis() == CostBasis.DIRECT,
                            "currency",
                            "must be the reporting currency " + reporting
                                    + " with costBasis FULLY_LOADED (allocations are computed in it)")
                    .throwIfAny();
        }
        Comparison compareTo = request.compareTo();
        boolean againstPlan = compareTo != null && compareTo.isPlan();
        new Validation()
                .check(
                        request.scenario() == null || compareTo == Comparison.FORECAST,
                        "scenario",
                        "applies only with compareTo: FORECAST")
                .check(
                        compareTo != Comparison.FORECAST || target.equals(reporting),
                        "currency",
                        "must be the reporting currency " + reporting
                                + " with compareTo: FORECAST (the forecast is computed in it)")
                .throwIfAny();
        PnlQuery query = resolve(request, reporting, target);
        Set<PnlDimension> grouped = query.groupBy();
        Result current = run(query);

        Map<Slice, PnlFigures> comparison = Map.of();
        if (compareTo != null && !againstPlan) {
            int shift = request.compareTo() == Comparison.PREVIOUS_YEAR ? 12 : granularity.months;
            comparison = run(query.earlier(shift)).rows().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().shifted(shift), Map.Entry::getValue));
        }

        boolean withBudget = grouped.equals(EnumSet.of(PnlDimension.DEPARTMENT))
                && (request.filter() == null || onlyDepartmentFilter(request.filter()))
                && request.where() == null;
        Map<DepartmentPeriod, BigDecimal> budgets = new HashMap<>();
        Names names = current.names();
        if (withBudget) {
            Long budgetVersion = budgetVersions.versionId("budgetVersion", request.budgetVersion());
            for (BudgetAmount b : repository.budgets(query, budgetVersion)) {
                FxSql.failOnMissing("currency", b.missingRate());
                budgets.put(new DepartmentPeriod(b.periodStart(), b.departmentId()), b.amount());
                names.put(PnlDimension.DEPARTMENT, b.departmentId(), b.department());
            }
        }
        Map<Slice, PnlFigures> slices = new HashMap<>(current.rows());
        if (grouped.isEmpty()) {
            // every period is a row, even one without any fact
            for (LocalDate start = from; start.isBefore(to); start = start.plusMonths(granularity.months)) {
                slices.putIfAbsent(new Slice(start, null, null, null, null, null), zero(query.fullyLoaded()));
            }
        }
        // a department with a budget but no spend in a period still gets its row
        budgets.keySet()
                .forEach(key -> slices.putIfAbsent(
                        new Slice(key.periodStart(), null, null, null, key.departmentId(), null),
                        zero(query.fullyLoaded())));
        Function<Slice, PnlPlanFigures> plans = null;
        if (againstPlan) {
            PlanScope scope = PlanScope.of(request, grouped);
            plans = compareTo == Comparison.BUDGET
                    ? budgetPlans(request, query, scope, budgets, names, slices)
                    : forecastPlans(request, scope, names, grouped);
        }
        Map<YearMonth, MonthStatus> statuses = fiscal.months(YearMonth.from(from), YearMonth.from(to)).stream()
                .collect(Collectors.toMap(FiscalMonth::month, FiscalMonth::status));

        List<PnlRow> rows = new ArrayList<>();
        for (Map.Entry<Slice, PnlFigures> entry : slices.entrySet()) {
            Slice slice = entry.getKey();
            PnlFigures figures = entry.getValue();
            LocalDate start = slice.periodStart();
            LocalDate end = start.plusMonths(granularity.months).minusDays(1);
            BigDecimal budget = null;
            BigDecimal variance = null;
            if (withBudget && slice.departmentId() != null) {
                BigDecimal full =
                        budgets.getOrDefault(new DepartmentPeriod(start, slice.departmentId()), BigDecimal.ZERO);
                budget = Figures.money(full);
                variance = Figures.money(
                        current.spend().getOrDefault(slice, BigDecimal.ZERO).subtract(full));
            }
            PnlFigures before =
                    compareTo == null || againstPlan ? null : comparison.getOrDefault(slice, zero(query.fullyLoaded()));
            PnlPlanFigures plan = plans == null ? null : plans.apply(slice);
            rows.add(new PnlRow(
                    label(start, granularity),
                    start,
                    end,
                    isFinal(statuses, start, granularity),
                    names.of(PnlDimension.SEGMENT, slice, grouped),
                    names.of(PnlDimension.PRODUCT, slice, grouped),
                    names.of(PnlDimension.REGION, slice, grouped),
                    names.of(PnlDimension.DEPARTMENT, slice, grouped),
                    names.of(PnlDimension.CHANNEL, slice, grouped),
                    figures,
                    budget,
                    variance,
                    before,
                    before == null ? null : change(figures, before),
                    plan,
                    plan == null ? null : planChange(figures, plan)));
        }
        rows.sort(Comparator.comparing(PnlRow::periodStart)
                .thenComparing(r -> sortKey(r.segmentCode()))
                .thenComparing(r -> sortKey(r.productCode()))
                .thenComparing(r -> sortKey(r.regionCode()))
                .thenComparing(r -> sortKey(r.departmentCode()))
                .thenComparing(r -> sortKey(r.channelCode())));
        return new ProfitAndLossReport(
                target, granularity, request.costBasis(), request.groupBy(), rows, current.total());
    }

    /**
     * The periods of a report over {@code from}..{@code to} in whole periods of {@code granularity}
     * (the range checked as {@code profitAndLoss} checks it: whole periods, at most 10 years), with
     * the labels, days and closed flag of the P&L's rows.
     */
    public List<ReportPeriod> periods(LocalDate from, LocalDate to, Granularity granularity) {
        validateRange(from, to, granularity);
        Map<YearMonth, MonthStatus> statuses = fiscal.months(YearMonth.from(from), YearMonth.from(to)).stream()
                .collect(Collectors.toMap(FiscalMonth::month, FiscalMonth::status));
        List<ReportPeriod> periods = new ArrayList<>();
        for (LocalDate start = from; start.isBefore(to); start = start.plusMonths(granularity.months)) {
            periods.add(new ReportPeriod(
                    label(start, granularity),
                    start,
                    start.plusMonths(granularity.months).minusDays(1),
                    isFinal(statuses, start, granularity)));
        }
        return periods;
    }

    /**
     * Which plan lines a report's rows can be compared with (docs/metrics.md, "planFigures"): the
     * whole company, departments (all, or those of a department-only filter, in one row or a row
     * each), segments (a row each, or the subtrees of a segment-only filter in one row); NONE for
     * any other slicing, whose rows get no plan.
     */
    private record PlanScope(Kind kind, List<String> segmentCodes) {

        enum Kind {
            COMPANY,
            DEPARTMENTS,
            BY_DEPARTMENT,
            BY_SEGMENT,
            SEGMENTS,
            NONE
        }

        static PlanScope of(PnlRequest request, Set<PnlDimension> grouped) {
            PnlFilter f = request.filter();
            ReportFilter w = request.where();
            boolean noFilter = f == null || (onlyDepartmentFilter(f) && f.departmentCodes() == null);
            boolean departmentFilter = f != null && onlyDepartmentFilter(f) && f.departmentCodes() != null;
            List<String> filterSegments = f != null
                            && f.segmentCodes() != null
                            && f.productCodes() == null
                            && f.regionCodes() == null
                            && f.departmentCodes() == null
                            && f.channelCodes() == null
                    ? f.segmentCodes()
                    : null;
            List<String> whereSegments = w != null
                            && w.segmentCodes() != null
                            && w.equals(ReportFilter.of(ReportDimension.SEGMENT, w.segmentCodes()))
                    ? w.segmentCodes()
                    : null;
            if (grouped.isEmpty()) {
                if (noFilter && w == null) {
                    return new PlanScope(Kind.COMPANY, null);
                }
                if (departmentFilter && w == null) {
                    return new PlanScope(Kind.DEPARTMENTS, null);
                }
                if (filterSegments != null && w == null) {
                    return new PlanScope(Kind.SEGMENTS, filterSegments);
                }
                if (whereSegments != null && noFilter) {
                    return new PlanScope(Kind.SEGMENTS, whereSegments);
                }
            } else if (grouped.equals(EnumSet.of(PnlDimension.DEPARTMENT))
                    && (noFilter || departmentFilter)
                    && w == null) {
                return new PlanScope(Kind.BY_DEPARTMENT, null);
            } else if (grouped.equals(EnumSet.of(PnlDimension.SEGMENT)) && noFilter && w == null) {
                return new PlanScope(Kind.BY_SEGMENT, null);
            }
            return new PlanScope(Kind.NONE, null);
        }
    }

    /**
     * The budget of each row: every department line (all categories and across categories) or
     * every segment line of the version for the row's period and slice; spend null where the
     * version has no line. A segment with a budget but no facts in a period gets its row.
     */
    private Function<Slice, PnlPlanFigures> budgetPlans(
            PnlRequest request,
            PnlQuery query,
            PlanScope scope,
            Map<DepartmentPeriod, BigDecimal> departmentBudgets,
            Names names,
            Map<Slice, PnlFigures> slices) {
        Long versionId = budgetVersions.versionId("budgetVersion", request.budgetVersion());
        String version = request.budgetVersion() != null
                ? request.budgetVersion()
                : versionNames.versions().stream()
                        .filter(BudgetVersion::isLatestApproved)
                        .map(BudgetVersion::name)
                        .findFirst()
                        .orElse(null);
        Function<BigDecimal, PnlPlanFigures> plan = spend -> new PnlPlanFigures(
                Comparison.BUDGET,
                version,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                spend == null ? null : Figures.money(spend),
                null,
                null,
                null,
                null);
        switch (scope.kind()) {
            case COMPANY, DEPARTMENTS -> {
                Map<LocalDate, BigDecimal> perPeriod = new HashMap<>();
                for (BudgetAmount b : repository.budgets(query, versionId)) {
                    FxSql.failOnMissing("currency", b.missingRate());
                    perPeriod.merge(b.periodStart(), b.amount(), BigDecimal::add);
                }
                return slice -> plan.apply(perPeriod.get(slice.periodStart()));
            }
            case BY_DEPARTMENT -> {
                return slice -> plan.apply(
                        slice.departmentId() == null
                                ? null
                                : departmentBudgets.get(
                                        new DepartmentPeriod(slice.periodStart(), slice.departmentId())));
            }
            case BY_SEGMENT -> {
                Map<Slice, BigDecimal> perSegment = new HashMap<>();
                for (SegmentBudgetAmount b : repository.segmentBudgets(query, versionId, null)) {
                    FxSql.failOnMissing("currency", b.missingRate());
                    Slice slice = new Slice(b.periodStart(), b.segmentId(), null, null, null, null);
                    perSegment.put(slice, b.amount());
                    names.put(PnlDimension.SEGMENT, b.segmentId(), b.segment());
                    slices.putIfAbsent(slice, zero(query.fullyLoaded()));
                }
                return slice -> plan.apply(slice.segmentId() == null ? null : perSegment.get(slice));
            }
            case SEGMENTS -> {
                List<Long> ids = dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "segmentCodes", scope.segmentCodes());
                Map<LocalDate, BigDecimal> perPeriod = new HashMap<>();
                for (SegmentBudgetAmount b : repository.segmentBudgets(query, versionId, ids)) {
                    FxSql.failOnMissing("currency", b.missingRate());
                    perPeriod.merge(b.periodStart(), b.amount(), BigDecimal::add);
                }
                return slice -> plan.apply(perPeriod.get(slice.periodStart()));
            }
            default -> {
                return slice -> null;
            }
        }
    }

    /**
     * The forecast of each row: the whole company's forecast row for the unfiltered company, a
     * segment's own row (rolled up over its subtree) for a filter on that one segment or, grouped by
     * segment, for a segment without segments below it (a row of a segment with children holds its
     * own facts only, the forecast its subtree's). Any other row has none.
     */
    private Function<Slice, PnlPlanFigures> forecastPlans(
            PnlRequest request, PlanScope scope, Names names, Set<PnlDimension> grouped) {
        String granularity = request.granularity().name();
        PlanForecasts source = forecasts.getObject();
        switch (scope.kind()) {
            case COMPANY -> {
                Map<LocalDate, ForecastFigures> byPeriod = new HashMap<>();
                for (ForecastFigures f :
                        source.forecast(request.scenario(), request.from(), request.to(), null, granularity)) {
                    if (f.segmentCode() == null) {
                        byPeriod.put(f.periodStart(), f);
                    }
                }
                return slice -> forecastPlan(request.scenario(), byPeriod.get(slice.periodStart()));
            }
            case SEGMENTS -> {
                if (scope.segmentCodes().size() != 1) {
                    return slice -> null;
                }
                String code = scope.segmentCodes().get(0);
                Map<LocalDate, ForecastFigures> byPeriod = new HashMap<>();
                for (ForecastFigures f :
                        source.forecast(request.scenario(), request.from(), request.to(), code, granularity)) {
                    if (code.equals(f.segmentCode())) {
                        byPeriod.put(f.periodStart(), f);
                    }
                }
                return slice -> forecastPlan(request.scenario(), byPeriod.get(slice.periodStart()));
            }
            case BY_SEGMENT -> {
                Map<String, ForecastFigures> byKey = new HashMap<>();
                for (ForecastFigures f :
                        source.forecast(request.scenario(), request.from(), request.to(), null, granularity)) {
                    if (f.segmentCode() != null) {
                        byKey.put(f.periodStart() + "/" + f.segmentCode(), f);
                    }
                }
                Map<Long, List<TreeNode>> children = dimensions.childrenOf(
                        TreeKind.SEGMENT_TREE,
                        names.byDimension()
                                .getOrDefault(PnlDimension.SEGMENT, Map.of())
                                .keySet());
                return slice -> {
                    if (slice.segmentId() == null
                            || !children.getOrDefault(slice.segmentId(), List.of())
                                    .isEmpty()) {
                        return null;
                    }
                    String code = names.of(PnlDimension.SEGMENT, slice, grouped).code();
                    return forecastPlan(request.scenario(), byKey.get(slice.periodStart() + "/" + code));
                };
            }
            default -> {
                return slice -> null;
            }
        }
    }

    private static PnlPlanFigures forecastPlan(String scenario, ForecastFigures f) {
        if (f == null) {
            return null;
        }
        BigDecimal grossProfit = f.revenue().subtract(f.costOfService());
        return new PnlPlanFigures(
                Comparison.FORECAST,
                null,
                scenario,
                f.kind(),
                f.revenue(),
                f.costOfService(),
                grossProfit,
                Figures.ratio(grossProfit, f.revenue()),
                f.spend(),
                f.costOfService().add(f.spend()),
                f.contribution(),
                Figures.ratio(f.contribution(), f.revenue()),
                f.newCustomers(),
                f.cac());
    }

    /** The row's figures - the plan's, each null where the plan's is null; percentages as {@link #change}. */
    private static PnlPlanChange planChange(PnlFigures now, PnlPlanFigures plan) {
        BigDecimal revenue = minus(now.revenue(), plan.revenue());
        BigDecimal grossProfit = minus(now.grossProfit(), plan.grossProfit());
        BigDecimal operatingExpenses = minus(now.operatingExpenses(), plan.operatingExpenses());
        BigDecimal spend = minus(now.costOfService().add(now.operatingExpenses()), plan.spend());
        BigDecimal operatingProfit = minus(now.operatingProfit(), plan.operatingProfit());
        return new PnlPlanChange(
                revenue,
                Figures.ratio(revenue, plan.revenue()),
                grossProfit,
                Figures.ratio(
                        grossProfit,
                        plan.grossProfit() == null ? null : plan.grossProfit().abs()),
                operatingExpenses,
                Figures.ratio(operatingExpenses, plan.operatingExpenses()),
                spend,
                Figures.ratio(spend, plan.spend()),
                operatingProfit,
                Figures.ratio(
                        operatingProfit,
                        plan.operatingProfit() == null
                                ? null
                                : plan.operatingProfit().abs()),
                plan.newCustomers() == null
                        ? null
                        : BigDecimal.valueOf(now.newCustomers())
                                .subtract(plan.newCustomers())
                                .setScale(4));
    }

    private static BigDecimal minus(BigDecimal actual, BigDecimal plan) {
        return plan == null ? null : actual.subtract(plan);
    }

    /** A department's budget is keyed by the period and the department. */
    private record DepartmentPeriod(LocalDate periodStart, long departmentId) {}

    /**
     * Rows of one run keyed by slice, the total, each row's full-precision spend (for budget
     * variance), and the codes and names of the run's slices.
     */
    private record Result(Map<Slice, PnlFigures> rows, PnlFigures total, Map<Slice, BigDecimal> spend, Names names) {}

    private Result run(PnlQuery query) {
        Report report = repository.report(query);
        List<Aggregate> aggregates = report.aggregates();
        aggregates.stream().findFirst().ifPresent(a -> FxSql.failOnMissing("currency", a.missingRate()));
        Map<Slice, List<Breakdown>> breakdowns = new HashMap<>();
        List<Breakdown> totalBreakdown = new ArrayList<>();
        for (Breakdown b : report.breakdowns()) {
            if (b.total()) {
                totalBreakdown.add(b);
            } else {
                breakdowns.computeIfAbsent(b.slice(), s -> new ArrayList<>()).add(b);
            }
        }
        Map<Slice, PnlFigures> rows = new HashMap<>();
        Map<Slice, BigDecimal> spend = new HashMap<>();
        Names names = new Names();
        PnlFigures total = zero(query.fullyLoaded());
        for (Aggregate a : aggregates) {
            PnlFigures figures = figures(
                    a, a.total() ? totalBreakdown : breakdowns.getOrDefault(a.slice(), List.of()), query.fullyLoaded());
            if (a.total()) {
                total = figures;
            } else {
                rows.put(a.slice(), figures);
                // the row's own spend lines: budget variance compares the budget with them, whatever the basis
                spend.put(
                        a.slice(), a.costOfService().add(a.operatingExpenses()).subtract(a.allocated()));
                for (Map.Entry<PnlDimension, SliceName> name : a.names().entrySet()) {
                    names.put(name.getKey(), a.slice().id(name.getKey()), name.getValue());
                }
            }
        }
        return new Result(rows, total, spend, names);
    }

    private static PnlFigures figures(Aggregate a, List<Breakdown> breakdown, boolean fullyLoaded) {
        BigDecimal grossProfit = a.revenue().subtract(a.costOfService());
        BigDecimal operatingProfit = grossProfit.subtract(a.operatingExpenses());
        List<DepartmentAmount> byDepartment = breakdown.stream()
                .filter(b -> b.department() != null)
                .map(b -> new DepartmentAmount(
                        b.department().code(), b.department().name(), Figures.money(b.amount())))
                .sorted(Comparator.comparing(DepartmentAmount::departmentCode))
                .toList();
        List<CategoryAmount> byCategory = breakdown.stream()
                .filter(b -> b.category() != null)
                .map(b -> new CategoryAmount(SpendCategory.valueOf(b.category()), Figures.money(b.amount())))
                .sorted(Comparator.comparing(CategoryAmount::category))
                .toList();
        return new PnlFigures(
                Figures.money(a.revenue()),
                Figures.money(a.costOfService()),
                Figures.money(grossProfit),
                Figures.ratio(grossProfit, a.revenue()),
                Figures.money(a.operatingExpenses()),
                byDepartment,
                byCategory,
                Figures.money(operatingProfit),
                Figures.ratio(operatingProfit, a.revenue()),
                a.newCustomers(),
                Figures.moneyPer(a.acquisitionExpenses(), a.newCustomers()),
                Figures.moneyPer(a.acquisitionObjectiveExpenses(), a.newCustomers()),
                fullyLoaded ? Figures.money(a.allocated()) : null);
    }

    private static PnlFigures zero(boolean fullyLoaded) {
        BigDecimal zero = Figures.money(BigDecimal.ZERO);
        return new PnlFigures(
                zero,
                zero,
                zero,
                null,
                zero,
                List.of(),
                List.of(),
                zero,
                null,
                0,
                null,
                null,
                fullyLoaded ? zero : null);
    }

    private static PnlChange change(PnlFigures now, PnlFigures before) {
        return new PnlChange(
                now.revenue().subtract(before.revenue()),
                Figures.relativeChange(now.revenue(), before.revenue()),
                now.grossProfit().subtract(before.grossProfit()),
                Figures.ratio(
                        now.grossProfit().subtract(before.grossProfit()),
                        before.grossProfit().abs()),
                now.operatingExpenses().subtract(before.operatingExpenses()),
                Figures.relativeChange(now.operatingExpenses(), before.operatingExpenses()),
                now.operatingProfit().subtract(before.operatingProfit()),
                Figures.ratio(
                        now.operatingProfit().subtract(before.operatingProfit()),
                        before.operatingProfit().abs()),
                now.newCustomers() - before.newCustomers());
    }

    private static boolean onlyDepartmentFilter(PnlFilter f) {
        return f.segmentCodes() == null
                && f.productCodes() == null
                && f.regionCodes() == null
                && f.channelCodes() == null;
    }

    /**
     * The request with its filter codes resolved to ids (subtrees for segments and regions): the
     * deprecated {@code filter} read as the {@link ReportFilter} it is, and {@code where}, both holding.
     */
    private PnlQuery resolve(PnlRequest request, String reporting, String target) {
        Range range = new Range(request.from(), request.to(), request.granularity(), fiscalStartMonth);
        Set<PnlDimension> grouped =
                request.groupBy().isEmpty() ? EnumSet.noneOf(PnlDimension.class) : EnumSet.copyOf(request.groupBy());
        PnlFilter f = request.filter();
        SliceFilter legacy = f == null
                ? null
                : filters.resolve(
                        new ReportFilter(
                                f.segmentCodes(),
                                f.productCodes(),
                                f.regionCodes(),
                                f.departmentCodes(),
                                f.channelCodes(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        "filter");
        SliceFilter where = SliceFilter.all(legacy, filters.resolve(request.where(), "where"));
        List<Long> budgetDepartments = legacy == null ? null : legacy.ids().get(ReportDimension.DEPARTMENT);
        return new PnlQuery(
                range,
                grouped,
                budgetDepartments,
                where,
                reporting,
                target,
                request.version() == CloseVersion.AS_FIRST_REPORTED,
                request.costBasis() == CostBasis.FULLY_LOADED);
    }

    private void validateRange(LocalDate from, LocalDate to, Granularity granularity) {
        Validation v = new Validation().inOrder("from", from, "to", to);
        v.throwIfAny();
        YearMonth first = YearMonth.from(from);
        LocalDate periodStart = first.atDay(1).minusMonths(offsetInPeriod(first, granularity));
        v.check(
                from.equals(periodStart),
                "from",
                "must be the first day of a " + granularity.name().toLowerCase() + " (" + periodStart
                        + " for this range)");
        YearMonth last = YearMonth.from(to);
        LocalDate periodEnd = last.atDay(1)
                .minusMonths(offsetInPeriod(last, granularity))
                .plusMonths(granularity.months)
                .minusDays(1);
        v.check(
                to.equals(periodEnd),
                "to",
                "must be the last day of a " + granularity.name().toLowerCase() + " (" + periodEnd
                        + " for this range)");
        v.check(
                !last.isAfter(first.plusMonths(MAX_MONTHS - 1)),
                "to",
                "must be at most " + MAX_MONTHS + " months after from");
        v.throwIfAny();
    }

    private int offsetInPeriod(YearMonth month, Granularity granularity) {
        int index = calendar.fiscalMonthOfYear(month) - 1;
        return switch (granularity) {
            case MONTH -> 0;
            case QUARTER -> index % 3;
            case YEAR -> index;
        };
    }

    private String label(LocalDate start, Granularity granularity) {
        YearMonth month = YearMonth.from(start);
        return switch (granularity) {
            case MONTH -> month.toString();
            case QUARTER -> "FY" + calendar.fiscalYear(month) + "-Q" + calendar.fiscalQuarter(month);
            case YEAR -> "FY" + calendar.fiscalYear(month);
        };
    }

    private static boolean isFinal(Map<YearMonth, MonthStatus> statuses, LocalDate start, Granularity granularity) {
        for (int i = 0; i < granularity.months; i++) {
            if (statuses.getOrDefault(YearMonth.from(start.plusMonths(i)), MonthStatus.OPEN) != MonthStatus.CLOSED) {
                return false;
            }
        }
        return true;
    }

    private static String sortKey(String code) {
        return code == null ? "" : UNASSIGNED.equals(code) ? "\uffff" : code;
    }

    /** Codes and names of the slice ids of a report, as its statements returned them. */
    private record Names(Map<PnlDimension, Map<Long, SliceName>> byDimension) {

        Names() {
            this(new EnumMap<>(PnlDimension.class));
        }

        void put(PnlDimension dimension, long id, SliceName name) {
            byDimension.computeIfAbsent(dimension, d -> new HashMap<>()).put(id, name);
        }

        SliceName of(PnlDimension dimension, Slice slice, Set<PnlDimension> grouped) {
            if (!grouped.contains(dimension)) {
                return null;
            }
            Long id = slice.id(dimension);
            return id == null
                    ? new SliceName(UNASSIGNED, "Unassigned")
                    : byDimension.get(dimension).get(id);
        }
    }
}
