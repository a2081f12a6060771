package dev.revgraph.pnl;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * The P&L queries: every fact (revenue line, spend line, new customer) placed in its slices by
 * the rules of docs/metrics.md, converted into the report currency line by line, and aggregated per
 * period and grouped slice, with the report's total and the operating-expense breakdowns in the
 * same statement.
 */
@Repository
class PnlRepository {

    /** The grouped dimensions and their fact columns, in a fixed order. */
    static final List<PnlDimension> DIMENSIONS = List.of(PnlDimension.values());

    /** A P&L query with codes resolved to ids; null filters do not filter. */
    record PnlQuery(
            LocalDate from, LocalDate to, Granularity granularity, int fiscalStartMonth, Set<PnlDimension> groupBy,
            List<Long> segmentIds, List<Long> productIds, List<Long> regionIds, List<Long> departmentIds,
            List<Long> channelIds, String reporting, String currency) {}

    /** The slice of a row: one id per dimension (null: unassigned or not grouped); all null for the total. */
    record Slice(LocalDate periodStart, Long segmentId, Long productId, Long regionId, Long departmentId,
            Long channelId) {

        Long id(PnlDimension dimension) {
            return switch (dimension) {
                case SEGMENT -> segmentId;
                case PRODUCT -> productId;
                case REGION -> regionId;
                case DEPARTMENT -> departmentId;
                case CHANNEL -> channelId;
            };
        }

        Slice shifted(int months) {
            return new Slice(periodStart.plusMonths(months), segmentId, productId, regionId, departmentId, channelId);
        }
    }

    /** Full-precision sums of one row; {@code total} marks the report's total. */
    record Aggregate(Slice slice, boolean total, BigDecimal revenue, BigDecimal costOfService,
            BigDecimal operatingExpenses, int newCustomers, BigDecimal acquisitionExpenses, String missingRate) {}

    /** A department's budget for one period, full precision; {@code missingRate} names a line without a rate. */
    record BudgetAmount(LocalDate periodStart, long departmentId, BigDecimal amount, String missingRate) {}

    /** Operating expenses of one department or one category within a row (or the total). */
    record Breakdown(Slice slice, boolean total, Long departmentId, String category, BigDecimal amount) {}

    private final DSLContext dsl;

    PnlRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The fiscal period a month falls in, as the period's first month. Placeholder-free; s is validated. */
    private static String period(String month, Granularity granularity, int s) {
        String index = "((extract(month from " + month + ")::int - " + s + " + 12) % 12)";
        return switch (granularity) {
            case MONTH -> month;
            case QUARTER -> "(" + month + " - make_interval(months => " + index + " % 3))::date";
            case YEAR -> "(" + month + " - make_interval(months => " + index + "))::date";
        };
    }

    private static Param<Long[]> ids(List<Long> ids) {
        return DSL.val(ids == null ? null : ids.toArray(Long[]::new), SQLDataType.BIGINT.array());
    }

    /** What the rollup facts report when a row may hold a line without a rate: the raw lines decide. */
    static final String RECHECK = "RECHECK";

    /**
     * The rollups answer when the report is in the reporting currency and covers whole months; a
     * report in another currency divides each line by that currency's rate on the line's own day,
     * which only the lines themselves can do.
     */
    private static boolean useRollup(PnlQuery q) {
        return q.currency().equals(q.reporting()) && q.from().getDayOfMonth() == 1
                && q.to().getDayOfMonth() == q.to().lengthOfMonth();
    }

