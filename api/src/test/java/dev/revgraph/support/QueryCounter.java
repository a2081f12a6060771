package dev.revgraph.support;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Counts the SQL statements jOOQ executes, so tests can show a request's query count stays flat. */
public class QueryCounter implements ExecuteListener {

    private final AtomicInteger count = new AtomicInteger();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<String> inlined = new CopyOnWriteArrayList<>();
    private final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

    @Override
    public void executeStart(ExecuteContext ctx) {
        count.incrementAndGet();
        statements.add(String.valueOf(ctx.sql()));
        inlined.add(ctx.query() == null ? String.valueOf(ctx.sql()) : ctx.dsl().renderInlined(ctx.query()));
        try {
            inTransaction.add(!ctx.connection().getAutoCommit());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void reset() {
        count.set(0);
        statements.clear();
        inlined.clear();
        inTransaction.clear();
    }

    /** The statements counted since the last reset with their bind values inlined, ready to EXPLAIN. */
    public List<String> inlined() {
        return List.copyOf(inlined);
    }

    /**
     * Whether each statement counted since the last reset ran inside a transaction, which costs a
     * BEGIN, a COMMIT and a SET LOCAL statement_timeout before each statement (StatementTimeouts).
     */
    public List<Boolean> inTransaction() {
        return List.copyOf(inTransaction);
    }

    /** The SQL of the statements counted since the last reset, in the order they ran. */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    public int count() {
        return count.get();
    }

    /** Registers the counter with Spring Boot's jOOQ auto-configuration. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        QueryCounter queryCounter() {
            return new QueryCounter();
        }

        @Bean
        org.jooq.ExecuteListenerProvider queryCounterProvider(QueryCounter counter) {
            return () -> counter;
        }
    }
}
