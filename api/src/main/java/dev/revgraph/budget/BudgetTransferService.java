package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET_TRANSFER;
import static dev.revgraph.db.Tables.BUDGET_VERSION;

import dev.revgraph.budget.BudgetTransferRepository.Line;
import dev.revgraph.budget.BudgetTransfers.BudgetTransfer;
import dev.revgraph.budget.BudgetTransfers.BudgetTransferStatus;
import dev.revgraph.budget.BudgetTransfers.DecideBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.LineKind;
import dev.revgraph.budget.BudgetTransfers.RequestBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.RequestSegmentBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.SegmentBudgetTransfer;
import dev.revgraph.budget.BudgetTransfers.Transfer;
import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEventKind;
import dev.revgraph.budget.BudgetVersions.BudgetVersionStatus;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.security.Access;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jooq.Condition;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Budget transfers (docs/metrics.md, Budget versions): a request moves an amount from one line to
 * another of the same kind (two departments' lines without category, or two segments' lines),
 * within one APPROVED version and open month. Finance decides it once. An approval takes its locks
 * in one fixed order (the request, the version, then the two lines by owner id), so approvals
 * racing on one version queue and never deadlock, and the version's total never changes.
 *
 * <p>One implementation serves both kinds ({@link LineKind}); the public methods differ only in
 * who may call them, whose codes they take and which type they answer.
 */
@Service
@Transactional(readOnly = true)
public class BudgetTransferService {

    static final int MAX_REASON = 1000;

    private final BudgetTransferRepository transfers;
    private final BudgetVersionRepository versions;
    private final BudgetRepository budgets;
    private final DimensionService dimensions;
    private final FiscalService fiscal;
    private final CurrentActor actor;
    private final Access access;

    BudgetTransferService(
            BudgetTransferRepository transfers,
            BudgetVersionRepository versions,
            BudgetRepository budgets,
            DimensionService dimensions,
            FiscalService fiscal,
            CurrentActor actor,
            Access access) {
        this.transfers = transfers;
        this.versions = versions;
        this.budgets = budgets;
        this.dimensions = dimensions;
        this.fiscal = fiscal;
        this.actor = actor;
        this.access = access;
    }

    // ---- department lines

    /** Department requests of a version (null: every version) in a status (null: every status); a DEPARTMENT user sees those of its departments. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    public List<BudgetTransfer> list(String budgetVersion, BudgetTransferStatus status) {
        Condition c = filter(LineKind.DEPARTMENT, budgetVersion, status);
        if (access.scoped()) {
            List<String> scope = access.scope();
            c = c.and(BudgetTransferRepository.fromDepartmentCode()
                    .in(scope)
                    .or(BudgetTransferRepository.toDepartmentCode().in(scope)));
        }
        return transfers.list(c).stream().map(BudgetTransfer::of).toList();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public BudgetTransfer request(RequestBudgetTransferInput input) {
        access.requireDepartment(input.fromDepartmentCode());
        return BudgetTransfer.of(request(
                LineKind.DEPARTMENT,
                input.budgetVersion(),
                input.month(),
                input.fromDepartmentCode(),
                input.toDepartmentCode(),
                input.amount(),
                input.reason()));
    }

    /**
     * Approves a PENDING department request: the source line loses the amount, the target line
     * (created when missing, in the source line's currency) gains it, and the version's history
     * records a TRANSFER.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetTransfer approve(DecideBudgetTransferInput input) {
        return BudgetTransfer.of(approve(LineKind.DEPARTMENT, input));
    }

    /** Rejects a PENDING department request; nothing else changes. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetTransfer reject(DecideBudgetTransferInput input) {
        return BudgetTransfer.of(reject(LineKind.DEPARTMENT, input));
    }

    // ---- segment lines: readable by every role like segment budgets; requested by any writer

    /** Segment requests of a version (null: every version) in a status (null: every status). */
    public List<SegmentBudgetTransfer> listSegment(String budgetVersion, BudgetTransferStatus status) {
        return transfers.list(filter(LineKind.SEGMENT, budgetVersion, status)).stream()
                .map(SegmentBudgetTransfer::of)
                .toList();
    }

