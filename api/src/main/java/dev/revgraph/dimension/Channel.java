package dev.revgraph.dimension;

import java.time.OffsetDateTime;

/** A marketing or sales channel; paid channels are the ones paid CAC counts. */
public record Channel(long id, String code, String name, boolean paid, OffsetDateTime archivedAt) {
    public boolean archived() {
        return archivedAt != null;
    }
}
