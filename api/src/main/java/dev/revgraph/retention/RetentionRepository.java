package dev.revgraph.retention;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * The retention queries. All of them start from one set-based computation: each customer's
 * recurring revenue (MRR) and total revenue per month from its first revenue month on, whether it
 * is active, and (with window functions) whether it was active the month before or ever before.
 * Movements, cohorts and a customer's own history aggregate that grid in SQL.
 */
@Repository
class RetentionRepository {

    /** Which customers a query covers; null parts do not filter. */
    record CustomerScope(Collection<Long> segmentIds, Collection<Long> customerIds, LocalDate acquiredFrom,
            LocalDate acquiredTo) {}

    /** Full-precision movements of one month. */
    record MonthMovements(LocalDate month, BigDecimal startMrr, BigDecimal newMrr, BigDecimal expansion,
            BigDecimal contraction, BigDecimal churned, BigDecimal reactivated, BigDecimal endMrr,
            int activeCustomers, int startCustomers, int churnedCustomers, String missingRate) {}

    /** One customer-month of the grid. */
    record CustomerMonthFigures(long customerId, LocalDate month, BigDecimal mrr, BigDecimal revenue,
            boolean active, boolean previousActive, BigDecimal previousMrr, boolean activeBefore, int activeMonths,
            String missingRate) {}

    /** One cohort cell at full precision. */
    record CohortCell(LocalDate cohort, int monthsSince, LocalDate month, int size, int active, BigDecimal mrr,
            BigDecimal firstMonthMrr, BigDecimal cumulativeRevenue, String missingRate) {}

    private final DSLContext dsl;

    RetentionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The customers a query covers, opening the WITH clause. Placeholders: {2} segment ids,
     * {3} customer ids, {4}/{5} acquisition range (null: no filter).
     */
    private static final String SCOPED = """
            with recursive scoped as (
                select c.id from customer c
                where ({2}::bigint[] is null or c.segment_id = any({2}::bigint[]))
                  and ({3}::bigint[] is null or c.id = any({3}::bigint[]))
                  and ({4}::date is null or c.acquired_on >= {4}::date)
                  and ({5}::date is null or c.acquired_on <= {5}::date)
            ),
            """;

    /**
     * The earliest line of a scoped customer, up to the last month, that has no rate in force on
     * its day ({@code CUR|yyyy-mm-dd}), or null. Rates are missing only before a currency's first
     * rate, so each currency reads its rollup rows up to that month (index on currency, month).
     */
    private static final String MISSING = """
            select min(cu.code || '|' || x.first_day) as missing
                    from currency cu
                    left join lateral (select min(rate_date) as first_rate from fx_rate where currency = cu.code) f on true
                    join customer_month_rollup x on x.currency = cu.code
                        and x.month <= least({0}::date, coalesce(f.first_rate, {0}::date))
                        and x.first_day < coalesce(f.first_rate, 'infinity'::date)
                    join scoped s on s.id = x.customer_id
                    where cu.code <> {1}""";

    /**
     * The customers of the scope, the MRR of each customer and month from the month before the
     * first month ({6}) to the last ({0}), and for each active month the customer's previous and
     * next active month (lag/lead over active months only, so no grid of empty months). A month
     * is active when its MRR is above zero. Placeholders as in {@link #grid(Integer)}, plus {6}.
     */
    private static final String ACTIVE_MONTHS = SCOPED + """
            ranged as (
                select r.customer_id, r.month,
                       sum(case when r.currency = {1} then r.recurring_amount else r.recurring_rated end) as mrr
                from customer_month_rollup r join scoped s on s.id = r.customer_id
                where r.month >= ({6}::date - interval '1 month')::date and r.month <= {0}::date
                group by r.customer_id, r.month
            ),
            w as (
                select customer_id, month, mrr,
                       lag(month) over c as prev_month, lag(mrr) over c as prev_mrr, lead(month) over c as next_month
                from ranged where mrr > 0
                window c as (partition by customer_id order by month)
            ),
            missing as (%s),
            """.formatted(MISSING);

    /**
     * The scoped customers, their MRR and revenue per month up to the last month (no rows for
     * months without lines) and the missing-rate check, ending with a comma. Placeholders: {0} last
     * month, {1} reporting currency, {2} segment ids, {3} customer ids, {4}/{5} acquisition range.
     */
    private static final String MONTHLY = SCOPED + """
            monthly as (
                select r.customer_id, r.month,
                       sum(case when r.currency = {1} then r.recurring_amount else r.recurring_rated end) as mrr,
                       sum(case when r.currency = {1} then r.amount else r.rated end) as revenue
                from customer_month_rollup r join scoped s on s.id = r.customer_id
                where r.month <= {0}::date
                group by r.customer_id, r.month
            ),
            missing as (%s),
            """.formatted(MISSING);