    /** Requests a segment transfer: segment lines belong to no department, so any DEPARTMENT user may ask. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public SegmentBudgetTransfer requestSegment(RequestSegmentBudgetTransferInput input) {
        return SegmentBudgetTransfer.of(request(
                LineKind.SEGMENT,
                input.budgetVersion(),
                input.month(),
                input.fromSegmentCode(),
                input.toSegmentCode(),
                input.amount(),
                input.reason()));
    }

    /** Approves a PENDING segment request, as {@link #approve(DecideBudgetTransferInput)} does a department's. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public SegmentBudgetTransfer approveSegment(DecideBudgetTransferInput input) {
        return SegmentBudgetTransfer.of(approve(LineKind.SEGMENT, input));
    }

    /** Rejects a PENDING segment request; nothing else changes. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public SegmentBudgetTransfer rejectSegment(DecideBudgetTransferInput input) {
        return SegmentBudgetTransfer.of(reject(LineKind.SEGMENT, input));
    }

    // ---- one implementation for both kinds

    private static Condition filter(LineKind kind, String budgetVersion, BudgetTransferStatus status) {
        Condition c = BudgetTransferRepository.ofKind(kind);
        if (budgetVersion != null) {
            c = c.and(BUDGET_VERSION.NAME.eq(budgetVersion));
        }
        if (status != null) {
            c = c.and(BUDGET_TRANSFER.STATUS.eq(status.name()));
        }
        return c;
    }

    private Transfer request(
            LineKind kind,
            String budgetVersion,
            YearMonth month,
            String fromCode,
            String toCode,
            BigDecimal amount,
            String reason) {
        Validation v = new Validation()
                .check(amount.signum() > 0, "amount", "must be more than zero")
                .amount("amount", amount)
                .text("reason", reason, MAX_REASON, true)
                .check(!fromCode.equals(toCode), kind.toField, "must differ from " + kind.fromField);
        v.throwIfAny();
        // a closed month never changes, whatever the version
        fiscal.assertMonthsOpen("month", List.of(month));
        BudgetVersion version = versions.lockByName(budgetVersion)
                .orElseThrow(
                        () -> DomainException.notFound("budgetVersion", "no budget version named " + budgetVersion));
        requireApproved(version);
        long from = ownerId(kind, kind.fromField, fromCode);
        long to = ownerId(kind, kind.toField, toCode);
        long id = transfers.insert(kind, version.id(), month.atDay(1), from, to, amount, reason.strip(), actor.name());
        return transfers.byId(id).orElseThrow();
    }

    private Transfer approve(LineKind kind, DecideBudgetTransferInput input) {
        Transfer transfer = lockPending(kind, input);
        BudgetVersion version = versions.lockByName(transfer.budgetVersion()).orElseThrow();
        requireApproved(version);
        fiscal.assertMonthsOpen("month", List.of(transfer.month()));
        long from = ownerId(kind, kind.fromField, transfer.fromCode());
        long to = ownerId(kind, kind.toField, transfer.toCode());
        LocalDate month = transfer.month().atDay(1);
        List<Line> lines = transfers.lockLines(kind, version.id(), month, from, to);
        Line source =
                lines.stream().filter(l -> l.ownerId() == from).findFirst().orElse(null);
        Line target = lines.stream().filter(l -> l.ownerId() == to).findFirst().orElse(null);
        if (source == null || transfer.amount().compareTo(source.amount()) > 0) {
            throw DomainException.invalid(
                    "amount",
                    "must be at most the source line: " + kind.label + " " + transfer.fromCode() + "'s budget for "
                            + transfer.month() + kind.lineNote + " in version " + version.name() + " is "
                            + (source == null ? "absent" : source.amount().toPlainString() + " " + source.currency()));
        }
        if (target != null && !target.currency().equals(source.currency())) {
            throw DomainException.invalid(
                    kind.toField,
                    "the target line is in " + target.currency() + ", the source line in " + source.currency()
                            + "; a transfer moves an amount between lines of one currency");
        }
        transfers.addToLine(kind, source.id(), transfer.amount().negate(), actor.name());
        if (target == null) {
            createLine(kind, version.id(), to, month, transfer.amount(), source.currency());
        } else {
            transfers.addToLine(kind, target.id(), transfer.amount(), actor.name());
        }
        transfers.decide(
                transfer.id(), BudgetTransferStatus.APPROVED, input.reason().strip(), actor.name());
        String between = kind == LineKind.DEPARTMENT
                ? transfer.fromCode() + " to " + transfer.toCode()
                : "segment " + transfer.fromCode() + " to segment " + transfer.toCode();
        versions.event(
                version.id(),
                BudgetVersionEventKind.TRANSFER,
                actor.name(),
                "transfer " + transfer.id() + ": " + transfer.amount().toPlainString() + " " + source.currency()
                        + " from " + between + ", " + transfer.month() + ", requested by "
                        + transfer.requestedBy() + ": " + transfer.reason());
        return transfers.byId(transfer.id()).orElseThrow();
    }

    private Transfer reject(LineKind kind, DecideBudgetTransferInput input) {
        Transfer transfer = lockPending(kind, input);
        transfers.decide(
                transfer.id(), BudgetTransferStatus.REJECTED, input.reason().strip(), actor.name());
        return transfers.byId(transfer.id()).orElseThrow();
    }

    /** The target line the version lacked, in the source line's currency. */
    private void createLine(
            LineKind kind, long versionId, long ownerId, LocalDate month, BigDecimal amount, String currency) {
        if (kind == LineKind.DEPARTMENT) {
            budgets.upsert(versionId, ownerId, month, null, amount, currency, actor.name());
        } else {
            versions.upsertSegmentLine(versionId, ownerId, month, amount, currency, actor.name());
        }
    }

