package dev.revgraph.allocation;

/** What a change of an allocation rule did; mirrors the GraphQL enum. */
public enum AllocationRuleAction {
    CREATE,
    END
}
