package dev.revgraph.bi;

import java.time.OffsetDateTime;

/**
 * A PostgreSQL login role for a BI tool (docs/bi.md): {@code name} is its user name; it reads the
 * views of the schema {@code reporting} and nothing else. Its password is never stored here.
 */
public record BiCredential(
        String id,
        String name,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime revokedAt,
        String revokedBy) {

    public boolean active() {
        return revokedAt == null;
    }
}
