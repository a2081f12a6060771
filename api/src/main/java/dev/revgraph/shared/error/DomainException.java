package dev.revgraph.shared.error;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An expected failure: bad input, an unknown code, a conflict, a closed month, a missing rate.
 * Services throw it before writing anything (or from inside the transaction, which then rolls
 * back); mutations turn it into typed payload errors, queries into GraphQL errors.
 *
 * <p>Each problem names its field relative to the argument it came from ({@code "amount"},
 * {@code "filter.segmentCode"}); the caller adds the root ({@code "input"}).
 */
public class DomainException extends RuntimeException {

    /** One problem with the input. */
    public record Problem(
            UserErrorCode code,
            String field,
            String message,
            String existingId,
            YearMonth month,
            String currency,
            LocalDate date) {

        public UserError toUserError(String root) {
            List<String> path = path(root);
            return switch (code) {
                case INVALID -> new UserError.InvalidInputError(message, path, code);
                case NOT_FOUND -> new UserError.NotFoundError(message, path, code);
                case ARCHIVED -> new UserError.ArchivedError(message, path, code);
                case CONFLICT -> new UserError.ConflictError(message, path, code, existingId);
                case CLOSED_PERIOD -> new UserError.ClosedPeriodError(message, path, code, month);
                case MISSING_FX_RATE -> new UserError.MissingFxRateError(message, path, code, currency, date);
                case INSUFFICIENT_PRIVILEGE -> new UserError.InvalidInputError(message, path, code);
                // the figures travel in BudgetExceededException, which builds its own errors
                case BUDGET_EXCEEDED -> new UserError.InvalidInputError(message, path, code);
            };
        }

        public List<String> path(String root) {
            if (field == null) {
                return null;
            }
            List<String> path = new ArrayList<>();
            if (root != null) {
                path.add(root);
            }
            path.addAll(Arrays.asList(field.split("\\.")));
            return path;
        }
    }

    private final List<Problem> problems;

    public DomainException(List<Problem> problems) {
        super(problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public DomainException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<UserError> userErrors(String root) {
        return problems.stream().map(p -> p.toUserError(root)).toList();
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(new Problem(UserErrorCode.INVALID, field, message, null, null, null, null));
    }

    /** The database user the application connects as lacks a privilege the request needs (docs/bi.md). */
    public static DomainException insufficientPrivilege(String field, String message) {
        return new DomainException(
                new Problem(UserErrorCode.INSUFFICIENT_PRIVILEGE, field, message, null, null, null, null));
    }

    public static DomainException notFound(String field, String message) {
        return new DomainException(new Problem(UserErrorCode.NOT_FOUND, field, message, null, null, null, null));
    }

    public static DomainException archived(String field, String message) {
        return new DomainException(new Problem(UserErrorCode.ARCHIVED, field, message, null, null, null, null));
    }

    public static DomainException conflict(String field, String message, Object existingId) {
        return new DomainException(new Problem(
                UserErrorCode.CONFLICT,
                field,
                message,
                existingId == null ? null : existingId.toString(),
                null,
                null,
                null));
    }

    public static DomainException closedPeriod(String field, YearMonth month) {
        return new DomainException(new Problem(
                UserErrorCode.CLOSED_PERIOD,
                field,
                "month " + month + " is closed: reopen it or date the entry in an open month",
                null,
                month,
                null,
                null));
    }

    /** A second close of a closed month: it has to be reopened (with a reason) first. */
    public static DomainException alreadyClosed(String field, YearMonth month) {
        return new DomainException(new Problem(
                UserErrorCode.CLOSED_PERIOD,
                field,
                "month " + month + " is already closed: reopen it first to close it again",
                null,
                month,
                null,
                null));
    }

    public static DomainException missingFxRate(String field, String currency, LocalDate date) {
        return new DomainException(new Problem(
                UserErrorCode.MISSING_FX_RATE,
                field,
                "no FX rate for " + currency + " dated on or before " + date,
                null,
                null,
                currency,
                date));
    }
}
