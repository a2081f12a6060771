package dev.revgraph.pnl;

import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.pnl.PnlRepository.GroupedSegmentFigures;
import dev.revgraph.pnl.PnlRepository.SegmentFigures;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.retention.RetentionReports.SourceGroup;
import dev.revgraph.retention.RetentionService;
import dev.revgraph.retention.RetentionService.PooledRetention;
import dev.revgraph.retention.RetentionService.SourcePooledRetention;
import dev.revgraph.retention.SourceDimension;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The economics of each segment team, every figure rolled up over the segment's subtree: what its
 * customers bring (revenue, contribution), what winning them cost (CAC), and what they are worth
 * (ARPA, LTV, payback) with the retention inputs pooled over the range as docs/metrics.md defines.
 */
@Service
@Transactional(readOnly = true)
public class SegmentEconomicsService {

    /** The GraphQL {@code SegmentEconomicsRow}. */
    public record SegmentEconomicsRow(
            String segmentCode,
            String segmentName,
            String parentCode,
            int depth,
            int newCustomers,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal directCost,
            BigDecimal contributionMargin,
            BigDecimal grossMargin,
            BigDecimal cac,
            BigDecimal arpa,
            BigDecimal monthlyRevenueChurn,
            BigDecimal ltv,
            BigDecimal ltvToCac,
            BigDecimal paybackMonths,
            BigDecimal paidCac,
            BigDecimal fullyLoadedCac,
            BigDecimal fullyLoadedContribution,
            BigDecimal acquisitionCac,
            BigDecimal retentionSpend,
            Long retainedCustomers,
            BigDecimal costToRetain,
            BigDecimal expansionSpend,
            BigDecimal expansionMrr,
            BigDecimal expansionCost,
            BigDecimal reactivatedMrr,
            BigDecimal reactivationRoi,
            List<SourceGroup> groups,
            SegmentEconomicsRow comparison,
            SegmentEconomicsChange change) {

        /** The row's segment and groups: what a comparison matches rows on. */
        List<String> key() {
            List<String> key = new ArrayList<>();
            key.add(segmentCode);
            groups.forEach(g -> key.add(g.code()));
            return key;
        }

        SegmentEconomicsRow compared(SegmentEconomicsRow before) {
            return new SegmentEconomicsRow(
                    segmentCode,
                    segmentName,
                    parentCode,
                    depth,
                    newCustomers,
                    revenue,
                    costOfService,
                    directCost,
                    contributionMargin,
                    grossMargin,
                    cac,
                    arpa,
                    monthlyRevenueChurn,
                    ltv,
                    ltvToCac,
                    paybackMonths,
                    paidCac,
                    fullyLoadedCac,
                    fullyLoadedContribution,
                    acquisitionCac,
                    retentionSpend,
                    retainedCustomers,
                    costToRetain,
                    expansionSpend,
                    expansionMrr,
                    expansionCost,
                    reactivatedMrr,
                    reactivationRoi,
                    groups,
                    before,
                    new SegmentEconomicsChange(
                            newCustomers - before.newCustomers(),
                            revenue.subtract(before.revenue()),
                            Figures.relativeChange(revenue, before.revenue()),
                            contributionMargin.subtract(before.contributionMargin()),
                            Figures.ratio(
                                    contributionMargin.subtract(before.contributionMargin()),
                                    before.contributionMargin().abs()),
                            cac == null || before.cac() == null ? null : cac.subtract(before.cac()),
                            ltv == null || before.ltv() == null ? null : ltv.subtract(before.ltv())));
        }
    }

    /** The GraphQL {@code SegmentEconomicsChange}. */
    public record SegmentEconomicsChange(
            int newCustomers,
            BigDecimal revenue,
            BigDecimal revenuePct,
            BigDecimal contributionMargin,
            BigDecimal contributionMarginPct,
            BigDecimal cac,
            BigDecimal ltv) {}

    /** The GraphQL {@code SegmentEconomicsReport}. */
    public record SegmentEconomicsReport(
            String currency, List<SourceDimension> groupBy, List<SegmentEconomicsRow> rows) {}

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private final PnlRepository repository;
    private final RetentionService retention;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final ReportFilterService filters;

    SegmentEconomicsService(
            PnlRepository repository,
            RetentionService retention,
            DimensionService dimensions,
            CurrencyService currencies,
            ReportFilterService filters) {
        this.filters = filters;
        this.repository = repository;
        this.retention = retention;
        this.dimensions = dimensions;
        this.currencies = currencies;
    }

