package dev.revgraph.dimension;

import dev.revgraph.shared.spendcontrol.SpendControl;
import java.time.OffsetDateTime;

/** A department; every spend line belongs to exactly one. {@code spendControl}: docs/metrics.md, Spend controls. */
public record Department(
        long id, String code, String name, DepartmentKind kind, OffsetDateTime archivedAt, SpendControl spendControl) {
    public boolean archived() {
        return archivedAt != null;
    }
}
