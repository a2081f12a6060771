package dev.revgraph.shared.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.YearMonth;
import java.util.Optional;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.springframework.transaction.TransactionSystemException;

/** Reads the SQLSTATE codes the schema's own functions raise, through whatever wraps them. */
public final class SqlStates {

    /** Raised by {@code assert_months_open}: a write dated in a closed month; the detail is the month. */
    public static final String CLOSED_MONTH = "RG001";

    public static final String UNIQUE_VIOLATION = "23505";

    /** PostgreSQL cancelled the statement: its {@code statement_timeout} expired, or a cancel request came. */
    public static final String QUERY_CANCELED = "57014";

    /** Server states that mean the server is going away or not yet back: admin, crash and start-up shutdown. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    /** HikariCP's message for a connection it has already closed. */
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    private SqlStates() {}

    /**
     * Whether the error means the database could not be reached rather than that a statement
     * failed: a connection exception (SQLSTATE class 08, which the pool also reports when it could
     * not open a connection) or the server shutting down or starting (57P01-57P03).
     */
    public static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // A rollback after a lost connection fails on the pool's closed connection, which names
            // no SQLSTATE; the failure that led to the rollback does.
            if (t instanceof TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && unreachable(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
            // The pool closes a connection it found broken; a commit or rollback on it then fails
            // with this, and no SQLSTATE, while Spring keeps only that failure.
            if (t instanceof SQLException sql
                    && sql.getSQLState() == null
                    && POOL_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether no connection could be had within the pool's timeout: with a reachable database that
     * means every connection stayed busy, a matter of load, not of the database being away.
     */
    public static boolean noConnection(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

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
                .map(e -> YearMonth.parse(
                        ((PSQLException) e).getServerErrorMessage().getDetail()));
    }

    public static boolean is(Throwable error, String sqlState) {
        return sqlException(error).map(e -> sqlState.equals(e.getSQLState())).orElse(false);
    }
}
