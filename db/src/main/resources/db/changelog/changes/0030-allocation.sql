--liquibase formatted sql

--changeset revgraph:0030-allocation splitStatements:false
-- Cost allocation (issue 16, product.md "Cost allocation and department statements").
--
-- 1. headcount: a department's or a segment's FTE of a month, the HEADCOUNT driver's input. A
--    month's headcount is refused in a closed month by the guard of the ledgers (assert_months_open,
--    RG001 naming the month), for every writer.
-- 2. allocation_rule (with allocation_target and allocation_rule_event): a rule moves one
--    department's spend (optionally some categories) onto targets of one dimension by a driver,
--    from a month on (optionally to a month). Rules are never deleted; each change is an event row.
-- 3. The engine, in SQL: allocation_split (the largest-remainder split of one pool),
--    allocation_compute (every rule in force in some months, in steps: a rule whose department
--    receives allocations from other rules runs after them) and allocation_reported, which a
--    report reads: computed for open months, and for closed months what their close stored. A
--    trigger on close_version (0026) stores the allocation of the month each close closes, so a
--    closed month keeps the allocation it was closed with, whatever changes later (a rule, a
--    headcount, a segment moved, a campaign re-tagged), and a month closed twice keeps both.

-- 1. headcount
create table headcount (
    id            bigint generated always as identity primary key,
    department_id bigint references department (id),
    segment_id    bigint references segment (id),
    month         date           not null check (extract(day from month) = 1),
    fte           numeric(19, 4) not null check (fte >= 0),
    updated_at    timestamptz    not null default now(),
    updated_by    text           not null,
    check ((department_id is null) <> (segment_id is null)),
    constraint headcount_key unique nulls not distinct (department_id, segment_id, month)
);
create index headcount_month_idx on headcount (month);
comment on table headcount is 'Full-time equivalents of a department or a segment in a month; the HEADCOUNT driver.';

create function headcount_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct month from new_rows));
    return null;
end;
$$;

create trigger headcount_closed_months
    after insert on headcount
    referencing new table as new_rows
    for each statement execute function headcount_months_open();

create function headcount_months_open_update() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select month from old_rows union select month from new_rows));
    return null;
end;
$$;

create trigger headcount_closed_months_update
    after update on headcount
    referencing old table as old_rows new table as new_rows
    for each statement execute function headcount_months_open_update();

create trigger headcount_closed_months_delete
    after delete on headcount
    referencing old table as new_rows
    for each statement execute function headcount_months_open();

-- 2. allocation rules
create table allocation_rule (
    id                   bigint generated always as identity primary key,
    code                 text        not null unique,
    name                 text        not null,
    source_department_id bigint      not null references department (id),
    -- null: every category
    source_categories    text[] check (source_categories is null or cardinality(source_categories) > 0),
    target_dimension     text        not null check (target_dimension in ('SEGMENT', 'PRODUCT', 'REGION', 'DEPARTMENT')),
    driver               text        not null check (driver in ('FIXED', 'REVENUE', 'NEW_CUSTOMERS', 'DIRECT_SPEND', 'HEADCOUNT')),
    effective_from       date        not null check (extract(day from effective_from) = 1),
    effective_to         date check (extract(day from effective_to) = 1),
    created_at           timestamptz not null default now(),
    created_by           text        not null,
    check (effective_to is null or effective_to >= effective_from)
);
create index allocation_rule_source_idx on allocation_rule (source_department_id);
comment on table allocation_rule is 'Moves a department''s spend (optionally some categories) onto targets of one dimension by a driver, in the months from effective_from to effective_to (null: open-ended).';

-- target_id is the id of a row of the rule's dimension (segment, product, region or department)
create table allocation_target (
    rule_id   bigint  not null references allocation_rule (id),
    target_id bigint  not null,
    share     numeric check (share > 0 and share <= 1),
    primary key (rule_id, target_id)
);
comment on table allocation_target is 'The targets of a rule; share only for the FIXED driver (the shares of a rule sum to 1).';

create table allocation_rule_event (
    id             bigint generated always as identity primary key,
    rule_id        bigint      not null references allocation_rule (id),
    action         text        not null check (action in ('CREATE', 'END')),
    effective_from date        not null,
    effective_to   date,
    actor          text        not null,
    occurred_at    timestamptz not null default now()
);
create index allocation_rule_event_rule_idx on allocation_rule_event (rule_id, id);
comment on table allocation_rule_event is 'Each change of a rule: created, or given an end month; with the months in force after it.';

-- 3. the engine

-- The largest-remainder split of a pool by weights, to the cent: each part is its quota
-- (pool x weight / total weight, weights below zero counting as zero) rounded down to a cent, and
-- the cents left to reach the pool rounded half-up to cents go one each to the largest remainders
-- (ties: the earlier weight). Exact: the quotas are compared in integers (pool x 100 x weight
-- divided by the total), never rounded first. A zero total splits nothing (every part 0).
create function allocation_split(pool numeric, weights numeric[]) returns numeric[]
language sql immutable parallel safe as $$
    with w as (
        select i, greatest(coalesce(x, 0), 0) as x from unnest(weights) with ordinality as t(x, i)
    ),
    total as (select sum(x) as t from w),
    q as (
        select w.i, total.t, pool * 100 * w.x as a from w, total
    ),
    f as (
        select i, t, a,
               case when t > 0 then div(a, t) - case when a < 0 and mod(a, t) <> 0 then 1 else 0 end end as fl
        from q
    ),
    r as (select i, t, fl, a - fl * t as rem from f),
    k as (select round(pool, 2) * 100 - sum(fl) as k from r),
    ranked as (select i, t, fl, row_number() over (order by rem desc, i) as rn from r)
    select coalesce(array_agg(case when t > 0 then (fl + case when rn <= k.k then 1 else 0 end) / 100 else 0 end
                              order by i), '{}')
    from ranked, k
