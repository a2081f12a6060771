package dev.revgraph.budget;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/** Budget transfers: requests to move an amount between two department lines of an approved version. */
public final class BudgetTransfers {

    private BudgetTransfers() {}

    /** Where a transfer request stands; a decision is final. */
    public enum BudgetTransferStatus {
        PENDING,
        APPROVED,
        REJECTED
    }

    /** A transfer request as stored. */
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
            String decisionReason) {}

    /** The GraphQL input of {@code requestBudgetTransfer}. */
    public record RequestBudgetTransferInput(
            String budgetVersion,
            YearMonth month,
            String fromDepartmentCode,
            String toDepartmentCode,
            BigDecimal amount,
            String reason) {}

    /** The GraphQL input of {@code approveBudgetTransfer} and {@code rejectBudgetTransfer}. */
    public record DecideBudgetTransferInput(String id, String reason) {}
}
