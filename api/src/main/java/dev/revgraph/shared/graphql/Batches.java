package dev.revgraph.shared.graphql;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The one way an association is loaded for a whole batch of parents: one query for all their keys. */
public final class Batches {

    private Batches() {}

    /**
     * Maps each parent to its target, loading every distinct non-null key with a single call of
     * {@code load}; parents without a key or target are left out (the field resolves to null).
     */
    public static <P, T> Map<P, T> byKey(
            List<P> parents, Function<P, Long> key, Function<Collection<Long>, Map<Long, T>> load) {
        List<Long> ids =
                parents.stream().map(key).filter(Objects::nonNull).distinct().toList();
        Map<Long, T> targets = ids.isEmpty() ? Map.of() : load.apply(ids);
        Map<P, T> result = new LinkedHashMap<>();
        for (P parent : parents) {
            T target = key.apply(parent) == null ? null : targets.get(key.apply(parent));
            if (target != null) {
                result.put(parent, target);
            }
        }
        return result;
    }
}
