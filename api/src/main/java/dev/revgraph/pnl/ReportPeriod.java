package dev.revgraph.pnl;

import java.time.LocalDate;

/**
 * One period of a report over whole fiscal periods: its label ({@code 2030-01}, {@code FY2030-Q1},
 * {@code FY2030}), its first and last day, and whether every month of it is closed.
 */
public record ReportPeriod(String label, LocalDate start, LocalDate end, boolean closed) {}
