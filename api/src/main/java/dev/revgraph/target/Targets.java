package dev.revgraph.target;

import dev.revgraph.shared.money.Figures;
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
            Boolean met,
            TargetsVsActualRow comparison,
            TargetsVsActualChange change) {

        TargetsVsActualRow(
                YearMonth month,
                TargetFigure figure,
                BigDecimal target,
                BigDecimal actual,
                BigDecimal attainment,
                Boolean met) {
            this(month, figure, target, actual, attainment, met, null, null);
        }

        /** This row with {@code before} (the same figure of the compared month) and the change from it. */
        TargetsVsActualRow compared(TargetsVsActualRow before) {
            return new TargetsVsActualRow(
                    month,
                    figure,
                    target,
                    actual,
                    attainment,
                    met,
                    before,
                    new TargetsVsActualChange(
                            difference(target, before.target()),
                            difference(actual, before.actual()),
                            actual == null ? null : Figures.ratio(difference(actual, before.actual()), before.actual()),
                            difference(attainment, before.attainment())));
        }

        private static BigDecimal difference(BigDecimal a, BigDecimal b) {
            return a == null || b == null ? null : a.subtract(b);
        }
    }

    /** The GraphQL {@code TargetsVsActualChange}: a row's served figures less its compared row's. */
    public record TargetsVsActualChange(
            BigDecimal target, BigDecimal actual, BigDecimal actualPct, BigDecimal attainment) {}

    public record TargetsVsActualReport(String currency, String segmentCode, List<TargetsVsActualRow> rows) {}
}
