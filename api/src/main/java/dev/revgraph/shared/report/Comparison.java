package dev.revgraph.shared.report;

/** What a report's rows are compared with: an earlier period, or a plan (the P&L only). */
public enum Comparison {
    PREVIOUS_PERIOD,
    PREVIOUS_YEAR,
    BUDGET,
    FORECAST;

    /** True for the plans, which the P&L serves in {@code plan} and {@code planChange}. */
    public boolean isPlan() {
        return this == BUDGET || this == FORECAST;
    }
}
