package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET;
import static dev.revgraph.db.Tables.DEPARTMENT;

import dev.revgraph.shared.importing.Stage;
import dev.revgraph.shared.money.Money;
import dev.revgraph.shared.report.SpendActuals;
import dev.revgraph.shared.spendcontrol.SpendControls.DepartmentMonth;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes budgets, and the budget vs actual query. */
@Repository
class BudgetRepository {

    /** Full-precision sums of one department and month; {@code missingRate} names an amount without a rate. */
    record MonthFigures(
            String departmentCode,
            String departmentName,
            LocalDate month,
            BigDecimal budget,
            BigDecimal actual,
            String missingRate,
            boolean budgeted) {}

    private final DSLContext dsl;

    BudgetRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void upsert(
            long versionId,
            long departmentId,
            LocalDate month,
            SpendCategory category,
            BigDecimal amount,
            String currency,
            String actor) {
        dsl.insertInto(BUDGET)
                .set(BUDGET.VERSION_ID, versionId)
                .set(BUDGET.DEPARTMENT_ID, departmentId)
                .set(BUDGET.MONTH, month)
                .set(BUDGET.CATEGORY, category == null ? null : category.name())
                .set(BUDGET.AMOUNT, amount)
                .set(BUDGET.CURRENCY, currency)
                .set(BUDGET.UPDATED_BY, actor)
                .onConflict(BUDGET.VERSION_ID, BUDGET.DEPARTMENT_ID, BUDGET.MONTH, BUDGET.CATEGORY)
                .doUpdate()
                .set(BUDGET.AMOUNT, amount)
                .set(BUDGET.CURRENCY, currency)
                .set(BUDGET.UPDATED_BY, actor)
                .set(BUDGET.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    /** The lines of version {@code versionId} (null: the latest approved version). */
    /** Version {@code versionId}, or the latest approved one when it is null, in the statement itself. */
    static Field<Long> version(Long versionId) {
        return DSL.coalesce(DSL.val(versionId, Long.class), BudgetVersionRepository.LATEST_APPROVED);
    }

    List<Budget> budgets(Long versionId, LocalDate from, LocalDate to, List<Long> departmentIds) {
        Condition c = BUDGET.VERSION_ID.eq(version(versionId)).and(BUDGET.MONTH.between(from, to));
        if (departmentIds != null) {
            c = c.and(BUDGET.DEPARTMENT_ID.in(departmentIds));
        }
        return dsl.selectFrom(BUDGET)
                .where(c)
                .orderBy(
                        BUDGET.DEPARTMENT_ID,
                        BUDGET.MONTH,
                        BUDGET.CATEGORY.asc().nullsFirst())
                .fetch(r -> new Budget(
                        r.getDepartmentId(),
                        YearMonth.from(r.getMonth()),
                        r.getCategory() == null ? null : SpendCategory.valueOf(r.getCategory()),
                        Money.recorded(r.getAmount(), r.getCurrency()),
                        r.getUpdatedAt(),
                        r.getUpdatedBy()));
    }

    /**
     * Budget and actual per department and month, in one statement: every month of the range for
     * each department, budget lines converted at the month's first day, spend lines at their own date
     * (closed months: as their first or latest close stored them).
     * {@code departmentIds} null means every active department plus archived ones with figures.
     */
    /** A month's budget lines other than COST_OF_SERVICE ones, summed in the reporting currency. */
    record MonthBudget(LocalDate month, BigDecimal amount, String missingRate) {}

    /**
     * Per month of the range with any budget line of a category other than COST_OF_SERVICE (or across
     * categories) in the latest approved version: the sum of those lines, each at the latest rate on
     * or before the month's first day.
     */
    List<MonthBudget> spendBudgets(LocalDate fromMonth, LocalDate toMonth, String reporting) {
        return spendBudgets(fromMonth, toMonth, reporting, null);
    }

    /** {@link #spendBudgets(LocalDate, LocalDate, String)} of the lines meeting {@code kept} (on {@code department_id}; null: all). */
    List<MonthBudget> spendBudgets(LocalDate fromMonth, LocalDate toMonth, String reporting, Condition kept) {
        return dsl.resultQuery(
                        """
                select month, sum(amount * fx_rate_on(currency, month, {2})),
                       min(case when fx_rate_on(currency, month, {2}) is null then currency || '|' || month end)
                from budget
                where month between {0} and {1} and category is distinct from 'COST_OF_SERVICE'
                  and version_id = budget_latest_approved_version() and {3}
                group by month
                order by month
                """,
                        DSL.val(fromMonth),
                        DSL.val(toMonth),
                        DSL.val(reporting),
                        kept == null ? DSL.trueCondition() : kept)
                .fetch(r ->
                        new MonthBudget(r.get(0, LocalDate.class), r.get(1, BigDecimal.class), r.get(2, String.class)));
    }

    List<MonthFigures> budgetVsActual(
            Long versionId,
            LocalDate fromMonth,
            LocalDate toMonth,
            List<Long> departmentIds,
            String reporting,
            boolean firstReported) {
        return budgetVsActual(
                versionId, fromMonth, toMonth, departmentIds, reporting, reporting, null, null, firstReported);
    }

    /**
     * {@link #budgetVsActual(Long, LocalDate, LocalDate, List, String, boolean)} in {@code currency}
     * (each budget line at its month's first-day rate of its currency over that of {@code currency}),
     * keeping the budget lines that meet {@code budgetFilter} (a condition on {@code department_id};
     * null: all), with the actual given per department and month ({@code actuals}, already filtered
     * and converted; null: every spend line from the rollup, in the reporting currency).
     */
    List<MonthFigures> budgetVsActual(
            Long versionId,
            LocalDate fromMonth,
            LocalDate toMonth,
            List<Long> departmentIds,
            String reporting,
            String currency,
            Condition budgetFilter,
            Map<SpendActuals.DepartmentMonth, BigDecimal> actuals,
            boolean firstReported) {
        List<Long> actualDepartments = new ArrayList<>();
        List<LocalDate> actualMonths = new ArrayList<>();
        List<BigDecimal> actualAmounts = new ArrayList<>();
        if (actuals != null) {
            actuals.forEach((k, v) -> {
                actualDepartments.add(k.departmentId());
                actualMonths.add(k.month().atDay(1));
                actualAmounts.add(v);
            });
        }
        String actual = actuals == null ? """
                    -- the spend rollup (0020) as reported (0026: closed months as their close stored
                    -- them): the reporting currency at its plain sum, any other at the exact sum of its
                    -- lines each at its own day's rate; a row whose earliest line precedes its
                    -- currency's first rate names that line, the earliest without a rate
                    select s.department_id, s.month,
                           sum(case when s.currency = {2} then s.amount else s.rated end) as actual,
                           min(case when s.currency <> {2}
                                     and s.first_day < coalesce((select min(x.rate_date) from fx_rate x
                                                                 where x.currency = s.currency), 'infinity')
                                    then s.currency || '|' || s.first_day end) as missing
                    from spend_rollup_reported({4}::boolean) s
                    where s.month between {0} and {1}
                    group by s.department_id, s.month
                  """ : """
                    -- the actuals given, already filtered and converted
                    select department_id, month, actual, null::text as missing
                    from unnest({8}::bigint[], {9}::date[], {10}::numeric[]) as t(department_id, month, actual)
                  """;
        return dsl.resultQuery(
                        """
                with months as (
                    select generate_series({0}::date, {1}::date, interval '1 month')::date as month
                ),
                b as (
                    select department_id, month,
                           sum(amount * fx_rate_on(currency, month, {2}) / fx_rate_on({6}, month, {2})) as budget,
                           min(case when fx_rate_on(currency, month, {2}) is null
                                    then currency || '|' || month
                                    when fx_rate_on({6}, month, {2}) is null
                                    then {6} || '|' || month end) as missing
                    from budget
                    where month between {0} and {1}
                      and version_id = coalesce({5}::bigint, budget_latest_approved_version())
                      and {7}
                    group by department_id, month
                ),
                a as (
                """ + actual + """
                ),
                d as (
                    select id, code, name from department
                    where case when {3}::bigint[] is null
                               then archived_at is null
                                    or exists (select 1 from b where b.department_id = department.id)
                                    or exists (select 1 from a where a.department_id = department.id)
                               else id = any({3}::bigint[]) end
                )
                select d.code, d.name, m.month,
                       coalesce(b.budget, 0) as budget, coalesce(a.actual, 0) as actual,
                       coalesce(b.missing, a.missing) as missing,
                       b.department_id is not null as budgeted
                from d cross join months m
                left join b on b.department_id = d.id and b.month = m.month
                left join a on a.department_id = d.id and a.month = m.month
                order by d.code, m.month
                """,
                        DSL.val(fromMonth),
                        DSL.val(toMonth),
                        DSL.val(reporting),
                        DSL.val(departmentIds == null ? null : departmentIds.toArray(Long[]::new), Long[].class),
                        DSL.val(firstReported),
                        DSL.val(versionId, Long.class),
                        DSL.val(currency),
                        budgetFilter == null ? DSL.trueCondition() : budgetFilter,
                        DSL.val(actualDepartments.toArray(Long[]::new), Long[].class),
                        DSL.val(actualMonths.toArray(LocalDate[]::new), LocalDate[].class),
                        DSL.val(actualAmounts.toArray(BigDecimal[]::new), BigDecimal[].class))
                .fetch(r -> new MonthFigures(
                        r.get(0, String.class),
                        r.get(1, String.class),
                        r.get(2, LocalDate.class),
                        r.get(3, BigDecimal.class),
                        r.get(4, BigDecimal.class),
                        r.get(5, String.class),
                        r.get(6, Boolean.class)));
    }

    /**
     * Waits for every other transaction holding one of these department-months and holds them until
     * this one ends (a transaction-scoped advisory lock each, taken in one order, so two writers of
     * overlapping months cannot deadlock on them).
     */
    void lockDepartmentMonths(List<DepartmentMonth> months) {
        dsl.resultQuery(
                        """
                select pg_advisory_xact_lock(hashtext('spend-control:' || k.department_id || ':' || k.month))
                from (select department_id, month
                      from unnest({0}::bigint[], {1}::date[]) as t(department_id, month)
                      order by department_id, month) k
                """,
                        DSL.val(
                                months.stream()
                                        .map(DepartmentMonth::departmentId)
                                        .toArray(Long[]::new),
                                Long[].class),
                        DSL.val(
                                months.stream().map(m -> m.month().atDay(1)).toArray(LocalDate[]::new),
                                LocalDate[].class))
                .fetch();
    }

    /** The department-months the new rows of a spend.csv stage add lines to. */
    List<DepartmentMonth> stagedMonths(Stage stage) {
        Field<LocalDate> month =
                DSL.field("date_trunc('month', {0})::date", SQLDataType.LOCALDATE, stage.<LocalDate>field("booked_on"));
        return dsl.selectDistinct(DEPARTMENT.ID, month)
                .from(stage.table())
                .join(DEPARTMENT)
                .on(DEPARTMENT.CODE.eq(stage.<String>field("department_code")))
                .fetch(r -> new DepartmentMonth(r.value1(), YearMonth.from(r.value2())));
    }

    /** A staged spend row adding spend (a positive amount) to one of the given department-months. */
    record StagedLine(long line, long departmentId, YearMonth month) {}

    /** The staged rows with a positive amount in {@code months}, by line, at most {@code limit}. */
    List<StagedLine> stagedLinesAddingTo(Stage stage, List<DepartmentMonth> months, int limit) {
        Field<LocalDate> month =
                DSL.field("date_trunc('month', {0})::date", SQLDataType.LOCALDATE, stage.<LocalDate>field("booked_on"));
        Condition in = DSL.falseCondition();
        for (DepartmentMonth m : months) {
            in = in.or(DEPARTMENT.ID.eq(m.departmentId()).and(month.eq(m.month().atDay(1))));
        }
        return dsl.select(stage.line(), DEPARTMENT.ID, month)
                .from(stage.table())
                .join(DEPARTMENT)
                .on(DEPARTMENT.CODE.eq(stage.<String>field("department_code")))
                .where(stage.<BigDecimal>field("amount").gt(BigDecimal.ZERO).and(in))
                .orderBy(stage.line())
                .limit(limit)
                .fetch(r -> new StagedLine(r.value1(), r.value2(), YearMonth.from(r.value3())));
    }
}
