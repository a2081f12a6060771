--liquibase formatted sql

--changeset revgraph:0041-reporting-schema splitStatements:false
-- A read-only SQL surface for BI tools (docs/bi.md): the schema `reporting`, one flat view per
-- report, over the same relations the GraphQL reports read: the monthly rollups as reported
-- (changeset 0026's <rollup>_reported(false): open months live, closed months as their latest
-- stored close), so each figure here equals the API's `version: LATEST` figure by construction.
--
-- Security: a BI login role (created by createBiCredentials) gets USAGE on `reporting`, SELECT on
-- its views and EXECUTE on the reporting_*_rows() functions below, nothing else. A view reads its
-- tables with its owner's rights, but a function it calls runs with the caller's: so each view
-- reads one SECURITY DEFINER function owned by the application's database user, with its
-- search_path fixed to the application's schema (and pg_temp last), that does the reading. The
-- functions are not executable by PUBLIC.
--
-- reporting_setting: the two settings the figures depend on and that live in the application's
-- configuration (the reporting currency and the fiscal year's first month), stamped by the
-- application at every start.
create table reporting_setting (
    only_row               boolean primary key default true check (only_row),
    reporting_currency     text not null,
    fiscal_year_start_month int  not null check (fiscal_year_start_month between 1 and 12),
    stamped_at             timestamptz not null default now()
);
comment on table reporting_setting is 'The reporting currency and fiscal year start the application runs with, stamped at every start; the reporting views read them.';

-- The BI login roles createBiCredentials made (never their passwords: PostgreSQL keeps only a
-- SCRAM verifier of each).
create table bi_credential (
    id          bigint generated always as identity primary key,
    name        text        not null,
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    revoked_at  timestamptz,
    revoked_by  text
);
create unique index bi_credential_active_name on bi_credential (name) where revoked_at is null;
comment on table bi_credential is 'PostgreSQL login roles for BI tools that can only read the reporting schema; one row per role, kept after its revocation.';

create schema reporting;
comment on schema reporting is 'Read-only reporting surface for BI tools: one flat view per report, the same figures as the GraphQL API (docs/bi.md).';

-- The fiscal labels of a month under the stamped fiscal year start (FiscalCalendar's rules).
create function reporting_fiscal_year(m date, start_month int) returns int
language sql immutable parallel safe as $$
    select case when start_month = 1 or extract(month from m)::int < start_month
                then extract(year from m)::int else extract(year from m)::int + 1 end
$$;
create function reporting_fiscal_quarter(m date, start_month int) returns int
language sql immutable parallel safe as $$
    select ((extract(month from m)::int - start_month + 12) % 12) / 3 + 1
$$;

-- Trees flattened: each node with its depth, its path of codes from the root and the code and
-- name of its ancestors at levels 1 to 5 (level 1 is the root).
create function reporting_tree_rows(tree text)
returns table (id bigint, code text, name text, parent_code text, depth int, path text, archived boolean,
               level_1_code text, level_1_name text, level_2_code text, level_2_name text,
               level_3_code text, level_3_name text, level_4_code text, level_4_name text,
               level_5_code text, level_5_name text)
language sql stable security definer as $$
    with recursive nodes as (
        select s.id, s.code, s.name, s.parent_id, s.archived_at from segment s where tree = 'segment'
        union all
        select r.id, r.code, r.name, r.parent_id, r.archived_at from region r where tree = 'region'
    ),
    walk as (
        select n.id, n.code, n.name, n.parent_id, n.archived_at, 1 as depth,
               array[n.code] as codes, array[n.name] as names
        from nodes n where n.parent_id is null
        union all
        select n.id, n.code, n.name, n.parent_id, n.archived_at, w.depth + 1,
               w.codes || n.code, w.names || n.name
        from walk w join nodes n on n.parent_id = w.id
    )
    select w.id, w.code, w.name, p.code, w.depth, array_to_string(w.codes, '/'), w.archived_at is not null,
           w.codes[1], w.names[1], w.codes[2], w.names[2], w.codes[3], w.names[3],
           w.codes[4], w.names[4], w.codes[5], w.names[5]
    from walk w left join nodes p on p.id = w.parent_id
$$;

-- The P&L facts of PnlRepository's rollup path (direct cost basis): revenue, spend and new
-- customers from the reported rollups, each spend and customer row placed by its campaign's
-- assignment in force (0027), in the reporting currency (its own amount, any other at the sum of
-- each line at its own day's rate), summed per month and slice.
create function reporting_pnl_rows()
returns table (month date, segment_id bigint, product_id bigint, region_id bigint, department_id bigint,
               channel_id bigint, category text, revenue numeric, cost_of_service numeric,
               operating_expenses numeric, new_customers bigint)
language sql stable security definer as $$
    with cur as (select reporting_currency as code from reporting_setting),
    facts as (
        select r.month, 'REV' as kind, null::text as category, r.segment_id, r.product_id, r.region_id,
               null::bigint as department_id, ca.channel_id,
               case when r.currency = cur.code then r.amount else r.rated end as value, null::bigint as customers
        from revenue_rollup_reported(false) r
        cross join cur
        left join campaign_assignment ca on ca.id = r.campaign_assignment_id
        union all
        select s.month, case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, s.category,
               coalesce(s.segment_id, ca.segment_id), coalesce(s.product_id, ca.product_id),
               coalesce(s.region_id, ca.region_id), s.department_id, ca.channel_id,
               case when s.currency = cur.code then s.amount else s.rated end, null
        from spend_rollup_reported(false) s
        cross join cur
        left join campaign_assignment ca on ca.id = s.campaign_assignment_id
        union all
        select c.month, 'NEW', null, c.segment_id, null, c.region_id, null, ca.channel_id, null, c.customers
        from customer_rollup_reported(false) c
        left join campaign_assignment ca on ca.id = c.campaign_assignment_id
    )
    select month, segment_id, product_id, region_id, department_id, channel_id, category,
           coalesce(sum(value) filter (where kind = 'REV'), 0),
           coalesce(sum(value) filter (where kind = 'COGS'), 0),
           coalesce(sum(value) filter (where kind = 'OPEX'), 0),
           coalesce(sum(customers) filter (where kind = 'NEW'), 0)::bigint
    from facts
    group by month, segment_id, product_id, region_id, department_id, channel_id, category
$$;

-- BudgetRepository.budgetVsActual: the latest approved budget version's lines (0039) at the latest
-- rate on or before the month's first day, actual spend from the reported spend rollup; a department and month with either.
create function reporting_budget_rows()
returns table (department_id bigint, month date, budget numeric, actual numeric)
language sql stable security definer as $$
    with cur as (select reporting_currency as code from reporting_setting),
    b as (
        select department_id, month, sum(amount * fx_rate_on(currency, month, cur.code)) as budget
        from budget cross join cur
        where version_id = budget_latest_approved_version()
        group by department_id, month
    ),
    a as (
        select s.department_id, s.month,
               sum(case when s.currency = cur.code then s.amount else s.rated end) as actual
        from spend_rollup_reported(false) s cross join cur
        group by s.department_id, s.month
    )
    select coalesce(b.department_id, a.department_id), coalesce(b.month, a.month),
           coalesce(b.budget, 0), coalesce(a.actual, 0)
    from b full join a on a.department_id = b.department_id and a.month = b.month
$$;

-- RetentionRepository's maintained MRR movements (maintainedPerMonth + MOVEMENTS) for the whole
-- company (scope_id null) and for every segment subtree at once: per scope, the rows whose segment
-- is in it (inside) and whose kept customers came from it (came).
create function reporting_mrr_rows()
returns table (month date, scope_id bigint, start_mrr numeric, new_mrr numeric, expansion numeric,
               contraction numeric, churned numeric, reactivated numeric, transfer_in numeric,
               transfer_out numeric, end_mrr numeric, active_customers bigint, start_customers bigint,
               churned_customers bigint, transfer_in_customers bigint, transfer_out_customers bigint)
language sql stable security definer as $$
    with recursive closure as (
        select id as ancestor, id as descendant from segment
        union all
        select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
    ),
    r as (select * from mrr_movement_rollup_reported(false)),
    scoped as (
        select null::bigint as scope_id, r.*, true as inside, true as came from r
        union all
        select s.id, r.*, ci.ancestor is not null, cf.ancestor is not null
        from segment s
        cross join r
        left join closure ci on ci.ancestor = s.id and ci.descendant = r.segment_id
        left join closure cf on cf.ancestor = s.id and cf.descendant = r.from_segment_id
        where ci.ancestor is not null or cf.ancestor is not null
    ),
    per_month as (
        select scope_id, month,
               sum(end_mrr) filter (where inside) as end_mrr, sum(active) filter (where inside) as active,
               sum(new_mrr) filter (where inside) as new_mrr,
               sum(reactivated) filter (where inside) as reactivated,
               sum(expansion) filter (where inside) as expansion,
               sum(contraction) filter (where inside) as contraction,
               sum(kept_mrr) filter (where came) as kept_mrr, sum(kept) filter (where came) as kept,
               sum(kept_mrr) filter (where inside and not came) as transfer_in,
               sum(kept) filter (where inside and not came) as transfer_in_customers,
               sum(kept_mrr) filter (where came and not inside) as transfer_out,
               sum(kept) filter (where came and not inside) as transfer_out_customers
        from scoped
        group by scope_id, month
    ),
    -- each scope with rows, from the month before its first row (all zero) to the later of the
    -- month after its last row (where its last churn shows) and the current month: every other
    -- month of a scope is all zero
    scopes as (
        select scope_id, (min(month) - interval '1 month')::date as first_month,
               greatest((max(month) + interval '1 month')::date, date_trunc('month', current_date)::date) as last_month
        from scoped group by scope_id
    ),
    agg as (
        select m.month::date as month, sc.scope_id,
               lag(coalesce(p.end_mrr, 0)) over o as start_mrr,
               p.new_mrr, p.expansion, p.contraction,
               lag(coalesce(p.end_mrr, 0)) over o - coalesce(p.kept_mrr, 0) as churned,
               p.reactivated, p.transfer_in, p.transfer_out, p.end_mrr, p.active as active_customers,
               lag(coalesce(p.active, 0)) over o as start_customers,
               lag(coalesce(p.active, 0)) over o - coalesce(p.kept, 0) as churned_customers,
               p.transfer_in_customers, p.transfer_out_customers
        from scopes sc
        cross join lateral generate_series(sc.first_month, sc.last_month, interval '1 month') as m(month)
        left join per_month p on p.month = m.month and p.scope_id is not distinct from sc.scope_id
        window o as (partition by sc.scope_id order by m.month)
    )
    select a.month, a.scope_id,
           coalesce(a.start_mrr, 0), coalesce(a.new_mrr, 0), coalesce(a.expansion, 0),
           coalesce(a.contraction, 0), coalesce(a.churned, 0), coalesce(a.reactivated, 0),
           coalesce(a.transfer_in, 0), coalesce(a.transfer_out, 0), coalesce(a.end_mrr, 0),
           coalesce(a.active_customers, 0)::bigint, coalesce(a.start_customers, 0)::bigint,
           coalesce(a.churned_customers, 0)::bigint, coalesce(a.transfer_in_customers, 0)::bigint,
           coalesce(a.transfer_out_customers, 0)::bigint
    from agg a join scopes sc on sc.scope_id is not distinct from a.scope_id
    where a.month > sc.first_month
$$;

-- RetentionRepository.cohorts for the whole company without an activity window: customers by
-- acquisition month, followed every month from it (active = MRR above zero).
create function reporting_cohort_rows()
returns table (cohort_month date, months_since_acquisition int, month date, cohort_size bigint,
               active_customers bigint, mrr numeric, first_month_mrr numeric, cumulative_revenue numeric)
language sql stable security definer as $$
    with cur as (select reporting_currency as code from reporting_setting),
    monthly as (
        select r.customer_id, r.month,
               sum(case when r.currency = cur.code then r.recurring_amount else r.recurring_rated end) as mrr,
               sum(case when r.currency = cur.code then r.amount else r.rated end) as revenue
        from customer_month_rollup_reported(false) r cross join cur
        group by r.customer_id, r.month
    ),
    moved as (select customer_id, month, mrr, revenue, mrr > 0 as active from monthly),
    cohort_of as (select c.id as customer_id, date_trunc('month', c.acquired_on)::date as cohort from customer c),
    -- each cohort's cells run to the later of its customers' last month with revenue and the
    -- current month (the cells after its last month with revenue add nothing)
    last_months as (select customer_id, max(month) as last_month from monthly group by customer_id),
    sizes as (
        select o.cohort, count(*) as size,
               greatest(max(l.last_month), date_trunc('month', current_date)::date) as last_month
        from cohort_of o left join last_months l on l.customer_id = o.customer_id
        group by o.cohort
    ),
    cells as (
        select z.cohort, g.month::date as month, z.size,
               ((extract(year from g.month) - extract(year from z.cohort)) * 12
                   + extract(month from g.month) - extract(month from z.cohort))::int as since
        from sizes z
        cross join lateral generate_series(z.cohort, z.last_month, interval '1 month') as g(month)
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
           sum(coalesce(f.revenue, 0)) over (partition by c.cohort order by c.month)
    from cells c left join figures f on f.cohort = c.cohort and f.month = c.month
$$;

create function reporting_setting_row()
returns table (reporting_currency text, fiscal_year_start_month int)
language sql stable security definer as $$
    select reporting_currency, fiscal_year_start_month from reporting_setting
$$;

create function reporting_dimension_rows()
returns table (dimension text, id bigint, code text, name text, kind text, paid boolean, archived boolean)
language sql stable security definer as $$
    select 'product', id, code, name, null::text, null::boolean, archived_at is not null from product
    union all
    select 'department', id, code, name, kind, null, archived_at is not null from department
    union all
    select 'channel', id, code, name, null, paid, archived_at is not null from channel
$$;

create function reporting_closed_months() returns setof date
language sql stable security definer as $$
    select month from fiscal_month where status = 'CLOSED'
$$;

-- Every function above: the search_path fixed to this schema with pg_temp last, and not
-- executable by PUBLIC (createBiCredentials grants EXECUTE to each BI role).
do $$
declare
    f regprocedure;
begin
    for f in select p.oid::regprocedure from pg_proc p
             where p.pronamespace = current_schema()::regnamespace and p.proname like 'reporting\_%'
    loop
        execute format('alter function %s set search_path = %I, pg_temp', f, current_schema());
        execute format('revoke all on function %s from public', f);
    end loop;
end;
$$;

-- ---- the views

create view reporting.segment as
select t.code as segment_code, t.name as segment_name, t.parent_code as parent_segment_code, t.depth,
       t.path as segment_path, t.archived,
       t.level_1_code, t.level_1_name, t.level_2_code, t.level_2_name, t.level_3_code, t.level_3_name,
       t.level_4_code, t.level_4_name, t.level_5_code, t.level_5_name
from reporting_tree_rows('segment') t;

create view reporting.region as
select t.code as region_code, t.name as region_name, t.parent_code as parent_region_code, t.depth,
       t.path as region_path, t.archived,
       t.level_1_code, t.level_1_name, t.level_2_code, t.level_2_name, t.level_3_code, t.level_3_name,
       t.level_4_code, t.level_4_name, t.level_5_code, t.level_5_name
from reporting_tree_rows('region') t;

create view reporting.product as
select code as product_code, name as product_name, archived
from reporting_dimension_rows() where dimension = 'product';

create view reporting.department as
select code as department_code, name as department_name, kind as department_kind, archived
from reporting_dimension_rows() where dimension = 'department';

create view reporting.channel as
select code as channel_code, name as channel_name, paid, archived
from reporting_dimension_rows() where dimension = 'channel';

create view reporting.pnl_monthly as
with setting as (select * from reporting_setting_row()),
     seg as (select * from reporting_tree_rows('segment')),
     reg as (select * from reporting_tree_rows('region')),
     dim as (select * from reporting_dimension_rows()),
     closed as (select m from reporting_closed_months() as m)
select p.month,
       to_char(p.month, 'YYYY-MM') as month_label,
       reporting_fiscal_year(p.month, st.fiscal_year_start_month) as fiscal_year,
       reporting_fiscal_quarter(p.month, st.fiscal_year_start_month) as fiscal_quarter,
       'FY' || reporting_fiscal_year(p.month, st.fiscal_year_start_month) as fiscal_year_label,
       'FY' || reporting_fiscal_year(p.month, st.fiscal_year_start_month) || '-Q'
           || reporting_fiscal_quarter(p.month, st.fiscal_year_start_month) as fiscal_quarter_label,
       s.code as segment_code, s.name as segment_name, s.path as segment_path,
       pr.code as product_code, pr.name as product_name,
       r.code as region_code, r.name as region_name, r.path as region_path,
       d.code as department_code, d.name as department_name, d.kind as department_kind,
       ch.code as channel_code, ch.name as channel_name,
       p.category,
       st.reporting_currency as currency,
       p.revenue, p.cost_of_service, p.operating_expenses, p.new_customers,
       exists (select 1 from closed c where c.m = p.month) as closed
from reporting_pnl_rows() p
cross join setting st
left join seg s on s.id = p.segment_id
left join dim pr on pr.dimension = 'product' and pr.id = p.product_id
left join reg r on r.id = p.region_id
left join dim d on d.dimension = 'department' and d.id = p.department_id
left join dim ch on ch.dimension = 'channel' and ch.id = p.channel_id;

create view reporting.budget_vs_actual as
with setting as (select * from reporting_setting_row()),
     dim as (select * from reporting_dimension_rows() where dimension = 'department'),
     closed as (select m from reporting_closed_months() as m)
select b.month, to_char(b.month, 'YYYY-MM') as month_label,
       reporting_fiscal_year(b.month, st.fiscal_year_start_month) as fiscal_year,
       reporting_fiscal_quarter(b.month, st.fiscal_year_start_month) as fiscal_quarter,
       d.code as department_code, d.name as department_name, d.kind as department_kind,
       st.reporting_currency as currency,
       b.budget, b.actual, b.actual - b.budget as variance,
       exists (select 1 from closed c where c.m = b.month) as closed
from reporting_budget_rows() b
cross join setting st
join dim d on d.id = b.department_id;

create view reporting.mrr_movements as
with setting as (select * from reporting_setting_row()),
     seg as (select * from reporting_tree_rows('segment')),
     closed as (select m from reporting_closed_months() as m)
select m.month, to_char(m.month, 'YYYY-MM') as month_label,
       case when m.scope_id is null then 'COMPANY' else 'SEGMENT' end as scope,
       s.code as segment_code, s.name as segment_name, s.path as segment_path,
       st.reporting_currency as currency,
       m.start_mrr, m.new_mrr, m.expansion, m.contraction, m.churned, m.reactivated,
       m.transfer_in, m.transfer_out, m.end_mrr,
       m.active_customers, m.start_customers, m.churned_customers,
       m.transfer_in_customers, m.transfer_out_customers,
       exists (select 1 from closed c where c.m = m.month) as closed
from reporting_mrr_rows() m
cross join setting st
left join seg s on s.id = m.scope_id;

create view reporting.cohort_cells as
with setting as (select * from reporting_setting_row()),
     closed as (select m from reporting_closed_months() as m)
select c.cohort_month, to_char(c.cohort_month, 'YYYY-MM') as cohort_label, c.months_since_acquisition,
       c.month, to_char(c.month, 'YYYY-MM') as month_label,
       st.reporting_currency as currency,
       c.cohort_size, c.active_customers, c.mrr, c.first_month_mrr, c.cumulative_revenue,
       exists (select 1 from closed x where x.m = c.month) as closed
from reporting_cohort_rows() c
cross join setting st;

-- ---- what every relation and column means

comment on view reporting.segment is 'Customer segments with their tree flattened: depth, path of codes from the root and the ancestors at levels 1 to 5 (level 1 is the root).';
comment on view reporting.region is 'Regions with their tree flattened: depth, path of codes from the root and the ancestors at levels 1 to 5 (level 1 is the root).';
comment on view reporting.product is 'Products.';
comment on view reporting.department is 'Departments: who spends.';
comment on view reporting.channel is 'Acquisition channels.';
comment on view reporting.pnl_monthly is 'The monthly P&L fact at its finest grain (direct cost basis): per month and every slice, revenue, cost of service, operating expenses and new customers at full precision in the reporting currency. Sum any grouping and round half-up to 2 decimals to get profitAndLoss. Closed months as their latest close stored them.';
comment on view reporting.budget_vs_actual is 'Budget and actual spend per department and month, in the reporting currency at full precision; a department and month without either has no row (both are 0). Equals budgetVsActual after rounding half-up to 2 decimals.';
comment on view reporting.mrr_movements is 'MRR movements per month, for the whole company (scope COMPANY) and for every segment with its whole subtree (scope SEGMENT), at full precision in the reporting currency. Each row equals mrrMovements for that month and segmentCode (null for the company) after rounding half-up to 2 decimals. A scope''s rows run from its first month with MRR to the later of the month after its last one and the current month; a month outside them is all zero.';
comment on view reporting.cohort_cells is 'Customer cohorts by acquisition month for the whole company: one cell per cohort and month from the cohort month on, active = MRR above zero. Logo retention = active_customers / cohort_size, MRR retention = mrr / first_month_mrr, cumulative revenue per customer = cumulative_revenue / cohort_size; equals cohortRetention. A cohort''s cells run to the later of its last month with revenue and the current month.';

do $$
declare
    c record;
    comments text[][] := array[
        ['segment_code', 'The segment''s code (stable key).'],
        ['segment_name', 'The segment''s name.'],
        ['parent_segment_code', 'The parent segment''s code; null for a root.'],
        ['parent_region_code', 'The parent region''s code; null for a root.'],
        ['depth', 'The node''s level in its tree: 1 for a root.'],
        ['segment_path', 'The segment''s codes from the root down to it, joined by /; null when unassigned.'],
        ['region_path', 'The region''s codes from the root down to it, joined by /; null when unassigned.'],
        ['archived', 'True when archived: kept for history, no new facts.'],
        ['level_1_code', 'The code of the ancestor at level 1 (the root).'],
        ['level_1_name', 'The name of the ancestor at level 1 (the root).'],
        ['level_2_code', 'The code of the ancestor at level 2; null above it.'],
        ['level_2_name', 'The name of the ancestor at level 2; null above it.'],
        ['level_3_code', 'The code of the ancestor at level 3; null above it.'],
        ['level_3_name', 'The name of the ancestor at level 3; null above it.'],
        ['level_4_code', 'The code of the ancestor at level 4; null above it.'],
        ['level_4_name', 'The name of the ancestor at level 4; null above it.'],
        ['level_5_code', 'The code of the ancestor at level 5; null above it.'],
        ['level_5_name', 'The name of the ancestor at level 5; null above it.'],
        ['region_code', 'The region''s code; null when unassigned.'],
        ['region_name', 'The region''s name; null when unassigned.'],
        ['product_code', 'The product''s code; null when unassigned.'],
        ['product_name', 'The product''s name; null when unassigned.'],
        ['department_code', 'The department''s code; null on revenue and new customers.'],
        ['department_name', 'The department''s name; null on revenue and new customers.'],
        ['department_kind', 'The department''s kind: MARKETING, SALES, OPERATIONS, FINANCE, PRODUCT or GENERAL; MARKETING and SALES operating expenses are the cost of acquisition.'],
        ['channel_code', 'The channel''s code; null when unassigned.'],
        ['channel_name', 'The channel''s name; null when unassigned.'],
        ['paid', 'True for a paid channel (its spend and new customers count in paid CAC).'],
        ['month', 'The month, as its first day.'],
        ['month_label', 'The month as YYYY-MM, the API''s label.'],
        ['fiscal_year', 'The fiscal year the month falls in (named after the calendar year it ends in).'],
        ['fiscal_quarter', 'The fiscal quarter (1 to 4) the month falls in.'],
        ['fiscal_year_label', 'The fiscal year as the API labels it, for example FY2026.'],
        ['fiscal_quarter_label', 'The fiscal quarter as the API labels it, for example FY2026-Q2.'],
        ['category', 'The spend category (ADVERTISING, SALARIES, CONTRACTORS, TOOLS, EVENTS, COST_OF_SERVICE, OVERHEAD, OTHER); null on revenue and new customers.'],
        ['currency', 'The reporting currency every amount of the row is in.'],
        ['revenue', 'Revenue recognised in the month, full precision.'],
        ['cost_of_service', 'COST_OF_SERVICE spend, full precision.'],
        ['operating_expenses', 'Every other spend category, full precision.'],
        ['new_customers', 'Customers acquired in the month.'],
        ['closed', 'True when the month is closed: its figures are those its latest close stored and no longer change.'],
        ['budget', 'The month''s budget of the department, each line at the latest FX rate on or before the month''s first day, full precision.'],
        ['actual', 'The department''s spend booked in the month, each line at its own day''s rate, full precision.'],
        ['variance', 'actual - budget (positive: over budget).'],
        ['scope', 'COMPANY: every customer; SEGMENT: the segment named on the row with its whole subtree.'],
        ['start_mrr', 'MRR at the start of the month: the end MRR of the month before, plus transfers in, less transfers out.'],
        ['new_mrr', 'MRR of customers active for the first time.'],
        ['expansion', 'MRR increases of customers active in both months.'],
        ['contraction', 'MRR decreases of customers active in both months.'],
        ['churned', 'MRR of the month before of customers no longer active.'],
        ['reactivated', 'MRR of customers active again after an inactive month.'],
        ['transfer_in', 'MRR (of the month before) of customers that moved into the scope while active.'],
        ['transfer_out', 'MRR (of the month before) of customers that moved out of the scope while active.'],
        ['end_mrr', 'MRR at the end of the month.'],
        ['active_customers', 'Customers active (MRR above zero) in the month.'],
        ['start_customers', 'Customers active at the start of the month.'],
        ['churned_customers', 'Customers active the month before and not in this one.'],
        ['transfer_in_customers', 'Customers that moved into the scope while active.'],
        ['transfer_out_customers', 'Customers that moved out of the scope while active.'],
        ['cohort_month', 'The cohort: the month its customers were acquired in, as its first day.'],
        ['cohort_label', 'The cohort month as YYYY-MM.'],
        ['months_since_acquisition', 'Months from the cohort month to the cell''s month (0 for the cohort month).'],
        ['cohort_size', 'Customers acquired in the cohort month.'],
        ['mrr', 'MRR of the cohort''s active customers in the month.'],
        ['first_month_mrr', 'The cohort''s MRR in its acquisition month: the denominator of MRR retention.'],
        ['cumulative_revenue', 'The cohort''s revenue from its acquisition month up to and including the month.']
    ];
    i int;
    found boolean;
begin
    for c in select cl.relname, a.attname
             from pg_class cl join pg_attribute a on a.attrelid = cl.oid
             where cl.relnamespace = 'reporting'::regnamespace and a.attnum > 0 and not a.attisdropped
    loop
        found := false;
        for i in 1 .. array_length(comments, 1) loop
            if comments[i][1] = c.attname then
                execute format('comment on column reporting.%I.%I is %L', c.relname, c.attname, comments[i][2]);
                found := true;
            end if;
        end loop;
        if not found then
            raise exception 'reporting.%.% has no comment', c.relname, c.attname;
        end if;
    end loop;
end;
$$;
