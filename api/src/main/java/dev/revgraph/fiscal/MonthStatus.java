package dev.revgraph.fiscal;

/** Whether a month still takes new ledger lines. */
public enum MonthStatus {
    OPEN,
    CLOSED
}
