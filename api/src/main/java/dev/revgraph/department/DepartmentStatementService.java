package dev.revgraph.department;

import dev.revgraph.attribution.AttributionModel;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.department.DepartmentStatement.DepartmentStatementReport;
import dev.revgraph.department.DepartmentStatement.DepartmentStatementRow;
import dev.revgraph.department.DepartmentStatementRepository.StatementFigures;
import dev.revgraph.dimension.DepartmentKind;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.pnl.Granularity;
import dev.revgraph.pnl.PnlService;
import dev.revgraph.pnl.ReportPeriod;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every department's own P&L (docs/metrics.md "Department statements"): budget, direct cost,
 * allocated in and out, fully-loaded cost, and the new customers and revenue credited to the
 * campaigns it owns. One SQL statement gives every figure at full precision; this class checks
 * the arguments, names the periods, forms the company rows and the ratios, and rounds.
 *
 * <p>The credited figures of a period's rows (every department and the unassigned row) are rounded
 * by the largest-remainder method, so that they add up to the company's figure exactly: each row's
 * exact value is rounded down to the served scale, and the units left to reach the company's figure
 * (its exact value rounded half-up) go one each to the rows with the largest remainders (ties: the
 * earlier row, departments by code, the unassigned row last). Money figures of costs and budgets are
 * rounded half-up row by row, as budget vs actual rounds them.
 */
@Service
@Transactional(readOnly = true)
public class DepartmentStatementService {

    static final String UNASSIGNED = "(unassigned)";
    static final String COMPANY = "Whole company";

    private final DepartmentStatementRepository repository;
    private final PnlService pnl;
    private final DimensionService dimensions;
    private final CurrencyService currencies;

    DepartmentStatementService(
            DepartmentStatementRepository repository,
            PnlService pnl,
            DimensionService dimensions,
            CurrencyService currencies) {
        this.repository = repository;
        this.pnl = pnl;
        this.dimensions = dimensions;
        this.currencies = currencies;
    }

    public DepartmentStatementReport statement(
            LocalDate from,
            LocalDate to,
            String departmentCode,
            AttributionModel model,
            int halfLifeDays,
            Granularity granularity,
            boolean firstReported) {
        return statement(from, to, departmentCode, model, halfLifeDays, granularity, firstReported, null, null, null);
    }

    /**
     * The statement of the facts {@code where} keeps (null: all), in {@code currency} (null: the
     * reporting currency, the only one served), each row compared with the same row {@code compareTo}
     * earlier (null: none): the range's length in months, or 12; a row without a compared row
     * compares with a period without figures.
     */
    public DepartmentStatementReport statement(
            LocalDate from,
            LocalDate to,
            String departmentCode,
            AttributionModel model,
            int halfLifeDays,
            Granularity granularity,
            boolean firstReported,
            SliceFilter where,
            String currency,
            Comparison compareTo) {
        Comparison.requireEarlierPeriod(
                compareTo, "a department statement compares with its own earlier periods (budgets are in its rows)");
        String reporting = currencies.reportingCurrency();
        new Validation()
                .check(
                        currencies.reportCurrency("currency", currency).equals(reporting),
                        "currency",
                        "must be the reporting currency " + reporting
                                + ": allocated amounts are computed and closed in it, in cents, and the"
                                + " statement's fully-loaded costs carry them")
                .throwIfAny();
        DepartmentStatementReport report =
                uncompared(from, to, departmentCode, model, halfLifeDays, granularity, firstReported, where);
        if (compareTo == null) {
            return report;
        }
        int shift = compareTo.monthsBack(from, to);
        DepartmentStatementReport earlier = uncompared(
                from.minusMonths(shift),
                YearMonth.from(to).minusMonths(shift).atEndOfMonth(),
                departmentCode,
                model,
                halfLifeDays,
                granularity,
                firstReported,
                where);
        return new DepartmentStatementReport(
                report.currency(),
                report.model(),
                report.granularity(),
                compared(report.rows(), earlier.rows(), earlier.company(), shift),
                compared(report.company(), earlier.company(), earlier.company(), shift));
    }

