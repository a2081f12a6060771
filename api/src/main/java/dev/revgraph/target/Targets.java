package dev.revgraph.target;

import dev.revgraph.shared.money.Money;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of segment targets and targets vs actual. */
public final class Targets {

    private Targets() {}

    /** A figure a segment is given a target for. */
    public enum TargetFigure {
        NEW_CUSTOMERS,
        NEW_MRR,
        REVENUE,
        MAX_CAC
    }

    /** The targets of a segment subtree for a month, as set. */
    public record SegmentTarget(
            String segmentCode,
            YearMonth month,
            Integer newCustomers,
            Money newMrr,
            Money revenue,
            Money maxCac,
            OffsetDateTime updatedAt,
            String updatedBy) {}

    /** The GraphQL input of {@code setSegmentTargets}. */
    public record SetSegmentTargetsInput(
            String segmentCode,
            YearMonth month,
            Integer newCustomers,
            BigDecimal newMrr,
            BigDecimal revenue,
            BigDecimal maxCac,
            String currency) {}

    public record TargetsVsActualRow(
            YearMonth month,
            TargetFigure figure,
            BigDecimal target,
            BigDecimal actual,
            BigDecimal attainment,
            Boolean met) {}

    public record TargetsVsActualReport(String currency, String segmentCode, List<TargetsVsActualRow> rows) {}
}
