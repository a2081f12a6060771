package dev.revgraph.forecast;

import dev.revgraph.budget.BudgetService;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.forecast.ForecastReports.CreateScenarioInput;
import dev.revgraph.forecast.ForecastReports.DeleteScenarioInput;
import dev.revgraph.forecast.ForecastReports.ForecastDifference;
import dev.revgraph.forecast.ForecastReports.ForecastDriver;
import dev.revgraph.forecast.ForecastReports.ForecastDrivers;
import dev.revgraph.forecast.ForecastReports.ForecastKind;
import dev.revgraph.forecast.ForecastReports.ForecastReport;
import dev.revgraph.forecast.ForecastReports.ForecastRow;
import dev.revgraph.forecast.ForecastReports.OverrideMode;
import dev.revgraph.forecast.ForecastReports.Scenario;
import dev.revgraph.forecast.ForecastReports.ScenarioComparison;
import dev.revgraph.forecast.ForecastReports.ScenarioComparisonRow;
import dev.revgraph.forecast.ForecastReports.ScenarioOverride;
import dev.revgraph.forecast.ForecastReports.ScenarioOverrideInput;
import dev.revgraph.forecast.ForecastRepository.NewOverride;
import dev.revgraph.pnl.Granularity;
import dev.revgraph.pnl.PnlService;
import dev.revgraph.pnl.ReportPeriod;
import dev.revgraph.pnl.SegmentEconomicsService;
import dev.revgraph.pnl.SegmentEconomicsService.MonthlySegmentFigures;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.retention.RetentionService;
import dev.revgraph.retention.RetentionService.SegmentMonthMovements;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rolling forecast as docs/metrics.md (Forecasts) defines it: every month up to the last closed
 * month is served as measured; each month after it is projected from drivers measured over the
 * trailing closed months, with a scenario's overrides on top. Figures stay at full precision from
 * month to month and are rounded only when served.
 */
@Service
@Transactional(readOnly = true)
public class ForecastService {

    static final int MAX_HORIZON_MONTHS = 60;
    static final int DEFAULT_TRAILING_MONTHS = 3;
    static final int MAX_TRAILING_MONTHS = 24;
    static final int MAX_OVERRIDES = 100;
    static final String COMPANY = "Whole company";

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private final ForecastRepository repository;
    private final SegmentEconomicsService economics;
    private final RetentionService retention;
    private final BudgetService budgets;
    private final PnlService pnl;
    private final FiscalService fiscal;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final CurrentActor actor;
    private final ReportFilterService filters;

    ForecastService(
            ForecastRepository repository,
            SegmentEconomicsService economics,
            RetentionService retention,
            BudgetService budgets,
            PnlService pnl,
            FiscalService fiscal,
            DimensionService dimensions,
            CurrencyService currencies,
            CurrentActor actor,
            ReportFilterService filters) {
        this.filters = filters;
        this.repository = repository;
        this.economics = economics;
        this.retention = retention;
        this.budgets = budgets;
        this.pnl = pnl;
        this.fiscal = fiscal;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.actor = actor;
    }

    // ---- scenarios