    /** The id of an active department or segment, the error naming {@code field} otherwise. */
    private long ownerId(LineKind kind, String field, String code) {
        return kind == LineKind.DEPARTMENT
                ? dimensions.activeDepartmentId(field, code)
                : dimensions.activeNodeId(TreeKind.SEGMENT_TREE, field, code);
    }

    private Transfer lockPending(LineKind kind, DecideBudgetTransferInput input) {
        new Validation().text("reason", input.reason(), MAX_REASON, true).throwIfAny();
        long id;
        try {
            id = Long.parseLong(input.id());
        } catch (NumberFormatException e) {
            throw DomainException.notFound("id", "no budget transfer " + input.id());
        }
        if (transfers.lock(id).isEmpty()) {
            throw DomainException.notFound("id", "no budget transfer " + id);
        }
        Transfer transfer = transfers.byId(id).orElseThrow();
        if (transfer.kind() != kind) {
            throw DomainException.invalid(
                    "id",
                    "budget transfer " + id + " moves an amount between two " + transfer.kind().label
                            + " lines; decide it with " + transfer.kind().decidedBy());
        }
        if (transfer.status() != BudgetTransferStatus.PENDING) {
            throw DomainException.conflict(
                    "id",
                    "budget transfer " + id + " is " + transfer.status() + " by " + transfer.decidedBy()
                            + "; a decision is final",
                    id);
        }
        if (transfer.requestedBy().equals(actor.name())) {
            throw DomainException.invalid(
                    "id", "you requested budget transfer " + id + "; another FINANCE or ADMIN user decides it");
        }
        return transfer;
    }

    private static void requireApproved(BudgetVersion version) {
        if (version.status() != BudgetVersionStatus.APPROVED) {
            throw DomainException.conflict(
                    "budgetVersion",
                    "budget version " + version.name() + " is " + version.status()
                            + "; transfers apply to an APPROVED version only",
                    null);
        }
    }
}
