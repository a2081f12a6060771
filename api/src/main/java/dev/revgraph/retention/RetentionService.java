package dev.revgraph.retention;

import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.retention.RetentionReports.CohortRetentionReport;
import dev.revgraph.retention.RetentionReports.CohortRetentionRow;
import dev.revgraph.retention.RetentionReports.CustomerMonth;
import dev.revgraph.retention.RetentionReports.CustomerStatus;
import dev.revgraph.retention.RetentionReports.MrrMovement;
import dev.revgraph.retention.RetentionReports.MrrMovementRow;
import dev.revgraph.retention.RetentionReports.MrrMovementsReport;
import dev.revgraph.retention.RetentionReports.RetentionBasis;
import dev.revgraph.retention.RetentionReports.SourceGroup;
import dev.revgraph.retention.RetentionReports.Standing;
import dev.revgraph.retention.RetentionRepository.CohortCell;
import dev.revgraph.retention.RetentionRepository.CustomerMonthFigures;
import dev.revgraph.retention.RetentionRepository.CustomerScope;
import dev.revgraph.retention.RetentionRepository.GroupLabels;
import dev.revgraph.retention.RetentionRepository.Grouped;
import dev.revgraph.retention.RetentionRepository.MonthMovements;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * MRR movements, churn, GRR, NRR and cohorts as docs/metrics.md defines them. SQL computes every sum at
 * full precision; this class only forms the ratios and rounds the served figures.
 */
@Service
@Transactional(readOnly = true)
public class RetentionService {

    static final int MAX_MONTHS = 240;

    private final RetentionRepository repository;
    private final DimensionService dimensions;
    private final CurrencyService currencies;

    RetentionService(RetentionRepository repository, DimensionService dimensions, CurrencyService currencies) {
        this.repository = repository;
        this.dimensions = dimensions;
        this.currencies = currencies;
    }

    /**
     * MRR movements per month of the customers whose source passes the request's filter
     * (docs/metrics.md, "One filter for every report": a customer-month counts when the customer's
     * source passes, as a closed month's close stored it), per source group when {@code groupBy}
     * names dimensions (a customer in the group of its assignment on its acquisition date, for life;
     * the segment scope, when given, keeps its meaning: each customer-month in the segment of the
     * month's last day, with transfers).
     *
     * <p>In another currency than the reporting one (a registered currency; none or the reporting
     * currency: the maintained rollups), every customer-month is converted from its revenue lines,
     * each at its own day's rates, and the movements are formed from those customer-months by the same
     * rules (docs/metrics.md, "Retention in another currency"). With {@code compareTo}, each row is
     * compared with the same groups' month {@link RetentionRequest#shift} months earlier
     * (docs/metrics.md, "mrrMovements"); a row without a compared row compares with a month without
     * movements.
     */
    public MrrMovementsReport movements(RetentionRequest request) {
        // no plan holds MRR movements: a budget is spend, the forecast serves its own MRR
        Comparison.requireEarlierPeriod(
                request.compareTo(),
                "BUDGET and FORECAST compare the P&L (profitAndLoss); the forecast's MRR is served by forecast");
        String target = target(request.currency());
        MrrMovementsReport report = uncompared(request, target);
        if (request.compareTo() == null) {
            return report;
        }
        int shift = request.shift();
        List<MrrMovementRow> rows = compared(
                report.rows(),
                uncompared(request.earlier(), target).rows(),
                (row, months) -> key(row.month().plusMonths(months), row.groups()),
                shift,
                MrrMovementRow::compared,
                row -> MrrMovementRow.none(row.month().minusMonths(shift), row.groups()));
        return new MrrMovementsReport(report.currency(), report.groupBy(), rows);
    }

    /**
     * Each row beside the earlier row of the same key ({@code key} of the earlier row moved
     * {@code shift} months forward), or beside {@code none} of it when there is no such row.
     */
    private static <R> List<R> compared(
            List<R> rows,
            List<R> earlier,
            BiFunction<R, Integer, List<Object>> key,
            int shift,
            BinaryOperator<R> compared,
            UnaryOperator<R> none) {
        Map<List<Object>, R> before = new HashMap<>();
        earlier.forEach(b -> before.put(key.apply(b, shift), b));
        List<R> result = new ArrayList<>();
        for (R row : rows) {
            R b = before.get(key.apply(row, 0));
            result.add(compared.apply(row, b == null ? none.apply(row) : b));
        }
        return result;
    }

