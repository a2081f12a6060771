package dev.revgraph.attribution;

import dev.revgraph.attribution.AcquisitionEconomics.AcquisitionEconomicsReport;
import dev.revgraph.attribution.AcquisitionEconomics.AcquisitionEconomicsRow;
import dev.revgraph.attribution.AcquisitionRepository.Fact;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.shared.limits.RequestDeadline;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.ComparedRows;
import dev.revgraph.shared.report.Comparison;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the customers each channel or campaign won are worth against what winning them cost, as
 * docs/metrics.md ("Quality by source") defines it: credits as campaignPerformance gives them,
 * credit-weighted revenue windows, retention, LTV and the cohort payback month. SQL reads the facts
 * (one statement); this class sums them at full precision (credit sums exactly, as fractions) and
 * rounds only the served figures.
 */
@Service
@Transactional(readOnly = true)
public class AcquisitionEconomicsService {

    /** The revenue windows: months after the acquisition month. */
    static final int[] WINDOWS = {3, 6, 12};

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private final AcquisitionRepository repository;
    private final CurrencyService currencies;
    private final AttributionService attribution;

    AcquisitionEconomicsService(
            AcquisitionRepository repository, CurrencyService currencies, AttributionService attribution) {
        this.repository = repository;
        this.currencies = currencies;
        this.attribution = attribution;
    }

    /** A row of the report: a channel or campaign, or the unattributed customers. */
    private record RowKey(String code, String name, boolean unattributed) {}

    /** One customer's credit to a row: num / den. */
    private record Credit(long customerId, LocalDate acquiredOn, BigDecimal num, long den) {}

    /**
     * A credit-weighted sum kept exact: per credit denominator, the sum of numerator x value; the sum
     * is (sum over d of S_d x L / d) / L for L the least common multiple of the denominators.
     */
    private static final class Weighted {
        private final Map<Long, BigDecimal> byDen = new HashMap<>();

        void add(Credit c, BigDecimal value) {
            byDen.merge(c.den(), c.num().multiply(value), BigDecimal::add);
        }

        BigInteger lcm() {
            BigInteger l = BigInteger.ONE;
            for (long d : byDen.keySet()) {
                BigInteger b = BigInteger.valueOf(d);
                l = l.divide(l.gcd(b)).multiply(b);
            }
            return l;
        }

        /** The sum times {@code l}, a multiple of every denominator: exact. */
        BigDecimal times(BigInteger l) {
            BigDecimal n = BigDecimal.ZERO;
            for (Map.Entry<Long, BigDecimal> e : byDen.entrySet()) {
                n = n.add(e.getValue().multiply(new BigDecimal(l.divide(BigInteger.valueOf(e.getKey())))));
            }
            return n;
        }

        /** The sum at full precision (34 digits). */
        BigDecimal value() {
            BigInteger l = lcm();
            return times(l).divide(new BigDecimal(l), PRECISION);
        }

        boolean isEmpty() {
            return byDen.isEmpty();
        }

        /** this / other rounded half-up to {@code scale} from the exact quotient; null when other is zero. */
        BigDecimal over(Weighted other, int scale) {
            BigInteger l = lcm();
            BigInteger o = other.lcm();
            l = l.divide(l.gcd(o)).multiply(o);
            BigDecimal denominator = other.times(l);
            return denominator.signum() == 0 ? null : times(l).divide(denominator, scale, RoundingMode.HALF_UP);
        }

        /** this / other at full precision; null when other is zero. */
        BigDecimal over(Weighted other) {
            BigDecimal d = other.value();
            return d.signum() == 0 ? null : value().divide(d, PRECISION);
        }
    }

    /**
     * The report of the rows the request's filter keeps, by their campaign as on campaign
     * performance, in its currency (null: the reporting currency; every spend and revenue line at its
     * own day's rate over the report currency's, the credits unchanged). With {@code compareTo}, each
     * row stands beside the same report over the comparison range (the range shifted back by
     * {@link Comparison#monthsBack}), rows matched by code; a row of one period alone is compared with
     * an empty row.
     */
    public AcquisitionEconomicsReport economics(AttributionRequest request, AcquisitionGroupBy groupBy) {
        AttributionRequest r = request.checked("acquisition economics", attribution::reportCurrency);
        AcquisitionEconomicsReport report = economicsOf(r, groupBy);
        if (r.compareTo() == null) {
            return report;
        }
        AcquisitionEconomicsReport earlier = economicsOf(r.earlier(), groupBy);
        List<AcquisitionEconomicsRow> rows = ComparedRows.byKey(report.rows(), earlier.rows());
        rows.sort(Comparator.comparing(AcquisitionEconomicsRow::unattributed)
                .thenComparing(AcquisitionEconomicsRow::code, Comparator.nullsLast(Comparator.naturalOrder())));
        return new AcquisitionEconomicsReport(r.currency(), r.model(), groupBy, rows);
    }

