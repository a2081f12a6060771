package dev.revgraph.attribution;

import dev.revgraph.attribution.AttributionInputs.RecordTouchpointsInput;
import dev.revgraph.attribution.AttributionInputs.TouchpointInput;
import dev.revgraph.attribution.AttributionRepository.ExpansionFigures;
import dev.revgraph.attribution.AttributionRepository.NewTouchpoint;
import dev.revgraph.attribution.AttributionRepository.PerformanceFigures;
import dev.revgraph.attribution.CampaignPerformance.CampaignPerformanceReport;
import dev.revgraph.attribution.CampaignPerformance.CampaignPerformanceRow;
import dev.revgraph.attribution.CampaignPerformance.CampaignPerformanceTotal;
import dev.revgraph.attribution.ExpansionAttribution.ExpansionAttributionReport;
import dev.revgraph.attribution.ExpansionAttribution.ExpansionAttributionRow;
import dev.revgraph.attribution.ExpansionAttribution.ExpansionAttributionTotal;
import dev.revgraph.campaign.CampaignService;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.ComparedRows;
import dev.revgraph.shared.report.Comparison;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Touchpoints and the campaign performance report. Touchpoints are keyed by customer, campaign and
 * time, so loading them again changes nothing. The report is computed by one SQL statement; this
 * class validates its arguments and rounds the figures as docs/metrics.md defines them.
 */
@Service
@Transactional(readOnly = true)
public class AttributionService {

    static final int MAX_TOUCHPOINTS = 1000;

    private final AttributionRepository repository;
    private final CampaignService campaigns;
    private final CurrencyService currencies;
    private final CurrentActor actor;

    AttributionService(
            AttributionRepository repository,
            CampaignService campaigns,
            CurrencyService currencies,
            CurrentActor actor) {
        this.repository = repository;
        this.campaigns = campaigns;
        this.currencies = currencies;
        this.actor = actor;
    }