    /** A row's month and group codes: what a comparison matches rows on. */
    private static List<Object> key(YearMonth month, List<SourceGroup> groups) {
        List<Object> key = new ArrayList<>();
        key.add(month);
        groups.forEach(g -> key.add(g.dimension() + ":" + g.code()));
        return key;
    }

    /** The report of a request in {@code target} (null: the reporting currency), compared with nothing. */
    private MrrMovementsReport uncompared(RetentionRequest request, String target) {
        LocalDate from = request.from();
        LocalDate to = request.to();
        Integer windowMonths = request.windowMonths();
        SliceFilter where = request.where();
        boolean firstReported = request.firstReported();
        List<SourceDimension> dims = SourceDimension.of(request.groupBy());
        validate(from, to, windowMonths, dims);
        String reporting = currencies.reportingCurrency();
        CustomerScope scope = scope(request.segmentCode(), null, null, where).in(target);
        String missingField = target == null ? null : "currency";
        List<MrrMovementRow> rows = new ArrayList<>();
        if (dims.isEmpty() && where == null && target == null) {
            for (MonthMovements m : repository.movements(
                    from.withDayOfMonth(1), to.withDayOfMonth(1), reporting, scope, windowMonths, firstReported)) {
                rows.add(row(m, List.of(), missingField));
            }
        } else {
            for (Grouped<MonthMovements> g : repository.groupedMovements(
                    from.withDayOfMonth(1),
                    to.withDayOfMonth(1),
                    reporting,
                    scope,
                    windowMonths,
                    dims,
                    firstReported)) {
                rows.add(row(g.figures(), groups(dims, g.labels()), missingField));
            }
            rows.sort(Comparator.comparing((MrrMovementRow r) -> r.groups(), GROUP_ORDER)
                    .thenComparing(MrrMovementRow::month));
        }
        return new MrrMovementsReport(target == null ? reporting : target, dims, rows);
    }

    /**
     * The currency a retention figure is converted into from the lines: null (the maintained rollups)
     * for none or the reporting currency, else {@code currency}, which must be registered.
     */
    private String target(String currency) {
        String target = currencies.reportCurrency("currency", currency);
        return target.equals(currencies.reportingCurrency()) ? null : target;
    }

    private static MrrMovementRow row(MonthMovements m, List<SourceGroup> groups, String missingField) {
        FxSql.failOnMissing(missingField, m.missingRate());
        // the base of the ratios: what the scope carries into the month, its customers of m-1
        // after transfers (for the whole company, start itself)
        BigDecimal base = m.startMrr().add(m.transferIn()).subtract(m.transferOut());
        int baseCustomers = m.startCustomers() + m.transferInCustomers() - m.transferOutCustomers();
        return new MrrMovementRow(
                YearMonth.from(m.month()),
                Figures.money(m.startMrr()),
                Figures.money(m.newMrr()),
                Figures.money(m.expansion()),
                Figures.money(m.contraction()),
                Figures.money(m.churned()),
                Figures.money(m.reactivated()),
                Figures.money(m.transferIn()),
                Figures.money(m.transferOut()),
                Figures.money(m.endMrr()),
                m.activeCustomers(),
                m.startCustomers(),
                m.churnedCustomers(),
                m.transferInCustomers(),
                m.transferOutCustomers(),
                Figures.ratio(BigDecimal.valueOf(m.churnedCustomers()), BigDecimal.valueOf(baseCustomers)),
                Figures.ratio(base.subtract(m.contraction()).subtract(m.churned()), base),
                Figures.ratio(base.add(m.expansion()).subtract(m.contraction()).subtract(m.churned()), base),
                Figures.moneyPer(m.endMrr(), m.activeCustomers()),
                groups,
                null,
                null);
    }

    /** Groups ordered by code, the unassigned group (null code) last, dimension by dimension. */
    public static final Comparator<List<SourceGroup>> GROUP_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Comparator.nullsLast(Comparator.<String>naturalOrder())
                    .compare(a.get(i).code(), b.get(i).code());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /** The groups of a row from its labels (none without dimensions). */
    static List<SourceGroup> groups(List<SourceDimension> dims, GroupLabels labels) {
        if (dims.isEmpty()) {
            return List.of();
        }
        List<SourceGroup> groups = new ArrayList<>();
        groups.add(new SourceGroup(dims.get(0), labels.code1(), labels.name1()));
        if (dims.size() > 1) {
            groups.add(new SourceGroup(dims.get(1), labels.code2(), labels.name2()));
        }
        return List.copyOf(groups);
    }

