package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET_TRANSFER;
import static dev.revgraph.db.Tables.BUDGET_VERSION;

import dev.revgraph.budget.BudgetTransferRepository.Line;
import dev.revgraph.budget.BudgetTransfers.BudgetTransfer;
import dev.revgraph.budget.BudgetTransfers.BudgetTransferStatus;
import dev.revgraph.budget.BudgetTransfers.DecideBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.RequestBudgetTransferInput;
import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEventKind;
import dev.revgraph.budget.BudgetVersions.BudgetVersionStatus;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.security.Access;
import java.math.BigDecimal;
import java.util.List;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Budget transfers (docs/metrics.md, Budget versions): a request moves an amount from one
 * department's line without category to another's, within one APPROVED version and open month.
 * Finance decides it once. An approval takes its locks in one fixed order (the request, the version,
 * then the two lines by department id), so approvals racing on one version queue and never
 * deadlock, and the version's total never changes.
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

    /** Requests of a version (null: every version) in a status (null: every status); a DEPARTMENT user sees those of its departments. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    public List<BudgetTransfer> list(String budgetVersion, BudgetTransferStatus status) {
        Condition c = DSL.noCondition();
        if (budgetVersion != null) {
            c = c.and(BUDGET_VERSION.NAME.eq(budgetVersion));
        }
        if (status != null) {
            c = c.and(BUDGET_TRANSFER.STATUS.eq(status.name()));
        }
        if (access.scoped()) {
            List<String> scope = access.scope();
            c = c.and(BudgetTransferRepository.fromCode()
                    .in(scope)
                    .or(BudgetTransferRepository.toCode().in(scope)));
        }
        return transfers.list(c);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE', 'DEPARTMENT')")
    @Transactional
    public BudgetTransfer request(RequestBudgetTransferInput input) {
        access.requireDepartment(input.fromDepartmentCode());
        Validation v = new Validation()
                .check(input.amount().signum() > 0, "amount", "must be more than zero")
                .amount("amount", input.amount())
                .text("reason", input.reason(), MAX_REASON, true)
                .check(
                        !input.fromDepartmentCode().equals(input.toDepartmentCode()),
                        "toDepartmentCode",
                        "must differ from fromDepartmentCode");
        v.throwIfAny();
        // a closed month never changes, whatever the version
        fiscal.assertMonthsOpen("month", List.of(input.month()));
        BudgetVersion version = versions.lockByName(input.budgetVersion())
                .orElseThrow(() ->
                        DomainException.notFound("budgetVersion", "no budget version named " + input.budgetVersion()));
        requireApproved(version);
        long from = dimensions.activeDepartmentId("fromDepartmentCode", input.fromDepartmentCode());
        long to = dimensions.activeDepartmentId("toDepartmentCode", input.toDepartmentCode());
        long id = transfers.insert(
                version.id(),
                input.month().atDay(1),
                from,
                to,
                input.amount(),
                input.reason().strip(),
                actor.name());
        return transfers.byId(id).orElseThrow();
    }

    /**
     * Approves a PENDING request: the source line loses the amount, the target line (created when
     * missing, in the source line's currency) gains it, and the version's history records a TRANSFER.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetTransfer approve(DecideBudgetTransferInput input) {
        BudgetTransfer transfer = lockPending(input);
        BudgetVersion version = versions.lockByName(transfer.budgetVersion()).orElseThrow();
        requireApproved(version);
        fiscal.assertMonthsOpen("month", List.of(transfer.month()));
        long from = dimensions.activeDepartmentId("fromDepartmentCode", transfer.fromDepartmentCode());
        long to = dimensions.activeDepartmentId("toDepartmentCode", transfer.toDepartmentCode());
        List<Line> lines = transfers.lockLines(version.id(), transfer.month().atDay(1), from, to);
        Line source =
                lines.stream().filter(l -> l.departmentId() == from).findFirst().orElse(null);
        Line target =
                lines.stream().filter(l -> l.departmentId() == to).findFirst().orElse(null);
        BigDecimal available = source == null ? BigDecimal.ZERO : source.amount();
        if (source == null || transfer.amount().compareTo(available) > 0) {
            throw DomainException.invalid(
                    "amount",
                    "must be at most the source line: " + transfer.fromDepartmentCode() + "'s budget for "
                            + transfer.month() + " (no category) in version " + version.name() + " is "
                            + (source == null ? "absent" : available.toPlainString() + " " + source.currency()));
        }
        if (target != null && !target.currency().equals(source.currency())) {
            throw DomainException.invalid(
                    "toDepartmentCode",
                    "the target line is in " + target.currency() + ", the source line in " + source.currency()
                            + "; a transfer moves an amount between lines of one currency");
        }
        transfers.addToLine(source.id(), transfer.amount().negate(), actor.name());
        if (target == null) {
            budgets.upsert(
                    version.id(),
                    to,
                    transfer.month().atDay(1),
                    null,
                    transfer.amount(),
                    source.currency(),
                    actor.name());
        } else {
            transfers.addToLine(target.id(), transfer.amount(), actor.name());
        }
        transfers.decide(
                transfer.id(), BudgetTransferStatus.APPROVED, input.reason().strip(), actor.name());
        versions.event(
                version.id(),
                BudgetVersionEventKind.TRANSFER,
                actor.name(),
                "transfer " + transfer.id() + ": " + transfer.amount().toPlainString() + " " + source.currency()
                        + " from " + transfer.fromDepartmentCode() + " to " + transfer.toDepartmentCode() + ", "
                        + transfer.month() + ", requested by " + transfer.requestedBy() + ": " + transfer.reason());
        return transfers.byId(transfer.id()).orElseThrow();
    }

    /** Rejects a PENDING request; nothing else changes. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetTransfer reject(DecideBudgetTransferInput input) {
        BudgetTransfer transfer = lockPending(input);
        transfers.decide(
                transfer.id(), BudgetTransferStatus.REJECTED, input.reason().strip(), actor.name());
        return transfers.byId(transfer.id()).orElseThrow();
    }

    private BudgetTransfer lockPending(DecideBudgetTransferInput input) {
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
        BudgetTransfer transfer = transfers.byId(id).orElseThrow();
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