    /** The report of a checked request ({@link AttributionRequest#checked}: its currency resolved). */
    private AcquisitionEconomicsReport economicsOf(AttributionRequest r, AcquisitionGroupBy groupBy) {
        r.checkRange();
        LocalDate to = r.to();
        String field = attribution.missingRateField(r.currency());
        List<Fact> facts = repository.facts(r, groupBy, currencies.reportingCurrency());
        Map<RowKey, List<Credit>> credits = new HashMap<>();
        Map<RowKey, BigDecimal> spend = new HashMap<>();
        Map<Long, Map<YearMonth, BigDecimal>> revenue = new HashMap<>();
        Map<Long, Map<YearMonth, BigDecimal>> mrr = new HashMap<>();
        Map<YearMonth, BigDecimal> margin = new HashMap<>();
        Set<RowKey> keys = new LinkedHashSet<>();
        for (Fact f : facts) {
            FxSql.failOnMissing(field, f.missing());
            switch (f.kind()) {
                case CREDIT -> {
                    RowKey key = new RowKey(f.code(), f.name(), f.unattributed());
                    keys.add(key);
                    credits.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Credit(f.customerId(), f.day(), f.num(), f.den()));
                }
                case SPEND -> {
                    RowKey key = new RowKey(f.code(), f.name(), false);
                    keys.add(key);
                    spend.merge(key, f.amount(), BigDecimal::add);
                }
                case REVENUE ->
                    revenue.computeIfAbsent(f.customerId(), k -> new HashMap<>())
                            .merge(YearMonth.from(f.day()), f.amount(), BigDecimal::add);
                case MRR ->
                    mrr.computeIfAbsent(f.customerId(), k -> new HashMap<>()).put(YearMonth.from(f.day()), f.amount());
                case MONTH -> {
                    // the company's gross margin of the month; a month without revenue earns nothing
                    if (f.amount().signum() != 0) {
                        margin.put(
                                YearMonth.from(f.day()),
                                f.amount().subtract(f.cost()).divide(f.amount(), PRECISION));
                    }
                }
            }
        }
        YearMonth last = YearMonth.from(to);
        int months = (int) ChronoUnit.MONTHS.between(YearMonth.from(r.from()), last) + 1;
        List<AcquisitionEconomicsRow> rows = new ArrayList<>();
        List<RowKey> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.comparing(RowKey::unattributed)
                .thenComparing(RowKey::code, Comparator.nullsLast(Comparator.naturalOrder())));
        for (RowKey key : ordered) {
            rows.add(row(
                    key,
                    credits.getOrDefault(key, List.of()),
                    key.unattributed() ? BigDecimal.ZERO : spend.getOrDefault(key, BigDecimal.ZERO),
                    revenue,
                    mrr,
                    margin,
                    to,
                    last,
                    months));
        }
        return new AcquisitionEconomicsReport(r.currency(), r.model(), groupBy, rows);
    }

    private static AcquisitionEconomicsRow row(
            RowKey key,
            List<Credit> credits,
            BigDecimal spend,
            Map<Long, Map<YearMonth, BigDecimal>> revenue,
            Map<Long, Map<YearMonth, BigDecimal>> mrr,
            Map<YearMonth, BigDecimal> margin,
            LocalDate to,
            YearMonth last,
            int months) {
        Weighted customers = new Weighted();
        Weighted[] windowRevenue = new Weighted[WINDOWS.length];
        Weighted[] windowCustomers = new Weighted[WINDOWS.length];
        for (int w = 0; w < WINDOWS.length; w++) {
            windowRevenue[w] = new Weighted();
            windowCustomers[w] = new Weighted();
        }
        Weighted start = new Weighted();
        Weighted kept = new Weighted(); // start - contraction - churned
        Weighted net = new Weighted(); // start + expansion - contraction - churned
        Weighted mrrSum = new Weighted();
        Weighted activeMonths = new Weighted();
        Weighted grossProfit = new Weighted();
        Weighted revenueSum = new Weighted();
        Weighted[] profitByMonth = new Weighted[months + 1];
        for (Credit c : credits) {
            RequestDeadline.checkpoint(); // a customer's months are weighed in Java, past any statement's limit
            customers.add(c, BigDecimal.ONE);
            YearMonth acquired = YearMonth.from(c.acquiredOn());
            Map<YearMonth, BigDecimal> rev = revenue.getOrDefault(c.customerId(), Map.of());
            Map<YearMonth, BigDecimal> m = mrr.getOrDefault(c.customerId(), Map.of());
            for (int w = 0; w < WINDOWS.length; w++) {
                YearMonth end = acquired.plusMonths(WINDOWS[w]);
                if (!end.atEndOfMonth().isAfter(to)) {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (YearMonth x = acquired; !x.isAfter(end); x = x.plusMonths(1)) {
                        sum = sum.add(rev.getOrDefault(x, BigDecimal.ZERO));
                    }
                    windowRevenue[w].add(c, sum);
                    windowCustomers[w].add(c, BigDecimal.ONE);
                }
            }
            int n = 1;
            for (YearMonth x = acquired; !x.isAfter(last); x = x.plusMonths(1), n++) {
                BigDecimal now = active(m.get(x));
                if (now.signum() > 0) {
                    mrrSum.add(c, now);
                    activeMonths.add(c, BigDecimal.ONE);
                }
                if (x.isAfter(acquired)) {
                    BigDecimal before = active(m.get(x.minusMonths(1)));
                    if (before.signum() > 0) {
                        start.add(c, before);
                        BigDecimal after = now.signum() > 0 ? now : BigDecimal.ZERO;
                        // kept: what is left of start after contraction and churn; net adds expansion
                        kept.add(c, after.min(before));
                        net.add(c, after);
                    }
                }
                BigDecimal r = rev.getOrDefault(x, BigDecimal.ZERO);
                BigDecimal profit = r.multiply(margin.getOrDefault(x, BigDecimal.ZERO), PRECISION);
                revenueSum.add(c, r);
                grossProfit.add(c, profit);
                if (n <= months) {
                    if (profitByMonth[n] == null) {
                        profitByMonth[n] = new Weighted();
                    }
                    profitByMonth[n].add(c, profit);
                }
            }
        }
        BigDecimal customerCount = customers.value();
        BigDecimal cac =
                key.unattributed() || customerCount.signum() == 0 ? null : spend.divide(customerCount, PRECISION);
        BigDecimal arpa = mrrSum.over(activeMonths);
        BigDecimal grossMargin = grossProfit.over(revenueSum);
        BigDecimal churn = start.value().signum() == 0
                ? null
                : start.value().subtract(kept.value()).divide(start.value(), PRECISION);
        BigDecimal ltv = arpa == null || grossMargin == null || churn == null || churn.signum() == 0
                ? null
                : arpa.multiply(grossMargin, PRECISION).divide(churn, PRECISION);
        Integer payback = null;
        if (!key.unattributed() && !customers.isEmpty()) {
            BigDecimal cumulative = BigDecimal.ZERO;
            for (int n = 1; n <= months && payback == null; n++) {
                if (profitByMonth[n] != null) {
                    cumulative = cumulative.add(profitByMonth[n].value());
                }
                if (cumulative.compareTo(spend) >= 0) {
                    payback = n;
                }
            }
        }
        return new AcquisitionEconomicsRow(
                key.code(),
                key.name(),
                key.unattributed(),
                customerCount.setScale(4, RoundingMode.HALF_UP),
                Figures.money(spend),
                cac == null ? null : exactCac(spend, customers),
                windowRevenue[0].over(windowCustomers[0], 2),
                windowRevenue[1].over(windowCustomers[1], 2),
                windowRevenue[2].over(windowCustomers[2], 2),
                kept.over(start, 4),
                net.over(start, 4),
                mrrSum.over(activeMonths, 2),
                grossProfit.over(revenueSum, 4),
                churn == null ? null : churn.setScale(4, RoundingMode.HALF_UP),
                Figures.money(ltv),
                ltv == null || cac == null || cac.signum() == 0 ? null : Figures.ratio(ltv, cac),
                payback,
                null,
                null);
    }

    /** spend / customers rounded from the exact quotient: spend x L / (customers x L). */
    private static BigDecimal exactCac(BigDecimal spend, Weighted customers) {
        BigInteger l = customers.lcm();
        return spend.multiply(new BigDecimal(l)).divide(customers.times(l), 2, RoundingMode.HALF_UP);
    }

    /** A month's MRR when the customer is active (above zero), else zero. */
    private static BigDecimal active(BigDecimal mrr) {
        return mrr == null || mrr.signum() <= 0 ? BigDecimal.ZERO : mrr;
    }
}
