package dev.revgraph.shared.report;

import dev.revgraph.shared.error.DomainException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/** What a report's rows are compared with: an earlier period, or a plan (the P&L only). */
public enum Comparison {
    PREVIOUS_PERIOD,
    PREVIOUS_YEAR,
    BUDGET,
    FORECAST;

    /** True for the plans, which the P&L serves in {@code plan} and {@code planChange}. */
    public boolean isPlan() {
        return this == BUDGET || this == FORECAST;
    }

    /**
     * How many months an earlier-period comparison of a range of whole months reaches back: 12 for
     * PREVIOUS_YEAR, the number of months {@code from} to {@code to} touch for PREVIOUS_PERIOD.
     */
    public int monthsBack(LocalDate from, LocalDate to) {
        return this == PREVIOUS_YEAR
                ? 12
                : (int) ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to)) + 1;
    }

    /** The first day of the earlier period of {@code from}..{@code to}: {@code from} {@link #monthsBack} earlier. */
    public LocalDate earlierFrom(LocalDate from, LocalDate to) {
        return from.minusMonths(monthsBack(from, to));
    }

    /**
     * The last day of the earlier period of {@code from}..{@code to}: the day after {@code to} moved
     * {@link #monthsBack} earlier, less a day, so a month's last day stays its month's last day.
     */
    public LocalDate earlierTo(LocalDate from, LocalDate to) {
        return to.plusDays(1).minusMonths(monthsBack(from, to)).minusDays(1);
    }

    /**
     * Refuses a plan for a report that compares only with earlier periods: INVALID on
     * {@code compareTo}, saying {@code why}.
     */
    public static void requireEarlierPeriod(Comparison compareTo, String why) {
        if (compareTo != null && compareTo.isPlan()) {
            throw DomainException.invalid("compareTo", "must be PREVIOUS_PERIOD or PREVIOUS_YEAR: " + why);
        }
    }
}
