package dev.revgraph.shared.db;

import java.sql.SQLException;
import java.time.YearMonth;
import org.postgresql.util.PSQLException;
import java.util.Optional;

/** Reads the SQLSTATE codes the schema's own functions raise, through whatever wraps them. */
public final class SqlStates {

    /** Raised by {@code assert_months_open}: a write dated in a closed month; the detail is the month. */
    public static final String CLOSED_MONTH = "RG001";

    public static final String UNIQUE_VIOLATION = "23505";

    /** PostgreSQL cancelled the statement: its {@code statement_timeout} expired, or a cancel request came. */
    public static final String QUERY_CANCELED = "57014";

    private SqlStates() {}

    /** The first {@link SQLException} in the cause chain, if any. */
    public static Optional<SQLException> sqlException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    /** The closed month a write ran into, when the error is the schema's closed-month guard. */
    public static Optional<YearMonth> closedMonth(Throwable error) {
        return sqlException(error)
                .filter(e -> CLOSED_MONTH.equals(e.getSQLState()))
                .filter(e -> e instanceof PSQLException p && p.getServerErrorMessage() != null)
                .map(e -> YearMonth.parse(((PSQLException) e).getServerErrorMessage().getDetail()));
    }

    public static boolean is(Throwable error, String sqlState) {
        return sqlException(error).map(e -> sqlState.equals(e.getSQLState())).orElse(false);
    }
}
