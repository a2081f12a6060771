package dev.revgraph.pnl;

/** The length of a P&L period on the fiscal calendar. */
public enum Granularity {
    MONTH(1),
    QUARTER(3),
    YEAR(12);

    final int months;

    Granularity(int months) {
        this.months = months;
    }
}