    /**
     * The same facts as {@link #facts(boolean)} read from the monthly rollups (changeset 0020): a row
     * per rollup row with its sum already converted (the reporting currency at 1, any other at the
     * rated sum: each line times its own day's rate), weighted by customers for NEW. A row of the
     * range dated before its currency's first rate makes {@code missing} say {@link #RECHECK}.
     */
    private static final String ROLLUP_FACTS = """
            with recursive raw as (
                select r.month, 'REV' as kind, null::text as category, r.segment_id, r.product_id, r.region_id,
                       null::bigint as department_id, ca.channel_id, null::text as department_kind,
                       case when r.currency = {2} then r.amount else r.rated end as value, r.currency,
                       r.first_day as day, null::bigint as customers
                from revenue_rollup r
                left join campaign ca on ca.id = r.campaign_id
                where r.month between {0} and {1}
                union all
                select s.month, case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, s.category,
                       coalesce(s.segment_id, ca.segment_id), coalesce(s.product_id, ca.product_id),
                       coalesce(s.region_id, ca.region_id), s.department_id, ca.channel_id, d.kind,
                       case when s.currency = {2} then s.amount else s.rated end, s.currency, s.first_day, null::bigint
                from spend_rollup s
                join department d on d.id = s.department_id
                left join campaign ca on ca.id = s.campaign_id
                where s.month between {0} and {1}
                union all
                select c.month, 'NEW', null, c.segment_id, null, c.region_id, null, ca.channel_id, null, null, null,
                       null, c.customers
                from customer_rollup c
                left join campaign ca on ca.id = c.campaign_id
                where c.month between {0} and {1}
            ),
            rated as (
                select raw.* from raw
                where ({4}::bigint[] is null or segment_id = any({4}::bigint[]))
                  and ({5}::bigint[] is null or product_id = any({5}::bigint[]))
                  and ({6}::bigint[] is null or region_id = any({6}::bigint[]))
                  and ({7}::bigint[] is null or department_id = any({7}::bigint[]))
                  and ({8}::bigint[] is null or channel_id = any({8}::bigint[]))
            ),
            facts as (select * from rated),
            missing as (
                -- unfiltered, so the rows above stay a single pass; per currency only the months up to
                -- its first rate are read (index on currency, month); a hit only costs the exact re-check
                select case when exists (
                    select 1 from currency cu
                    cross join lateral (select min(r.rate_date) as first_rate from fx_rate r
                                        where r.currency = cu.code) f
                    where cu.code <> {2}
                      and (exists (select 1 from revenue_rollup x
                                   where x.currency = cu.code
                                     and x.month between {0} and least({1}, coalesce(f.first_rate, {1}))
                                     and x.first_day < coalesce(f.first_rate, 'infinity'::date))
                           or exists (select 1 from spend_rollup x
                                      where x.currency = cu.code
                                        and x.month between {0} and least({1}, coalesce(f.first_rate, {1}))
                                        and x.first_day < coalesce(f.first_rate, 'infinity'::date)))
                ) then 'RECHECK' end as missing
            )
            """;

    /** The first line of the query's facts without a rate, from the lines themselves (null: none). */
    private String rawMissing(PnlQuery q) {
        return dsl.resultQuery(facts(false) + " select missing from missing", binds(q)).fetchOne(0, String.class);
    }

    /**
     * Facts of the range, one row each: month, kind (REV, COGS, OPEX, NEW), category, slice ids,
     * department kind, amount in the report currency, and which rate was missing, if any.
     * Placeholders: {0} from, {1} to, {2} reporting, {3} report currency, {4}..{8} filters.
     */
    private static String facts(boolean rollup) {
        return rollup ? ROLLUP_FACTS : """
                with recursive raw as (
                    select date_trunc('month', r.recognized_on)::date as month, 'REV' as kind, null::text as category,
                           c.segment_id as segment_id, r.product_id, c.region_id, null::bigint as department_id,
                           ca.channel_id, null::text as department_kind, r.amount, r.currency, r.recognized_on as day,
                           null::bigint as customers
                    from revenue_line r
                    join customer c on c.id = r.customer_id
                    left join campaign ca on ca.id = c.acquisition_campaign_id
                    where r.recognized_on between {0} and {1}
                    union all
                    select date_trunc('month', s.booked_on)::date,
                           case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, s.category,
                           coalesce(s.segment_id, ca.segment_id), coalesce(s.product_id, ca.product_id),
                           coalesce(s.region_id, ca.region_id), s.department_id, ca.channel_id, d.kind,
                           s.amount, s.currency, s.booked_on, null::bigint
                    from spend_line s
                    join department d on d.id = s.department_id
                    left join campaign ca on ca.id = s.campaign_id
                    where s.booked_on between {0} and {1}
                    union all
                    select date_trunc('month', c.acquired_on)::date, 'NEW', null, c.segment_id, null, c.region_id,
                           null, ca.channel_id, null, null, null, c.acquired_on, 1::bigint
                    from customer c
                    left join campaign ca on ca.id = c.acquisition_campaign_id
                    where c.acquired_on between {0} and {1}
                ),
                rated as (
                    select raw.*,
                           case when kind = 'NEW' then 1 else fx_rate_on(currency, day, {2}) end as source_rate,
                           case when kind = 'NEW' then 1 else fx_rate_on({3}, day, {2}) end as target_rate
                    from raw
                    where ({4}::bigint[] is null or segment_id = any({4}::bigint[]))
                      and ({5}::bigint[] is null or product_id = any({5}::bigint[]))
                      and ({6}::bigint[] is null or region_id = any({6}::bigint[]))
                      and ({7}::bigint[] is null or department_id = any({7}::bigint[]))
                      and ({8}::bigint[] is null or channel_id = any({8}::bigint[]))
                ),
                facts as (
                    select rated.*, amount * source_rate / target_rate as value from rated
                ),
                missing as (
                    select min(case when source_rate is null then currency || '|' || day
                                    else {3} || '|' || day end) as missing
                    from rated where source_rate is null or target_rate is null
                )
                """;
    }

