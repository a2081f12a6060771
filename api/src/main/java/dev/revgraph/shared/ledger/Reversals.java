package dev.revgraph.shared.ledger;

import dev.revgraph.shared.error.DomainException;
import java.util.function.Function;

/** The rules every append-only ledger shares for reversals: the line exists and is not itself a reversal. */
public final class Reversals {

    private Reversals() {}

    /** Returns the line to reverse, or fails naming {@code lineId} with what is wrong. */
    public static <T> T requireReversible(
            String ledger, String lineId, T original, Function<T, Long> id, Function<T, Long> reverses) {
        if (original == null) {
            throw DomainException.notFound("lineId", "no " + ledger + " line has id " + lineId);
        }
        if (reverses.apply(original) != null) {
            throw DomainException.invalid(
                    "lineId",
                    "line " + id.apply(original) + " is itself a reversal of line " + reverses.apply(original)
                            + " and cannot be reversed");
        }
        return original;
    }
}
