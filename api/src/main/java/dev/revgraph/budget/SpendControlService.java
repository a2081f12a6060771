package dev.revgraph.budget;

import dev.revgraph.budget.BudgetRepository.MonthFigures;
import dev.revgraph.budget.BudgetRepository.StagedLine;
import dev.revgraph.currency.CurrencyService;
import dev.revgraph.dimension.Department;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.shared.graphql.LiveEvents;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.LoadGuard;
import dev.revgraph.shared.importing.Stage;
import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.security.Access;
import dev.revgraph.shared.spendcontrol.BudgetExceededException;
import dev.revgraph.shared.spendcontrol.BudgetWarning;
import dev.revgraph.shared.spendcontrol.SpendControl;
import dev.revgraph.shared.spendcontrol.SpendControls;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;

/**
 * The spend controls (docs/metrics.md, Spend controls): around every spend write, the months it
 * adds lines to are locked and read before and after it with budget vs actual's own statement; a
 * budgeted month whose actual rose above its budget is a breach. STOP refuses the write, WARN lets
 * it pass with a warning, and every breach that commits is a {@code budgetExceeded} event.
 */
@Service
public class SpendControlService implements SpendControls, LoadGuard {

    private final BudgetRepository repository;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final LiveEvents events;
    private final Access access;

    SpendControlService(
            BudgetRepository repository,
            DimensionService dimensions,
            CurrencyService currencies,
            LiveEvents events,
            Access access) {
        this.repository = repository;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.events = events;
        this.access = access;
    }

    /** A month a write took over its budget, by department id and as served. */
    private record Breach(DepartmentMonth key, BudgetWarning warning) {}

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Write before(Collection<DepartmentMonth> months) {
        List<DepartmentMonth> sorted = lock(months);
        if (sorted.isEmpty()) {
            return field -> List.of();
        }
        Map<DepartmentMonth, MonthFigures> before = figures(sorted);
        return field -> {
            List<Breach> breaches = breaches(sorted, before);
            List<BudgetWarning> stops = breaches.stream()
                    .map(Breach::warning)
                    .filter(w -> w.control() == SpendControl.STOP)
                    .toList();
            if (!stops.isEmpty()) {
                throw new BudgetExceededException(field, stops);
            }
            return published(breaches);
        };
    }

    /** The distinct months in one order, each locked until the transaction ends. */
    private List<DepartmentMonth> lock(Collection<DepartmentMonth> months) {
        List<DepartmentMonth> sorted = months.stream()
                .distinct()
                .sorted(Comparator.comparingLong(DepartmentMonth::departmentId).thenComparing(DepartmentMonth::month))
                .toList();
        if (!sorted.isEmpty()) {
            repository.lockDepartmentMonths(sorted);
        }
        return sorted;
    }

    /** Publishes every breach once the write commits; returns the WARN ones, the write's warnings. */
    private List<BudgetWarning> published(List<Breach> breaches) {
        breaches.forEach(b -> events.afterCommit(b.warning()));
        return breaches.stream()
                .map(Breach::warning)
                .filter(w -> w.control() == SpendControl.WARN)
                .toList();
    }

    /**
     * The budgeted months whose actual, after the write, is above their budget and above what it
     * was before the write (a write that added nothing, a credit or a retry, takes no month over).
     */
    private List<Breach> breaches(List<DepartmentMonth> months, Map<DepartmentMonth, MonthFigures> before) {
        Map<DepartmentMonth, MonthFigures> after = figures(months);
        List<DepartmentMonth> over = new ArrayList<>();
        for (DepartmentMonth m : months) {
            MonthFigures now = after.get(m);
            MonthFigures was = before.get(m);
            if (now != null
                    && now.budgeted()
                    && now.actual().compareTo(now.budget()) > 0
                    && (was == null || now.actual().compareTo(was.actual()) > 0)) {
                FxSql.failOnMissing(null, now.missingRate());
                over.add(m);
            }
        }
        if (over.isEmpty()) {
            return List.of();
        }
        Map<Long, Department> departments = dimensions.departmentsByIds(
                over.stream().map(DepartmentMonth::departmentId).distinct().toList());
        String reporting = currencies.reportingCurrency();
        return over.stream()
                .map(m -> {
                    MonthFigures f = after.get(m);
                    Department d = departments.get(m.departmentId());
                    return new Breach(
                            m,
                            new BudgetWarning(
                                    d.code(),
                                    d.name(),
                                    m.month(),
                                    Figures.money(f.budget()),
                                    Figures.money(f.actual()),
                                    Figures.money(f.actual().subtract(f.budget())),
                                    reporting,
                                    d.spendControl()));
                })
                .toList();
    }

