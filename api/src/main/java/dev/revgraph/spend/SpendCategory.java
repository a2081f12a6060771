package dev.revgraph.spend;

/** What money was spent on; COST_OF_SERVICE is the P&L's cost of service, the rest operating expenses. */
public enum SpendCategory {
    ADVERTISING,
    SALARIES,
    CONTRACTORS,
    TOOLS,
    EVENTS,
    COST_OF_SERVICE,
    OVERHEAD,
    OTHER
}
