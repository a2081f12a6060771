package dev.revgraph.shared.report;

/** A slice of a fact a {@link ReportFilter} tests (docs/metrics.md, "One filter for every report"). */
public enum ReportDimension {
    SEGMENT,
    PRODUCT,
    REGION,
    DEPARTMENT,
    CHANNEL,
    CAMPAIGN,
    OBJECTIVE
}
