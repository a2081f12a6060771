package dev.revgraph.shared.error;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * An expected failure as a mutation payload carries it. The record names equal the GraphQL
 * types implementing the {@code UserError} interface, which is how Spring resolves them.
 */
public sealed interface UserError {

    String message();

    List<String> field();

    UserErrorCode code();

    record InvalidInputError(String message, List<String> field, UserErrorCode code) implements UserError {}

    record NotFoundError(String message, List<String> field, UserErrorCode code) implements UserError {}

    record ArchivedError(String message, List<String> field, UserErrorCode code) implements UserError {}

    record ConflictError(String message, List<String> field, UserErrorCode code, String existingId)
            implements UserError {}

    record ClosedPeriodError(String message, List<String> field, UserErrorCode code, YearMonth month)
            implements UserError {}

    record MissingFxRateError(String message, List<String> field, UserErrorCode code, String currency, LocalDate date)
            implements UserError {}

    record BudgetExceededError(
            String message,
            List<String> field,
            UserErrorCode code,
            String departmentCode,
            YearMonth month,
            BigDecimal budget,
            BigDecimal actual,
            BigDecimal over,
            String currency)
            implements UserError {}
}