    /**
     * Cohort retention of the customers whose source (as their acquisition month's close stored it)
     * passes the request's filter, per source group when {@code groupBy} names dimensions, in the
     * request's currency (MRR and revenue converted from the lines, as {@link #movements} does; none
     * or the reporting currency: the rollups). With {@code compareTo}, each cell is compared with the
     * cell of the same groups and months since acquisition of the cohort {@link
     * RetentionRequest#shift} months earlier (docs/metrics.md, "cohortRetention"): the cells of the
     * same report over the range shifted back, matched by cohort shifted forward; a cell without one
     * compares with an empty cell.
     */
    public CohortRetentionReport cohorts(RetentionRequest request, RetentionBasis basis) {
        // no plan holds cohorts: a budget is spend, the forecast projects MRR, not cohorts
        Comparison.requireEarlierPeriod(
                request.compareTo(), "BUDGET and FORECAST compare the P&L (profitAndLoss); no plan holds cohorts");
        String target = target(request.currency());
        CohortRetentionReport report = uncomparedCohorts(request, basis, target);
        if (request.compareTo() == null) {
            return report;
        }
        int shift = request.shift();
        List<CohortRetentionRow> rows = compared(
                report.rows(),
                uncomparedCohorts(request.earlier(), basis, target).rows(),
                (row, months) ->
                        cellKey(row.cohortMonth().plusMonths(months), row.monthsSinceAcquisition(), row.groups()),
                shift,
                CohortRetentionRow::compared,
                row -> CohortRetentionRow.none(row, shift));
        return new CohortRetentionReport(report.currency(), report.basis(), report.groupBy(), rows);
    }

    /** A cohort cell's cohort, months since acquisition and group codes: what a comparison matches cells on. */
    private static List<Object> cellKey(YearMonth cohort, int since, List<SourceGroup> groups) {
        List<Object> key = new ArrayList<>(key(cohort, groups));
        key.add(since);
        return key;
    }

    /** The report of a request in {@code target} (null: the reporting currency), compared with nothing. */
    private CohortRetentionReport uncomparedCohorts(RetentionRequest request, RetentionBasis basis, String target) {
        List<SourceDimension> dims = SourceDimension.of(request.groupBy());
        validate(request.from(), request.to(), request.windowMonths(), dims);
        String reporting = currencies.reportingCurrency();
        // cohorts take whole months: every customer acquired in a calendar month the range touches,
        // so a range starting or ending mid-month keeps the month's earlier and later customers too;
        // the cells run to the month of `to`, reported whole like every month of mrrMovements
        YearMonth firstCohort = YearMonth.from(request.from());
        YearMonth lastCohort = YearMonth.from(request.to());
        List<Grouped<CohortCell>> cells = repository.groupedCohorts(
                lastCohort.atDay(1),
                reporting,
                scope(request.segmentCode(), firstCohort.atDay(1), lastCohort.atEndOfMonth(), request.where())
                        .in(target),
                request.windowMonths(),
                dims,
                request.firstReported());
        List<CohortRetentionRow> rows = new ArrayList<>();
        for (Grouped<CohortCell> g : cells) {
            CohortCell c = g.figures();
            FxSql.failOnMissing(target == null ? null : "currency", c.missingRate());
            BigDecimal size = BigDecimal.valueOf(c.size());
            rows.add(new CohortRetentionRow(
                    YearMonth.from(c.cohort()),
                    c.monthsSince(),
                    YearMonth.from(c.month()),
                    c.size(),
                    c.active(),
                    Figures.money(c.mrr()),
                    basis == RetentionBasis.LOGOS
                            ? Figures.ratio(BigDecimal.valueOf(c.active()), size)
                            : Figures.ratio(c.mrr(), c.firstMonthMrr()),
                    Figures.moneyPer(c.cumulativeRevenue(), c.size()),
                    dims.isEmpty() ? List.of() : groups(dims, g.labels()),
                    null,
                    null));
        }
        if (!dims.isEmpty()) {
            rows.sort(Comparator.comparing((CohortRetentionRow r) -> r.groups(), GROUP_ORDER)
                    .thenComparing(CohortRetentionRow::cohortMonth)
                    .thenComparing(CohortRetentionRow::month));
        }
        return new CohortRetentionReport(target == null ? reporting : target, basis, dims, rows);
    }

