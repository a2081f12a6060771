package dev.revgraph.shared.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Rounding of served figures, as docs/metrics.md states it: sums stay at full precision, and only the
 * figure served is rounded, half-up, money to 2 decimals, ratios to 4, months to 1. A ratio whose
 * denominator is zero is null.
 */
public final class Figures {

    private Figures() {}

    public static BigDecimal money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** numerator / denominator as a fraction rounded to 4 decimals, null when the denominator is zero. */
    public static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
        if (numerator == null || denominator == null || denominator.signum() == 0) {
            return null;
        }
        // one correctly rounded division: rounding to 34 digits first could carry a value just
        // below a half up to it, and the second rounding then went the wrong way
        return numerator.divide(denominator, 4, RoundingMode.HALF_UP);
    }

    /**
     * The change from {@code before} to {@code now} as a fraction of {@code before}, as a comparison's
     * percentage figures serve it: {@link #ratio} of the difference, null when {@code before} is zero
     * or either is null.
     */
    public static BigDecimal relativeChange(BigDecimal now, BigDecimal before) {
        return now == null || before == null ? null : ratio(now.subtract(before), before);
    }

    /** An amount per unit (per customer, per lead) rounded to cents, null when there are no units. */
    public static BigDecimal moneyPer(BigDecimal amount, long units) {
        if (amount == null || units == 0) {
            return null;
        }
        return amount.divide(BigDecimal.valueOf(units), 2, RoundingMode.HALF_UP);
    }

    /** A number of months rounded to 1 decimal. */
    public static BigDecimal months(BigDecimal months) {
        return months == null ? null : months.setScale(1, RoundingMode.HALF_UP);
    }

    /** A recorded amount without noise: at least 2 decimals, more only where the value has them. */
    public static BigDecimal recorded(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : stripped;
    }
}
