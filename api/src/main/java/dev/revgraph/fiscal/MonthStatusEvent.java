package dev.revgraph.fiscal;

import java.time.OffsetDateTime;
import java.time.YearMonth;

/** One close or reopen of a month. */
public record MonthStatusEvent(
        YearMonth month, MonthAction action, String reason, String actor, OffsetDateTime at, long spendLineCount) {}
