package dev.revgraph.shared.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The GraphQL {@code Money} type: an exact amount and its currency. */
public record Money(BigDecimal amount, String currency) {

    /** A ledger amount as recorded: trailing zeros beyond the cents dropped, nothing rounded. */
    public static Money recorded(BigDecimal amount, String currency) {
        return new Money(Figures.recorded(amount), currency);
    }

    /** A computed figure, rounded half-up to cents. */
    public static Money rounded(BigDecimal amount, String currency) {
        return new Money(amount.setScale(2, RoundingMode.HALF_UP), currency);
    }
}