    public SegmentEconomicsReport segmentEconomics(
            LocalDate from, LocalDate to, String segmentCode, Comparison compareTo, boolean firstReported) {
        return segmentEconomics(from, to, segmentCode, compareTo, List.of(), null, firstReported);
    }

    /**
     * Segment economics, each segment's row split by source group when {@code groupBy} names
     * dimensions (docs/metrics.md, "Quality by source"): a customer, its revenue and its retention
     * in the group of its assignment on its acquisition date; a spend line by its own tags.
     */
    public SegmentEconomicsReport segmentEconomics(
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Comparison compareTo,
            List<SourceDimension> groupBy,
            ReportFilter filter,
            boolean firstReported) {
        return segmentEconomics(from, to, segmentCode, compareTo, groupBy, filter, null, firstReported);
    }

    /**
     * {@link #segmentEconomics(LocalDate, LocalDate, String, Comparison, List, ReportFilter, boolean)}
     * in {@code currency} (registered; null or the reporting currency: the rollups): the P&L facts
     * converted line by line as {@code profitAndLoss(currency:)} converts them (an allocated amount,
     * computed in the reporting currency, at its month's first-day rate), the retention inputs from
     * the customer-months converted from the lines as {@code mrrMovements(currency:)} converts them.
     */
    public SegmentEconomicsReport segmentEconomics(
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Comparison compareTo,
            List<SourceDimension> groupBy,
            ReportFilter filter,
            String currency,
            boolean firstReported) {
        // a budget has no segment economics (no revenue, customers or churn), and the forecast
        // serves each segment's projection itself (forecast, compareScenarios)
        Comparison.requireEarlierPeriod(
                compareTo,
                "BUDGET and FORECAST compare the P&L (profitAndLoss); the forecast of a segment is served by"
                        + " forecast(segmentCode)");
        List<SourceDimension> dims = SourceDimension.of(groupBy);
        RetentionService.validateGroupBy(dims);
        SliceFilter where = filters.resolve(filter, "where");
        String reporting = currencies.reportingCurrency();
        String target = currencies.reportCurrency("currency", currency);
        SegmentEconomicsReport report = segmentEconomics(from, to, segmentCode, dims, where, target, firstReported);
        if (compareTo == null) {
            return report;
        }
        Map<List<String>, SegmentEconomicsRow> before = new HashMap<>();
        for (SegmentEconomicsRow b : segmentEconomics(
                        compareTo.earlierFrom(from, to),
                        compareTo.earlierTo(from, to),
                        segmentCode,
                        dims,
                        where,
                        target,
                        firstReported)
                .rows()) {
            before.put(b.key(), b);
        }
        List<SegmentEconomicsRow> rows = new ArrayList<>();
        for (SegmentEconomicsRow row : report.rows()) {
            SegmentEconomicsRow b = before.get(row.key());
            if (b == null) {
                // a group without figures in the earlier range compares with zeros
                b = row(row.segmentCode(), row.segmentName(), row.parentCode(), row.depth(), null, null, row.groups());
            }
            rows.add(row.compared(b));
        }
        return new SegmentEconomicsReport(report.currency(), report.groupBy(), rows);
    }

    /**
     * The full-precision direct figures of one month and segment subtree (segment id null: the
     * whole company): revenue, cost of service, operating expenses tagged to the subtree (its direct
     * cost), the part of them of MARKETING and SALES departments, and its new customers.
     */
    public record MonthlySegmentFigures(
            YearMonth month,
            Long segmentId,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal operatingExpenses,
            BigDecimal acquisitionExpenses,
            int newCustomers) {}

    /**
     * Every segment subtree's and the whole company's direct figures per month of a range of whole
     * months, in one statement; no entry for a month and subtree without facts.
     */
    public List<MonthlySegmentFigures> figuresByMonth(YearMonth from, YearMonth to, boolean firstReported) {
        String reporting = currencies.reportingCurrency();
        return figuresByMonth(from, to, null, reporting, null, firstReported);
    }

    /**
     * {@link #figuresByMonth(YearMonth, YearMonth, boolean)} of the facts {@code where} keeps (null:
     * every fact), as the P&L keeps them, in {@code currency} (each line at its own day's rate); a line
     * without a rate is {@code MISSING_FX_RATE} naming {@code currencyField}.
     */
    public List<MonthlySegmentFigures> figuresByMonth(
            YearMonth from,
            YearMonth to,
            SliceFilter where,
            String currency,
            String currencyField,
            boolean firstReported) {
        List<MonthlySegmentFigures> result = new ArrayList<>();
        for (PnlRepository.MonthlySegmentFigures f : repository.segmentFiguresByMonth(
                from.atDay(1), to.atEndOfMonth(), currencies.reportingCurrency(), currency, where, firstReported)) {
            FxSql.failOnMissing(currencyField, f.missingRate());
            result.add(new MonthlySegmentFigures(
                    YearMonth.from(f.month()),
                    f.segmentId(),
                    f.revenue(),
                    f.costOfService(),
                    f.operatingExpenses(),
                    f.acquisitionExpenses(),
                    f.newCustomers()));
        }
        return result;
    }

