package dev.revgraph.shared.graphql;

import java.util.List;

/** The GraphQL {@code PageInfo} of a cursor connection. */
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {

    /** The page info of a page whose items have these cursors, in order. */
    public static PageInfo of(List<String> cursors, boolean hasNextPage, boolean hasPreviousPage) {
        return new PageInfo(
                hasNextPage,
                hasPreviousPage,
                cursors.isEmpty() ? null : cursors.get(0),
                cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
    }
}
