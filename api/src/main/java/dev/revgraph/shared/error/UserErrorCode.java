package dev.revgraph.shared.error;

/** The classification of an expected failure; mirrors the GraphQL enum of the same name. */
public enum UserErrorCode {
    INVALID,
    NOT_FOUND,
    CONFLICT,
    ARCHIVED,
    CLOSED_PERIOD,
    MISSING_FX_RATE,
    INSUFFICIENT_PRIVILEGE,
    BUDGET_EXCEEDED
}
