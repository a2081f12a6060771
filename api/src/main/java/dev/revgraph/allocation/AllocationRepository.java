package dev.revgraph.allocation;

import static dev.revgraph.db.Tables.ALLOCATION_RULE;
import static dev.revgraph.db.Tables.ALLOCATION_RULE_EVENT;
import static dev.revgraph.db.Tables.ALLOCATION_TARGET;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.HEADCOUNT;
import static dev.revgraph.db.Tables.SEGMENT;

import dev.revgraph.allocation.AllocationRule.AllocationRuleEvent;
import dev.revgraph.allocation.AllocationRule.AllocationRuleTarget;
import dev.revgraph.shared.report.FactColumns;
import dev.revgraph.shared.report.SliceFilter;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes headcount and allocation rules, and runs the engine (changeset 0030). */
@Repository
class AllocationRepository {

    /** A member of a rule's dimension named by a target. */
    record Member(long id, String code, boolean archived) {}

    /** A cycle the new rule would close: the departments' codes around it, the rules on the way, from which month. */
    record Cycle(List<String> departments, List<String> rules, LocalDate from) {}

    /** A rule that already takes some of the same pool: its code and first month. */
    record Overlap(String code, LocalDate from) {}

    /**
     * One row of the engine, full precision, with the names the report shows; whether the report's
     * filter keeps the amount on its target and on its source (both true without a filter).
     */
    record Part(
            LocalDate month,
            int step,
            String ruleCode,
            String ruleName,
            String sourceCode,
            String sourceName,
            AllocationDriver driver,
            AllocationDimension dimension,
            String targetCode,
            String targetName,
            BigDecimal driverValue,
            BigDecimal driverTotal,
            BigDecimal pool,
            BigDecimal amount,
            boolean onTarget,
            boolean onSource) {}

    private final DSLContext dsl;

    AllocationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // ---- headcount

