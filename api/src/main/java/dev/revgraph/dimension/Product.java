package dev.revgraph.dimension;

import java.time.OffsetDateTime;

/** A product or plan the company sells. */
public record Product(long id, String code, String name, OffsetDateTime archivedAt) {
    public boolean archived() {
        return archivedAt != null;
    }
}
