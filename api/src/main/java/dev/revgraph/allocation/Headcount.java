package dev.revgraph.allocation;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/** The FTE of a department or a segment (one code is null) in a month. */
public record Headcount(
        String departmentCode,
        String segmentCode,
        String name,
        YearMonth month,
        BigDecimal fte,
        OffsetDateTime updatedAt,
        String updatedBy) {}