    private SegmentEconomicsReport segmentEconomics(
            LocalDate from,
            LocalDate to,
            String segmentCode,
            List<SourceDimension> dims,
            SliceFilter where,
            String target,
            boolean firstReported) {
        new Validation().inOrder("from", from, "to", to).throwIfAny();
        new Validation()
                .check(
                        !YearMonth.from(to).isAfter(YearMonth.from(from).plusMonths(PnlService.MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + PnlService.MAX_MONTHS + " months after from")
                .throwIfAny();
        List<TreeNode> nodes;
        if (segmentCode == null) {
            nodes = dimensions.nodes(TreeKind.SEGMENT_TREE, true, false);
        } else {
            List<Long> subtree = dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "segmentCode", segmentCode);
            nodes = new ArrayList<>(
                    dimensions.nodesByIds(TreeKind.SEGMENT_TREE, subtree).values());
            nodes.sort((a, b) -> String.join("/", a.path()).compareTo(String.join("/", b.path())));
        }
        String reporting = currencies.reportingCurrency();
        // a missing rate names `currency` when another currency is asked
        String missingField = target.equals(reporting) ? null : "currency";
        if (!dims.isEmpty()) {
            return grouped(from, to, segmentCode, nodes, dims, where, reporting, target, firstReported);
        }
        Map<Long, SegmentFigures> figures = new HashMap<>();
        for (SegmentFigures f : repository.segmentFigures(from, to, reporting, target, where, firstReported)) {
            FxSql.failOnMissing(missingField, f.missingRate());
            figures.put(f.segmentId(), f);
        }
        Map<Long, PooledRetention> pooled = retention.pooledBySegment(from, to, firstReported, where, target);

        List<SegmentEconomicsRow> rows = new ArrayList<>();
        if (segmentCode == null) {
            rows.add(row(null, WHOLE_COMPANY, null, -1, figures.get(null), pooled.get(null), List.of()));
        }
        for (TreeNode node : nodes) {
            String parentCode =
                    node.path().size() > 1 ? node.path().get(node.path().size() - 2) : null;
            rows.add(row(
                    node.code(),
                    node.name(),
                    parentCode,
                    node.depth(),
                    figures.get(node.id()),
                    pooled.get(node.id()),
                    List.of()));
        }
        return new SegmentEconomicsReport(target, List.of(), rows);
    }

    private static final String WHOLE_COMPANY = "Whole company";

    /** A segment subtree (null: the whole company) and its group codes. */
    private record GroupKey(Long segmentId, String code1, String code2) {}

    /**
     * The grouped report: per segment row (the whole company first without a segment), a row per
     * source group with figures or retention inputs, by group code (the unassigned group last).
     */
    private SegmentEconomicsReport grouped(
            LocalDate from,
            LocalDate to,
            String segmentCode,
            List<TreeNode> nodes,
            List<SourceDimension> dims,
            SliceFilter where,
            String reporting,
            String target,
            boolean firstReported) {
        Map<GroupKey, SegmentFigures> figures = new HashMap<>();
        Map<GroupKey, List<SourceGroup>> groups = new HashMap<>();
        for (GroupedSegmentFigures f :
                repository.segmentFigures(from, to, reporting, target, dims, where, firstReported)) {
            FxSql.failOnMissing(
                    target.equals(reporting) ? null : "currency", f.figures().missingRate());
            GroupKey key = new GroupKey(f.figures().segmentId(), f.code1(), f.code2());
            figures.put(key, f.figures());
            List<SourceGroup> g = new ArrayList<>();
            g.add(new SourceGroup(dims.get(0), f.code1(), f.name1()));
            if (dims.size() > 1) {
                g.add(new SourceGroup(dims.get(1), f.code2(), f.name2()));
            }
            groups.put(key, List.copyOf(g));
        }
        Map<GroupKey, PooledRetention> pooled = new HashMap<>();
        for (SourcePooledRetention p :
                retention.pooledBySegmentAndSource(from, to, dims, firstReported, where, target)) {
            GroupKey key = new GroupKey(
                    p.segmentId(),
                    p.groups().get(0).code(),
                    p.groups().size() > 1 ? p.groups().get(1).code() : null);
            pooled.put(key, p.pooled());
            groups.putIfAbsent(key, p.groups());
        }
        List<SegmentEconomicsRow> rows = new ArrayList<>();
        if (segmentCode == null) {
            rows.addAll(groupRows(null, null, WHOLE_COMPANY, null, -1, figures, pooled, groups));
        }
        for (TreeNode node : nodes) {
            String parentCode =
                    node.path().size() > 1 ? node.path().get(node.path().size() - 2) : null;
            rows.addAll(
                    groupRows(node.id(), node.code(), node.name(), parentCode, node.depth(), figures, pooled, groups));
        }
        return new SegmentEconomicsReport(target, dims, rows);
    }

    private static List<SegmentEconomicsRow> groupRows(
            Long segmentId,
            String code,
            String name,
            String parentCode,
            int depth,
            Map<GroupKey, SegmentFigures> figures,
            Map<GroupKey, PooledRetention> pooled,
            Map<GroupKey, List<SourceGroup>> groups) {
        return groups.entrySet().stream()
                .filter(e -> Objects.equals(e.getKey().segmentId(), segmentId))
                .sorted(Map.Entry.comparingByValue(RetentionService.GROUP_ORDER))
                .map(e -> row(
                        code, name, parentCode, depth, figures.get(e.getKey()), pooled.get(e.getKey()), e.getValue()))
                .toList();
    }

    private static SegmentEconomicsRow row(
            String code,
            String name,
            String parentCode,
            int depth,
            SegmentFigures f,
            PooledRetention p,
            List<SourceGroup> groups) {
        if (f == null) {
            f = SegmentFigures.none();
        }
        if (p == null) {
            p = PooledRetention.none();
        }
        BigDecimal grossProfit = f.revenue().subtract(f.costOfService());
        BigDecimal grossMargin = divide(grossProfit, f.revenue());
        BigDecimal cac = divide(f.acquisitionExpenses(), BigDecimal.valueOf(f.newCustomers()));
        BigDecimal paidCac = divide(f.paidSpend(), BigDecimal.valueOf(f.paidNewCustomers()));
        BigDecimal fullyLoadedCac = divide(
                f.acquisitionExpenses().add(f.allocatedAcquisitionExpenses()), BigDecimal.valueOf(f.newCustomers()));
        BigDecimal contribution = grossProfit.subtract(f.operatingExpenses());
        BigDecimal arpa = divide(p.mrr(), BigDecimal.valueOf(p.activeCustomerMonths()));
        BigDecimal churn = divide(p.lost(), p.startMrr());
        BigDecimal monthlyMargin = arpa == null || grossMargin == null ? null : arpa.multiply(grossMargin, PRECISION);
        BigDecimal ltv = monthlyMargin == null ? null : divide(monthlyMargin, churn);
        return new SegmentEconomicsRow(
                code,
                name,
                parentCode,
                depth,
                f.newCustomers(),
                Figures.money(f.revenue()),
                Figures.money(f.costOfService()),
                Figures.money(f.operatingExpenses()),
                Figures.money(contribution),
                round4(grossMargin),
                Figures.money(cac),
                Figures.money(arpa),
                round4(churn),
                Figures.money(ltv),
                ltv == null ? null : Figures.ratio(ltv, cac),
                cac == null || monthlyMargin == null ? null : Figures.months(divide(cac, monthlyMargin)),
                Figures.money(paidCac),
                Figures.money(fullyLoadedCac),
                Figures.money(contribution.subtract(f.allocated())),
                Figures.money(divide(f.acquisitionObjectiveExpenses(), BigDecimal.valueOf(f.newCustomers()))),
                Figures.money(f.retentionSpend()),
                p.retainedCustomers(),
                p.retainedCustomers() == null
                        ? null
                        : Figures.money(divide(f.retentionSpend(), BigDecimal.valueOf(p.retainedCustomers()))),
                Figures.money(f.expansionSpend()),
                Figures.money(p.expansion()),
                round4(divide(f.expansionSpend(), p.expansion())),
                Figures.money(p.reactivated()),
                p.reactivated() == null
                        ? null
                        : round4(divide(p.reactivated().subtract(f.retentionSpend()), f.retentionSpend())),
                groups,
                null,
                null);
    }

    /** a / b at full precision; null when b is null or zero (docs/metrics.md: such ratios are null). */
    private static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (a == null || b == null || b.signum() == 0) {
            return null;
        }
        return a.divide(b, PRECISION);
    }

    private static BigDecimal round4(BigDecimal fraction) {
        return fraction == null ? null : fraction.setScale(4, RoundingMode.HALF_UP);
    }
}
