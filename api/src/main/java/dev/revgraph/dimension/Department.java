package dev.revgraph.dimension;

import java.time.OffsetDateTime;

/** A department; every spend line belongs to exactly one. */
public record Department(long id, String code, String name, DepartmentKind kind, OffsetDateTime archivedAt) {
    public boolean archived() {
        return archivedAt != null;
    }
}