    // ---- touchpoints

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public List<Touchpoint> record(RecordTouchpointsInput input) {
        List<TouchpointInput> rows = input.touchpoints();
        new Validation()
                .check(
                        !rows.isEmpty() && rows.size() <= MAX_TOUCHPOINTS,
                        "touchpoints",
                        "must hold 1 to " + MAX_TOUCHPOINTS + " touchpoints")
                .throwIfAny();
        Map<String, Long> customerIds = repository.customerIds(rows.stream()
                .map(TouchpointInput::customerExternalId)
                .distinct()
                .toList());
        Map<String, Long> campaignIds = campaigns.idsByCodes(
                rows.stream().map(TouchpointInput::campaignCode).distinct().toList());
        campaigns.requireOwnCampaigns(campaignIds.values());
        List<DomainException.Problem> problems = new ArrayList<>();
        List<NewTouchpoint> touchpoints = new ArrayList<>();
        Map<String, TouchpointKind> kinds = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            TouchpointInput row = rows.get(i);
            String at = "touchpoints." + i + ".";
            Long customerId = customerIds.get(row.customerExternalId());
            Long campaignId = campaignIds.get(row.campaignCode());
            if (customerId == null) {
                problems.addAll(DomainException.notFound(
                                at + "customerExternalId", "no customer has external id " + row.customerExternalId())
                        .problems());
            }
            if (campaignId == null) {
                problems.addAll(
                        DomainException.notFound(at + "campaignCode", "no campaign has code " + row.campaignCode())
                                .problems());
            }
            if (customerId == null || campaignId == null) {
                continue;
            }
            NewTouchpoint touchpoint = new NewTouchpoint(customerId, campaignId, row.occurredAt(), row.kind());
            TouchpointKind before =
                    kinds.putIfAbsent(key(touchpoint.customerId(), touchpoint.campaignId(), touchpoint), row.kind());
            if (before != null && before != row.kind()) {
                problems.addAll(DomainException.invalid(
                                at + "kind",
                                at + "kind contradicts an earlier touchpoint of "
                                        + "the same customer, campaign and time in this input")
                        .problems());
            }
            touchpoints.add(touchpoint);
        }
        if (!problems.isEmpty()) {
            throw new DomainException(problems);
        }
        repository.insert(touchpoints, actor.name());
        Map<String, Touchpoint> stored = new HashMap<>();
        for (Touchpoint t : repository.byKeys(touchpoints)) {
            stored.put(
                    key(
                            t.customerId(),
                            t.campaignId(),
                            t.occurredAt().toInstant().toString()),
                    t);
        }
        List<Touchpoint> result = new ArrayList<>();
        for (int i = 0; i < touchpoints.size(); i++) {
            NewTouchpoint t = touchpoints.get(i);
            Touchpoint s = stored.get(key(t.customerId(), t.campaignId(), t));
            if (s.kind() != t.kind()) {
                problems.addAll(DomainException.conflict(
                                "touchpoints." + i + ".kind",
                                "touchpoint " + s.id() + " of this customer, campaign and time is already recorded as "
                                        + s.kind(),
                                s.id())
                        .problems());
            }
            result.add(s);
        }
        if (!problems.isEmpty()) {
            throw new DomainException(problems); // rolls the insert back
        }
        return result;
    }

    private static String key(long customerId, long campaignId, NewTouchpoint t) {
        return key(customerId, campaignId, t.occurredAt().toInstant().toString());
    }

    private static String key(long customerId, long campaignId, String instant) {
        return customerId + "|" + campaignId + "|" + instant;
    }

    public Map<Long, List<Touchpoint>> byCustomers(Collection<Long> customerIds) {
        return repository.byCustomers(customerIds);
    }

    // ---- the report

    /**
     * The report currency: {@code currency} when given (it must be registered, else NOT_FOUND on
     * {@code currency}), else the reporting currency.
     */
    public String reportCurrency(String currency) {
        return currencies.reportCurrency("currency", currency);
    }

    /** The field a missing FX rate is reported on: {@code currency} when another one was asked for. */
    public String missingRateField(String currency) {
        return currency.equals(currencies.reportingCurrency()) ? null : "currency";
    }

    /**
     * The report of the rows the request's filter keeps (docs/metrics.md, "One filter for every
     * report") in its currency (null: the reporting currency; each spend and revenue line at its own
     * day's rate over the report currency's, the credits unchanged). Each month with a stored close
     * reads what its close stored, its first close or its latest, every other month the live tables.
     * With {@code compareTo}, each row and the total stand beside the same figures over the
     * comparison range: PREVIOUS_PERIOD the range shifted back by its number of calendar months (the
     * months it touches), PREVIOUS_YEAR shifted back 12 months, as segment economics compares.
     */
    public CampaignPerformanceReport performance(AttributionRequest request, CampaignGroupBy groupBy) {
        AttributionRequest r = request.checked("campaign performance", this::reportCurrency);
        CampaignPerformanceReport report = performanceOf(r, groupBy);
        if (r.compareTo() == null) {
            return report;
        }
        CampaignPerformanceReport earlier = performanceOf(r.earlier(), groupBy);
        List<CampaignPerformanceRow> rows = ComparedRows.byKey(report.rows(), earlier.rows());
        return new CampaignPerformanceReport(
                report.currency(), r.model(), groupBy, rows, report.total().compared(earlier.total()));
    }

    /** The report of a checked request ({@link AttributionRequest#checked}: its currency resolved). */
    private CampaignPerformanceReport performanceOf(AttributionRequest r, CampaignGroupBy groupBy) {
        r.checkRange();
        List<PerformanceFigures> figures = repository.performance(r, groupBy, currencies.reportingCurrency());
        String field = missingRateField(r.currency());
        figures.forEach(f -> FxSql.failOnMissing(field, f.missingRate()));
        List<CampaignPerformanceRow> rows = new ArrayList<>();
        CampaignPerformanceTotal total = null;
        for (PerformanceFigures f : figures) {
            // customers and revenue are f.customers() / d and f.revenue() / d: each served figure is one
            // exact quotient rounded half-up (spend x d / customers is spend / (customers / d), and so on)
            BigDecimal d = f.denominator();
            BigDecimal spendD = f.spend().multiply(d);
            BigDecimal leadsD = d.multiply(BigDecimal.valueOf(f.leads()));
            BigDecimal customers = quotient(f.customers(), d, 4);
            BigDecimal revenue = quotient(f.revenue(), d, 2);
            BigDecimal cpl = quotient(f.spend(), BigDecimal.valueOf(f.leads()), 2);
            BigDecimal ctr = quotient(BigDecimal.valueOf(f.clicks()), BigDecimal.valueOf(f.impressions()), 4);
            BigDecimal leadToCustomer = quotient(f.customers(), leadsD, 4);
            BigDecimal cac = quotient(spendD, f.customers(), 2);
            BigDecimal roas = quotient(f.revenue(), spendD, 4);
            BigDecimal roi = quotient(f.revenue().subtract(spendD), spendD, 4);
            if (f.total()) {
                total = new CampaignPerformanceTotal(
                        Figures.money(f.spend()),
                        f.impressions(),
                        f.clicks(),
                        f.leads(),
                        f.opportunities(),
                        customers,
                        revenue,
                        cpl,
                        ctr,
                        leadToCustomer,
                        cac,
                        roas,
                        roi,
                        null,
                        null);
            } else {
                rows.add(new CampaignPerformanceRow(
                        f.code(),
                        f.name(),
                        f.unattributed(),
                        Figures.money(f.spend()),
                        f.impressions(),
                        f.clicks(),
                        f.leads(),
                        f.opportunities(),
                        customers,
                        revenue,
                        cpl,
                        ctr,
                        leadToCustomer,
                        f.unattributed() ? null : cac,
                        roas,
                        roi,
                        null,
                        null));
            }
        }
        return new CampaignPerformanceReport(r.currency(), r.model(), groupBy, rows, total);
    }

    /**
     * The expansion attribution report over the months the request's range touches, of the rows its
     * filter keeps, in its currency (null: the reporting currency); each month with a stored close
     * reads its movements and spend as its close stored them (its first close or its latest). With
     * {@code compareTo}, each row and the total stand beside the same report over the comparison range
     * (the range shifted back by {@link Comparison#monthsBack}), rows matched by code.
     */
    public ExpansionAttributionReport expansionAttribution(AttributionRequest request, CampaignGroupBy groupBy) {
        AttributionRequest r = request.checked("expansion attribution", this::reportCurrency);
        ExpansionAttributionReport report = expansionOf(r, groupBy);
        if (r.compareTo() == null) {
            return report;
        }
        ExpansionAttributionReport earlier = expansionOf(r.earlier(), groupBy);
        List<ExpansionAttributionRow> rows = ComparedRows.byKey(report.rows(), earlier.rows());
        rows.sort(ROW_ORDER_EXPANSION);
        return new ExpansionAttributionReport(
                r.currency(), r.model(), groupBy, rows, report.total().compared(earlier.total()));
    }

    /** Rows ordered by code, then the row with a null code, then the unattributed row. */
    private static final java.util.Comparator<ExpansionAttributionRow> ROW_ORDER_EXPANSION =
            java.util.Comparator.comparing(ExpansionAttributionRow::unattributed)
                    .thenComparing(
                            ExpansionAttributionRow::code,
                            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));

    /** The report of a checked request ({@link AttributionRequest#checked}: its currency resolved). */
    private ExpansionAttributionReport expansionOf(AttributionRequest r, CampaignGroupBy groupBy) {
        r.checkRange();
        List<ExpansionFigures> figures = repository.expansion(r, groupBy, currencies.reportingCurrency());
        String field = missingRateField(r.currency());
        figures.forEach(f -> FxSql.failOnMissing(field, f.missingRate()));
        List<ExpansionAttributionRow> rows = new ArrayList<>();
        ExpansionAttributionTotal total = null;
        for (ExpansionFigures f : figures) {
            // credited MRR is f.expansion() / d and f.reactivated() / d: each served figure one exact quotient
            BigDecimal d = f.denominator();
            BigDecimal credited = f.expansion().add(f.reactivated());
            BigDecimal spendD = f.spend().multiply(d);
            BigDecimal roi = quotient(credited.subtract(spendD), spendD, 4);
            if (f.total()) {
                total = new ExpansionAttributionTotal(
                        quotient(f.expansion(), d, 2),
                        quotient(f.reactivated(), d, 2),
                        quotient(credited, d, 2),
                        Figures.money(f.spend()),
                        roi,
                        null,
                        null);
            } else {
                rows.add(new ExpansionAttributionRow(
                        f.code(),
                        f.name(),
                        f.unattributed(),
                        quotient(f.expansion(), d, 2),
                        quotient(f.reactivated(), d, 2),
                        quotient(credited, d, 2),
                        Figures.money(f.spend()),
                        f.unattributed() ? null : roi,
                        null,
                        null));
            }
        }
        if (total == null) {
            BigDecimal zero = Figures.money(BigDecimal.ZERO);
            total = new ExpansionAttributionTotal(zero, zero, zero, zero, null, null, null);
        }
        return new ExpansionAttributionReport(r.currency(), r.model(), groupBy, rows, total);
    }

    /**
     * numerator / denominator rounded half-up to {@code scale} decimals from the exact quotient (a
     * quotient first rounded to 34 digits can turn 15.01499.. into 15.015 and round the wrong way);
     * null when the denominator is zero.
     */
    static BigDecimal quotient(BigDecimal numerator, BigDecimal denominator, int scale) {
        return denominator.signum() == 0 ? null : numerator.divide(denominator, scale, RoundingMode.HALF_UP);
    }
}