$$;
comment on function allocation_split(numeric, numeric[]) is 'Largest-remainder split of a pool by weights: parts in cents summing to the pool rounded to cents (nothing when the weights sum to zero).';

-- What the engine returns: one row per month, rule and target (the rule's unallocated rest is
-- the pool rounded to cents less the sum of its amounts: all of it when the driver total is zero).
create type allocation_part as (
    month         date,
    rule_id       bigint,
    step          int,
    target_id     bigint,
    driver_value  numeric,
    driver_total  numeric,
    pool          numeric,
    amount        numeric
);

create type allocation_step as (month date, rule_id bigint, step int);

-- Every member of the four target dimensions, with its code and name.
create view allocation_member as
select 'SEGMENT' as dimension, id, code, name, parent_id, archived_at from segment
union all
select 'REGION', id, code, name, parent_id, archived_at from region
union all
select 'PRODUCT', id, code, name, null::bigint, archived_at from product
union all
select 'DEPARTMENT', id, code, name, null::bigint, archived_at from department;
comment on view allocation_member is 'The members of the dimensions a rule allocates onto: segments, regions, products, departments.';

-- Each member with itself and every member below it (trees: segments, regions).
create view allocation_closure as
with recursive closure (dimension, ancestor, descendant) as (
    select dimension, id, id from allocation_member
    union all
    select c.dimension, c.ancestor, m.id
    from closure c join allocation_member m on m.dimension = c.dimension and m.parent_id = c.descendant
)
select dimension, ancestor, descendant from closure;
comment on view allocation_closure is 'Every dimension member with itself and each member below it.';

-- Every rule in force in the given months, in steps, on the figures the reports read
-- (<rollup>_reported of 0026: for a closed month, the rows its first or latest close stored) in
-- the reporting currency at full precision:
--   pool   = the source department's spend of the month (of the rule's categories), plus, for a rule
--            without categories, every amount allocated onto the department by rules of earlier steps;
--   driver = per target: FIXED its share; REVENUE, NEW_CUSTOMERS, DIRECT_SPEND the month's revenue,
--            new customers or spend (every department, every category; a line linked to a campaign
--            takes the campaign's tags where it has none) of the target, a segment or region with
--            everything below it; HEADCOUNT its FTE (a segment with everything below it); a figure
--            below zero counts as zero;
--   amounts = allocation_split(pool, drivers), targets in code order.
-- The step of a rule in a month: 1 when no rule in force allocates onto its department (or it has
-- categories, so it takes no allocated amount), else one more than the highest such rule. The
-- rules' departments form no cycle (createAllocationRule refuses one); steps stop at 64.
create function allocation_compute(months date[], first_reported boolean, reporting text)
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
                left join campaign ca on ca.id = sp.campaign_id
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
comment on function allocation_compute(date[], boolean, text) is 'Every allocation rule in force in the months, in steps, on the reported figures (0026): a row per month, rule and target.';

-- The allocations of each closed month as its close computed them.
create table closed_allocation (
    close_version_id bigint  not null references close_version (id),
    month            date    not null,
    rule_id          bigint  not null references allocation_rule (id),
    step             int     not null,
    target_id        bigint  not null,
    driver_value     numeric not null,
    driver_total     numeric not null,
    pool             numeric not null,
    amount           numeric not null
);
create index closed_allocation_idx on closed_allocation (close_version_id, month);
comment on table closed_allocation is 'The allocations of a closed month, as each close computed them.';

create function close_version_allocation() returns trigger
language plpgsql as $$
begin
    insert into closed_allocation (close_version_id, month, rule_id, step, target_id, driver_value, driver_total,
                                   pool, amount)
    select new.id, p.month, p.rule_id, p.step, p.target_id, p.driver_value, p.driver_total, p.pool, p.amount
    from allocation_compute(array[new.month], false, new.currency) p;
    return null;
end;
$$;

-- After the close's whole statement (close_snapshot of 0026 stores the close_version row and the
-- rollup copies in one statement), so the allocation is computed on exactly what the close stored.
create trigger close_version_allocation
    after insert on close_version
    for each row execute function close_version_allocation();

-- What reports read: open months (and closed months without a stored close) computed now, closed
-- months as their first or latest close stored them.
create function allocation_reported(from_month date, to_month date, first_reported boolean, reporting text)
returns setof allocation_part
language sql stable as $$
    select *
    from allocation_compute(array(select g::date from generate_series(from_month, to_month, interval '1 month') g
                                  where not exists (select 1 from reported_close r where r.month = g::date)),
                            first_reported, reporting)
    union all
    select c.month, c.rule_id, c.step, c.target_id, c.driver_value, c.driver_total, c.pool, c.amount
    from reported_close r
    join closed_allocation c on c.close_version_id = case when first_reported then r.first_id else r.latest_id end
    where r.month between from_month and to_month
$$;
comment on function allocation_reported(date, date, boolean, text) is 'The allocations of the months: computed for open months, stored for closed ones (first or latest close).';