    /**
     * Each row with the row of the same department (or the unassigned row, or the company) of the
     * period {@code shift} months earlier; {@code earlierPeriods} (the earlier report's company rows,
     * one per period) name the earlier periods.
     */
    private static List<DepartmentStatementRow> compared(
            List<DepartmentStatementRow> rows,
            List<DepartmentStatementRow> earlier,
            List<DepartmentStatementRow> earlierPeriods,
            int shift) {
        Map<String, DepartmentStatementRow> before = new HashMap<>();
        earlier.forEach(b -> before.put(key(b, b.periodStart()), b));
        Map<LocalDate, DepartmentStatementRow> periods = new HashMap<>();
        earlierPeriods.forEach(p -> periods.put(p.periodStart(), p));
        List<DepartmentStatementRow> out = new ArrayList<>();
        for (DepartmentStatementRow row : rows) {
            LocalDate start = row.periodStart().minusMonths(shift);
            DepartmentStatementRow b = before.get(key(row, start));
            DepartmentStatementRow p = periods.get(start);
            out.add(row.compared(b != null ? b : row.none(p.period(), p.periodStart(), p.periodEnd())));
        }
        return out;
    }

    /** A row's department (its name for the unassigned and company rows) and period. */
    private static String key(DepartmentStatementRow row, LocalDate periodStart) {
        return (row.departmentCode() == null ? "name:" + row.departmentName() : row.departmentCode()) + "|"
                + periodStart;
    }

    private DepartmentStatementReport uncompared(
            LocalDate from,
            LocalDate to,
            String departmentCode,
            AttributionModel model,
            int halfLifeDays,
            Granularity granularity,
            boolean firstReported,
            SliceFilter where) {
        AttributionModel.checkHalfLife(new Validation(), halfLifeDays).throwIfAny();
        List<ReportPeriod> periods = pnl.periods(from, to, granularity);
        if (departmentCode != null) {
            dimensions.departmentIds("departmentCode", List.of(departmentCode));
        }
        String reporting = currencies.reportingCurrency();
        List<LocalDate> months = new ArrayList<>();
        List<LocalDate> periodStarts = new ArrayList<>();
        Map<LocalDate, ReportPeriod> byStart = new LinkedHashMap<>();
        for (ReportPeriod p : periods) {
            byStart.put(p.start(), p);
            for (LocalDate m = p.start(); m.isBefore(p.end()); m = m.plusMonths(1)) {
                months.add(m);
                periodStarts.add(p.start());
            }
        }
        List<StatementFigures> figures = repository.statement(
                from, to, months, periodStarts, model, halfLifeDays, reporting, firstReported, where);
        figures.stream().findFirst().ifPresent(f -> FxSql.failOnMissing(null, f.missingRate()));

        Map<LocalDate, List<StatementFigures>> perPeriod = new LinkedHashMap<>();
        byStart.keySet().forEach(start -> perPeriod.put(start, new ArrayList<>()));
        figures.forEach(f -> perPeriod.get(f.periodStart()).add(f));

        List<DepartmentStatementRow> rows = new ArrayList<>();
        List<DepartmentStatementRow> company = new ArrayList<>();
        for (Map.Entry<LocalDate, List<StatementFigures>> entry : perPeriod.entrySet()) {
            ReportPeriod period = byStart.get(entry.getKey());
            List<StatementFigures> list = new ArrayList<>(entry.getValue());
            // departments by code, then the unassigned row
            list.sort(Comparator.comparing(StatementFigures::code, Comparator.nullsLast(Comparator.naturalOrder())));
            StatementFigures total = total(period.start(), list);
            BigDecimal denominator = total.denominator();
            List<BigDecimal> revenue = largestRemainder(
                    list.stream().map(StatementFigures::revenue).toList(), denominator, 2);
            List<BigDecimal> customers = largestRemainder(
                    list.stream().map(StatementFigures::customers).toList(), denominator, 4);
            for (int i = 0; i < list.size(); i++) {
                StatementFigures f = list.get(i);
                if (departmentCode == null || departmentCode.equals(f.code())) {
                    rows.add(row(period, f, false, customers.get(i), revenue.get(i)));
                }
            }
            company.add(row(
                    period,
                    total,
                    true,
                    quotient(total.customers(), denominator, 4),
                    quotient(total.revenue(), denominator, 2)));
        }
        return new DepartmentStatementReport(reporting, model, granularity, rows, company);
    }

