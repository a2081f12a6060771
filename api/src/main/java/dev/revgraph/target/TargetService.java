package dev.revgraph.target;

import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.pnl.SegmentEconomicsService;
import dev.revgraph.pnl.SegmentEconomicsService.MonthlySegmentFigures;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.retention.RetentionReports.MrrMovementRow;
import dev.revgraph.retention.RetentionRequest;
import dev.revgraph.retention.RetentionService;
import dev.revgraph.retention.RetentionService.SegmentMonthMrr;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.target.TargetRepository.MonthTargets;
import dev.revgraph.target.Targets.SegmentTarget;
import dev.revgraph.target.Targets.SetSegmentTargetsInput;
import dev.revgraph.target.Targets.TargetFigure;
import dev.revgraph.target.Targets.TargetsVsActualReport;
import dev.revgraph.target.Targets.TargetsVsActualRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Targets per segment and month, and targets vs actual (docs/metrics.md, Targets vs actual). The
 * actuals are the figures the reports serve, read from their services: new customers, revenue and
 * the CAC of segment economics' monthly figures, new MRR of the MRR movements.
 */
@Service
@Transactional(readOnly = true)
public class TargetService {

    static final int MAX_MONTHS = 120;

    private final TargetRepository repository;
    private final SegmentEconomicsService segments;
    private final RetentionService retention;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final FiscalService fiscal;
    private final CurrentActor actor;
    private final ReportFilterService filters;

    TargetService(
            TargetRepository repository,
            SegmentEconomicsService segments,
            RetentionService retention,
            DimensionService dimensions,
            CurrencyService currencies,
            FiscalService fiscal,
            CurrentActor actor,
            ReportFilterService filters) {
        this.filters = filters;
        this.repository = repository;
        this.segments = segments;
        this.retention = retention;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.fiscal = fiscal;
        this.actor = actor;
    }

    /** Sets (creates or replaces) a segment's targets of a month; a figure left out has no target. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public SegmentTarget set(SetSegmentTargetsInput input) {
        Validation v = new Validation();
        if (input.newCustomers() != null) {
            v.check(input.newCustomers() >= 0, "newCustomers", Validation.NOT_NEGATIVE);
        }
        money(v, "newMrr", input.newMrr());
        money(v, "revenue", input.revenue());
        money(v, "maxCac", input.maxCac());
        v.throwIfAny();
        long segmentId = dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode());
        currencies.requireConvertible(
                "currency", input.currency(), input.month().atDay(1));
        fiscal.assertMonthsOpen("month", List.of(input.month()));
        repository.upsert(segmentId, input, actor.name());
        return repository.target(segmentId, input.month().atDay(1));
    }

    public TargetsVsActualReport targetsVsActual(LocalDate from, LocalDate to, String segmentCode) {
        return targetsVsActual(from, to, segmentCode, null, null, null);
    }

    /**
     * Targets vs actual of the facts {@code where} keeps, in {@code currency} (null: the reporting
     * currency), each row compared with the same figure {@code compareTo} earlier (docs/metrics.md,
     * "Targets vs actual").
     */
    public TargetsVsActualReport targetsVsActual(
            LocalDate from,
            LocalDate to,
            String segmentCode,
            ReportFilter where,
            String currency,
            Comparison compareTo) {
        Comparison.requireEarlierPeriod(compareTo, "the report is against the targets already");
        new Validation().inOrder("from", from, "to", to).throwIfAny();
        TreeNode segment = dimensions.node(TreeKind.SEGMENT_TREE, segmentCode);
        if (segment == null) {
            throw DomainException.notFound("segmentCode", "no segment with code " + segmentCode);
        }
        String reporting = currencies.reportingCurrency();
        String target = currencies.reportCurrency("currency", currency);
        SliceFilter filter = filters.resolve(where, "where");
        TargetsVsActualReport report = uncompared(from, to, segment, filter, reporting, target);
        if (compareTo == null) {
            return report;
        }
        int shift = compareTo.monthsBack(from, to);
        Map<String, TargetsVsActualRow> before = new HashMap<>();
        for (TargetsVsActualRow b : uncompared(
                        from.withDayOfMonth(1).minusMonths(shift),
                        YearMonth.from(to).minusMonths(shift).atEndOfMonth(),
                        segment,
                        filter,
                        reporting,
                        target)
                .rows()) {
            before.put(b.month().plusMonths(shift) + "|" + b.figure(), b);
        }
        List<TargetsVsActualRow> rows = new ArrayList<>();
        for (TargetsVsActualRow row : report.rows()) {
            rows.add(row.compared(before.get(row.month() + "|" + row.figure())));
        }
        return new TargetsVsActualReport(report.currency(), report.segmentCode(), rows);
    }

