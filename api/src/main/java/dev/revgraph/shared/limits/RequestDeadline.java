package dev.revgraph.shared.limits;

import dev.revgraph.shared.db.SqlStates;
import io.micrometer.context.ThreadLocalAccessor;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.QueryTimeoutException;
import reactor.util.context.Context;

/**
 * When the database must have finished with the current web GraphQL request, so that the data
 * layer can hand PostgreSQL the time that is left ({@link StatementTimeouts}). Only the request
 * timeout interceptor starts one, so the import command, the demo-data load at start-up and any
 * other work outside a web request never has a deadline and never has its statements limited.
 *
 * <p>The interceptor puts the deadline into the request's Reactor context; Spring for GraphQL
 * restores it as this thread-local around every data fetcher and batch loader, on whichever thread
 * runs them, through {@link Accessor} (registered with Micrometer's context propagation in
 * {@code META-INF/services}). Nothing else sets the thread-local, so a pooled thread never keeps it.
 */
public final class RequestDeadline {

    static final String KEY = "dev.revgraph.request-deadline";

    /** The deadline as a {@link System#nanoTime()} value; unset outside a web request. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private RequestDeadline() {}

    /** The time left to the current request; zero or negative once spent, empty outside a web request. */
    public static Optional<Duration> remaining() {
        Long deadline = DEADLINE.get();
        return deadline == null ? Optional.empty() : Optional.of(Duration.ofNanos(deadline - System.nanoTime()));
    }

    /**
     * Stops the current request when its time is spent, with the error of a statement PostgreSQL
     * cancelled (SQLSTATE 57014, answered as the request's TIMEOUT): for long work in Java between
     * statements, which {@code statement_timeout} does not bound and the request timeout's answer
     * cannot interrupt. Does nothing outside a web request.
     */
    public static void checkpoint() {
        Long deadline = DEADLINE.get();
        if (deadline != null && deadline - System.nanoTime() <= 0) {
            throw new QueryTimeoutException(
                    "the request's time is spent",
                    new SQLTimeoutException("the request's time is spent", SqlStates.QUERY_CANCELED));
        }
    }

    /**
     * Runs {@code work} on this thread with a deadline {@code budget} from now (or the current one,
     * when that is sooner), for work outside a web request that wants its statements bounded too.
     */
    public static <T> T within(Duration budget, Supplier<T> work) {
        Long previous = DEADLINE.get();
        long deadline = System.nanoTime() + budget.toNanos();
        DEADLINE.set(previous == null || deadline - previous < 0 ? deadline : previous);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /** The request's Reactor context with a deadline {@code budget} from now. */
    static Context start(Context context, Duration budget) {
        return context.put(KEY, System.nanoTime() + budget.toNanos());
    }

    /** Carries the deadline from the request's context to the threads that run its data fetchers. */
    public static final class Accessor implements ThreadLocalAccessor<Long> {

        @Override
        public Object key() {
            return KEY;
        }

        @Override
        public Long getValue() {
            return DEADLINE.get();
        }

        @Override
        public void setValue(Long value) {
            DEADLINE.set(value);
        }

        @Override
        public void setValue() {
            DEADLINE.remove();
        }
    }
}