    public List<Scenario> scenarios() {
        return repository.scenarios(null);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Scenario create(CreateScenarioInput input) {
        List<ScenarioOverrideInput> overrides = input.overrides() == null ? List.of() : input.overrides();
        Validation v = new Validation()
                .code("code", input.code())
                .name("name", input.name())
                .check(overrides.size() <= MAX_OVERRIDES, "overrides", "must hold at most " + MAX_OVERRIDES);
        for (int i = 0; i < overrides.size(); i++) {
            checkOverride(v, "overrides." + i + ".", overrides.get(i));
        }
        v.throwIfAny();
        List<NewOverride> stored = new ArrayList<>();
        for (int i = 0; i < overrides.size(); i++) {
            ScenarioOverrideInput o = overrides.get(i);
            Long segmentId = o.segmentCode() == null
                    ? null
                    : dimensions.activeNodeId(
                            TreeKind.SEGMENT_TREE, "overrides." + i + ".segmentCode", o.segmentCode());
            stored.add(new NewOverride(segmentId, o.driver(), o.fromMonth(), o.toMonth(), o.value(), o.mode()));
        }
        if (repository.exists(input.code())) {
            throw DomainException.conflict("code", "a scenario with code " + input.code() + " exists", null);
        }
        repository.insert(input.code(), input.name().strip(), stored, actor.name());
        return repository.scenario(input.code()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Scenario delete(DeleteScenarioInput input) {
        Scenario scenario = requireScenario("code", input.code());
        repository.delete(scenario.id());
        return scenario;
    }

    /** The range rules of an override: docs/metrics.md, Forecasts. */
    private static void checkOverride(Validation v, String at, ScenarioOverrideInput o) {
        BigDecimal value = o.value();
        v.inOrder(at + "fromMonth", o.fromMonth(), at + "toMonth", o.toMonth()).scale(at + "value", value, 6);
        if (value == null) {
            return;
        }
        v.check(value.precision() - value.scale() <= 15, at + "value", "must be less than 10^15");
        if (o.mode() == OverrideMode.RELATIVE) {
            v.check(
                    value.compareTo(BigDecimal.ONE.negate()) >= 0,
                    at + "value",
                    "must be -1 or more (a change of -100%)");
            return;
        }
        switch (o.driver()) {
            case CHURN_RATE, EXPANSION_RATE, LOGO_CHURN ->
                v.check(
                        value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0,
                        at + "value",
                        "must be between 0 and 1 for " + o.driver());
            case GROSS_MARGIN -> v.check(value.compareTo(BigDecimal.ONE) <= 0, at + "value", "must be at most 1");
            case NEW_CUSTOMERS, NEW_CUSTOMER_ARPA, SPEND, ONE_OFF_REVENUE ->
                v.check(value.signum() >= 0, at + "value", Validation.NOT_NEGATIVE);
        }
    }

    private Scenario requireScenario(String field, String code) {
        if (code == null) {
            return null;
        }
        return repository
                .scenario(code)
                .orElseThrow(() -> DomainException.notFound(field, "no scenario with code " + code));
    }

    // ---- the forecast

    /** One scope of a forecast: the whole company (id null) or a segment subtree. */
    private record Scope(Long id, String code, String name) {}

    /** A driver set at full precision; null where the measured ratio has a zero denominator. */
    private record Drivers(
            Map<ForecastDriver, BigDecimal> values, BigDecimal acquisitionShare, BigDecimal averageCost) {

        BigDecimal get(ForecastDriver driver) {
            return values.get(driver);
        }

        BigDecimal orZero(ForecastDriver driver) {
            BigDecimal value = values.get(driver);
            return value == null ? BigDecimal.ZERO : value;
        }
    }

    /** One month of one scope at full precision. */
    private record Month(
            YearMonth month,
            boolean actual,
            BigDecimal mrr,
            BigDecimal newCustomers,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal spend,
            BigDecimal acquisitionSpend,
            BigDecimal activeCustomers,
            Drivers drivers) {}

    /** What a forecast computed: the served rows and the full-precision months behind them. */
    private record Computed(ForecastReport report, List<List<Month>> periodsByRow) {}

    public ForecastReport forecast(
            String scenarioCode,
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Granularity granularity,
            Integer trailingMonths) {
        return forecast(scenarioCode, from, to, segmentCode, granularity, trailingMonths, null);
    }

    /**
     * The forecast of the facts {@code where} keeps (docs/metrics.md, Forecasts): the measured months
     * and the trailing window the drivers are measured over read only those facts, as the P&L (revenue,
     * cost, spend, new customers) and {@code mrrMovements(where:)} (MRR, customers) keep them, and the
     * company's budgeted spend only the budget lines the filter keeps.
     */
    public ForecastReport forecast(
            String scenarioCode,
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Granularity granularity,
            Integer trailingMonths,
            ReportFilter where) {
        return forecast(scenarioCode, from, to, segmentCode, granularity, trailingMonths, where, null);
    }

    /**
     * {@link #forecast(String, LocalDate, LocalDate, String, Granularity, Integer, ReportFilter)} in
     * {@code currency} (null: the reporting currency; docs/metrics.md, Forecasts): a measured month's
     * lines each at its own day's rate, a projected month (computed in the reporting currency) at the
     * latest rate on or before its first day.
     */
    public ForecastReport forecast(
            String scenarioCode,
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Granularity granularity,
            Integer trailingMonths,
            ReportFilter where,
            String currency) {
        return forecast(scenarioCode, from, to, segmentCode, granularity, trailingMonths, where, currency, null);
    }

    /**
     * {@link #forecast(String, LocalDate, LocalDate, String, Granularity, Integer, ReportFilter, String)}
     * with each row compared with the same scope's row {@code compareTo} earlier (the range's length in
     * months, or 12): the forecast over the earlier range under the same scenario, filter and
     * currency, measured where that range is closed. A plan is refused: the forecast is one, and a
     * budget plans spend alone.
     */
    public ForecastReport forecast(
            String scenarioCode,
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Granularity granularity,
            Integer trailingMonths,
            ReportFilter where,
            String currency,
            Comparison compareTo) {
        Comparison.requireEarlierPeriod(
                compareTo,
                "the forecast is itself a plan, and a budget plans spend alone (profitAndLoss(compareTo: BUDGET)"
                        + " and budgetVsActual compare with it)");
        Scenario scenario = requireScenario("scenario", scenarioCode);
        String reporting = currencies.reportingCurrency();
        String target = currencies.reportCurrency("currency", currency);
        SliceFilter filter = filters.resolve(where, "where");
        ForecastReport report = compute(
                        scenario, from, to, segmentCode, granularity, trailingMonths, filter, target, "scenario")
                .report();
        if (compareTo == null) {
            return report;
        }
        int shift = compareTo.monthsBack(from, to);
        Map<String, ForecastRow> before = new HashMap<>();
        for (ForecastRow b : compute(
                        scenario,
                        from.withDayOfMonth(1).minusMonths(shift),
                        YearMonth.from(to).minusMonths(shift).atEndOfMonth(),
                        segmentCode,
                        granularity,
                        trailingMonths,
                        filter,
                        target,
                        "scenario")
                .report()
                .rows()) {
            before.put(b.periodStart().plusMonths(shift) + "|" + b.segmentCode(), b);
        }
        List<ForecastRow> rows = new ArrayList<>();
        for (ForecastRow row : report.rows()) {
            ForecastRow b = before.get(row.periodStart() + "|" + row.segmentCode());
            rows.add(b == null ? row : row.compared(b));
        }
        return new ForecastReport(
                report.currency(), report.scenario(), report.lastActualMonth(), report.trailingMonths(), rows);
    }

    public ScenarioComparison compare(
            String a,
            String b,
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Granularity granularity,
            Integer trailingMonths) {
        Scenario scenarioA = requireScenario("a", a);
        Scenario scenarioB = requireScenario("b", b);
        String reporting = currencies.reportingCurrency();
        Computed left = compute(scenarioA, from, to, segmentCode, granularity, trailingMonths, null, reporting, "a");
        Computed right = compute(scenarioB, from, to, segmentCode, granularity, trailingMonths, null, reporting, "b");
        List<ScenarioComparisonRow> rows = new ArrayList<>();
        for (int i = 0; i < left.report().rows().size(); i++) {
            ForecastRow x = left.report().rows().get(i);
            ForecastRow y = right.report().rows().get(i);
            Month sumX = total(left.periodsByRow().get(i));
            Month sumY = total(right.periodsByRow().get(i));
            BigDecimal cacX = divide(sumX.acquisitionSpend(), sumX.newCustomers());
            BigDecimal cacY = divide(sumY.acquisitionSpend(), sumY.newCustomers());
            rows.add(new ScenarioComparisonRow(
                    x.period(),
                    x.periodStart(),
                    x.periodEnd(),
                    x.kind(),
                    x.segmentCode(),
                    x.segmentName(),
                    x,
                    y,
                    new ForecastDifference(
                            Figures.money(sumY.mrr().subtract(sumX.mrr())),
                            count(sumY.newCustomers().subtract(sumX.newCustomers())),
                            Figures.money(sumY.revenue().subtract(sumX.revenue())),
                            Figures.money(sumY.costOfService().subtract(sumX.costOfService())),
                            Figures.money(sumY.spend().subtract(sumX.spend())),
                            Figures.money(contribution(sumY).subtract(contribution(sumX))),
                            cacX == null || cacY == null ? null : Figures.money(cacY.subtract(cacX)),
                            count(sumY.activeCustomers().subtract(sumX.activeCustomers())))));
        }
        return new ScenarioComparison(
                left.report().currency(), a, b, left.report().lastActualMonth(), rows);
    }

    private Computed compute(
            Scenario scenario,
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Granularity granularity,
            Integer trailingMonths,
            SliceFilter where,
            String currency,
            String scenarioField) {
        int n = trailingMonths == null ? DEFAULT_TRAILING_MONTHS : trailingMonths;
        new Validation()
                .check(
                        n >= 1 && n <= MAX_TRAILING_MONTHS,
                        "trailingMonths",
                        "must be between 1 and " + MAX_TRAILING_MONTHS)
                .inOrder("from", from, "to", to)
                .throwIfAny();
        Granularity g = granularity == null ? Granularity.MONTH : granularity;
        // every month up to the last closed month is measured; without a closed month the
        // projection starts at the month of `from`
        LocalDate firstOpen = fiscal.firstOpenDay();
        YearMonth lastActual = firstOpen.equals(FiscalService.BEGINNING_OF_RECORDS)
                ? YearMonth.from(from).minusMonths(1)
                : YearMonth.from(firstOpen).minusMonths(1);
        YearMonth last = YearMonth.from(to);
        new Validation()
                .check(
                        !last.isAfter(lastActual.plusMonths(MAX_HORIZON_MONTHS)),
                        "to",
                        "must be at most " + MAX_HORIZON_MONTHS + " months after the last closed month " + lastActual
                                + " (at most " + lastActual.plusMonths(MAX_HORIZON_MONTHS) + ")")
                .throwIfAny();
        List<ReportPeriod> periods = pnl.periods(from, to, g);
        List<Scope> scopes = scopes(segmentCode);

        // the measured months: those of the range up to the last actual one, and the trailing window
        // with the last actual month (the projection's starting point)
        YearMonth first = YearMonth.from(from);
        YearMonth windowStart = lastActual.minusMonths(n - 1);
        Map<Key, MonthlySegmentFigures> figures = new HashMap<>();
        Map<Key, SegmentMonthMovements> movements = new HashMap<>();
        // both end at the last actual month when the range reaches past it, so one read covers them
        List<YearMonth[]> ranges = new ArrayList<>();
        if (!last.isAfter(lastActual)) {
            ranges.add(new YearMonth[] {first, last});
        } else {
            ranges.add(new YearMonth[] {first.isBefore(windowStart) ? first : windowStart, lastActual});
        }
        for (YearMonth[] range : ranges) {
            economics
                    .figuresByMonth(range[0], range[1], where, currencies.reportingCurrency(), null, false)
                    .forEach(f -> figures.put(new Key(f.month(), f.segmentId()), f));
            retention
                    .monthlyBySegment(range[0], range[1], where, false)
                    .forEach(m -> movements.put(new Key(m.month(), m.segmentId()), m));
        }
        Map<YearMonth, BigDecimal> spendBudgets =
                last.isAfter(lastActual) ? budgets.spendBudgets(lastActual.plusMonths(1), last, where) : Map.of();

        List<ForecastRow> rows = new ArrayList<>();
        List<List<Month>> periodsByRow = new ArrayList<>();
        Map<Long, List<Month>> monthsByScope = new HashMap<>();
        for (Scope scope : scopes) {
            monthsByScope.put(
                    scope.id(),
                    months(scope, scenario, first, last, lastActual, windowStart, n, figures, movements, spendBudgets));
        }
        if (!currency.equals(currencies.reportingCurrency())) {
            convert(monthsByScope, first, last, lastActual, where, currency);
        }
        for (ReportPeriod period : periods) {
            YearMonth pStart = YearMonth.from(period.start());
            YearMonth pEnd = YearMonth.from(period.end());
            for (Scope scope : scopes) {
                List<Month> in = monthsByScope.get(scope.id()).stream()
                        .filter(m -> !m.month().isBefore(pStart) && !m.month().isAfter(pEnd))
                        .toList();
                rows.add(row(period, scope, in));
                periodsByRow.add(in);
            }
        }
        return new Computed(
                new ForecastReport(currency, scenario == null ? null : scenario.code(), lastActual, n, rows),
                periodsByRow);
    }

    /**
     * Every scope's months in {@code currency} instead of the reporting currency: a measured month
     * read again from its lines, each at its own day's rate (under the same filter); a projected month
     * divided by the currency's rate in force on its first day, drivers of money with it. A missing
     * rate is {@code MISSING_FX_RATE} naming {@code currency}.
     */
    private void convert(
            Map<Long, List<Month>> monthsByScope,
            YearMonth first,
            YearMonth last,
            YearMonth lastActual,
            SliceFilter where,
            String currency) {
        Map<Key, MonthlySegmentFigures> figures = new HashMap<>();
        Map<Key, BigDecimal> mrr = new HashMap<>();
        YearMonth actualEnd = last.isAfter(lastActual) ? lastActual : last;
        if (!first.isAfter(actualEnd)) {
            economics
                    .figuresByMonth(first, actualEnd, where, currency, "currency", false)
                    .forEach(f -> figures.put(new Key(f.month(), f.segmentId()), f));
            retention
                    .mrrInCurrency(first, actualEnd, where, currency, "currency", null, false, false)
                    .forEach(m -> mrr.put(new Key(m.month(), m.segmentId()), m.mrr()));
        }
        List<LocalDate> projected = new ArrayList<>();
        for (YearMonth m = lastActual.plusMonths(1); !m.isAfter(last); m = m.plusMonths(1)) {
            if (!m.isBefore(first)) {
                projected.add(m.atDay(1));
            }
        }
        Map<LocalDate, BigDecimal> rates = projected.isEmpty()
                ? Map.of()
                : repository.ratesOn(currency, projected, currencies.reportingCurrency());
        for (LocalDate day : projected) {
            if (!rates.containsKey(day)) {
                throw DomainException.missingFxRate("currency", currency, day);
            }
        }
        for (Map.Entry<Long, List<Month>> scope : monthsByScope.entrySet()) {
            List<Month> converted = new ArrayList<>();
            for (Month m : scope.getValue()) {
                if (m.actual()) {
                    Key key = new Key(m.month(), scope.getKey());
                    MonthlySegmentFigures f = figures.get(key);
                    BigDecimal zero = BigDecimal.ZERO;
                    converted.add(new Month(
                            m.month(),
                            true,
                            mrr.getOrDefault(key, zero),
                            m.newCustomers(),
                            f == null ? zero : f.revenue(),
                            f == null ? zero : f.costOfService(),
                            f == null ? zero : f.operatingExpenses(),
                            f == null ? zero : f.acquisitionExpenses(),
                            m.activeCustomers(),
                            null));
                } else {
                    BigDecimal rate = rates.get(m.month().atDay(1));
                    Drivers d = m.drivers();
                    Map<ForecastDriver, BigDecimal> values = new EnumMap<>(d.values());
                    for (ForecastDriver money : List.of(
                            ForecastDriver.NEW_CUSTOMER_ARPA, ForecastDriver.SPEND, ForecastDriver.ONE_OFF_REVENUE)) {
                        if (values.get(money) != null) {
                            values.put(money, values.get(money).divide(rate, PRECISION));
                        }
                    }
                    converted.add(new Month(
                            m.month(),
                            false,
                            m.mrr().divide(rate, PRECISION),
                            m.newCustomers(),
                            m.revenue().divide(rate, PRECISION),
                            m.costOfService().divide(rate, PRECISION),
                            m.spend().divide(rate, PRECISION),
                            m.acquisitionSpend().divide(rate, PRECISION),
                            m.activeCustomers(),
                            new Drivers(
                                    values,
                                    d.acquisitionShare(),
                                    d.averageCost() == null
                                            ? null
                                            : d.averageCost().divide(rate, PRECISION))));
                }
            }
            scope.setValue(converted);
        }
    }

    private record Key(YearMonth month, Long segmentId) {}

    private List<Scope> scopes(String segmentCode) {
        List<Scope> scopes = new ArrayList<>();
        List<TreeNode> nodes;
        if (segmentCode == null) {
            scopes.add(new Scope(null, null, COMPANY));
            nodes = new ArrayList<>(dimensions.nodes(TreeKind.SEGMENT_TREE, true, false));
        } else {
            List<Long> subtree = dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "segmentCode", segmentCode);
            nodes = new ArrayList<>(
                    dimensions.nodesByIds(TreeKind.SEGMENT_TREE, subtree).values());
        }
        nodes.sort((a, b) -> String.join("/", a.path()).compareTo(String.join("/", b.path())));
        nodes.forEach(node -> scopes.add(new Scope(node.id(), node.code(), node.name())));
        return scopes;
    }

    /** Every month of one scope from the range's first month (or the first projected one) to its last. */
    private List<Month> months(
            Scope scope,
            Scenario scenario,
            YearMonth first,
            YearMonth last,
            YearMonth lastActual,
            YearMonth windowStart,
            int n,
            Map<Key, MonthlySegmentFigures> figures,
            Map<Key, SegmentMonthMovements> movements,
            Map<YearMonth, BigDecimal> spendBudgets) {
        List<Month> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last) && !m.isAfter(lastActual); m = m.plusMonths(1)) {
            months.add(actual(m, figures.get(new Key(m, scope.id())), movements.get(new Key(m, scope.id()))));
        }
        if (!last.isAfter(lastActual)) {
            return months;
        }
        Drivers base = measured(scope, windowStart, lastActual, n, figures, movements);
        SegmentMonthMovements start = movements.get(new Key(lastActual, scope.id()));
        BigDecimal mrr = start == null ? BigDecimal.ZERO : start.endMrr();
        BigDecimal customers = start == null ? BigDecimal.ZERO : BigDecimal.valueOf(start.activeCustomers());
        for (YearMonth m = lastActual.plusMonths(1); !m.isAfter(last); m = m.plusMonths(1)) {
            Drivers d = forMonth(base, scope, m, spendBudgets, scenario);
            mrr = mrr.multiply(
                            BigDecimal.ONE
                                    .subtract(d.orZero(ForecastDriver.CHURN_RATE))
                                    .add(d.orZero(ForecastDriver.EXPANSION_RATE)),
                            PRECISION)
                    .add(d.orZero(ForecastDriver.NEW_CUSTOMERS)
                            .multiply(d.orZero(ForecastDriver.NEW_CUSTOMER_ARPA), PRECISION));
            BigDecimal revenue = mrr.add(d.orZero(ForecastDriver.ONE_OFF_REVENUE));
            BigDecimal margin = d.get(ForecastDriver.GROSS_MARGIN);
            BigDecimal cost =
                    margin == null ? d.averageCost() : revenue.multiply(BigDecimal.ONE.subtract(margin), PRECISION);
            BigDecimal spend = d.orZero(ForecastDriver.SPEND);
            BigDecimal acquisition =
                    d.acquisitionShare() == null ? BigDecimal.ZERO : spend.multiply(d.acquisitionShare(), PRECISION);
            BigDecimal newCustomers = d.orZero(ForecastDriver.NEW_CUSTOMERS);
            customers = customers
                    .multiply(BigDecimal.ONE.subtract(d.orZero(ForecastDriver.LOGO_CHURN)), PRECISION)
                    .add(newCustomers);
            if (!m.isBefore(first)) {
                months.add(new Month(m, false, mrr, newCustomers, revenue, cost, spend, acquisition, customers, d));
            }
        }
        return months;
    }

