package dev.revgraph.shared.error;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects every problem of one input before anything is written, so a caller fixes them all at once. */
public final class Validation {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The reason a ledger line's amount is refused at zero, in a mutation and in an import file alike. */
    public static final String NOT_ZERO = "must not be zero";

    /** The reason an amount or count that cannot be negative is refused, in a mutation and in an import file alike. */
    public static final String NOT_NEGATIVE = "must not be negative";

    /** The largest page any connection serves. */
    public static final int MAX_PAGE_SIZE = 500;

    private final List<DomainException.Problem> problems = new ArrayList<>();

    public Validation code(String field, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            invalid(field, "must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
        return this;
    }

    public Validation name(String field, String value) {
        return text(field, value, 200, true);
    }

    public Validation text(String field, String value, int maxLength, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                invalid(field, "must not be blank");
            }
        } else if (value.length() > maxLength) {
            invalid(field, "must be at most " + maxLength + " characters");
        }
        return this;
    }

    /** A caller's key: at most 200 characters, not blank when given. */
    public Validation externalId(String field, String value) {
        text(field, value, 200, false);
        return check(value == null || !value.isBlank(), field, "must not be blank when given");
    }

    /** A money amount as the ledgers store it: at most 4 decimal places and below 10^15. */
    public Validation amount(String field, BigDecimal value) {
        scale(field, value, 4);
        return check(value.precision() - value.scale() <= 15, field, "must be less than 10^15");
    }

    /** A ledger line's amount: a storable amount that is not zero. */
    public Validation lineAmount(String field, BigDecimal value) {
        check(value.signum() != 0, field, NOT_ZERO);
        return amount(field, value);
    }

    public Validation scale(String field, BigDecimal value, int maxScale) {
        if (value != null && value.scale() > maxScale) {
            invalid(field, "must have at most " + maxScale + " decimal places");
        }
        return this;
    }

    /** A connection's page size, {@code first}: 1 to {@link #MAX_PAGE_SIZE}. */
    public Validation pageSize(int first) {
        return check(first >= 1 && first <= MAX_PAGE_SIZE, "first", "must be between 1 and " + MAX_PAGE_SIZE);
    }

    /** The end of a range is not before its start; a range with an open end is in order. */
    public <T extends Comparable<? super T>> Validation inOrder(String fromField, T from, String toField, T to) {
        return check(from == null || to == null || to.compareTo(from) >= 0, toField, "must not be before " + fromField);
    }

    public Validation check(boolean ok, String field, String message) {
        if (!ok) {
            invalid(field, message);
        }
        return this;
    }

    public Validation invalid(String field, String message) {
        problems.add(
                DomainException.invalid(field, field + " " + message).problems().get(0));
        return this;
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new DomainException(problems);
        }
    }
}
