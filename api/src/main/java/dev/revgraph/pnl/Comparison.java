package dev.revgraph.pnl;

/** What a row is compared with. */
public enum Comparison {
    PREVIOUS_PERIOD,
    PREVIOUS_YEAR
}
