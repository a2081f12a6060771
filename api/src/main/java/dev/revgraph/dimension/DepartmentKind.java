package dev.revgraph.dimension;

/** What a department does; mirrors the GraphQL enum. */
public enum DepartmentKind {
    MARKETING,
    SALES,
    OPERATIONS,
    FINANCE,
    PRODUCT,
    GENERAL
}