    private static Object[] binds(PnlQuery q) {
        return new Object[] {
            DSL.val(q.from()), DSL.val(q.to()), DSL.val(q.reporting()), DSL.val(q.currency()),
            ids(q.segmentIds()), ids(q.productIds()), ids(q.regionIds()), ids(q.departmentIds()), ids(q.channelIds())
        };
    }

    /** The select list of the slice columns, and the grouping columns, for the grouped dimensions. */
    private static String sliceColumns(PnlQuery q) {
        List<String> columns = new ArrayList<>();
        columns.add(period("month", q.granularity(), q.fiscalStartMonth()) + " as period_start");
        for (PnlDimension d : DIMENSIONS) {
            columns.add(q.groupBy().contains(d) ? column(d) : "null::bigint as " + column(d));
        }
        return String.join(", ", columns);
    }

    /** The outer select list: grouped slice columns by name, the others as typed nulls. */
    private static String outerColumns(PnlQuery q) {
        List<String> columns = new ArrayList<>(List.of("period_start"));
        for (PnlDimension d : DIMENSIONS) {
            columns.add(q.groupBy().contains(d) ? column(d) : "null::bigint as " + column(d));
        }
        return String.join(", ", columns);
    }

    private static String groupColumns(PnlQuery q) {
        List<String> columns = new ArrayList<>(List.of("period_start"));
        DIMENSIONS.stream().filter(q.groupBy()::contains).map(PnlRepository::column).forEach(columns::add);
        return String.join(", ", columns);
    }

    private static String column(PnlDimension d) {
        return switch (d) {
            case SEGMENT -> "segment_id";
            case PRODUCT -> "product_id";
            case REGION -> "region_id";
            case DEPARTMENT -> "department_id";
            case CHANNEL -> "channel_id";
        };
    }

    private static Slice slice(Record r) {
        return new Slice(r.get("period_start", LocalDate.class), r.get("segment_id", Long.class),
                r.get("product_id", Long.class), r.get("region_id", Long.class), r.get("department_id", Long.class),
                r.get("channel_id", Long.class));
    }

    /** A P&L's rows with the total, and the operating-expense breakdowns of each row and of the total. */
    record Report(List<Aggregate> aggregates, List<Breakdown> breakdowns) {}

    /**
     * The rows, the total and the breakdowns in one statement: the facts are summed once per slice,
     * kind, department and category ({@code pre}), then grouped twice from that, the figures by
     * grouping sets (the rows and the total) and the operating expenses by grouping sets (per row
     * and department, per row and category, and both for the total). {@code part} tells them apart.
     */
    Report report(PnlQuery q) {
        String groups = groupColumns(q);
        String outer = outerColumns(q);
        String sql = facts(useRollup(q)) + """
                , sliced as (select %s, kind, department_kind, facts.department_id as breakdown_department, category,
                                    value, customers from facts),
                pre as (select %s, kind, department_kind, breakdown_department, category, sum(value) as value,
                               sum(customers) as customers
                        from sliced group by %s, kind, department_kind, breakdown_department, category)
                select %s, 'ROW' as part,
                       grouping(period_start) = 1 as is_total,
                       null::bigint as breakdown_department, null::text as category,
                       coalesce(sum(value) filter (where kind = 'REV'), 0) as revenue,
                       coalesce(sum(value) filter (where kind = 'COGS'), 0) as cogs,
                       coalesce(sum(value) filter (where kind = 'OPEX'), 0) as opex,
                       coalesce(sum(customers) filter (where kind = 'NEW'), 0) as new_customers,
                       coalesce(sum(value) filter (where kind = 'OPEX' and department_kind in ('MARKETING', 'SALES')), 0)
                           as acquisition_opex,
                       (select missing from missing) as missing
                from pre
                group by grouping sets ((%s), ())
                union all
                select %s, 'BREAKDOWN',
                       grouping(period_start) = 1,
                       case when grouping(breakdown_department) = 0 then breakdown_department end,
                       case when grouping(category) = 0 then category end,
                       null, null, sum(value), null, null, null
                from pre
                where kind = 'OPEX'
                group by grouping sets ((%s, breakdown_department), (%s, category), (breakdown_department), (category))
                """.formatted(sliceColumns(q), outer, groups, outer, groups, outer, groups, groups);
        List<Aggregate> aggregates = new ArrayList<>();
        List<Breakdown> breakdowns = new ArrayList<>();
        for (Record r : dsl.resultQuery(sql, binds(q)).fetch()) {
            if ("ROW".equals(r.get("part", String.class))) {
                aggregates.add(new Aggregate(
                        slice(r), r.get("is_total", Boolean.class), r.get("revenue", BigDecimal.class),
                        r.get("cogs", BigDecimal.class), r.get("opex", BigDecimal.class),
                        r.get("new_customers", Integer.class), r.get("acquisition_opex", BigDecimal.class),
                        r.get("missing", String.class)));
            } else {
                breakdowns.add(new Breakdown(
                        slice(r), r.get("is_total", Boolean.class), r.get("breakdown_department", Long.class),
                        r.get("category", String.class), r.get("opex", BigDecimal.class)));
            }
        }
        if (aggregates.isEmpty() || !RECHECK.equals(aggregates.get(0).missingRate())) {
            return new Report(aggregates, breakdowns);
        }
        String missing = rawMissing(q);
        return new Report(aggregates.stream().map(a -> new Aggregate(a.slice(), a.total(), a.revenue(),
                a.costOfService(), a.operatingExpenses(), a.newCustomers(), a.acquisitionExpenses(), missing)).toList(),
                breakdowns);
    }