    void upsertHeadcount(Long departmentId, Long segmentId, LocalDate month, BigDecimal fte, String actor) {
        dsl.insertInto(HEADCOUNT)
                .set(HEADCOUNT.DEPARTMENT_ID, departmentId)
                .set(HEADCOUNT.SEGMENT_ID, segmentId)
                .set(HEADCOUNT.MONTH, month)
                .set(HEADCOUNT.FTE, fte)
                .set(HEADCOUNT.UPDATED_BY, actor)
                .onConflict(HEADCOUNT.DEPARTMENT_ID, HEADCOUNT.SEGMENT_ID, HEADCOUNT.MONTH)
                .doUpdate()
                .set(HEADCOUNT.FTE, fte)
                .set(HEADCOUNT.UPDATED_BY, actor)
                .set(HEADCOUNT.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    /** Headcount of the months, departments (by code) then segments (by code) within each month; with ids, only those. */
    List<Headcount> headcount(LocalDate from, LocalDate to, Long departmentId, Long segmentId) {
        var h = HEADCOUNT.as("h");
        var d = DEPARTMENT.as("d");
        var g = SEGMENT.as("g");
        Condition where = h.MONTH.between(from, to);
        if (departmentId != null) {
            where = where.and(h.DEPARTMENT_ID.eq(departmentId));
        }
        if (segmentId != null) {
            where = where.and(h.SEGMENT_ID.eq(segmentId));
        }
        return dsl.select(d.CODE, g.CODE, DSL.coalesce(d.NAME, g.NAME), h.MONTH, h.FTE, h.UPDATED_AT, h.UPDATED_BY)
                .from(h)
                .leftJoin(d)
                .on(d.ID.eq(h.DEPARTMENT_ID))
                .leftJoin(g)
                .on(g.ID.eq(h.SEGMENT_ID))
                .where(where)
                .orderBy(h.MONTH, d.CODE.asc().nullsLast(), g.CODE)
                .fetch(r -> new Headcount(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        YearMonth.from(r.value4()),
                        r.value5(),
                        r.value6(),
                        r.value7()));
    }

    // ---- rules: reads

    /** Rules by id or all (ids null), filtered by a month in force, ordered by code, with targets and history. */
    List<AllocationRule> rules(List<Long> ids, LocalDate inForce) {
        var r = ALLOCATION_RULE.as("r");
        var d = DEPARTMENT.as("d");
        Condition where = DSL.noCondition();
        if (ids != null) {
            where = where.and(r.ID.in(ids));
        }
        if (inForce != null) {
            where = where.and(r.EFFECTIVE_FROM.le(inForce))
                    .and(r.EFFECTIVE_TO.isNull().or(r.EFFECTIVE_TO.ge(inForce)));
        }
        var rows = dsl.select(
                        r.ID,
                        r.CODE,
                        r.NAME,
                        d.CODE,
                        d.NAME,
                        r.SOURCE_CATEGORIES,
                        r.TARGET_DIMENSION,
                        r.DRIVER,
                        r.EFFECTIVE_FROM,
                        r.EFFECTIVE_TO,
                        r.CREATED_AT,
                        r.CREATED_BY)
                .from(r)
                .join(d)
                .on(d.ID.eq(r.SOURCE_DEPARTMENT_ID))
                .where(where)
                .orderBy(r.CODE)
                .fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> found = rows.map(x -> x.value1());
        Map<Long, List<AllocationRuleTarget>> targets = new LinkedHashMap<>();
        dsl.resultQuery("""
                select t.rule_id, m.code, m.name, t.share
                from allocation_target t
                join allocation_rule r on r.id = t.rule_id
                join allocation_member m on m.dimension = r.target_dimension and m.id = t.target_id
                where t.rule_id = any({0})
                order by t.rule_id, m.code
                """, DSL.val(found.toArray(Long[]::new), SQLDataType.BIGINT.array()))
                .fetch()
                .forEach(x -> targets.computeIfAbsent(x.get(0, Long.class), k -> new ArrayList<>())
                        .add(new AllocationRuleTarget(
                                x.get(1, String.class), x.get(2, String.class), x.get(3, BigDecimal.class))));
        var e = ALLOCATION_RULE_EVENT;
        Map<Long, List<AllocationRuleEvent>> history = new LinkedHashMap<>();
        dsl.selectFrom(e)
                .where(e.RULE_ID.in(found))
                .orderBy(e.RULE_ID, e.ID)
                .forEach(x -> history.computeIfAbsent(x.getRuleId(), k -> new ArrayList<>())
                        .add(new AllocationRuleEvent(
                                AllocationRuleAction.valueOf(x.getAction()),
                                YearMonth.from(x.getEffectiveFrom()),
                                x.getEffectiveTo() == null ? null : YearMonth.from(x.getEffectiveTo()),
                                x.getActor(),
                                x.getOccurredAt())));
        return rows.map(x -> new AllocationRule(
                x.value1(),
                x.value2(),
                x.value3(),
                x.value4(),
                x.value5(),
                x.value6() == null
                        ? null
                        : Arrays.stream(x.value6()).map(SpendCategory::valueOf).toList(),
                AllocationDimension.valueOf(x.value7()),
                AllocationDriver.valueOf(x.value8()),
                targets.getOrDefault(x.value1(), List.of()),
                YearMonth.from(x.value9()),
                x.value10() == null ? null : YearMonth.from(x.value10()),
                x.value11(),
                x.value12(),
                history.getOrDefault(x.value1(), List.of())));
    }

    /** The ids of rules by code, in the order found; unknown codes are left out. */
    Map<String, Long> ruleIds(List<String> codes) {
        return dsl.select(ALLOCATION_RULE.CODE, ALLOCATION_RULE.ID)
                .from(ALLOCATION_RULE)
                .where(ALLOCATION_RULE.CODE.in(codes))
                .fetchMap(x -> x.value1(), x -> x.value2());
    }

    /** The members of a dimension named by codes (unknown codes are left out). */
    Map<String, Member> members(AllocationDimension dimension, List<String> codes) {
        Map<String, Member> members = new LinkedHashMap<>();
        dsl.resultQuery(
                        "select id, code, archived_at from allocation_member where dimension = {0} and code = any({1})",
                        DSL.val(dimension.name()), DSL.val(codes.toArray(String[]::new), SQLDataType.CLOB.array()))
                .fetch()
                .forEach(x -> members.put(
                        x.get(1, String.class),
                        new Member(
                                x.get(0, Long.class), x.get(1, String.class), x.get(2, OffsetDateTime.class) != null)));
        return members;
    }

    /** Pairs (upper, lower) of the given members where lower sits below upper in the dimension's tree. */
    List<String[]> nested(AllocationDimension dimension, List<Long> ids) {
        return dsl.resultQuery(
                        """
                select a.code, d.code
                from allocation_closure c
                join allocation_member a on a.dimension = c.dimension and a.id = c.ancestor
                join allocation_member d on d.dimension = c.dimension and d.id = c.descendant
                where c.dimension = {0} and c.ancestor = any({1}) and c.descendant = any({1})
                  and c.ancestor <> c.descendant
                order by d.code
                """, DSL.val(dimension.name()), DSL.val(ids.toArray(Long[]::new), SQLDataType.BIGINT.array()))
                .fetch(x -> new String[] {x.get(0, String.class), x.get(1, String.class)});
    }

    // ---- rules: writes and their checks

    /**
     * Serializes rule changes (two creations could otherwise close a cycle together) and holds the
     * fiscal calendar still until commit: no month can close while a rule covering it is written,
     * and a close already writing is waited for.
     */
    void lockForRuleChange() {
        dsl.execute("lock table allocation_rule in share row exclusive mode");
        dsl.execute("lock table fiscal_month in share mode");
    }

    /** The earliest closed month from {@code from} to {@code to} (null: no end), or null. */
    LocalDate firstClosedMonth(LocalDate from, LocalDate to) {
        return dsl.resultQuery("""
                select min(month) from fiscal_month
                where status = 'CLOSED' and month >= {0} and ({1}::date is null or month <= {1}::date)
                """, DSL.val(from), DSL.val(to, LocalDate.class)).fetchOne(0, LocalDate.class);
    }

    /** A rule of the same department in force in one of the months whose categories meet these (null: all). */
    Overlap overlap(long departmentId, List<SpendCategory> categories, LocalDate from, LocalDate to) {
        var found = dsl.resultQuery(
                        """
                select code, effective_from from allocation_rule
                where source_department_id = {0}
                  and effective_from <= coalesce({2}::date, 'infinity')
                  and coalesce(effective_to, 'infinity') >= {1}
                  and (source_categories is null or {3}::text[] is null or source_categories && {3}::text[])
                order by effective_from, code
                limit 1
                """,
                        DSL.val(departmentId),
                        DSL.val(from),
                        DSL.val(to, LocalDate.class),
                        DSL.val(
                                categories == null
                                        ? null
                                        : categories.stream().map(Enum::name).toArray(String[]::new),
                                SQLDataType.CLOB.array()))
                .fetchOne();
        return found == null ? null : new Overlap(found.get(0, String.class), found.get(1, LocalDate.class));
    }

    /**
     * A cycle of departments that allocating {@code sourceId}'s pool onto {@code targetIds} from
     * {@code from} to {@code to} would close: a path of DEPARTMENT rules, all in force in one month
     * with the new rule, from a target back to the source.
     */
    Cycle cycle(long sourceId, List<Long> targetIds, LocalDate from, LocalDate to) {
        var found = dsl.resultQuery(
                        """
                with recursive edge as (
                    select r.code, r.source_department_id as src, t.target_id as dst, r.effective_from as f,
                           coalesce(r.effective_to, 'infinity') as t
                    from allocation_rule r join allocation_target t on t.rule_id = r.id
                    where r.target_dimension = 'DEPARTMENT'
                ),
                walk (dept, f, t, path, rules) as (
                    select d, {2}::date, coalesce({3}::date, 'infinity'), array[{0}::bigint, d], array[]::text[]
                    from unnest({1}::bigint[]) as d
                    union all
                    select e.dst, greatest(w.f, e.f), least(w.t, e.t), w.path || e.dst, w.rules || e.code
                    from walk w join edge e on e.src = w.dept
                    where w.dept <> {0} and greatest(w.f, e.f) <= least(w.t, e.t)
                      and cardinality(w.path) < 64
                )
                select array(select d.code from unnest(w.path) with ordinality p (id, i)
                             join department d on d.id = p.id order by p.i),
                       w.rules, w.f
                from walk w
                where w.dept = {0}
                order by cardinality(w.path), w.f
                limit 1
                """,
                        DSL.val(sourceId),
                        DSL.val(targetIds.toArray(Long[]::new), SQLDataType.BIGINT.array()),
                        DSL.val(from),
                        DSL.val(to, LocalDate.class))
                .fetchOne();
        if (found == null) {
            return null;
        }
        return new Cycle(
                List.of(found.get(0, String[].class)),
                List.of(found.get(1, String[].class)),
                found.get(2, LocalDate.class));
    }

    long insertRule(
            String code,
            String name,
            long departmentId,
            List<SpendCategory> categories,
            AllocationDimension dimension,
            AllocationDriver driver,
            LocalDate from,
            LocalDate to,
            String actor) {
        return dsl.insertInto(ALLOCATION_RULE)
                .set(ALLOCATION_RULE.CODE, code)
                .set(ALLOCATION_RULE.NAME, name)
                .set(ALLOCATION_RULE.SOURCE_DEPARTMENT_ID, departmentId)
                .set(
                        ALLOCATION_RULE.SOURCE_CATEGORIES,
                        categories == null
                                ? null
                                : categories.stream().map(Enum::name).toArray(String[]::new))
                .set(ALLOCATION_RULE.TARGET_DIMENSION, dimension.name())
                .set(ALLOCATION_RULE.DRIVER, driver.name())
                .set(ALLOCATION_RULE.EFFECTIVE_FROM, from)
                .set(ALLOCATION_RULE.EFFECTIVE_TO, to)
                .set(ALLOCATION_RULE.CREATED_BY, actor)
                .returning(ALLOCATION_RULE.ID)
                .fetchSingle(ALLOCATION_RULE.ID);
    }

    void insertTargets(long ruleId, List<Long> targetIds, List<BigDecimal> shares) {
        var insert = dsl.insertInto(
                ALLOCATION_TARGET, ALLOCATION_TARGET.RULE_ID, ALLOCATION_TARGET.TARGET_ID, ALLOCATION_TARGET.SHARE);
        for (int i = 0; i < targetIds.size(); i++) {
            insert = insert.values(ruleId, targetIds.get(i), shares.get(i));
        }
        insert.execute();
    }

    void setEnd(long ruleId, LocalDate to) {
        dsl.update(ALLOCATION_RULE)
                .set(ALLOCATION_RULE.EFFECTIVE_TO, to)
                .where(ALLOCATION_RULE.ID.eq(ruleId))
                .execute();
    }

    void insertEvent(long ruleId, AllocationRuleAction action, LocalDate from, LocalDate to, String actor) {
        dsl.insertInto(ALLOCATION_RULE_EVENT)
                .set(ALLOCATION_RULE_EVENT.RULE_ID, ruleId)
                .set(ALLOCATION_RULE_EVENT.ACTION, action.name())
                .set(ALLOCATION_RULE_EVENT.EFFECTIVE_FROM, from)
                .set(ALLOCATION_RULE_EVENT.EFFECTIVE_TO, to)
                .set(ALLOCATION_RULE_EVENT.ACTOR, actor)
                .execute();
    }

    // ---- the engine

    /**
     * Every row of the engine for the months (closed months as their first or latest close stored
     * them), with names, ordered by month, step, rule code and target code; only the rules of
     * {@code ruleIds} when given. One statement.
     */
    List<Part> allocations(
            LocalDate fromMonth,
            LocalDate toMonth,
            List<Long> ruleIds,
            String reporting,
            boolean firstReported,
            SliceFilter where) {
        return dsl.resultQuery(
                        """
                select a.month, a.step, r.code, r.name, d.code, d.name, r.driver, r.target_dimension, m.code, m.name,
                       a.driver_value, a.driver_total, a.pool, a.amount, t.kept, s.kept
                from allocation_reported({0}, {1}, {2}, {3}) a
                join allocation_rule r on r.id = a.rule_id
                join department d on d.id = r.source_department_id
                join allocation_member m on m.dimension = r.target_dimension and m.id = a.target_id
                -- the amount's two facts, as the P&L places them (docs/metrics.md, "allocated"): on its
                -- target (the target in the rule's dimension, with the target department of a DEPARTMENT
                -- rule, else the source department) and on its source department, nothing else
                cross join lateral (
                    select case when r.target_dimension = 'SEGMENT' then a.target_id end as f_segment,
                           case when r.target_dimension = 'PRODUCT' then a.target_id end as f_product,
                           case when r.target_dimension = 'REGION' then a.target_id end as f_region,
                           case when r.target_dimension = 'DEPARTMENT' then a.target_id
                                else r.source_department_id end as f_department,
                           null::bigint as f_channel, null::bigint as f_campaign, null::text as f_objective) tf
                cross join lateral (select coalesce({5}, false) as kept from (select tf.*) f) t
                cross join lateral (
                    select coalesce({5}, false) as kept
                    from (select null::bigint as f_segment, null::bigint as f_product, null::bigint as f_region,
                                 r.source_department_id as f_department, null::bigint as f_channel,
                                 null::bigint as f_campaign, null::text as f_objective) f) s
                where {4}::bigint[] is null or a.rule_id = any({4}::bigint[])
                order by a.month, a.step, r.code, m.code
                """,
                        DSL.val(fromMonth),
                        DSL.val(toMonth),
                        DSL.val(firstReported),
                        DSL.val(reporting),
                        DSL.val(ruleIds == null ? null : ruleIds.toArray(Long[]::new), SQLDataType.BIGINT.array()),
                        FactColumns.kept(where))
                .fetch(x -> new Part(
                        x.get(0, LocalDate.class),
                        x.get(1, Integer.class),
                        x.get(2, String.class),
                        x.get(3, String.class),
                        x.get(4, String.class),
                        x.get(5, String.class),
                        AllocationDriver.valueOf(x.get(6, String.class)),
                        AllocationDimension.valueOf(x.get(7, String.class)),
                        x.get(8, String.class),
                        x.get(9, String.class),
                        x.get(10, BigDecimal.class),
                        x.get(11, BigDecimal.class),
                        x.get(12, BigDecimal.class),
                        x.get(13, BigDecimal.class),
                        x.get(14, Boolean.class),
                        x.get(15, Boolean.class)));
    }

    /**
     * A spend or revenue rollup row of the months (as reported) dated before its currency's first
     * rate, as {@code CUR|YYYY-MM-DD}: a pool or driver would miss that line's value. Null: none.
     */
    String missingRate(LocalDate fromMonth, LocalDate toMonth, String reporting, boolean firstReported) {
        return dsl.resultQuery("""
                select min(x.currency || '|' || x.first_day)
                from (select currency, first_day from spend_rollup_reported({3}) where month between {0} and {1}
                      union all
                      select currency, first_day from revenue_rollup_reported({3}) where month between {0} and {1}) x
                where x.currency <> {2}
                  and x.first_day < coalesce((select min(f.rate_date) from fx_rate f where f.currency = x.currency),
                                             'infinity')
                """, DSL.val(fromMonth), DSL.val(toMonth), DSL.val(reporting), DSL.val(firstReported))
                .fetchOne(0, String.class);
    }
}
