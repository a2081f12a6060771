package dev.revgraph.budget;

import dev.revgraph.shared.money.Money;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

/** The GraphQL types of budget versions: a named budget that is drafted, approved, then locked. */
public final class BudgetVersions {

    private BudgetVersions() {}

    /** Where a version stands: only a DRAFT changes; reports read the latest APPROVED (or LOCKED) one. */
    public enum BudgetVersionStatus {
        DRAFT,
        APPROVED,
        LOCKED
    }

    /** What happened to a version. */
    public enum BudgetVersionEventKind {
        CREATED,
        LINES_SET,
        APPROVED,
        LOCKED,
        TRANSFER
    }

    public record BudgetVersion(
            long id,
            String name,
            BudgetVersionStatus status,
            boolean isDefault,
            boolean isLatestApproved,
            String copiedFrom,
            OffsetDateTime createdAt,
            String createdBy,
            OffsetDateTime approvedAt,
            String approvedBy,
            OffsetDateTime lockedAt,
            String lockedBy) {}

    public record BudgetVersionEvent(
            long versionId, BudgetVersionEventKind kind, OffsetDateTime at, String actor, String note) {}

    /** The budget of a segment for a month within a version. */
    public record SegmentBudget(
            String budgetVersion,
            String segmentCode,
            String segmentName,
            YearMonth month,
            Money amount,
            OffsetDateTime updatedAt,
            String updatedBy) {}

    /** The GraphQL input of {@code createBudgetVersion}. */
    public record CreateBudgetVersionInput(String name, String copyFrom) {}

    /** One department line of {@code setBudgetLines}. */
    public record BudgetLineInput(
            String departmentCode, YearMonth month, SpendCategory category, BigDecimal amount, String currency) {}

    /** One segment line of {@code setBudgetLines}. */
    public record SegmentBudgetLineInput(String segmentCode, YearMonth month, BigDecimal amount, String currency) {}

    /** The GraphQL input of {@code setBudgetLines}. */
    public record SetBudgetLinesInput(
            String budgetVersion, List<BudgetLineInput> departmentLines, List<SegmentBudgetLineInput> segmentLines) {}

    /** The GraphQL input of {@code approveBudgetVersion}. */
    public record ApproveBudgetVersionInput(String budgetVersion) {}

    /** The GraphQL input of {@code lockBudgetVersion}. */
    public record LockBudgetVersionInput(String budgetVersion) {}
}
