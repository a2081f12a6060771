package dev.revgraph.shared.graphql;

/** The GraphQL {@code PageInfo} of a cursor connection. */
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}
