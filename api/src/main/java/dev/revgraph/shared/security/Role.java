package dev.revgraph.shared.security;

/** What a caller may do; the README has the full matrix. */
public enum Role {
    ADMIN,
    FINANCE,
    DEPARTMENT,
    ANALYST
}