    private TargetsVsActualReport uncompared(
            LocalDate from, LocalDate to, TreeNode segment, SliceFilter filter, String reporting, String currency) {
        YearMonth first = YearMonth.from(from);
        YearMonth last = YearMonth.from(to);
        new Validation()
                .check(
                        !last.isAfter(first.plusMonths(MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + MAX_MONTHS + " months after from")
                .throwIfAny();
        boolean converted = !currency.equals(reporting);
        // a missing rate is the report currency's business once one is asked for
        String rateField = converted ? "currency" : null;

        // a target is a fact of its segment with no other slice
        Condition kept = filter == null
                ? null
                : filter.condition(d -> d == ReportDimension.SEGMENT ? TargetRepository.TARGET_SEGMENT : null);
        Map<YearMonth, MonthTargets> targets = new HashMap<>();
        for (MonthTargets t :
                repository.targets(segment.id(), first.atDay(1), last.atDay(1), reporting, currency, kept)) {
            FxSql.failOnMissing(rateField, t.missingRate());
            targets.put(YearMonth.from(t.month()), t);
        }
        // the facts of the segment's subtree alone (a line elsewhere needs no rate), under the filter
        SliceFilter inSegment = SliceFilter.all(
                filter,
                new SliceFilter(
                        Map.of(
                                ReportDimension.SEGMENT,
                                dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "segmentCode", segment.code())),
                        null,
                        Set.of(),
                        List.of(),
                        List.of(),
                        null));
        Map<YearMonth, MonthlySegmentFigures> figures = new HashMap<>();
        for (MonthlySegmentFigures f : segments.figuresByMonth(first, last, inSegment, currency, rateField, false)) {
            if (f.segmentId() != null && f.segmentId() == segment.id()) {
                figures.put(f.month(), f);
            }
        }
        Map<YearMonth, BigDecimal> newMrr = new HashMap<>();
        if (!converted) {
            // the reporting currency: mrrMovements' own newMrr
            for (MrrMovementRow row : retention
                    .movements(RetentionRequest.of(first.atDay(1), last.atEndOfMonth(), segment.code(), filter))
                    .rows()) {
                newMrr.put(row.month(), row.newMrr());
            }
        } else {
            for (SegmentMonthMrr n :
                    retention.mrrInCurrency(first, last, filter, currency, rateField, segment.code(), true, false)) {
                if (n.segmentId() != null && n.segmentId() == segment.id()) {
                    newMrr.put(n.month(), n.mrr());
                }
            }
        }

        List<TargetsVsActualRow> rows = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            MonthTargets t = targets.get(m);
            MonthlySegmentFigures f = figures.get(m);
            int customers = f == null ? 0 : f.newCustomers();
            BigDecimal revenue = f == null ? BigDecimal.ZERO : f.revenue();
            BigDecimal acquisition = f == null ? BigDecimal.ZERO : f.acquisitionExpenses();
            rows.add(atLeast(
                    m,
                    TargetFigure.NEW_CUSTOMERS,
                    t == null || t.newCustomers() == null ? null : BigDecimal.valueOf(t.newCustomers()),
                    BigDecimal.valueOf(customers),
                    false));
            rows.add(atLeast(
                    m,
                    TargetFigure.NEW_MRR,
                    t == null ? null : t.newMrr(),
                    newMrr.getOrDefault(m, BigDecimal.ZERO),
                    true));
            rows.add(atLeast(m, TargetFigure.REVENUE, t == null ? null : t.revenue(), revenue, true));
            rows.add(maxCac(m, t == null ? null : t.maxCac(), acquisition, customers));
        }
        return new TargetsVsActualReport(currency, segment.code(), rows);
    }

    /** A figure whose target is a floor: attainment = actual / target, met when actual >= target. */
    private static TargetsVsActualRow atLeast(
            YearMonth month, TargetFigure figure, BigDecimal target, BigDecimal actual, boolean money) {
        return new TargetsVsActualRow(
                month,
                figure,
                money ? Figures.money(target) : target,
                money ? Figures.money(actual) : actual,
                Figures.ratio(actual, target),
                target == null ? null : actual.compareTo(target) >= 0);
    }

    /**
     * The CAC ceiling: actual = acquisition expenses / new customers (null without new customers),
     * attainment = target / actual (1 or more: within the ceiling), met when actual <= target.
     */
    private static TargetsVsActualRow maxCac(
            YearMonth month, BigDecimal target, BigDecimal acquisition, int customers) {
        BigDecimal actual = Figures.moneyPer(acquisition, customers);
        Boolean met = target == null || customers == 0
                ? null
                : acquisition.compareTo(target.multiply(BigDecimal.valueOf(customers))) <= 0;
        BigDecimal attainment = target == null || customers == 0
                ? null
                : Figures.ratio(target.multiply(BigDecimal.valueOf(customers)), acquisition);
        return new TargetsVsActualRow(month, TargetFigure.MAX_CAC, Figures.money(target), actual, attainment, met);
    }

    private static void money(Validation v, String field, BigDecimal amount) {
        if (amount != null) {
            v.check(amount.signum() >= 0, field, Validation.NOT_NEGATIVE).amount(field, amount);
        }
    }
}