    private static Month actual(YearMonth m, MonthlySegmentFigures f, SegmentMonthMovements r) {
        BigDecimal zero = BigDecimal.ZERO;
        return new Month(
                m,
                true,
                r == null ? zero : r.endMrr(),
                f == null ? zero : BigDecimal.valueOf(f.newCustomers()),
                f == null ? zero : f.revenue(),
                f == null ? zero : f.costOfService(),
                f == null ? zero : f.operatingExpenses(),
                f == null ? zero : f.acquisitionExpenses(),
                r == null ? zero : BigDecimal.valueOf(r.activeCustomers()),
                null);
    }

    /** The drivers measured over the trailing window, pooled (docs/metrics.md, Forecasts). */
    private static Drivers measured(
            Scope scope,
            YearMonth windowStart,
            YearMonth lastActual,
            int n,
            Map<Key, MonthlySegmentFigures> figures,
            Map<Key, SegmentMonthMovements> movements) {
        BigDecimal newCustomers = BigDecimal.ZERO;
        BigDecimal newMrr = BigDecimal.ZERO;
        BigDecimal startMrr = BigDecimal.ZERO;
        BigDecimal lost = BigDecimal.ZERO;
        BigDecimal gained = BigDecimal.ZERO;
        BigDecimal startCustomers = BigDecimal.ZERO;
        BigDecimal churnedCustomers = BigDecimal.ZERO;
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal spend = BigDecimal.ZERO;
        BigDecimal acquisition = BigDecimal.ZERO;
        BigDecimal mrr = BigDecimal.ZERO;
        for (YearMonth m = windowStart; !m.isAfter(lastActual); m = m.plusMonths(1)) {
            MonthlySegmentFigures f = figures.get(new Key(m, scope.id()));
            SegmentMonthMovements r = movements.get(new Key(m, scope.id()));
            if (f != null) {
                newCustomers = newCustomers.add(BigDecimal.valueOf(f.newCustomers()));
                revenue = revenue.add(f.revenue());
                cost = cost.add(f.costOfService());
                spend = spend.add(f.operatingExpenses());
                acquisition = acquisition.add(f.acquisitionExpenses());
            }
            if (r != null) {
                newMrr = newMrr.add(r.newMrr());
                startMrr = startMrr.add(r.startMrr());
                lost = lost.add(r.lost());
                gained = gained.add(r.expansion()).add(r.reactivated());
                startCustomers = startCustomers.add(BigDecimal.valueOf(r.startCustomers()));
                churnedCustomers = churnedCustomers.add(BigDecimal.valueOf(r.churnedCustomers()));
                mrr = mrr.add(r.endMrr());
            }
        }
        BigDecimal months = BigDecimal.valueOf(n);
        Map<ForecastDriver, BigDecimal> values = new EnumMap<>(ForecastDriver.class);
        values.put(ForecastDriver.NEW_CUSTOMERS, newCustomers.divide(months, PRECISION));
        values.put(ForecastDriver.NEW_CUSTOMER_ARPA, divide(newMrr, newCustomers));
        values.put(ForecastDriver.CHURN_RATE, zeroIfNull(divide(lost, startMrr)));
        values.put(ForecastDriver.EXPANSION_RATE, zeroIfNull(divide(gained, startMrr)));
        values.put(ForecastDriver.LOGO_CHURN, zeroIfNull(divide(churnedCustomers, startCustomers)));
        values.put(ForecastDriver.GROSS_MARGIN, divide(revenue.subtract(cost), revenue));
        values.put(ForecastDriver.SPEND, spend.divide(months, PRECISION));
        values.put(ForecastDriver.ONE_OFF_REVENUE, revenue.subtract(mrr).divide(months, PRECISION));
        return new Drivers(values, divide(acquisition, spend), cost.divide(months, PRECISION));
    }

