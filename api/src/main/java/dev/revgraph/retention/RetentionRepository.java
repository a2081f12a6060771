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
     * The grid CTEs up to {@code moved}. Placeholders: {0} last month, {1} reporting currency,
     * {2} segment ids, {3} customer ids, {4}/{5} acquisition range.
     */
    private static String grid(Integer windowMonths) {
        String active = windowMonths == null
                ? "mrr > 0"
                : "sum(revenue) over (partition by customer_id order by month rows between "
                        + (windowMonths - 1) + " preceding and current row) > 0";
        return """
                with scoped as (
                    select c.id from customer c
                    where ({2}::bigint[] is null or c.segment_id = any({2}::bigint[]))
                      and ({3}::bigint[] is null or c.id = any({3}::bigint[]))
                      and ({4}::date is null or c.acquired_on >= {4}::date)
                      and ({5}::date is null or c.acquired_on <= {5}::date)
                ),
                lines as (
                    select r.customer_id, date_trunc('month', r.recognized_on)::date as month, r.recurring,
                           r.currency, r.recognized_on,
                           r.amount * fx_rate_on(r.currency, r.recognized_on, {1}) as converted
                    from revenue_line r join scoped s on s.id = r.customer_id
                    where r.recognized_on < ({0}::date + interval '1 month')
                ),
                monthly as (
                    select customer_id, month,
                           coalesce(sum(converted) filter (where recurring), 0) as mrr,
                           sum(converted) as revenue
                    from lines group by customer_id, month
                ),
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
                ),
                missing as (
                    select min(currency || '|' || recognized_on) as missing from lines where converted is null
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
        return dsl.resultQuery(grid(windowMonths) + """
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

    List<CohortCell> cohorts(LocalDate lastMonth, String reporting, CustomerScope scope, Integer windowMonths) {
        return dsl.resultQuery(grid(windowMonths) + """
                , cohort_of as (
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
