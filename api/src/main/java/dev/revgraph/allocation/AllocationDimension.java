package dev.revgraph.allocation;

/** The dimension an allocation rule moves its pool onto; mirrors the GraphQL enum. */
public enum AllocationDimension {
    SEGMENT,
    PRODUCT,
    REGION,
    DEPARTMENT
}