    /**
     * The drivers of one projected month: the whole company's spend is the month's budget when it
     * has one; then the scenario's overrides for the scope (or every scope) and month, in order.
     */
    private static Drivers forMonth(
            Drivers base, Scope scope, YearMonth m, Map<YearMonth, BigDecimal> spendBudgets, Scenario scenario) {
        Map<ForecastDriver, BigDecimal> values = new EnumMap<>(base.values());
        if (scope.id() == null && spendBudgets.containsKey(m)) {
            values.put(ForecastDriver.SPEND, spendBudgets.get(m));
        }
        if (scenario != null) {
            for (ScenarioOverride o : scenario.overrides()) {
                if ((o.segmentCode() == null || Objects.equals(o.segmentCode(), scope.code()))
                        && !m.isBefore(o.fromMonth())
                        && !m.isAfter(o.toMonth())) {
                    values.put(o.driver(), apply(o, values.get(o.driver())));
                }
            }
        }
        return new Drivers(values, base.acquisitionShare(), base.averageCost());
    }

    /**
     * An override applied to a driver's value: ABSOLUTE replaces it, RELATIVE multiplies it by
     * (1 + value) (a null driver stays null); a rate taken above 1 by a relative change is held at 1.
     */
    private static BigDecimal apply(ScenarioOverride o, BigDecimal current) {
        BigDecimal value;
        if (o.mode() == OverrideMode.ABSOLUTE) {
            value = o.value();
        } else if (current == null) {
            return null;
        } else {
            value = current.multiply(BigDecimal.ONE.add(o.value()), PRECISION);
        }
        boolean rate = switch (o.driver()) {
            case CHURN_RATE, EXPANSION_RATE, LOGO_CHURN, GROSS_MARGIN -> true;
            default -> false;
        };
        return rate && value.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ONE : value;
    }

