package dev.revgraph.budget;

import dev.revgraph.budget.BudgetVersions.ApproveBudgetVersionInput;
import dev.revgraph.budget.BudgetVersions.BudgetLineInput;
import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEvent;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEventKind;
import dev.revgraph.budget.BudgetVersions.BudgetVersionStatus;
import dev.revgraph.budget.BudgetVersions.CreateBudgetVersionInput;
import dev.revgraph.budget.BudgetVersions.LockBudgetVersionInput;
import dev.revgraph.budget.BudgetVersions.SegmentBudget;
import dev.revgraph.budget.BudgetVersions.SegmentBudgetLineInput;
import dev.revgraph.budget.BudgetVersions.SetBudgetLinesInput;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jooq.impl.DSL;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Budget versions (docs/metrics.md, Budget versions): a version is created (empty or as a copy of
 * another), its lines set while it is a DRAFT, then approved and locked by finance. Every change
 * takes the version's row lock first, so a change and an approval of one version never interleave,
 * and records an event in the version's history in the same transaction.
 */
@Service
@Transactional(readOnly = true)
public class BudgetVersionService {

    static final int MAX_LINES = 5000;

    private final BudgetVersionRepository versions;
    private final BudgetRepository budgets;
    private final BudgetService budgetService;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final FiscalService fiscal;
    private final CurrentActor actor;

    BudgetVersionService(
            BudgetVersionRepository versions,
            BudgetRepository budgets,
            BudgetService budgetService,
            DimensionService dimensions,
            CurrencyService currencies,
            FiscalService fiscal,
            CurrentActor actor) {
        this.versions = versions;
        this.budgets = budgets;
        this.budgetService = budgetService;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.fiscal = fiscal;
        this.actor = actor;
    }

    public List<BudgetVersion> versions() {
        return versions.versions(DSL.noCondition());
    }

    public Map<Long, List<BudgetVersionEvent>> history(Collection<Long> versionIds) {
        return versions.history(versionIds);
    }

