package dev.revgraph.shared.limits;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.postgresql.jdbc.PgStatement;
import org.springframework.jdbc.UncategorizedSQLException;

/**
 * Gives every jOOQ statement run for a web request the request's remaining time as a PostgreSQL
 * limit, so that PostgreSQL cancels it (SQLSTATE 57014) instead of letting it run on, holding a
 * pooled connection, after the client has been answered.
 *
 * <p>Inside a transaction (most service methods are one) the limit is {@code SET LOCAL
 * statement_timeout}, enforced by the server, renewed before each statement with the time then
 * left, and gone at commit or rollback, so a connection goes back to the pool without it; the
 * transaction's other statements (a COPY, say) keep the last value. A statement outside a
 * transaction gets the driver's query timeout instead, to the millisecond, which lives on the
 * statement object only (the driver asks the server to cancel it): a list page and the token lookup
 * run that way ({@code ReadWithoutTransaction}). A statement that starts after the time is spent fails at
 * once as cancelled. Work without a {@link RequestDeadline} (the import command, the demo data
 * load) is not touched.
 */
final class StatementTimeouts implements ExecuteListener {

    @Override
    public void executeStart(ExecuteContext ctx) {
        Optional<Duration> remaining = RequestDeadline.remaining();
        if (remaining.isEmpty()) {
            return;
        }
        RequestDeadline.checkpoint(); // a statement that starts after the time is spent fails at once
        long millis = Math.max(1, remaining.get().toMillis());
        try {
            Connection connection = ctx.connection();
            if (connection.getAutoCommit()) {
                Statement statement = ctx.statement();
                if (statement.isWrapperFor(PgStatement.class)) {
                    // to the millisecond, as SET LOCAL would be: JDBC's own timeout counts whole seconds
                    statement.unwrap(PgStatement.class).setQueryTimeoutMs(millis);
                } else {
                    statement.setQueryTimeout((int) Math.max(1, (millis + 999) / 1000));
                }
            } else {
                try (Statement set = connection.createStatement()) {
                    set.execute("set local statement_timeout = " + millis);
                }
            }
        } catch (SQLException e) {
            throw new UncategorizedSQLException("limit the statement to the request's remaining time", null, e);
        }
    }
}
