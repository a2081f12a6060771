package dev.revgraph.attribution;

import dev.revgraph.attribution.AcquisitionRepository.FirstTouch;
import dev.revgraph.attribution.AttributionRepository.PerformanceFigures;
import dev.revgraph.attribution.CampaignFunnel.CampaignFunnelReport;
import dev.revgraph.attribution.CampaignFunnel.CampaignFunnelRow;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.ComparedRows;
import dev.revgraph.shared.report.Comparison;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The campaign funnel as docs/metrics.md ("Quality by source") defines it: each stage's count and the
 * conversion between stages, cost per click, and the days from first touch to acquisition. The
 * counts, spend and credits are campaignPerformance's (closed months as their close stored them).
 */
@Service
@Transactional(readOnly = true)
public class CampaignFunnelService {

    private final AttributionRepository performance;
    private final AcquisitionRepository touches;
    private final CurrencyService currencies;
    private final AttributionService attribution;

    CampaignFunnelService(
            AttributionRepository performance,
            AcquisitionRepository touches,
            CurrencyService currencies,
            AttributionService attribution) {
        this.performance = performance;
        this.touches = touches;
        this.currencies = currencies;
        this.attribution = attribution;
    }

    /**
     * The funnel of the rows the request's filter keeps, by their campaign as on campaign performance
     * (a first touch by the touched campaign's assignment on the acquisition date), in its currency
     * (null: the reporting currency; each spend line at its own day's rate over the report
     * currency's). With {@code compareTo}, each row stands beside the same funnel over the comparison
     * range (the range shifted back by {@link Comparison#monthsBack}), rows matched by code; a row of
     * one period alone is compared with an empty row.
     */
    public CampaignFunnelReport funnel(AttributionRequest request, AcquisitionGroupBy groupBy) {
        AttributionRequest r = request.checked("the campaign funnel", attribution::reportCurrency);
        CampaignFunnelReport report = funnelOf(r, groupBy);
        if (r.compareTo() == null) {
            return report;
        }
        CampaignFunnelReport earlier = funnelOf(r.earlier(), groupBy);
        List<CampaignFunnelRow> rows = ComparedRows.byKey(report.rows(), earlier.rows());
        rows.sort(ROW_ORDER);
        return new CampaignFunnelReport(r.currency(), r.model(), groupBy, rows);
    }

    /** Rows ordered by code, then the unattributed row. */
    private static final Comparator<CampaignFunnelRow> ROW_ORDER = Comparator.comparing(CampaignFunnelRow::unattributed)
            .thenComparing(CampaignFunnelRow::code, Comparator.nullsLast(Comparator.naturalOrder()));

    /** The funnel of a checked request ({@link AttributionRequest#checked}: its currency resolved). */
    private CampaignFunnelReport funnelOf(AttributionRequest r, AcquisitionGroupBy groupBy) {
        r.checkRange();
        CampaignGroupBy rows =
                groupBy == AcquisitionGroupBy.CAMPAIGN ? CampaignGroupBy.CAMPAIGN : CampaignGroupBy.CHANNEL;
        List<PerformanceFigures> figures = performance.performance(r, rows, currencies.reportingCurrency());
        String field = attribution.missingRateField(r.currency());
        figures.forEach(f -> FxSql.failOnMissing(field, f.missingRate()));
        Map<String, List<Integer>> days = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (FirstTouch t : touches.firstTouches(r.from(), r.to(), groupBy, r.where())) {
            days.computeIfAbsent(t.code(), k -> new ArrayList<>()).add(t.days());
            names.put(t.code(), t.name());
        }
        List<CampaignFunnelRow> result = new ArrayList<>();
        BigDecimal denominator = BigDecimal.ONE;
        for (PerformanceFigures f : figures) {
            if (f.total()) {
                continue;
            }
            denominator = f.denominator();
            List<Integer> d = f.unattributed() ? List.of() : days.getOrDefault(f.code(), List.of());
            if (!f.unattributed()) {
                days.remove(f.code());
            }
            result.add(row(f, d));
        }
        // a campaign (or channel) whose only figure is its customers' first touches
        for (Map.Entry<String, List<Integer>> e : days.entrySet()) {
            BigDecimal zero = BigDecimal.ZERO;
            result.add(row(
                    new PerformanceFigures(
                            e.getKey(),
                            names.get(e.getKey()),
                            false,
                            false,
                            zero,
                            0,
                            0,
                            0,
                            0,
                            zero,
                            zero,
                            denominator,
                            null),
                    e.getValue()));
        }
        result.sort(ROW_ORDER);
        return new CampaignFunnelReport(r.currency(), r.model(), groupBy, result);
    }

    private static CampaignFunnelRow row(PerformanceFigures f, List<Integer> days) {
        // customers are f.customers() / d: each ratio over them is one exact quotient rounded half-up
        BigDecimal d = f.denominator();
        BigDecimal impressions = BigDecimal.valueOf(f.impressions());
        BigDecimal clicks = BigDecimal.valueOf(f.clicks());
        BigDecimal leads = BigDecimal.valueOf(f.leads());
        BigDecimal opportunities = BigDecimal.valueOf(f.opportunities());
        List<Integer> sorted = days.stream().sorted().toList();
        return new CampaignFunnelRow(
                f.code(),
                f.name(),
                f.unattributed(),
                Figures.money(f.spend()),
                f.impressions(),
                f.clicks(),
                f.leads(),
                f.opportunities(),
                AttributionService.quotient(f.customers(), d, 4),
                Figures.ratio(clicks, impressions),
                Figures.ratio(leads, clicks),
                Figures.ratio(opportunities, leads),
                AttributionService.quotient(f.customers(), d.multiply(opportunities), 4),
                AttributionService.quotient(f.customers(), d.multiply(leads), 4),
                AttributionService.quotient(f.spend(), clicks, 2),
                sorted.size(),
                median(sorted),
                percentile90(sorted),
                null,
                null);
    }

    /** The middle value of sorted days, the mean of the two middle ones for an even count; 1 decimal. */
    static BigDecimal median(List<Integer> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return null;
        }
        BigDecimal m = n % 2 == 1
                ? BigDecimal.valueOf(sorted.get(n / 2))
                : BigDecimal.valueOf(sorted.get(n / 2 - 1) + sorted.get(n / 2)).divide(BigDecimal.valueOf(2));
        return m.setScale(1, RoundingMode.HALF_UP);
    }

    /** The 90th percentile by nearest rank: the ceil(0.9 n)-th smallest value; 1 decimal. */
    static BigDecimal percentile90(List<Integer> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return null;
        }
        int rank = (9 * n + 9) / 10; // ceil(0.9 n)
        return BigDecimal.valueOf(sorted.get(rank - 1)).setScale(1, RoundingMode.HALF_UP);
    }
}
