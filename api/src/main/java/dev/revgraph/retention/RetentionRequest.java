package dev.revgraph.retention;

import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * What a retention report is asked for: {@code mrrMovements} and {@code cohortRetention} take the
 * same arguments besides the cohorts' basis.
 *
 * @param from the range's first day
 * @param to the range's last day
 * @param segmentCode the segment subtree in scope; null for the whole company
 * @param windowMonths the activity window in months; null for none
 * @param groupBy the source dimensions rows are grouped by; null or empty for none
 * @param where the customers kept, by their source (docs/metrics.md, "One filter for every report"); null keeps all
 * @param currency the report currency; null for the reporting currency
 * @param compareTo the earlier period each row is compared with; null for none
 * @param firstReported whether a closed month reads its first close rather than its latest
 */
public record RetentionRequest(
        LocalDate from,
        LocalDate to,
        String segmentCode,
        Integer windowMonths,
        List<SourceDimension> groupBy,
        SliceFilter where,
        String currency,
        Comparison compareTo,
        boolean firstReported) {

    /** A request as the GraphQL arguments give it (a left-out or null version: the latest close). */
    static RetentionRequest of(
            LocalDate from,
            LocalDate to,
            String segmentCode,
            Integer windowMonths,
            List<SourceDimension> groupBy,
            SliceFilter where,
            String currency,
            Comparison compareTo,
            CloseVersion version) {
        return new RetentionRequest(
                from,
                to,
                segmentCode,
                windowMonths,
                groupBy,
                where,
                currency,
                compareTo,
                CloseVersion.firstReported(version));
    }

    /**
     * The months of a segment subtree's customers (null: the whole company) whose source passes
     * {@code where}, in the reporting currency, without a window, a grouping or a comparison, closed
     * months at their latest close.
     */
    public static RetentionRequest of(LocalDate from, LocalDate to, String segmentCode, SliceFilter where) {
        return new RetentionRequest(from, to, segmentCode, null, List.of(), where, null, null, false);
    }

    /**
     * How many months the comparison reaches back ({@link Comparison#monthsBack}); 0 without one.
     */
    int shift() {
        return compareTo == null ? 0 : compareTo.monthsBack(from, to);
    }

    /**
     * The same request over its comparison range, whole months: the months of the range {@link
     * #shift} months earlier, itself compared with nothing.
     */
    RetentionRequest earlier() {
        int shift = shift();
        return new RetentionRequest(
                YearMonth.from(from).minusMonths(shift).atDay(1),
                YearMonth.from(to).minusMonths(shift).atEndOfMonth(),
                segmentCode,
                windowMonths,
                groupBy,
                where,
                currency,
                null,
                firstReported);
    }
}
