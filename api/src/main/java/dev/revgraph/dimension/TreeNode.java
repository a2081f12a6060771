package dev.revgraph.dimension;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A member of a tree dimension (segment or region) with its place in the tree. The GraphQL types
 * {@code Segment} and {@code Region} have the same shape; {@link #kind} tells them apart.
 */
public record TreeNode(
        TreeKind kind,
        long id,
        String code,
        String name,
        Long parentId,
        List<String> path,
        int depth,
        OffsetDateTime archivedAt) {
    public boolean archived() {
        return archivedAt != null;
    }
}