    /** Full-precision figures of one segment subtree (segment null: the whole company, every line). */
    record SegmentFigures(Long segmentId, BigDecimal revenue, BigDecimal costOfService,
            BigDecimal operatingExpenses, BigDecimal acquisitionExpenses, int newCustomers, String missingRate) {}

    /** Each segment's figures rolled up over its subtree, and the whole company's, in one statement. */
    List<SegmentFigures> segmentFigures(LocalDate from, LocalDate to, String reporting) {
        PnlQuery q = new PnlQuery(from, to, Granularity.MONTH, 1, Set.of(), null, null, null, null, null, reporting,
                reporting);
        String sql = facts(useRollup(q)) + """
                , per_segment as (
                    select segment_id,
                           coalesce(sum(value) filter (where kind = 'REV'), 0) as revenue,
                           coalesce(sum(value) filter (where kind = 'COGS'), 0) as cogs,
                           coalesce(sum(value) filter (where kind = 'OPEX'), 0) as opex,
                           coalesce(sum(value) filter (where kind = 'OPEX' and department_kind in ('MARKETING', 'SALES')),
                                    0) as acquisition_opex,
                           coalesce(sum(customers) filter (where kind = 'NEW'), 0) as new_customers
                    from facts group by segment_id
                ),
                closure as (
                    select id as ancestor, id as descendant from segment
                    union all
                    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
                )
                select cl.ancestor as segment_id, sum(p.revenue) as revenue, sum(p.cogs) as cogs,
                       sum(p.opex) as opex, sum(p.acquisition_opex) as acquisition_opex,
                       sum(p.new_customers) as new_customers, (select missing from missing) as missing
                from closure cl join per_segment p on p.segment_id = cl.descendant
                group by cl.ancestor
                union all
                select null, sum(revenue), sum(cogs), sum(opex), sum(acquisition_opex), sum(new_customers),
                       (select missing from missing)
                from per_segment
                """;
        List<SegmentFigures> figures = dsl.resultQuery(sql, binds(q)).fetch(r -> new SegmentFigures(
                r.get("segment_id", Long.class), zeroIfNull(r.get("revenue", BigDecimal.class)),
                zeroIfNull(r.get("cogs", BigDecimal.class)), zeroIfNull(r.get("opex", BigDecimal.class)),
                zeroIfNull(r.get("acquisition_opex", BigDecimal.class)),
                r.get("new_customers", Integer.class) == null ? 0 : r.get("new_customers", Integer.class),
                r.get("missing", String.class)));
        if (figures.isEmpty() || !RECHECK.equals(figures.get(0).missingRate())) {
            return figures;
        }
        String missing = rawMissing(q);
        return figures.stream().map(f -> new SegmentFigures(f.segmentId(), f.revenue(), f.costOfService(),
                f.operatingExpenses(), f.acquisitionExpenses(), f.newCustomers(), missing)).toList();
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** Budgets per department and period in the report currency, each line at its month's first-day rate. */
    List<BudgetAmount> budgets(PnlQuery q) {
        String sql = """
                with rated as (
                    select b.department_id, b.month, b.amount, b.currency,
                           fx_rate_on(b.currency, b.month, {2}) as source_rate,
                           fx_rate_on({3}, b.month, {2}) as target_rate
                    from budget b
                    where b.month between {0} and {1}
                      and ({7}::bigint[] is null or b.department_id = any({7}::bigint[]))
                )
                select %s as period_start, department_id, sum(amount * source_rate / target_rate) as amount,
                       min(case when source_rate is null then currency || '|' || month
                                when target_rate is null then {3} || '|' || month end) as missing
                from rated group by 1, 2
                """.formatted(period("month", q.granularity(), q.fiscalStartMonth()));
        return dsl.resultQuery(sql, binds(q)).fetch(r -> new BudgetAmount(
                r.get("period_start", LocalDate.class), r.get("department_id", Long.class),
                r.get("amount", BigDecimal.class), r.get("missing", String.class)));
    }
}
