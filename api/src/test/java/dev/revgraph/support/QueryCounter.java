package dev.revgraph.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Counts the SQL statements jOOQ executes, so tests can show a request's query count stays flat. */
public class QueryCounter implements ExecuteListener {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void executeStart(ExecuteContext ctx) {
        count.incrementAndGet();
    }

    public void reset() {
        count.set(0);
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
