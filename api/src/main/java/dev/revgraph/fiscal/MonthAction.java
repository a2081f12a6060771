package dev.revgraph.fiscal;

/** A change of a month's status. */
public enum MonthAction {
    CLOSE,
    REOPEN
}