    /**
     * {@link #MONTHLY}, then the dense grid of every scoped customer's months from its first to
     * the last month, with activity and the customer's state the month before, up to {@code moved}
     * (no trailing comma).
     */
    private static String grid(Integer windowMonths) {
        String active = windowMonths == null
                ? "mrr > 0"
                : "sum(revenue) over (partition by customer_id order by month rows between "
                        + (windowMonths - 1) + " preceding and current row) > 0";
        return MONTHLY + """
                firsts as (select customer_id, min(month) as first_month from monthly group by customer_id),
                grid as (
                    select f.customer_id, g.month::date as month,
                           coalesce(m.mrr, 0) as mrr, coalesce(m.revenue, 0) as revenue
                    from firsts f
                    cross join lateral generate_series(f.first_month, {0}::date, interval '1 month') as g(month)
                    left join monthly m on m.customer_id = f.customer_id and m.month = g.month
                ),
                flagged as (
                    select customer_id, month, mrr, revenue, coalesce(%s, false) as active from grid
                ),
                moved as (
                    select customer_id, month, mrr, revenue, active,
                           coalesce(lag(active) over w, false) as prev_active,
                           coalesce(lag(mrr) over w, 0) as prev_mrr,
                           coalesce(bool_or(active) over (w rows between unbounded preceding and 1 preceding), false)
                               as active_before,
                           count(*) filter (where active) over (w rows between unbounded preceding and current row)
                               as active_months
                    from flagged
                    window w as (partition by customer_id order by month)
                )
                """.formatted(active);
    }

    private static Param<Long[]> ids(Collection<Long> ids) {
        return DSL.val(ids == null ? null : ids.toArray(Long[]::new), SQLDataType.BIGINT.array());
    }

    private Object[] binds(LocalDate lastMonth, String reporting, CustomerScope scope) {
        return new Object[] {
            DSL.val(lastMonth), DSL.val(reporting), ids(scope.segmentIds()), ids(scope.customerIds()),
            DSL.val(scope.acquiredFrom(), LocalDate.class), DSL.val(scope.acquiredTo(), LocalDate.class)
        };
    }

    List<MonthMovements> movements(LocalDate firstMonth, LocalDate lastMonth, String reporting,
            CustomerScope scope, Integer windowMonths) {
        Object[] binds = binds(lastMonth, reporting, scope);
        Object[] all = java.util.Arrays.copyOf(binds, binds.length + 1);
        all[binds.length] = DSL.val(firstMonth);
        String sql = windowMonths == null ? activeMonthMovements() : grid(windowMonths) + GRID_MOVEMENTS;
        return dsl.resultQuery(sql + """
                select m.month::date,
                       coalesce(a.start_mrr, 0), coalesce(a.new_mrr, 0), coalesce(a.expansion, 0),
                       coalesce(a.contraction, 0), coalesce(a.churned, 0), coalesce(a.reactivated, 0),
                       coalesce(a.end_mrr, 0), coalesce(a.active_customers, 0), coalesce(a.start_customers, 0),
                       coalesce(a.churned_customers, 0), (select missing from missing)
                from generate_series({6}::date, {0}::date, interval '1 month') as m(month)
                left join agg a on a.month = m.month
                order by m.month
                """, all)
                .fetch(r -> new MonthMovements(
                        r.get(0, LocalDate.class), r.get(1, BigDecimal.class), r.get(2, BigDecimal.class),
                        r.get(3, BigDecimal.class), r.get(4, BigDecimal.class), r.get(5, BigDecimal.class),
                        r.get(6, BigDecimal.class), r.get(7, BigDecimal.class), r.get(8, Integer.class),
                        r.get(9, Integer.class), r.get(10, Integer.class), r.get(11, String.class)));
    }

