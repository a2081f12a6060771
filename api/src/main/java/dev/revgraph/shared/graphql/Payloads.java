package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.UserError;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs a mutation and shapes its payload: the changed object on success, typed user errors
 * (with field paths under {@code input}) on an expected failure. The service's transaction has
 * already rolled back when the errors are built, so nothing is written.
 */
public final class Payloads {

    private Payloads() {}

    public static <T, P> P of(Supplier<T> mutation, BiFunction<T, List<UserError>, P> payload) {
        T result;
        try {
            result = mutation.get();
        } catch (DomainException e) {
            return payload.apply(null, e.userErrors("input"));
        }
        return payload.apply(result, List.of());
    }
}
