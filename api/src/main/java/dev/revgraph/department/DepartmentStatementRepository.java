package dev.revgraph.department;

import dev.revgraph.attribution.AttributionModel;
import dev.revgraph.shared.report.CampaignAssignmentSpans;
import dev.revgraph.shared.report.FactColumns;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The department statement query. */
@Repository
class DepartmentStatementRepository {

    /**
     * The full-precision figures of one department (null id: the unassigned row) and period. The
     * credited new customers and credited revenue are exact fractions {@code customers / denominator}
     * and {@code revenue / denominator}, one denominator for the whole statement, so that the rows'
     * served figures can be rounded to add up exactly; {@code missingRate} names the first amount of
     * the statement without an FX rate (the same on every row); {@code slicesNet} is zero without a
     * filter (see {@link #statement}).
     */
    record StatementFigures(
            LocalDate periodStart,
            Long departmentId,
            String code,
            String name,
            String kind,
            BigDecimal budget,
            BigDecimal directCost,
            BigDecimal allocatedIn,
            BigDecimal allocatedOut,
            BigDecimal allocatedToSlices,
            BigDecimal slicesNet,
            BigDecimal customers,
            BigDecimal revenue,
            BigDecimal denominator,
            String missingRate) {}

    private final DSLContext dsl;

    DepartmentStatementRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The statement in one statement: a row per period for every department (active, or archived
     * with a figure in the range) and for the unassigned credited outcomes.
     *
     * <p>Costs per department and month: budget lines at their month's first-day rate and spend as
     * reported ({@code spend_rollup_reported}, 0026), as budget vs actual reads them; the allocation
     * parts of {@code allocation_reported} (0030) by their rule's source department and dimension.
     *
     * <p>Credited outcomes: each customer's credits under the model (exact {@code num / den}: the
     * stored credits of {@code attribution_credits_stored}, 0052, at the stored parameters, else
     * {@code attribution_credits}, 0029, from the touches) go to the department owning each credited
     * campaign on the customer's acquisition day (the assignment {@code campaign_assignment_id_on},
     * 0027, would pick, joined by its span of days: {@link CampaignAssignmentSpans}); a credit to no
     * campaign (no touch, no acquisition campaign) goes to the unassigned row. A customer acquired in a
     * period counts its credits there; its revenue recognised in a period (whenever it was acquired)
     * is multiplied by the same credits. Revenue is read as campaign performance reads it: live
     * lines at each day's rate in open months, {@code closed_customer_day_revenue} in closed ones;
     * credits of customers acquired in a closed month as its close stored them. The credits are
     * computed for every customer acquired between the earliest acquisition of a customer with
     * revenue in the range (or the range's start) and the latest (or its end). The sums per
     * denominator are brought to the least common multiple of the statement's denominators, as in
     * campaign performance, so no 1/3 is ever rounded before the served figure.
     *
     * <p>With a filter ({@code where}), every fact is tested by its slices under the names of
     * {@link FactColumns}: budget lines (their department), spend rollup rows (their tags, else their
     * campaign's assignment), revenue lines (their product; their customer's assignment on their day
     * and its acquisition campaign's channel; a closed month's as its close placed the customer), new
     * customers (their source, a closed month's as its close stored it) and each allocated amount on its
     * target and on its source, as the P&L's fully-loaded facts. {@code slicesNet} is then a
     * department's SEGMENT, PRODUCT and REGION amounts kept on their target less those kept on their
     * source (zero without a filter).
     *
     * @param months each month of the range (its first day) with the first day of its period
     * @param where the filter, null for none
     */
    List<StatementFigures> statement(
            LocalDate from,
            LocalDate to,
            List<LocalDate> months,
            List<LocalDate> periodStarts,
            AttributionModel model,
            int halfLifeDays,
            String reporting,
            boolean firstReported,
            SliceFilter where) {
        Condition kept = FactColumns.kept(where);
        return dsl.resultQuery(
                        """
                with periods as materialized (
                    select x.month, x.period_start
                    from unnest({6}::date[], {7}::date[]) as x (month, period_start)
                ),
                closed as materialized (
                    select month, close_version_id as id
                    from reported_close_version({0}::date, {1}::date, {5}::boolean)
                ),
                closed_months as (
                    select coalesce(array_agg(month), array[]::date[]) as months from closed
                ),
                rates as materialized (
                    -- materialized: inlined, the planner may call fx_rate_on once per revenue line
                    select cu.code as currency, g.day::date as day, fx_rate_on(cu.code, g.day::date, {2}) as rate
                    from currency cu cross join generate_series({0}::date, {1}::date, interval '1 day') as g(day)
                    where date_trunc('month', g.day::date)::date <> all ((select months from closed_months)::date[])
                ),
                revenue_days as (
%1$s                ),
                rev as (
                    select v.customer_id, p.period_start, sum(v.value) as revenue, min(v.missing) as missing
                    from revenue_days v join periods p on p.month = v.month
                    group by v.customer_id, p.period_start
                ),
                bounds as (
                    select least({0}::date, min(c.acquired_on)) as first_day,
                           greatest({1}::date, max(c.acquired_on)) as last_day
                    from customer c
                    where c.id in (select customer_id from rev)
                ),
                %4$s
                credited as materialized (
                    select cr.customer_id, cr.acquired_on, a.department_id, cr.den, sum(cr.num) as num
                    from bounds b
                    cross join lateral %3$s cr
                    left join assignment_spans a on a.campaign_id = cr.campaign_id
                                                and cr.acquired_on >= a.valid_from
                                                and (a.valid_to is null or cr.acquired_on < a.valid_to)
                    group by cr.customer_id, cr.acquired_on, a.department_id, cr.den
                ),
                by_den as (
                    -- credited revenue: a customer without credits (none computed) is unassigned whole
                    select r.period_start, c.department_id, coalesce(c.den, 1) as den, 0::numeric as customers,
                           sum(coalesce(c.num, 1) * r.revenue) as revenue
                    from rev r
                    left join credited c on c.customer_id = r.customer_id
                    group by r.period_start, c.department_id, coalesce(c.den, 1)
                    union all
                    select p.period_start, c.department_id, c.den, sum(c.num), 0
                    from credited c
                    join periods p on p.month = date_trunc('month', c.acquired_on)::date
                    where c.acquired_on between {0}::date and {1}::date%2$s
                    group by p.period_start, c.department_id, c.den
                ),
                denominator as materialized (
                    select credit_denominator(array_agg(distinct den)) as l from by_den
                ),
                attributed as (
                    select b.period_start, b.department_id, sum(b.customers * div(x.l, b.den)) as customers,
                           sum(b.revenue * div(x.l, b.den)) as revenue
                    from by_den b cross join denominator x
                    group by b.period_start, b.department_id
                ),
                budgets as (
                    select department_id, month,
                           sum(amount * fx_rate_on(currency, month, {2})) as budget,
                           min(case when fx_rate_on(currency, month, {2}) is null
                                    then currency || '|' || month end) as missing
                    from budget
                    cross join lateral (select null::bigint as f_segment, null::bigint as f_product,
                                               null::bigint as f_region, department_id as f_department,
                                               null::bigint as f_channel, null::bigint as f_campaign,
                                               null::text as f_objective) f
                    where month between {0}::date and {1}::date
                      and version_id = budget_latest_approved_version()
                      and {9}
                    group by department_id, month
                ),
                spend as (
                    -- as budget vs actual reads it (0020, 0026)
                    select s.department_id, s.month,
                           sum(case when s.currency = {2} then s.amount else s.rated end) as direct,
                           min(case when s.currency <> {2}
                                     and s.first_day < coalesce((select min(x.rate_date) from fx_rate x
                                                                 where x.currency = s.currency), 'infinity')
                                    then s.currency || '|' || s.first_day end) as missing
                    from spend_rollup_reported({5}::boolean) s
                    left join campaign_assignment ca on ca.id = s.campaign_assignment_id
                    cross join lateral (select coalesce(s.segment_id, ca.segment_id) as f_segment,
                                               coalesce(s.product_id, ca.product_id) as f_product,
                                               coalesce(s.region_id, ca.region_id) as f_region,
                                               s.department_id as f_department, ca.channel_id as f_channel,
                                               s.campaign_id as f_campaign,
                                               coalesce(s.objective, ca.objective) as f_objective) f
                    where s.month between {0}::date and {1}::date
                      and {9}
                    group by s.department_id, s.month
                ),
                parts as (
                    -- each amount as the P&L's two facts (docs/metrics.md, "allocated"): on its target (the
                    -- target in the rule's dimension, with the target department of a DEPARTMENT rule, else
                    -- the source department) and on its source department; kept: whether the filter keeps each
                    select a.month, r.source_department_id as source, r.target_dimension as dimension,
                           a.target_id as target, a.amount, t.kept as on_target, s.kept as on_source
                    from allocation_reported({0}::date, {8}::date, {5}::boolean, {2}) a
                    join allocation_rule r on r.id = a.rule_id
                    cross join lateral (
                        select case when r.target_dimension = 'SEGMENT' then a.target_id end as f_segment,
                               case when r.target_dimension = 'PRODUCT' then a.target_id end as f_product,
                               case when r.target_dimension = 'REGION' then a.target_id end as f_region,
                               case when r.target_dimension = 'DEPARTMENT' then a.target_id
                                    else r.source_department_id end as f_department,
                               null::bigint as f_channel, null::bigint as f_campaign, null::text as f_objective) tf
                    cross join lateral (select coalesce({9}, false) as kept from (select tf.*) f) t
                    cross join lateral (
                        select coalesce({9}, false) as kept
                        from (select null::bigint as f_segment, null::bigint as f_product, null::bigint as f_region,
                                     r.source_department_id as f_department, null::bigint as f_channel,
                                     null::bigint as f_campaign, null::text as f_objective) f) s
                ),
                costs (department_id, month, budget, direct, allocated_in, allocated_out, to_slices, slices_net,
                       missing, figure) as (
                    -- figure: a budget or spend row, or an amount allocated (an archived department with
                    -- one in the range is listed, as budget vs actual lists one with a budget or spend row);
                    -- slices_net: its SEGMENT, PRODUCT and REGION rules' amounts kept on their target less
                    -- those kept on their source (zero without a filter: both are the department's)
                    select department_id, month, budget, 0, 0, 0, 0, 0, missing, true from budgets
                    union all
                    select department_id, month, 0, direct, 0, 0, 0, 0, missing, true from spend
                    union all
                    select target, month, 0, 0, amount, 0, 0, 0, null, amount <> 0 from parts
                    where dimension = 'DEPARTMENT' and target <> source and on_target
                    union all
                    select source, month, 0, 0, 0, amount, 0, 0, null, amount <> 0 from parts
                    where dimension = 'DEPARTMENT' and target <> source and on_source
                    union all
                    select source, month, 0, 0, 0, 0, case when on_target then amount else 0 end,
                           case when on_target then amount else 0 end - case when on_source then amount else 0 end,
                           null, amount <> 0 from parts
                    where dimension <> 'DEPARTMENT' and (on_target or on_source)
                ),
                cost_by_period as (
                    select p.period_start, c.department_id, sum(c.budget) as budget, sum(c.direct) as direct,
                           sum(c.allocated_in) as allocated_in, sum(c.allocated_out) as allocated_out,
                           sum(c.to_slices) as to_slices, sum(c.slices_net) as slices_net,
                           bool_or(c.figure) as figure
                    from costs c join periods p on p.month = c.month
                    group by p.period_start, c.department_id
                ),
                missing as (
                    select min(m) as missing
                    from (select min(missing) as m from costs
                          union all
                          select min(missing) from rev) x
                ),
                d as (
                    select id, code, name, kind from department
                    where archived_at is null
                       or exists (select 1 from cost_by_period c where c.department_id = department.id and c.figure)
                       or exists (select 1 from attributed a where a.department_id = department.id
                                                               and (a.customers <> 0 or a.revenue <> 0))
                ),
                keys as (
                    select p.period_start, d.id
                    from (select distinct period_start from periods) p cross join d
                    union all
                    select distinct period_start, null::bigint from periods
                )
                select k.period_start, k.id, d.code, d.name, d.kind,
                       coalesce(c.budget, 0), coalesce(c.direct, 0), coalesce(c.allocated_in, 0),
                       coalesce(c.allocated_out, 0), coalesce(c.to_slices, 0), coalesce(c.slices_net, 0),
                       coalesce(a.customers, 0), coalesce(a.revenue, 0), (select l from denominator),
                       (select missing from missing)
                from keys k
                left join d on d.id = k.id
                left join cost_by_period c on c.period_start = k.period_start and c.department_id = k.id
                left join attributed a on a.period_start = k.period_start
                                      and coalesce(a.department_id, -1) = coalesce(k.id, -1)
                order by k.period_start, d.code nulls last
                """.formatted(
                                        where == null ? REVENUE : FILTERED_REVENUE,
                                        where == null ? "" : KEPT_NEW_CUSTOMER,
                                        model.stored(halfLifeDays)
                                                ? "attribution_credits_stored(b.first_day, b.last_day, {3}::text, {5}::boolean)"
                                                : "attribution_credits(b.first_day, b.last_day, {3}::text, {4}::int, {5}::boolean)",
                                        CampaignAssignmentSpans.CTE.strip()),
                        DSL.val(from),
                        DSL.val(to),
                        DSL.val(reporting),
                        DSL.val(model.name()),
                        DSL.val(halfLifeDays),
                        DSL.val(firstReported),
                        DSL.val(months.toArray(LocalDate[]::new), LocalDate[].class),
                        DSL.val(periodStarts.toArray(LocalDate[]::new), LocalDate[].class),
                        DSL.val(months.get(months.size() - 1)),
                        kept)
                .fetch(r -> new StatementFigures(
                        r.get(0, LocalDate.class),
                        r.get(1, Long.class),
                        r.get(2, String.class),
                        r.get(3, String.class),
                        r.get(4, String.class),
                        r.get(5, BigDecimal.class),
                        r.get(6, BigDecimal.class),
                        r.get(7, BigDecimal.class),
                        r.get(8, BigDecimal.class),
                        r.get(9, BigDecimal.class),
                        r.get(10, BigDecimal.class),
                        r.get(11, BigDecimal.class),
                        r.get(12, BigDecimal.class),
                        r.get(13, BigDecimal.class),
                        r.get(14, String.class)));
    }

    /** Revenue per customer and day, unfiltered: live lines in open months, the close's sums in closed ones. */
    private static final String REVENUE = """
                    select r.customer_id, date_trunc('month', r.recognized_on)::date as month,
                           r.amount * x.rate as value,
                           case when x.rate is null then r.currency || '|' || r.recognized_on end as missing
                    from revenue_line r
                    join rates x on x.currency = r.currency and x.day = r.recognized_on
                    where r.recognized_on between {0}::date and {1}::date
                    union all
                    select d.customer_id, date_trunc('month', d.day)::date,
                           case when d.currency = {2} then d.amount else d.rated end,
                           case when d.currency <> {2} and d.rated is null then d.currency || '|' || d.day end
                    from closed m
                    join closed_customer_day_revenue d on d.close_version_id = m.id
                    where d.day between {0}::date and {1}::date
            """;

    /**
     * Revenue per customer and day of the lines the filter keeps, each line in its slices (its
     * product; its customer's segment, region and acquisition campaign on its day, and that campaign's
     * channel on its day): open months live; closed months place the lines as the close stored the
     * customer (closed_customer_span, 0037) and take the close's sum of the customer's day (all its
     * lines kept), or the kept part of it at the close's rate.
     */
    private static final String FILTERED_REVENUE = """
                    select r.customer_id, date_trunc('month', r.recognized_on)::date as month,
                           r.amount * x.rate as value,
                           case when x.rate is null then r.currency || '|' || r.recognized_on end as missing
                    from revenue_line r
                    join rates x on x.currency = r.currency and x.day = r.recognized_on
                    left join lateral (
                        select a.segment_id, a.region_id, a.acquisition_campaign_id from customer_assignment a
                        where a.customer_id = r.customer_id and a.valid_from <= r.recognized_on
                        order by a.valid_from desc, a.id desc limit 1) ar on true
                    cross join lateral (
                        select ar.segment_id as f_segment, r.product_id as f_product, ar.region_id as f_region,
                               null::bigint as f_department,
                               (select ch.channel_id from campaign_assignment ch
                                where ch.campaign_id = ar.acquisition_campaign_id and ch.valid_from <= r.recognized_on
                                order by ch.valid_from desc, ch.id desc limit 1) as f_channel,
                               ar.acquisition_campaign_id as f_campaign, null::text as f_objective) f
                    where r.recognized_on between {0}::date and {1}::date
                      and {9}
                    union all
                    select d.customer_id, date_trunc('month', d.day)::date,
                           case when d.currency = {2} then k.kept
                                when k.kept = d.amount then d.rated
                                when d.amount <> 0 then d.rated * k.kept / d.amount
                                else k.kept * fx_rate_on(d.currency, d.day, {2}) end,
                           case when d.currency <> {2} and d.rated is null then d.currency || '|' || d.day end
                    from closed m
                    join closed_customer_day_revenue d on d.close_version_id = m.id
                    join (
                        select m2.id, r.customer_id, r.recognized_on as day, r.currency, sum(r.amount) as kept
                        from closed m2
                        join revenue_line r
                          on r.recognized_on between m2.month and (m2.month + interval '1 month - 1 day')::date
                        left join closed_customer_span sp
                          on sp.close_version_id = m2.id and sp.customer_id = r.customer_id
                         and r.recognized_on between sp.first_day and sp.last_day
                        cross join lateral (
                            select sp.segment_id as f_segment, r.product_id as f_product, sp.region_id as f_region,
                                   null::bigint as f_department,
                                   (select ch.channel_id from campaign_assignment ch
                                    where ch.campaign_id = sp.acquisition_campaign_id
                                      and ch.valid_from <= r.recognized_on
                                    order by ch.valid_from desc, ch.id desc limit 1) as f_channel,
                                   sp.acquisition_campaign_id as f_campaign, null::text as f_objective) f
                        where r.recognized_on between {0}::date and {1}::date
                          and {9}
                        group by m2.id, r.customer_id, r.recognized_on, r.currency
                    ) k on k.id = m.id and k.customer_id = d.customer_id and k.day = d.day and k.currency = d.currency
                    where d.day between {0}::date and {1}::date
            """;

    /**
     * The new customers the filter keeps, by their source (docs/metrics.md, "Quality by source"): a
     * customer acquired in a closed month as that month's close stored it, any other as it is now.
     */
    private static final String KEPT_NEW_CUSTOMER = """

                      and exists (
                          select 1
                          from (select s.segment_id as f_segment, null::bigint as f_product, s.region_id as f_region,
                                       null::bigint as f_department, s.channel_id as f_channel,
                                       s.acquisition_campaign_id as f_campaign, null::text as f_objective
                                from customer_source_reported({5}::boolean) s
                                where s.customer_id = c.customer_id
                                  and s.month = date_trunc('month', c.acquired_on)::date
                                union all
                                select s.segment_id, null::bigint, s.region_id, null::bigint, s.channel_id,
                                       s.acquisition_campaign_id, null::text
                                from customer_source s
                                where s.customer_id = c.customer_id
                                  and not exists (select 1 from closed m
                                                  where m.month = date_trunc('month', c.acquired_on)::date)) f
                          where {9})""";
}
