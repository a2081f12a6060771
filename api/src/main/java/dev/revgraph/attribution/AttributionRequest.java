package dev.revgraph.attribution;

import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import java.time.LocalDate;
import java.util.function.UnaryOperator;

/**
 * What an attribution report is asked for: campaign performance, expansion attribution, the campaign
 * funnel and acquisition economics take the same arguments besides their grouping.
 *
 * @param from the range's first day
 * @param to the range's last day
 * @param model the attribution model
 * @param halfLifeDays the TIME_DECAY half-life in days
 * @param where the rows kept (docs/metrics.md, "One filter for every report"); null keeps every row
 * @param currency the report currency, null for the reporting currency; a registered code once
 *     {@link #checked} has resolved it
 * @param compareTo the earlier period each row is compared with; null for none
 * @param firstReported whether a closed month reads its first close rather than its latest
 */
public record AttributionRequest(
        LocalDate from,
        LocalDate to,
        AttributionModel model,
        int halfLifeDays,
        SliceFilter where,
        String currency,
        Comparison compareTo,
        boolean firstReported) {

    /** The model when the request names none. */
    static final AttributionModel DEFAULT_MODEL = AttributionModel.LAST_TOUCH;

    /** The TIME_DECAY half-life when the request names none, in days. */
    static final int DEFAULT_HALF_LIFE_DAYS = 7;

    /** The longest range a report accepts, in days after {@code from}. */
    static final int MAX_DAYS = 3660;

    /**
     * A request as the GraphQL arguments give it: a left-out or null model, half-life or version
     * means the default (LAST_TOUCH, 7 days, the latest close).
     */
    static AttributionRequest of(
            LocalDate from,
            LocalDate to,
            AttributionModel model,
            Integer halfLifeDays,
            SliceFilter where,
            String currency,
            Comparison compareTo,
            CloseVersion version) {
        return new AttributionRequest(
                from,
                to,
                model == null ? DEFAULT_MODEL : model,
                halfLifeDays == null ? DEFAULT_HALF_LIFE_DAYS : halfLifeDays,
                where,
                currency,
                compareTo,
                CloseVersion.firstReported(version));
    }

    /** Every row of a range in the reporting currency, no comparison, closed months at their latest close. */
    public static AttributionRequest of(LocalDate from, LocalDate to, AttributionModel model, int halfLifeDays) {
        return new AttributionRequest(from, to, model, halfLifeDays, null, null, null, false);
    }

    /** The same request in {@code report} currency. */
    public AttributionRequest in(String report) {
        return new AttributionRequest(from, to, model, halfLifeDays, where, report, compareTo, firstReported);
    }

    /**
     * The request as {@code report} runs it, or the errors that refuse it: the comparison must be an
     * earlier period (INVALID on {@code compareTo}), the range at most {@link #MAX_DAYS} days and the
     * half-life in bounds (on {@code from}, {@code to}, {@code halfLifeDays}); then the currency is the
     * one {@code reportCurrency} resolves (NOT_FOUND on {@code currency} when it is not registered).
     */
    AttributionRequest checked(String report, UnaryOperator<String> reportCurrency) {
        Comparison.requireEarlierPeriod(compareTo, report + " compares with an earlier period");
        checkRange();
        return in(reportCurrency.apply(currency));
    }

    /** The range (at most {@link #MAX_DAYS} days, from before to) and the TIME_DECAY half-life. */
    void checkRange() {
        Validation v = new Validation()
                .inOrder("from", from, "to", to)
                .check(!to.isAfter(from.plusDays(MAX_DAYS)), "to", "must be at most " + MAX_DAYS + " days after from");
        AttributionModel.checkHalfLife(v, halfLifeDays).throwIfAny();
    }

    /**
     * The same request over its comparison range ({@link Comparison#earlierFrom} to
     * {@link Comparison#earlierTo}), itself compared with nothing.
     */
    AttributionRequest earlier() {
        return new AttributionRequest(
                compareTo.earlierFrom(from, to),
                compareTo.earlierTo(from, to),
                model,
                halfLifeDays,
                where,
                currency,
                null,
                firstReported);
    }
}