    /** A served row: flows summed over the period's months, MRR and customers at its last month. */
    private static ForecastRow row(ReportPeriod period, Scope scope, List<Month> months) {
        Month t = total(months);
        boolean forecast = months.stream().anyMatch(m -> !m.actual());
        Drivers d = forecast ? months.get(months.size() - 1).drivers() : null;
        return new ForecastRow(
                period.label(),
                period.start(),
                period.end(),
                forecast ? ForecastKind.FORECAST : ForecastKind.ACTUAL,
                scope.code(),
                scope.name(),
                Figures.money(t.mrr()),
                count(t.newCustomers()),
                Figures.money(t.revenue()),
                Figures.money(t.costOfService()),
                Figures.money(t.spend()),
                Figures.money(contribution(t)),
                Figures.money(divide(t.acquisitionSpend(), t.newCustomers())),
                count(t.activeCustomers()),
                d == null ? null : served(d));
    }

    private static ForecastDrivers served(Drivers d) {
        return new ForecastDrivers(
                count(d.orZero(ForecastDriver.NEW_CUSTOMERS)),
                Figures.money(d.get(ForecastDriver.NEW_CUSTOMER_ARPA)),
                fraction(d.orZero(ForecastDriver.CHURN_RATE)),
                fraction(d.orZero(ForecastDriver.EXPANSION_RATE)),
                fraction(d.orZero(ForecastDriver.LOGO_CHURN)),
                fraction(d.get(ForecastDriver.GROSS_MARGIN)),
                Figures.money(d.orZero(ForecastDriver.SPEND)),
                fraction(d.acquisitionShare()),
                Figures.money(d.orZero(ForecastDriver.ONE_OFF_REVENUE)));
    }