    /**
     * Movements from active months alone (activity = MRR above zero): a customer's row in month m
     * is new when it has no earlier active month at all, reactivated when its previous active month
     * is before m-1, an expansion or contraction when it is m-1; its row in m-1 starts m and is
     * churned in m when it has no row in m. Only customers entering in the range are looked up
     * before it (were they ever active before?), through the rollup's primary key.
     */
    private static String activeMonthMovements() {
        return ACTIVE_MONTHS + """
                entrants as (select distinct customer_id from w where prev_month is null and month >= {6}::date),
                earlier as (
                    select distinct r.customer_id
                    from customer_month_rollup r join entrants e on e.customer_id = r.customer_id
                    where r.month < ({6}::date - interval '1 month')::date
                    group by r.customer_id, r.month
                    having sum(case when r.currency = {1} then r.recurring_amount else r.recurring_rated end) > 0
                ),
                facts as (
                    select w.month, w.mrr as end_mrr, 1 as active,
                           case when w.prev_month is null and e.customer_id is null then w.mrr end as new_mrr,
                           case when (w.prev_month is null and e.customer_id is not null)
                                     or w.prev_month < (w.month - interval '1 month')::date then w.mrr end as reactivated,
                           case when w.prev_month = (w.month - interval '1 month')::date and w.mrr > w.prev_mrr
                                then w.mrr - w.prev_mrr end as expansion,
                           case when w.prev_month = (w.month - interval '1 month')::date and w.mrr < w.prev_mrr
                                then w.prev_mrr - w.mrr end as contraction,
                           null::numeric as start_mrr, 0 as starting, null::numeric as churned, 0 as churning
                    from w left join earlier e on e.customer_id = w.customer_id
                    where w.month >= {6}::date
                    union all
                    select (w.month + interval '1 month')::date, null, 0, null, null, null, null, w.mrr, 1,
                           case when w.next_month is distinct from (w.month + interval '1 month')::date then w.mrr end,
                           case when w.next_month is distinct from (w.month + interval '1 month')::date then 1 else 0 end
                    from w where w.month < {0}::date
                ),
                agg as (
                    select month, sum(start_mrr) as start_mrr, sum(new_mrr) as new_mrr, sum(expansion) as expansion,
                           sum(contraction) as contraction, sum(churned) as churned, sum(reactivated) as reactivated,
                           sum(end_mrr) as end_mrr, sum(active) as active_customers, sum(starting) as start_customers,
                           sum(churning) as churned_customers
                    from facts group by month
                )
                """;
    }

    /** Movements over the dense grid, for an activity window (active = revenue within the window). */
    private static final String GRID_MOVEMENTS = """
            , agg as (
                select month,
                       sum(prev_mrr) filter (where prev_active) as start_mrr,
                       sum(mrr) filter (where active and not prev_active and not active_before) as new_mrr,
                       sum(mrr - prev_mrr) filter (where active and prev_active and mrr > prev_mrr) as expansion,
                       sum(prev_mrr - mrr) filter (where active and prev_active and mrr < prev_mrr) as contraction,
                       sum(prev_mrr) filter (where prev_active and not active) as churned,
                       sum(mrr) filter (where active and not prev_active and active_before) as reactivated,
                       sum(mrr) filter (where active) as end_mrr,
                       count(*) filter (where active) as active_customers,
                       count(*) filter (where prev_active) as start_customers,
                       count(*) filter (where prev_active and not active) as churned_customers
                from moved where month >= {6}::date
                group by month
            )
            """;

    List<CustomerMonthFigures> history(LocalDate firstMonth, LocalDate lastMonth, String reporting,
            CustomerScope scope) {
        Object[] binds = binds(lastMonth, reporting, scope);
        Object[] all = java.util.Arrays.copyOf(binds, binds.length + 1);
        all[binds.length] = DSL.val(firstMonth);
        return dsl.resultQuery(grid(null) + """
                select customer_id, month, mrr, revenue, active, prev_active, prev_mrr, active_before,
                       active_months, (select missing from missing)
                from moved where month >= {6}::date
                order by customer_id, month
                """, all)
                .fetch(r -> new CustomerMonthFigures(
                        r.get(0, Long.class), r.get(1, LocalDate.class), r.get(2, BigDecimal.class),
                        r.get(3, BigDecimal.class), r.get(4, Boolean.class), r.get(5, Boolean.class),
                        r.get(6, BigDecimal.class), r.get(7, Boolean.class), r.get(8, Integer.class),
                        r.get(9, String.class)));
    }

    /** Pooled retention inputs of the range for one segment subtree (or the whole company, segment null). */
    record Pooled(Long segmentId, BigDecimal mrr, long activeCustomerMonths, BigDecimal startMrr, BigDecimal lost,
            String missingRate) {}

