package dev.revgraph.budget;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/**
 * Budget transfers: requests to move an amount between two department lines, or two segment lines,
 * of an approved version. One table and one implementation serve both kinds; GraphQL serves each
 * kind as its own type so that neither carries the other's codes.
 */
public final class BudgetTransfers {

    private BudgetTransfers() {}

    /** Where a transfer request stands; a decision is final. */
    public enum BudgetTransferStatus {
        PENDING,
        APPROVED,
        REJECTED
    }

    /**
     * The kind of the two lines a transfer moves an amount between, with the names its GraphQL
     * input gives the two codes (the fields its errors name).
     */
    enum LineKind {
        /** Two department lines without category. */
        DEPARTMENT("department", "fromDepartmentCode", "toDepartmentCode", " (no category)"),
        /** Two segment lines. */
        SEGMENT("segment", "fromSegmentCode", "toSegmentCode", "");

        final String label;
        final String fromField;
        final String toField;
        final String lineNote;

        LineKind(String label, String fromField, String toField, String lineNote) {
            this.label = label;
            this.fromField = fromField;
            this.toField = toField;
            this.lineNote = lineNote;
        }

        /** The mutations that decide a transfer of this kind, for the error on another kind's id. */
        String decidedBy() {
            return this == DEPARTMENT
                    ? "approveBudgetTransfer or rejectBudgetTransfer"
                    : "approveSegmentBudgetTransfer or rejectSegmentBudgetTransfer";
        }
    }

    /** A transfer request as stored, of either kind; the codes are departments' or segments'. */
    record Transfer(
            long id,
            LineKind kind,
            String budgetVersion,
            YearMonth month,
            String fromCode,
            String toCode,
            BigDecimal amount,
            String reason,
            BudgetTransferStatus status,
            OffsetDateTime requestedAt,
            String requestedBy,
            OffsetDateTime decidedAt,
            String decidedBy,
            String decisionReason) {}

    /** A department transfer request as stored. */
    public record BudgetTransfer(
            long id,
            String budgetVersion,
            YearMonth month,
            String fromDepartmentCode,
            String toDepartmentCode,
            BigDecimal amount,
            String reason,
            BudgetTransferStatus status,
            OffsetDateTime requestedAt,
            String requestedBy,
            OffsetDateTime decidedAt,
            String decidedBy,
            String decisionReason) {

        static BudgetTransfer of(Transfer t) {
            return new BudgetTransfer(
                    t.id(),
                    t.budgetVersion(),
                    t.month(),
                    t.fromCode(),
                    t.toCode(),
                    t.amount(),
                    t.reason(),
                    t.status(),
                    t.requestedAt(),
                    t.requestedBy(),
                    t.decidedAt(),
                    t.decidedBy(),
                    t.decisionReason());
        }
    }

    /** A segment transfer request as stored. */
    public record SegmentBudgetTransfer(
            long id,
            String budgetVersion,
            YearMonth month,
            String fromSegmentCode,
            String toSegmentCode,
            BigDecimal amount,
            String reason,
            BudgetTransferStatus status,
            OffsetDateTime requestedAt,
            String requestedBy,
            OffsetDateTime decidedAt,
            String decidedBy,
            String decisionReason) {

        static SegmentBudgetTransfer of(Transfer t) {
            return new SegmentBudgetTransfer(
                    t.id(),
                    t.budgetVersion(),
                    t.month(),
                    t.fromCode(),
                    t.toCode(),
                    t.amount(),
                    t.reason(),
                    t.status(),
                    t.requestedAt(),
                    t.requestedBy(),
                    t.decidedAt(),
                    t.decidedBy(),
                    t.decisionReason());
        }
    }

    /** The GraphQL input of {@code requestBudgetTransfer}. */
    public record RequestBudgetTransferInput(
            String budgetVersion,
            YearMonth month,
            String fromDepartmentCode,
            String toDepartmentCode,
            BigDecimal amount,
            String reason) {}

    /** The GraphQL input of {@code requestSegmentBudgetTransfer}. */
    public record RequestSegmentBudgetTransferInput(
            String budgetVersion,
            YearMonth month,
            String fromSegmentCode,
            String toSegmentCode,
            BigDecimal amount,
            String reason) {}

    /** The GraphQL input of the four decisions: approve or reject, a department or a segment transfer. */
    public record DecideBudgetTransferInput(String id, String reason) {}
}