    /** Budget vs actual (its own statement: latest approved version, latest figures) of the months. */
    private Map<DepartmentMonth, MonthFigures> figures(List<DepartmentMonth> months) {
        YearMonth first = months.stream()
                .map(DepartmentMonth::month)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        YearMonth last = months.stream()
                .map(DepartmentMonth::month)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        List<Long> ids =
                months.stream().map(DepartmentMonth::departmentId).distinct().toList();
        Map<String, Long> idByCode = dimensions.departmentsByIds(ids).values().stream()
                .collect(Collectors.toMap(Department::code, Department::id));
        Set<DepartmentMonth> wanted = Set.copyOf(months);
        Map<DepartmentMonth, MonthFigures> result = new HashMap<>();
        for (MonthFigures f : repository.budgetVsActual(
                null, first.atDay(1), last.atDay(1), ids, currencies.reportingCurrency(), false)) {
            DepartmentMonth key = new DepartmentMonth(idByCode.get(f.departmentCode()), YearMonth.from(f.month()));
            if (wanted.contains(key)) {
                result.put(key, f);
            }
        }
        return result;
    }

    // ---- spend.csv

    @Override
    public ImportFile file() {
        return ImportFile.SPEND;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Pending before(Stage stage) {
        List<DepartmentMonth> sorted = lock(repository.stagedMonths(stage));
        if (sorted.isEmpty()) {
            return limit -> Verdict.PASS;
        }
        Map<DepartmentMonth, MonthFigures> before = figures(sorted);
        return limit -> {
            List<Breach> breaches = breaches(sorted, before);
            Map<DepartmentMonth, BudgetWarning> stops = new LinkedHashMap<>();
            for (Breach b : breaches) {
                if (b.warning().control() == SpendControl.STOP) {
                    stops.put(b.key(), b.warning());
                }
            }
            if (stops.isEmpty()) {
                return new Verdict(List.of(), false, published(breaches));
            }
            // the rows that add spend to a stopped month; credits in it are not at fault
            List<StagedLine> lines = repository.stagedLinesAddingTo(stage, List.copyOf(stops.keySet()), limit + 1);
            List<Refusal> refused = lines.stream()
                    .limit(limit)
                    .map(l -> new Refusal(
                            l.line(),
                            "amount",
                            "takes "
                                    + stops.get(new DepartmentMonth(l.departmentId(), l.month()))
                                            .describe()
                                    + " with the rows of the file; the department's spend control is STOP"))
                    .toList();
            return new Verdict(refused, lines.size() > limit, List.of());
        };
    }

    // ---- live events

    /**
     * The months taken over their budget from now on ({@code budgetExceeded}), each once its write
     * has committed. Every role reads budget vs actual, so every role may subscribe; a DEPARTMENT
     * caller receives only its own departments' months (the scope is read when it subscribes).
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    public Flux<BudgetWarning> exceeded() {
        Flux<BudgetWarning> all = events.of(BudgetWarning.class);
        if (!access.scoped()) {
            return all;
        }
        Set<String> scope = Set.copyOf(access.scope());
        return all.filter(w -> scope.contains(w.departmentCode()));
    }
}