    public List<SegmentBudget> segmentBudgets(
            YearMonth from, YearMonth to, List<String> segmentCodes, String budgetVersion) {
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !to.isAfter(from.plusMonths(BudgetService.MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + BudgetService.MAX_MONTHS + " months after from")
                .throwIfAny();
        Long versionId = budgetService.versionId("budgetVersion", budgetVersion);
        List<Long> ids = null;
        if (segmentCodes != null) {
            ids = new ArrayList<>();
            for (int i = 0; i < segmentCodes.size(); i++) {
                ids.add(dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCodes." + i, segmentCodes.get(i)));
            }
        }
        return versions.segmentBudgets(from.atDay(1), to.atDay(1), versionId, ids);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetVersion create(CreateBudgetVersionInput input) {
        new Validation().name("name", input.name()).throwIfAny();
        String name = input.name().strip();
        Long sourceId = null;
        if (input.copyFrom() != null) {
            sourceId = versions.byName(input.copyFrom())
                    .orElseThrow(
                            () -> DomainException.notFound("copyFrom", "no budget version named " + input.copyFrom()))
                    .id();
        }
        if (versions.byName(name).isPresent()) {
            throw DomainException.conflict("name", "a budget version named " + name + " exists", null);
        }
        long id = versions.create(name, sourceId, actor.name());
        String note = null;
        if (sourceId != null) {
            int copied = versions.copyLines(sourceId, id, actor.name());
            note = "copied " + copied + " lines from " + input.copyFrom();
        }
        versions.event(id, BudgetVersionEventKind.CREATED, actor.name(), note);
        return versions.byId(id).orElseThrow();
    }

    /**
     * Sets (creates or replaces) lines of a DRAFT version, all or none: a line in a closed month, of an
     * archived department or segment, or in a currency without a rate is refused naming it.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetVersion setLines(SetBudgetLinesInput input) {
        List<BudgetLineInput> departmentLines = input.departmentLines() == null ? List.of() : input.departmentLines();
        List<SegmentBudgetLineInput> segmentLines = input.segmentLines() == null ? List.of() : input.segmentLines();
        Validation v = new Validation()
                .check(
                        departmentLines.size() + segmentLines.size() <= MAX_LINES,
                        "departmentLines",
                        "must hold at most " + MAX_LINES + " lines with segmentLines")
                .check(
                        !departmentLines.isEmpty() || !segmentLines.isEmpty(),
                        "departmentLines",
                        "must hold a line, or segmentLines must");
        for (int i = 0; i < departmentLines.size(); i++) {
            BudgetLineInput l = departmentLines.get(i);
            v.check(l.amount().signum() >= 0, "departmentLines." + i + ".amount", Validation.NOT_NEGATIVE)
                    .amount("departmentLines." + i + ".amount", l.amount());
        }
        for (int i = 0; i < segmentLines.size(); i++) {
            SegmentBudgetLineInput l = segmentLines.get(i);
            v.check(l.amount().signum() >= 0, "segmentLines." + i + ".amount", Validation.NOT_NEGATIVE)
                    .amount("segmentLines." + i + ".amount", l.amount());
        }
        v.throwIfAny();
        BudgetVersion version = requireDraft("budgetVersion", input.budgetVersion());
        List<Long> departmentIds = new ArrayList<>();
        for (int i = 0; i < departmentLines.size(); i++) {
            BudgetLineInput l = departmentLines.get(i);
            departmentIds.add(
                    dimensions.activeDepartmentId("departmentLines." + i + ".departmentCode", l.departmentCode()));
            currencies.requireConvertible(
                    "departmentLines." + i + ".currency",
                    l.currency(),
                    l.month().atDay(1));
            fiscal.assertMonthsOpen("departmentLines." + i + ".month", List.of(l.month()));
        }
        List<Long> segmentIds = new ArrayList<>();
        for (int i = 0; i < segmentLines.size(); i++) {
            SegmentBudgetLineInput l = segmentLines.get(i);
            segmentIds.add(dimensions.activeNodeId(
                    TreeKind.SEGMENT_TREE, "segmentLines." + i + ".segmentCode", l.segmentCode()));
            currencies.requireConvertible(
                    "segmentLines." + i + ".currency", l.currency(), l.month().atDay(1));
            fiscal.assertMonthsOpen("segmentLines." + i + ".month", List.of(l.month()));
        }
        TreeSet<YearMonth> months = new TreeSet<>();
        for (int i = 0; i < departmentLines.size(); i++) {
            BudgetLineInput l = departmentLines.get(i);
            months.add(l.month());
            budgets.upsert(
                    version.id(),
                    departmentIds.get(i),
                    l.month().atDay(1),
                    l.category(),
                    l.amount(),
                    l.currency(),
                    actor.name());
        }
        for (int i = 0; i < segmentLines.size(); i++) {
            SegmentBudgetLineInput l = segmentLines.get(i);
            months.add(l.month());
            versions.upsertSegmentLine(
                    version.id(), segmentIds.get(i), l.month().atDay(1), l.amount(), l.currency(), actor.name());
        }
        versions.event(
                version.id(),
                BudgetVersionEventKind.LINES_SET,
                actor.name(),
                departmentLines.size() + " department and " + segmentLines.size() + " segment lines, " + months.first()
                        + " to " + months.last());
        return versions.byId(version.id()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetVersion approve(ApproveBudgetVersionInput input) {
        BudgetVersion version = requireDraft("budgetVersion", input.budgetVersion());
        versions.approve(version.id(), actor.name());
        versions.event(version.id(), BudgetVersionEventKind.APPROVED, actor.name(), null);
        return versions.byId(version.id()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public BudgetVersion lock(LockBudgetVersionInput input) {
        BudgetVersion version = lockVersion("budgetVersion", input.budgetVersion());
        if (version.status() != BudgetVersionStatus.APPROVED) {
            throw DomainException.conflict(
                    "budgetVersion",
                    "budget version " + version.name() + " is " + version.status()
                            + "; only an APPROVED version can be locked",
                    null);
        }
        versions.lock(version.id(), actor.name());
        versions.event(version.id(), BudgetVersionEventKind.LOCKED, actor.name(), null);
        return versions.byId(version.id()).orElseThrow();
    }

    private BudgetVersion lockVersion(String field, String name) {
        return versions.lockByName(name)
                .orElseThrow(() -> DomainException.notFound(field, "no budget version named " + name));
    }

    private BudgetVersion requireDraft(String field, String name) {
        BudgetVersion version = lockVersion(field, name);
        if (version.status() != BudgetVersionStatus.DRAFT) {
            throw DomainException.conflict(
                    field,
                    "budget version " + version.name() + " is " + version.status() + "; only a DRAFT version changes",
                    null);
        }
        return version;
    }
}
