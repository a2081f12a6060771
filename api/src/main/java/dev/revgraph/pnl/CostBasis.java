package dev.revgraph.pnl;

/** Which costs a P&L row carries: its own spend lines, or those plus the allocations onto it (docs/metrics.md). */
public enum CostBasis {
    /** Spend lines only, each in its own slices. */
    DIRECT,
    /** Spend lines plus the amounts allocation rules moved onto the slice, less those they moved out of it. */
    FULLY_LOADED
}
