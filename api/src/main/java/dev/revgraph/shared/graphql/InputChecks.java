package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.DomainException.Problem;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every argument of a field, whatever its type, for what no service should have to repeat:
 * a NUL character in a string (PostgreSQL cannot store it in text, so it used to surface as an
 * internal error with a long stack trace) and, for writes, a date outside the calendar the ledgers
 * take. Each problem names its argument path ({@code input.memo}, {@code input.rates.3.date}).
 */
public final class InputChecks {

    /** The earliest date, month or time any write takes. */
    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    /** The latest date, month or time any write takes. */
    public static final LocalDate LATEST = LocalDate.of(2200, 12, 31);

    private static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";

    private InputChecks() {}

    /**
     * The problems of a field's arguments: NUL characters anywhere except under the paths in
     * {@code checkedElsewhere}, and with {@code write}, dates out of range.
     */
    public static List<Problem> problems(Map<String, Object> arguments, boolean write, Set<String> checkedElsewhere) {
        List<Problem> problems = new ArrayList<>();
        arguments.forEach((name, value) -> visit(name, value, write, checkedElsewhere, problems));
        return problems;
    }

    /** Whether a string holds a NUL character. */
    public static boolean hasNul(String value) {
        return value.indexOf('\0') >= 0;
    }

    /** Null when the date is in the range every write takes, else why not. */
    public static String dateRangeProblem(LocalDate date) {
        return date.isBefore(EARLIEST) || date.isAfter(LATEST)
                ? "must be between " + EARLIEST + " and " + LATEST
                : null;
    }

    private static void visit(
            String path, Object value, boolean write, Set<String> checkedElsewhere, List<Problem> problems) {
        if (value == null || checkedElsewhere.contains(path)) {
            return;
        }
        if (value instanceof String s) {
            if (hasNul(s)) {
                problems.add(invalid(path, NUL_MESSAGE));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> visit(path + "." + k, v, write, checkedElsewhere, problems));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(path + "." + i, list.get(i), write, checkedElsewhere, problems);
            }
        } else if (write) {
            LocalDate date = value instanceof LocalDate d
                    ? d
                    : value instanceof YearMonth m
                            ? m.atDay(1)
                            : value instanceof OffsetDateTime t ? t.toLocalDate() : null;
            String problem = date == null ? null : dateRangeProblem(date);
            if (problem != null) {
                problems.add(invalid(path, problem));
            }
        }
    }

    private static Problem invalid(String path, String message) {
        return DomainException.invalid(path, path + " " + message).problems().get(0);
    }
}