    /** The months of a period summed (flows) with the last month's MRR and customers. */
    private static Month total(List<Month> months) {
        BigDecimal zero = BigDecimal.ZERO;
        BigDecimal newCustomers = zero;
        BigDecimal revenue = zero;
        BigDecimal cost = zero;
        BigDecimal spend = zero;
        BigDecimal acquisition = zero;
        for (Month m : months) {
            newCustomers = newCustomers.add(m.newCustomers());
            revenue = revenue.add(m.revenue());
            cost = cost.add(m.costOfService());
            spend = spend.add(m.spend());
            acquisition = acquisition.add(m.acquisitionSpend());
        }
        Month lastMonth = months.get(months.size() - 1);
        return new Month(
                lastMonth.month(),
                lastMonth.actual(),
                lastMonth.mrr(),
                newCustomers,
                revenue,
                cost,
                spend,
                acquisition,
                lastMonth.activeCustomers(),
                lastMonth.drivers());
    }

    private static BigDecimal contribution(Month m) {
        return m.revenue().subtract(m.costOfService()).subtract(m.spend());
    }

    private static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) {
            return null;
        }
        return a.divide(b, PRECISION);
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static BigDecimal count(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_UP);
    }

    private static BigDecimal fraction(BigDecimal value) {
        return value == null ? null : value.setScale(4, RoundingMode.HALF_UP);
    }
}