    /** Retention inputs of LTV pooled over a range's months, per segment subtree. */
    public record PooledRetention(
            BigDecimal mrr,
            long activeCustomerMonths,
            BigDecimal startMrr,
            BigDecimal lost,
            BigDecimal expansion,
            BigDecimal reactivated,
            Long retainedCustomers) {

        /** No activity. */
        public static PooledRetention none() {
            return new PooledRetention(
                    BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0L);
        }
    }

    /**
     * Pooled retention inputs per segment id (each rolled up over its subtree), and for the whole
     * company under the key {@code null}, of the customers whose source passes {@code where} (null:
     * every customer), as {@code mrrMovements(where:)} selects them, in {@code currency} (null or the
     * reporting currency: the maintained rollups; another: the customer-months converted from the
     * lines as {@link #movements} converts them).
     */
    public Map<Long, PooledRetention> pooledBySegment(
            LocalDate from, LocalDate to, boolean firstReported, SliceFilter where, String currency) {
        Map<Long, PooledRetention> result = new HashMap<>();
        LocalDate first = from.withDayOfMonth(1);
        LocalDate last = to.withDayOfMonth(1);
        String reporting = currencies.reportingCurrency();
        String target = target(currency);
        for (RetentionRepository.Pooled p : where == null && target == null
                ? repository.pooledBySegment(first, last, reporting, firstReported)
                : repository.pooledBySegment(
                        first, last, reporting, scope(null, null, null, where).in(target), firstReported)) {
            FxSql.failOnMissing(target == null ? null : "currency", p.missingRate());
            result.put(
                    p.segmentId(),
                    new PooledRetention(
                            p.mrr() == null ? BigDecimal.ZERO : p.mrr(),
                            p.activeCustomerMonths(),
                            p.startMrr() == null ? BigDecimal.ZERO : p.startMrr(),
                            p.lost() == null ? BigDecimal.ZERO : p.lost(),
                            p.expansion() == null ? BigDecimal.ZERO : p.expansion(),
                            p.reactivated() == null ? BigDecimal.ZERO : p.reactivated(),
                            p.retained()));
        }
        return result;
    }

    /**
     * The movements of one month for one segment subtree (segment id null: the whole company), at
     * full precision: the MRR the scope carries into the month (start MRR + transfer in - transfer
     * out), new, expansion and reactivated MRR, lost MRR (churned + contraction), end MRR, and the
     * customers carried in, churned and active.
     */
    public record SegmentMonthMovements(
            YearMonth month,
            Long segmentId,
            BigDecimal startMrr,
            BigDecimal newMrr,
            BigDecimal expansion,
            BigDecimal reactivated,
            BigDecimal lost,
            BigDecimal endMrr,
            long startCustomers,
            long churnedCustomers,
            long activeCustomers) {}

    /**
     * Every segment subtree's and the whole company's movements per month of a range, in one
     * statement, of the customers whose source passes {@code where} (null: every customer), as
     * {@code mrrMovements(where:)} keeps them; no entry for a month and subtree without MRR in it or
     * the month before.
     */
    public List<SegmentMonthMovements> monthlyBySegment(
            YearMonth from, YearMonth to, SliceFilter where, boolean firstReported) {
        List<SegmentMonthMovements> result = new ArrayList<>();
        for (RetentionRepository.SegmentMonth m : repository.monthlyBySegment(
                from.atDay(1),
                to.atDay(1),
                currencies.reportingCurrency(),
                where == null ? new CustomerScope(null, null, null, null) : scope(null, null, null, where),
                firstReported)) {
            FxSql.failOnMissing(null, m.missingRate());
            result.add(new SegmentMonthMovements(
                    YearMonth.from(m.month()),
                    m.segmentId(),
                    m.startMrr(),
                    m.newMrr(),
                    m.expansion(),
                    m.reactivated(),
                    m.lost(),
                    m.endMrr(),
                    m.startCustomers(),
                    m.churnedCustomers(),
                    m.activeCustomers()));
        }
        return result;
    }

    /** MRR of one month and segment subtree (null: the whole company) in a report currency, full precision. */
    public record SegmentMonthMrr(YearMonth month, Long segmentId, BigDecimal mrr) {}

