package dev.revgraph.token;

import dev.revgraph.shared.security.Role;
import java.time.OffsetDateTime;
import java.util.List;

/** An API token's record; the secret is never stored, only its hash. */
public record ApiToken(
        long id,
        String name,
        Role role,
        List<String> departmentCodes,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime expiresAt,
        OffsetDateTime revokedAt) {

    public boolean active() {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(OffsetDateTime.now()));
    }
}