    /** Sums of MRR, active customer-months, start MRR and lost MRR (churned + contraction) per segment subtree. */
    List<Pooled> pooledBySegment(LocalDate firstMonth, LocalDate lastMonth, String reporting) {
        Object[] binds = binds(lastMonth, reporting, new CustomerScope(null, null, null, null));
        Object[] all = java.util.Arrays.copyOf(binds, binds.length + 1);
        all[binds.length] = DSL.val(firstMonth);
        return dsl.resultQuery(ACTIVE_MONTHS + """
                per_month as (
                    select c.segment_id, w.mrr, 1 as active, 0 as start_mrr,
                           case when w.prev_month = (w.month - interval '1 month')::date and w.mrr < w.prev_mrr
                                then w.prev_mrr - w.mrr else 0 end as lost
                    from w join customer c on c.id = w.customer_id
                    where w.month >= {6}::date
                    union all
                    select c.segment_id, 0, 0, w.mrr,
                           case when w.next_month is distinct from (w.month + interval '1 month')::date
                                then w.mrr else 0 end
                    from w join customer c on c.id = w.customer_id
                    where w.month < {0}::date
                ),
                per_segment as (
                    select segment_id, sum(mrr) as mrr, sum(active) as active, sum(start_mrr) as start_mrr,
                           sum(lost) as lost
                    from per_month group by segment_id
                ),
                closure as (
                    select id as ancestor, id as descendant from segment
                    union all
                    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
                )
                select cl.ancestor, sum(p.mrr), sum(p.active), sum(p.start_mrr), sum(p.lost),
                       (select missing from missing)
                from closure cl join per_segment p on p.segment_id = cl.descendant
                group by cl.ancestor
                union all
                select null, sum(mrr), sum(active), sum(start_mrr), sum(lost), (select missing from missing)
                from per_segment
                """, all)
                .fetch(r -> new Pooled(
                        r.get(0, Long.class), r.get(1, BigDecimal.class),
                        r.get(2, Long.class) == null ? 0 : r.get(2, Long.class), r.get(3, BigDecimal.class),
                        r.get(4, BigDecimal.class), r.get(5, String.class)));
    }

    List<CohortCell> cohorts(LocalDate lastMonth, String reporting, CustomerScope scope, Integer windowMonths) {
        // without an activity window a month is active when its MRR is above zero: the customer's
        // monthly rows answer directly; with a window, activity needs the dense grid's trailing sums
        String months = windowMonths == null
                ? MONTHLY + "moved as (select customer_id, month, mrr, revenue, mrr > 0 as active from monthly),"
                : grid(windowMonths) + ",";
        return dsl.resultQuery(months + """
                cohort_of as (
                    select c.id as customer_id, date_trunc('month', c.acquired_on)::date as cohort
                    from customer c join scoped s on s.id = c.id
                ),
                sizes as (select cohort, count(*) as size from cohort_of group by cohort),
                cells as (
                    select z.cohort, g.month::date as month, z.size,
                           ((extract(year from g.month) - extract(year from z.cohort)) * 12
                               + extract(month from g.month) - extract(month from z.cohort))::int as since
                    from sizes z
                    cross join lateral generate_series(z.cohort, {0}::date, interval '1 month') as g(month)
                ),
                figures as (
                    select o.cohort, mv.month,
                           count(*) filter (where mv.active) as active,
                           coalesce(sum(mv.mrr) filter (where mv.active), 0) as mrr,
                           sum(mv.revenue) as revenue
                    from cohort_of o join moved mv on mv.customer_id = o.customer_id and mv.month >= o.cohort
                    group by o.cohort, mv.month
                )
                select c.cohort, c.since, c.month, c.size,
                       coalesce(f.active, 0), coalesce(f.mrr, 0),
                       first_value(coalesce(f.mrr, 0)) over (partition by c.cohort order by c.month),
                       sum(coalesce(f.revenue, 0)) over (partition by c.cohort order by c.month),
                       (select missing from missing)
                from cells c left join figures f on f.cohort = c.cohort and f.month = c.month
                order by c.cohort, c.month
                """, binds(lastMonth, reporting, scope))
                .fetch(r -> new CohortCell(
                        r.get(0, LocalDate.class), r.get(1, Integer.class), r.get(2, LocalDate.class),
                        r.get(3, Integer.class), r.get(4, Integer.class), r.get(5, BigDecimal.class),
                        r.get(6, BigDecimal.class), r.get(7, BigDecimal.class), r.get(8, String.class)));
    }
}
