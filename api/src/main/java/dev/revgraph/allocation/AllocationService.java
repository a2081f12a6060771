package dev.revgraph.allocation;

import dev.revgraph.allocation.AllocationReport.AllocationPool;
import dev.revgraph.allocation.AllocationReport.AllocationRow;
import dev.revgraph.allocation.AllocationReport.Allocations;
import dev.revgraph.allocation.AllocationRepository.Cycle;
import dev.revgraph.allocation.AllocationRepository.Member;
import dev.revgraph.allocation.AllocationRepository.Overlap;
import dev.revgraph.allocation.AllocationRepository.Part;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.DomainException.Problem;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cost allocation: headcount (the HEADCOUNT driver's input), allocation rules and their rules of
 * consistency (no two rules on one pool, no cycle of departments, no change to a closed month), and
 * the allocations report. The engine itself is SQL (changeset 0030, docs/metrics.md "Cost
 * allocation"): one statement reads what every rule moved in a range of months, closed months as
 * their close computed it.
 */
@Service
@Transactional(readOnly = true)
public class AllocationService {

    static final int MAX_MONTHS = 120;
    static final int MAX_TARGETS = 500;

    /** The GraphQL input of {@code setHeadcount}. */
    public record SetHeadcountInput(String departmentCode, String segmentCode, YearMonth month, BigDecimal fte) {}

    /** One target of {@code createAllocationRule}. */
    public record AllocationTargetInput(String code, BigDecimal share) {}

    /** The GraphQL input of {@code createAllocationRule}. */
    public record CreateAllocationRuleInput(
            String code,
            String name,
            String sourceDepartmentCode,
            List<SpendCategory> sourceCategories,
            AllocationDimension targetDimension,
            AllocationDriver driver,
            List<AllocationTargetInput> targets,
            YearMonth effectiveFrom,
            YearMonth effectiveTo) {}

    /** The GraphQL input of {@code endAllocationRule}. */
    public record EndAllocationRuleInput(String code, YearMonth lastMonth) {}

    private final AllocationRepository repository;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final FiscalService fiscal;
    private final CurrentActor actor;

    AllocationService(
            AllocationRepository repository,
            DimensionService dimensions,
            CurrencyService currencies,
            FiscalService fiscal,
            CurrentActor actor) {
        this.repository = repository;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.fiscal = fiscal;
        this.actor = actor;
    }

    // ---- headcount

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Headcount setHeadcount(SetHeadcountInput input) {
        new Validation()
                .check(
                        (input.departmentCode() == null) != (input.segmentCode() == null),
                        "departmentCode",
                        HeadcountFile.EXACTLY_ONE)
                .check(input.fte().signum() >= 0, "fte", Validation.NOT_NEGATIVE)
                .amount("fte", input.fte())
                .throwIfAny();
        Long departmentId = input.departmentCode() == null
                ? null
                : dimensions.activeDepartmentId("departmentCode", input.departmentCode());
        Long segmentId = dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode());
        fiscal.assertMonthsOpen("month", List.of(input.month()));
        LocalDate month = input.month().atDay(1);
        repository.upsertHeadcount(departmentId, segmentId, month, input.fte(), actor.name());
        return repository.headcount(month, month, departmentId, segmentId).get(0);
    }

    public List<Headcount> headcount(YearMonth from, YearMonth to) {
        checkMonths(from, to);
        return repository.headcount(from.atDay(1), to.atDay(1), null, null);
    }

    // ---- rules

    public List<AllocationRule> rules(YearMonth inForce, List<String> codes) {
        return repository.rules(ruleIds("codes", codes), inForce == null ? null : inForce.atDay(1));
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public AllocationRule createRule(CreateAllocationRuleInput input) {
        List<AllocationTargetInput> targets = input.targets() == null ? List.of() : input.targets();
        AllocationDriver driver = input.driver();
        AllocationDimension dimension = input.targetDimension();
        Validation v = new Validation()
                .code("code", input.code())
                .name("name", input.name())
                .inOrder("effectiveFrom", input.effectiveFrom(), "effectiveTo", input.effectiveTo())
                .check(
                        driver.measures(dimension),
                        "driver",
                        "cannot split onto " + dimension + " targets: " + driver + " measures "
                                + driver.dimensions().stream()
                                        .map(Enum::name)
                                        .sorted()
                                        .collect(Collectors.joining(", ")))
                .check(!targets.isEmpty(), "targets", "must name at least one target")
                .check(targets.size() <= MAX_TARGETS, "targets", "must name at most " + MAX_TARGETS + " targets");
        if (input.sourceCategories() != null) {
            v.check(!input.sourceCategories().isEmpty(), "sourceCategories", "must name a category when given")
                    .check(
                            new HashSet<>(input.sourceCategories()).size()
                                    == input.sourceCategories().size(),
                            "sourceCategories",
                            "must name each category once");
        }
        Set<String> seen = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        boolean sharesValid = true;
        for (int i = 0; i < targets.size(); i++) {
            AllocationTargetInput t = targets.get(i);
            String at = "targets." + i + ".";
            v.code(at + "code", t.code());
            if (t.code() != null && !seen.add(t.code())) {
                v.invalid(at + "code", "repeats target " + t.code());
            }
            if (driver == AllocationDriver.FIXED) {
                if (t.share() == null) {
                    v.invalid(at + "share", "is required with the FIXED driver");
                    sharesValid = false;
                } else if (t.share().signum() <= 0
                        || t.share().compareTo(BigDecimal.ONE) > 0
                        || t.share().scale() > 4) {
                    v.invalid(at + "share", "must be above 0 and at most 1, with at most 4 decimal places");
                    sharesValid = false;
                } else {
                    sum = sum.add(t.share());
                }
            } else if (t.share() != null) {
                v.invalid(
                        at + "share",
                        "must be left out: only the FIXED driver takes shares, " + driver
                                + " measures them month by month");
            }
        }
        if (driver == AllocationDriver.FIXED
                && sharesValid
                && !targets.isEmpty()
                && sum.compareTo(BigDecimal.ONE) != 0) {
            v.invalid("targets", "shares must sum to exactly 1; they sum to " + sum.toPlainString());
        }
        v.throwIfAny();

        long departmentId = dimensions.activeDepartmentId("sourceDepartmentCode", input.sourceDepartmentCode());
        repository.lockForRuleChange();
        if (!repository.ruleIds(List.of(input.code())).isEmpty()) {
            throw DomainException.conflict("code", "an allocation rule with code " + input.code() + " exists", null);
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, Member> members = repository.members(
                dimension, targets.stream().map(AllocationTargetInput::code).toList());
        List<Long> targetIds = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            String code = targets.get(i).code();
            String at = "targets." + i + ".code";
            index.put(code, i);
            Member m = members.get(code);
            String what = dimension.name().toLowerCase();
            if (m == null) {
                problems.addAll(DomainException.notFound(at, "no " + what + " has code " + code)
                        .problems());
            } else if (m.archived()) {
                problems.addAll(DomainException.archived(at, what + " " + code + " is archived")
                        .problems());
            } else if (dimension == AllocationDimension.DEPARTMENT && m.id() == departmentId) {
                problems.addAll(DomainException.invalid(
                                at,
                                at
                                        + " is the rule's source department: a pool is not allocated onto its own department")
                        .problems());
            } else {
                targetIds.add(m.id());
            }
        }
        if (problems.isEmpty() && targetIds.size() > 1) {
            for (String[] pair : repository.nested(dimension, targetIds)) {
                String at = "targets." + index.get(pair[1]) + ".code";
                problems.addAll(DomainException.invalid(
                                at,
                                at + " " + pair[1] + " is below target " + pair[0]
                                        + ": its figures would count in both")
                        .problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new DomainException(problems);
        }
        LocalDate from = input.effectiveFrom().atDay(1);
        LocalDate to = input.effectiveTo() == null ? null : input.effectiveTo().atDay(1);
        LocalDate closed = repository.firstClosedMonth(from, to);
        if (closed != null) {
            throw DomainException.closedPeriod(
                    closed.equals(from) ? "effectiveFrom" : "effectiveTo", YearMonth.from(closed));
        }
        Overlap overlap = repository.overlap(departmentId, input.sourceCategories(), from, to);
        if (overlap != null) {
            throw DomainException.conflict(
                    "sourceDepartmentCode",
                    "department " + input.sourceDepartmentCode() + " already has rule " + overlap.code()
                            + " (from " + YearMonth.from(overlap.from()) + ") over some of the same spend in one of"
                            + " these months: end it first, or give both rules sourceCategories that do not meet",
                    null);
        }
        if (dimension == AllocationDimension.DEPARTMENT) {
            Cycle cycle = repository.cycle(departmentId, targetIds, from, to);
            if (cycle != null) {
                throw DomainException.invalid(
                        "targets",
                        "targets would close a cycle of departments in force from "
                                + YearMonth.from(cycle.from()) + ": " + String.join(" -> ", cycle.departments())
                                + " (rules " + input.code() + ", " + String.join(", ", cycle.rules())
                                + "): a pool allocated onto a department would come back");
            }
        }
        long id = repository.insertRule(
                input.code(),
                input.name().strip(),
                departmentId,
                input.sourceCategories(),
                dimension,
                driver,
                from,
                to,
                actor.name());
        List<BigDecimal> shares = new ArrayList<>();
        for (AllocationTargetInput t : targets) {
            shares.add(driver == AllocationDriver.FIXED ? t.share() : null);
        }
        repository.insertTargets(id, targetIds, shares);
        repository.insertEvent(id, AllocationRuleAction.CREATE, from, to, actor.name());
        return repository.rules(List.of(id), null).get(0);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public AllocationRule endRule(EndAllocationRuleInput input) {
        repository.lockForRuleChange();
        Long id = repository.ruleIds(List.of(input.code())).get(input.code());
        if (id == null) {
            throw DomainException.notFound("code", "no allocation rule has code " + input.code());
        }
        AllocationRule rule = repository.rules(List.of(id), null).get(0);
        YearMonth last = input.lastMonth();
        new Validation()
                .check(
                        !last.isBefore(rule.effectiveFrom()),
                        "lastMonth",
                        "must not be before the rule's first month " + rule.effectiveFrom())
                .check(
                        rule.effectiveTo() == null || !last.isAfter(rule.effectiveTo()),
                        "lastMonth",
                        "must not be after the rule's last month " + rule.effectiveTo()
                                + ": an end only moves earlier; create a new rule to extend it")
                .throwIfAny();
        if (last.equals(rule.effectiveTo())) {
            return rule;
        }
        LocalDate closed = repository.firstClosedMonth(
                last.plusMonths(1).atDay(1),
                rule.effectiveTo() == null ? null : rule.effectiveTo().atDay(1));
        if (closed != null) {
            throw DomainException.closedPeriod("lastMonth", YearMonth.from(closed));
        }
        repository.setEnd(id, last.atDay(1));
        repository.insertEvent(
                id, AllocationRuleAction.END, rule.effectiveFrom().atDay(1), last.atDay(1), actor.name());
        return repository.rules(List.of(id), null).get(0);
    }

    /** The ids of the rules with these codes (null for null); an unknown code is an error naming {@code field}. */
    private List<Long> ruleIds(String field, List<String> codes) {
        if (codes == null) {
            return null;
        }
        Map<String, Long> found = repository.ruleIds(codes);
        for (String code : codes) {
            if (!found.containsKey(code)) {
                throw DomainException.notFound(field, "no allocation rule has code " + code);
            }
        }
        return List.copyOf(found.values());
    }

    // ---- the report

    public Allocations allocations(LocalDate from, LocalDate to, List<String> ruleCodes, boolean firstReported) {
        return allocations(from, to, ruleCodes, firstReported, null, null, null);
    }

    /**
     * The allocations of the amounts {@code where} keeps (null: all), in {@code currency} (null: the
     * reporting currency, the only one served), each row and pool compared with the same rule (and
     * target) {@code compareTo} earlier (null: none): the range's length in months, or 12; one without
     * an earlier row compares with zeros.
     */
    public Allocations allocations(
            LocalDate from,
            LocalDate to,
            List<String> ruleCodes,
            boolean firstReported,
            SliceFilter where,
            String currency,
            Comparison compareTo) {
        Comparison.requireEarlierPeriod(compareTo, "allocations have no plan to compare with");
        new Validation().inOrder("from", from, "to", to).throwIfAny();
        String reporting = currencies.reportingCurrency();
        new Validation()
                .check(
                        currencies.reportCurrency("currency", currency).equals(reporting),
                        "currency",
                        "must be the reporting currency " + reporting
                                + ": allocations are computed and closed in it, each amount rounded to cents"
                                + " of it by the largest-remainder method")
                .throwIfAny();
        Allocations report = uncompared(from, to, ruleCodes, firstReported, where);
        if (compareTo == null) {
            return report;
        }
        int shift = compareTo.monthsBack(from, to);
        Allocations earlier = uncompared(
                from.withDayOfMonth(1).minusMonths(shift),
                YearMonth.from(to).minusMonths(shift).atEndOfMonth(),
                ruleCodes,
                firstReported,
                where);
        Map<String, AllocationRow> rowsBefore = new HashMap<>();
        earlier.rows()
                .forEach(r ->
                        rowsBefore.put(r.month().plusMonths(shift) + "|" + r.ruleCode() + "|" + r.targetCode(), r));
        Map<String, AllocationPool> poolsBefore = new HashMap<>();
        earlier.pools().forEach(p -> poolsBefore.put(p.month().plusMonths(shift) + "|" + p.ruleCode(), p));
        List<AllocationRow> rows = new ArrayList<>();
        for (AllocationRow r : report.rows()) {
            AllocationRow b = rowsBefore.get(r.month() + "|" + r.ruleCode() + "|" + r.targetCode());
            rows.add(r.compared(b == null ? r.none(r.month().minusMonths(shift)) : b));
        }
        List<AllocationPool> pools = new ArrayList<>();
        for (AllocationPool p : report.pools()) {
            AllocationPool b = poolsBefore.get(p.month() + "|" + p.ruleCode());
            pools.add(p.compared(b == null ? p.none(p.month().minusMonths(shift)) : b));
        }
        return new Allocations(report.currency(), rows, pools);
    }

    /**
     * The report without comparison. With a filter, a row is listed when the filter keeps its amount
     * on its target; a pool when it keeps one of its rows or the pool's source (its department), with
     * {@code allocated} the kept rows' amounts and {@code unallocated} the rest when the source is kept
     * (else 0.00); {@code pool} and {@code driverTotal} stay the rule's.
     */
    private Allocations uncompared(
            LocalDate from, LocalDate to, List<String> ruleCodes, boolean firstReported, SliceFilter where) {
        YearMonth first = YearMonth.from(from);
        YearMonth last = YearMonth.from(to);
        checkMonths(first, last);
        List<Long> ids = ruleIds("ruleCodes", ruleCodes);
        String reporting = currencies.reportingCurrency();
        List<Part> parts = repository.allocations(first.atDay(1), last.atDay(1), ids, reporting, firstReported, where);
        if (!parts.isEmpty()) {
            FxSql.failOnMissing(null, repository.missingRate(first.atDay(1), last.atDay(1), reporting, firstReported));
        }
        List<AllocationRow> rows = new ArrayList<>();
        Map<String, List<Part>> byPool = new LinkedHashMap<>();
        for (Part p : parts) {
            if (p.onTarget()) {
                rows.add(new AllocationRow(
                        YearMonth.from(p.month()),
                        p.step(),
                        p.ruleCode(),
                        p.ruleName(),
                        p.sourceCode(),
                        p.sourceName(),
                        p.driver(),
                        p.dimension(),
                        p.targetCode(),
                        p.targetName(),
                        driverFigure(p.driver(), p.driverValue()),
                        Figures.ratio(p.driverValue(), p.driverTotal()),
                        Figures.money(p.pool()),
                        Figures.money(p.amount()),
                        null,
                        null));
            }
            byPool.computeIfAbsent(p.month() + "|" + p.ruleCode(), k -> new ArrayList<>())
                    .add(p);
        }
        List<AllocationPool> pools = new ArrayList<>();
        for (List<Part> rule : byPool.values()) {
            Part p = rule.get(0);
            boolean sourceKept = p.onSource();
            if (!sourceKept && rule.stream().noneMatch(Part::onTarget)) {
                continue;
            }
            BigDecimal pool = Figures.money(p.pool());
            BigDecimal all = Figures.money(rule.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
            BigDecimal allocated = Figures.money(
                    rule.stream().filter(Part::onTarget).map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
            pools.add(new AllocationPool(
                    YearMonth.from(p.month()),
                    p.step(),
                    p.ruleCode(),
                    p.ruleName(),
                    p.sourceCode(),
                    p.sourceName(),
                    p.driver(),
                    driverFigure(p.driver(), p.driverTotal()),
                    pool,
                    allocated,
                    sourceKept ? pool.subtract(all) : new BigDecimal("0.00"),
                    null,
                    null));
        }
        return new Allocations(reporting, rows, pools);
    }

    /** A driver figure as served: money to cents, customers whole, FTE and shares to 4 decimals. */
    static BigDecimal driverFigure(AllocationDriver driver, BigDecimal value) {
        return switch (driver) {
            case REVENUE, DIRECT_SPEND -> Figures.money(value);
            case NEW_CUSTOMERS -> value.setScale(0, RoundingMode.HALF_UP);
            case FIXED, HEADCOUNT -> value.setScale(4, RoundingMode.HALF_UP);
        };
    }

    private static void checkMonths(YearMonth from, YearMonth to) {
        new Validation()
                .inOrder("from", from, "to", to)
                .check(
                        !to.isAfter(from.plusMonths(MAX_MONTHS - 1)),
                        "to",
                        "must be at most " + MAX_MONTHS + " months after from")
                .throwIfAny();
    }
}
