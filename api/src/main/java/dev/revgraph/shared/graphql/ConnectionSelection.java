package dev.revgraph.shared.graphql;

import graphql.schema.DataFetchingFieldSelectionSet;

/**
 * Which parts of a connection a request selected, so a list runs only the statements it needs:
 * the page of rows for {@code edges} and {@code pageInfo}, the count and total of the whole filter
 * for {@code totalCount} and {@code total}. Counting and converting every matching line to show
 * the first twenty took seconds on a ledger of millions of lines, whether or not anyone asked.
 *
 * @param page whether {@code edges} or {@code pageInfo} is selected
 * @param totals whether {@code totalCount} or {@code total} is selected
 */
public record ConnectionSelection(boolean page, boolean totals) {

    /** Everything: for callers outside a GraphQL request. */
    public static final ConnectionSelection ALL = new ConnectionSelection(true, true);

    public static ConnectionSelection of(DataFetchingFieldSelectionSet selection) {
        return new ConnectionSelection(
                selection.contains("edges") || selection.contains("pageInfo"),
                selection.contains("totalCount") || selection.contains("total"));
    }
}