    /**
     * MRR (or with {@code newOnly} new MRR) per month, segment subtree and for the whole company in
     * {@code currency}, each recurring line at its own day's rate (docs/metrics.md, "mrr"): the
     * customer-months active as the reporting currency decides, kept by their source as
     * {@code mrrMovements(where:)} keeps them, only those of {@code segmentCode}'s subtree when given
     * (the segment each customer-month belongs to); a missing rate is {@code MISSING_FX_RATE} naming
     * {@code currencyField}. No entry for a month and subtree without recurring lines.
     */
    public List<SegmentMonthMrr> mrrInCurrency(
            YearMonth from,
            YearMonth to,
            SliceFilter where,
            String currency,
            String currencyField,
            String segmentCode,
            boolean newOnly,
            boolean firstReported) {
        List<SegmentMonthMrr> result = new ArrayList<>();
        for (RetentionRepository.SegmentMonthMrr m : repository.mrrInCurrency(
                from.atDay(1),
                to.atDay(1),
                currencies.reportingCurrency(),
                currency,
                where == null ? null : repository.sourceCondition(where),
                segmentCode == null ? null : dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "segmentCode", segmentCode),
                newOnly,
                firstReported)) {
            FxSql.failOnMissing(currencyField, m.missingRate());
            result.add(new SegmentMonthMrr(YearMonth.from(m.month()), m.segmentId(), m.mrr()));
        }
        return result;
    }

    /** Pooled retention inputs of one segment subtree (null: the whole company) and source group. */
    public record SourcePooledRetention(Long segmentId, List<SourceGroup> groups, PooledRetention pooled) {}

    /**
     * Pooled retention inputs per segment subtree and source group (a customer in the group of its
     * assignment on its acquisition date), and per group for the whole company (segment null); the
     * groups of one subtree add up to its {@link #pooledBySegment} figures. Of the customers whose
     * source passes {@code where} (null: all), in {@code currency} as {@link #pooledBySegment}
     * converts.
     */
    public List<SourcePooledRetention> pooledBySegmentAndSource(
            LocalDate from,
            LocalDate to,
            List<SourceDimension> groupBy,
            boolean firstReported,
            SliceFilter where,
            String currency) {
        List<SourceDimension> dims = SourceDimension.of(groupBy);
        String target = target(currency);
        List<SourcePooledRetention> result = new ArrayList<>();
        for (RetentionRepository.GroupedPooled g : repository.groupedPooledBySegment(
                from.withDayOfMonth(1),
                to.withDayOfMonth(1),
                currencies.reportingCurrency(),
                dims,
                (where == null ? new CustomerScope(null, null, null, null) : scope(null, null, null, where)).in(target),
                firstReported)) {
            RetentionRepository.Pooled p = g.pooled();
            FxSql.failOnMissing(target == null ? null : "currency", p.missingRate());
            result.add(new SourcePooledRetention(
                    g.segmentId(),
                    groups(dims, g.labels()),
                    new PooledRetention(
                            p.mrr() == null ? BigDecimal.ZERO : p.mrr(),
                            p.activeCustomerMonths(),
                            p.startMrr() == null ? BigDecimal.ZERO : p.startMrr(),
                            p.lost() == null ? BigDecimal.ZERO : p.lost(),
                            // expansion, reactivation and retained customers are not split by source
                            null,
                            null,
                            null)));
        }
        return result;
    }

    /** Checks a groupBy argument: at most two distinct dimensions. */
    public static void validateGroupBy(List<SourceDimension> groupBy) {
        List<SourceDimension> dims = SourceDimension.of(groupBy);
        new Validation()
                .check(
                        dims.size() <= SourceDimension.MAX,
                        "groupBy",
                        "must name at most " + SourceDimension.MAX + " dimensions")
                .check(dims.stream().distinct().count() == dims.size(), "groupBy", "must not repeat a dimension")
                .throwIfAny();
    }

    /** Month-by-month figures of each customer over a range, zeros before its first revenue. */
    public Map<Long, List<CustomerMonth>> history(Collection<Long> customerIds, YearMonth from, YearMonth to) {
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !to.isAfter(from.plusMonths(MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + MAX_MONTHS + " months after from")
                .throwIfAny();
        Map<Long, Map<YearMonth, CustomerMonthFigures>> figures = figures(customerIds, from, to);
        Map<Long, List<CustomerMonth>> result = new HashMap<>();
        for (Long id : customerIds) {
            Map<YearMonth, CustomerMonthFigures> byMonth = figures.getOrDefault(id, Map.of());
            List<CustomerMonth> months = new ArrayList<>();
            for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
                CustomerMonthFigures f = byMonth.get(m);
                months.add(
                        f == null
                                ? new CustomerMonth(
                                        m,
                                        Figures.money(BigDecimal.ZERO),
                                        Figures.money(BigDecimal.ZERO),
                                        false,
                                        MrrMovement.NONE,
                                        Figures.money(BigDecimal.ZERO))
                                : month(f));
            }
            result.put(id, months);
        }
        return result;
    }

    /** Each customer's status and tenure in a month. */
    public Map<Long, Standing> standing(Collection<Long> customerIds, YearMonth asOf) {
        Map<Long, Map<YearMonth, CustomerMonthFigures>> figures = figures(customerIds, asOf, asOf);
        return customerIds.stream().distinct().collect(Collectors.toMap(id -> id, id -> {
            CustomerMonthFigures f = figures.getOrDefault(id, Map.of()).get(asOf);
            if (f == null) {
                return new Standing(CustomerStatus.PROSPECT, 0);
            }
            CustomerStatus status = switch (movement(f)) {
                case NEW -> CustomerStatus.NEW;
                case REACTIVATED -> CustomerStatus.REACTIVATED;
                case EXPANSION, CONTRACTION, UNCHANGED -> CustomerStatus.ACTIVE;
                case CHURNED -> CustomerStatus.CHURNED;
                case NONE -> f.activeBefore() ? CustomerStatus.CHURNED : CustomerStatus.PROSPECT;
            };
            return new Standing(status, f.activeMonths());
        }));
    }

    private Map<Long, Map<YearMonth, CustomerMonthFigures>> figures(
            Collection<Long> ids, YearMonth from, YearMonth to) {
        List<CustomerMonthFigures> rows = repository.history(
                from.atDay(1), to.atDay(1), currencies.reportingCurrency(), new CustomerScope(null, ids, null, null));
        rows.forEach(r -> FxSql.failOnMissing(null, r.missingRate()));
        return rows.stream()
                .collect(Collectors.groupingBy(
                        CustomerMonthFigures::customerId, Collectors.toMap(r -> YearMonth.from(r.month()), r -> r)));
    }

    private static MrrMovement movement(CustomerMonthFigures f) {
        if (f.active() && !f.previousActive()) {
            return f.activeBefore() ? MrrMovement.REACTIVATED : MrrMovement.NEW;
        }
        if (f.active()) {
            int c = f.mrr().compareTo(f.previousMrr());
            return c > 0 ? MrrMovement.EXPANSION : c < 0 ? MrrMovement.CONTRACTION : MrrMovement.UNCHANGED;
        }
        return f.previousActive() ? MrrMovement.CHURNED : MrrMovement.NONE;
    }

    private static CustomerMonth month(CustomerMonthFigures f) {
        MrrMovement movement = movement(f);
        BigDecimal amount = switch (movement) {
            case NEW, REACTIVATED -> f.mrr();
            case EXPANSION -> f.mrr().subtract(f.previousMrr());
            case CONTRACTION -> f.previousMrr().subtract(f.mrr());
            case CHURNED -> f.previousMrr();
            case UNCHANGED, NONE -> BigDecimal.ZERO;
        };
        return new CustomerMonth(
                YearMonth.from(f.month()),
                Figures.money(f.mrr()),
                Figures.money(f.revenue()),
                f.active(),
                movement,
                Figures.money(amount));
    }

    private CustomerScope scope(String segmentCode, LocalDate acquiredFrom, LocalDate acquiredTo, SliceFilter where) {
        List<Long> segments =
                segmentCode == null ? null : dimensions.subtreeIds(TreeKind.SEGMENT_TREE, "segmentCode", segmentCode);
        return new CustomerScope(
                segments, null, acquiredFrom, acquiredTo, where == null ? null : repository.sourceCondition(where));
    }

    private static void validate(LocalDate from, LocalDate to, Integer windowMonths, List<SourceDimension> dims) {
        validateGroupBy(dims);
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !YearMonth.from(to).isAfter(YearMonth.from(from).plusMonths(MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + MAX_MONTHS + " months after from")
                .check(
                        windowMonths == null || (windowMonths >= 1 && windowMonths <= 36),
                        "activityWindowMonths",
                        "must be between 1 and 36")
                .throwIfAny();
    }
}