    /** The company's figures of a period: every row added up at full precision. */
    private static StatementFigures total(LocalDate periodStart, List<StatementFigures> list) {
        BigDecimal budget = BigDecimal.ZERO;
        BigDecimal direct = BigDecimal.ZERO;
        BigDecimal in = BigDecimal.ZERO;
        BigDecimal out = BigDecimal.ZERO;
        BigDecimal slices = BigDecimal.ZERO;
        BigDecimal slicesNet = BigDecimal.ZERO;
        BigDecimal customers = BigDecimal.ZERO;
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal denominator = BigDecimal.ONE;
        for (StatementFigures f : list) {
            budget = budget.add(f.budget());
            direct = direct.add(f.directCost());
            in = in.add(f.allocatedIn());
            out = out.add(f.allocatedOut());
            slices = slices.add(f.allocatedToSlices());
            slicesNet = slicesNet.add(f.slicesNet());
            customers = customers.add(f.customers());
            revenue = revenue.add(f.revenue());
            denominator = f.denominator();
        }
        return new StatementFigures(
                periodStart,
                null,
                null,
                COMPANY,
                null,
                budget,
                direct,
                in,
                out,
                slices,
                slicesNet,
                customers,
                revenue,
                denominator,
                null);
    }

    private static DepartmentStatementRow row(
            ReportPeriod period,
            StatementFigures f,
            boolean company,
            BigDecimal creditedCustomers,
            BigDecimal creditedRevenue) {
        // the company's allocated in and out are the same moves unfiltered: its fully-loaded cost is
        // then its direct cost; a filter may keep a move on one side only (slicesNet: zero unfiltered)
        BigDecimal fullyLoaded =
                f.directCost().add(f.allocatedIn()).subtract(f.allocatedOut()).add(f.slicesNet());
        String name = company ? COMPANY : f.code() == null ? UNASSIGNED : f.name();
        BigDecimal variance = f.directCost().subtract(f.budget());
        return new DepartmentStatementRow(
                period.label(),
                period.start(),
                period.end(),
                period.closed(),
                f.code(),
                name,
                f.kind() == null ? null : DepartmentKind.valueOf(f.kind()),
                Figures.money(f.budget()),
                Figures.money(f.directCost()),
                Figures.money(f.allocatedIn()),
                Figures.money(f.allocatedOut()),
                Figures.money(f.allocatedToSlices()),
                Figures.money(fullyLoaded),
                Figures.money(variance),
                Figures.ratio(variance, f.budget()),
                creditedCustomers,
                creditedRevenue,
                fullyLoaded.signum() == 0
                        ? null
                        : quotient(f.revenue(), f.denominator().multiply(fullyLoaded), 4),
                null,
                null);
    }

    /** numerator / denominator rounded half-up to {@code scale} decimals from the exact quotient. */
    private static BigDecimal quotient(BigDecimal numerator, BigDecimal denominator, int scale) {
        return numerator.divide(denominator, scale, RoundingMode.HALF_UP);
    }

    /**
     * The exact values {@code numerators[i] / denominator} rounded to {@code scale} decimals so that
     * they add up to their exact sum rounded half-up: each rounded down, the units left going one
     * each to the largest remainders (ties: the earlier value). Exact: remainders are compared as
     * numerators over the one denominator.
     */
    static List<BigDecimal> largestRemainder(List<BigDecimal> numerators, BigDecimal denominator, int scale) {
        BigDecimal unit = BigDecimal.ONE.movePointRight(scale);
        List<BigInteger> floors = new ArrayList<>();
        List<BigDecimal> remainders = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        BigInteger floorSum = BigInteger.ZERO;
        for (BigDecimal n : numerators) {
            BigDecimal scaled = n.multiply(unit);
            BigInteger floor = scaled.divide(denominator, 0, RoundingMode.FLOOR).toBigIntegerExact();
            floors.add(floor);
            remainders.add(scaled.subtract(new BigDecimal(floor).multiply(denominator)));
            floorSum = floorSum.add(floor);
            sum = sum.add(scaled);
        }
        BigInteger target = sum.divide(denominator, 0, RoundingMode.HALF_UP).toBigIntegerExact();
        int left = target.subtract(floorSum).intValueExact();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < numerators.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing((Integer i) -> remainders.get(i))
                .reversed()
                .thenComparing(i -> i));
        List<BigInteger> parts = new ArrayList<>(floors);
        for (int k = 0; k < left && k < order.size(); k++) {
            int i = order.get(k);
            parts.set(i, parts.get(i).add(BigInteger.ONE));
        }
        return parts.stream().map(p -> new BigDecimal(p, scale)).toList();
    }
}
