--liquibase formatted sql

--changeset revgraph:0034-allocation-reads-dated-campaign-tags splitStatements:false
-- The DIRECT_SPEND driver measured a spend line linked to a campaign by the campaign's latest tags;
-- since 0027 every spend rollup row carries the campaign assignment in force on the line's booking
-- date, which the P&L reads. The driver reads the same, so an allocation by direct spend agrees
-- with the P&L's segment, product and region slices. The body is otherwise 0030's.
create or replace function allocation_compute(months date[], first_reported boolean, reporting text)
returns setof allocation_part
language plpgsql stable as $$
declare
    steps allocation_step[];
    parts allocation_part[] := '{}';
    top int;
begin
    with recursive in_force as (
        select m.month, r.id as rule_id, r.source_department_id, r.source_categories, r.target_dimension
        from unnest(months) as m(month)
        join allocation_rule r on r.effective_from <= m.month and (r.effective_to is null or r.effective_to >= m.month)
    ),
    edges as (
        select a.month, a.rule_id as from_rule, b.rule_id as to_rule
        from in_force a
        join allocation_target t on t.rule_id = a.rule_id
        join in_force b on b.month = a.month and b.source_department_id = t.target_id and b.source_categories is null
        where a.target_dimension = 'DEPARTMENT'
    ),
    depth (month, rule_id, step) as (
        select month, rule_id, 1 from in_force
        union all
        select e.month, e.to_rule, d.step + 1
        from depth d join edges e on e.month = d.month and e.from_rule = d.rule_id
        where d.step < 64
    )
    select array_agg(row(x.month, x.rule_id, x.step)::allocation_step), max(x.step) into steps, top
    from (select month, rule_id, max(step) as step from depth group by month, rule_id) x;

    for s in 1 .. coalesce(top, 0) loop
        parts := parts || array(
            with cur as (
                select st.month, st.rule_id, r.source_department_id, r.source_categories, r.target_dimension, r.driver
                from unnest(steps) st join allocation_rule r on r.id = st.rule_id
                where st.step = s
            ),
            own as (
                select c.month, c.rule_id,
                       coalesce(sum(case when sp.currency = reporting then sp.amount else sp.rated end), 0) as own
                from cur c
                left join spend_rollup_reported(first_reported) sp
                       on sp.month = c.month and sp.department_id = c.source_department_id
                      and (c.source_categories is null or sp.category = any (c.source_categories))
                group by c.month, c.rule_id
            ),
            received as (
                select c.month, c.rule_id, sum(p.amount) as received
                from cur c
                join unnest(parts) p on p.month = c.month and p.target_id = c.source_department_id
                join allocation_rule pr on pr.id = p.rule_id and pr.target_dimension = 'DEPARTMENT'
                where c.source_categories is null
                group by c.month, c.rule_id
            ),
            pools as (
                select o.month, o.rule_id, o.own + coalesce(r.received, 0) as pool
                from own o left join received r on r.month = o.month and r.rule_id = o.rule_id
            ),
            facts (month, driver, dimension, member_id, value) as (
                select rr.month, 'REVENUE', d.dimension, d.member_id,
                       case when rr.currency = reporting then rr.amount else rr.rated end
                from revenue_rollup_reported(first_reported) rr
                cross join lateral (values ('SEGMENT', rr.segment_id), ('PRODUCT', rr.product_id),
                                           ('REGION', rr.region_id)) d (dimension, member_id)
                where rr.month in (select month from cur where driver = 'REVENUE')
                union all
                select cr.month, 'NEW_CUSTOMERS', d.dimension, d.member_id, cr.customers::numeric
                from customer_rollup_reported(first_reported) cr
                cross join lateral (values ('SEGMENT', cr.segment_id), ('REGION', cr.region_id)) d (dimension, member_id)
                where cr.month in (select month from cur where driver = 'NEW_CUSTOMERS')
                union all
                select sp.month, 'DIRECT_SPEND', d.dimension, d.member_id,
                       case when sp.currency = reporting then sp.amount else sp.rated end
                from spend_rollup_reported(first_reported) sp
                left join campaign_assignment ca on ca.id = sp.campaign_assignment_id
                cross join lateral (values ('SEGMENT', coalesce(sp.segment_id, ca.segment_id)),
                                           ('PRODUCT', coalesce(sp.product_id, ca.product_id)),
                                           ('REGION', coalesce(sp.region_id, ca.region_id)),
                                           ('DEPARTMENT', sp.department_id)) d (dimension, member_id)
                where sp.month in (select month from cur where driver = 'DIRECT_SPEND')
                union all
                select h.month, 'HEADCOUNT', case when h.department_id is null then 'SEGMENT' else 'DEPARTMENT' end,
                       coalesce(h.department_id, h.segment_id), h.fte
                from headcount h
                where h.month in (select month from cur where driver = 'HEADCOUNT')
            ),
            targets as (
                select c.month, c.rule_id, c.target_dimension, c.driver, t.target_id, t.share, m.code
                from cur c
                join allocation_target t on t.rule_id = c.rule_id
                join allocation_member m on m.dimension = c.target_dimension and m.id = t.target_id
            ),
            measured as (
                select t.month, t.rule_id, t.target_id, sum(f.value) as value
                from targets t
                join allocation_closure cl on cl.dimension = t.target_dimension and cl.ancestor = t.target_id
                join facts f on f.month = t.month and f.driver = t.driver and f.dimension = t.target_dimension
                            and f.member_id = cl.descendant
                where t.driver <> 'FIXED'
                group by t.month, t.rule_id, t.target_id
            ),
            drivers as (
                select t.month, t.rule_id, t.target_id, t.code,
                       case when t.driver = 'FIXED' then t.share else greatest(coalesce(v.value, 0), 0) end as value
                from targets t
                left join measured v on v.month = t.month and v.rule_id = t.rule_id and v.target_id = t.target_id
            ),
            split as (
                select d.month, d.rule_id, p.pool, sum(d.value) as total,
                       array_agg(d.target_id order by d.code) as ids,
                       array_agg(d.value order by d.code) as vals
                from drivers d join pools p on p.month = d.month and p.rule_id = d.rule_id
                group by d.month, d.rule_id, p.pool
            )
            select row(sp.month, sp.rule_id, s, x.target_id, x.value, sp.total, sp.pool, x.amount)::allocation_part
            from split sp
            cross join lateral unnest(sp.ids, sp.vals, allocation_split(sp.pool, sp.vals)) as x (target_id, value, amount)
        );
    end loop;
    return query select * from unnest(parts);
end;
$$;
