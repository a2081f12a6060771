package dev.revgraph.pnl;

/** A dimension the P&L can be grouped or filtered by. */
public enum PnlDimension {
    SEGMENT,
    PRODUCT,
    REGION,
    DEPARTMENT,
    CHANNEL
}
