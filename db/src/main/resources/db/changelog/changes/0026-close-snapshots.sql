--liquibase formatted sql

--changeset revgraph:0026-close-snapshots splitStatements:false
-- A close stores what it closed (issue 15): every figure served for a closed month is read from
-- what its close stored, so no later write of any kind (a customer moved, a rate changed, ...)
-- changes it, and a month reopened and closed again keeps both versions.
--
-- close_version: one row per close of a month (version 1, 2, ...), with who, when, the reason of
-- the reopen before it, its line counts and its totals in the reporting currency.
-- closed_<rollup>: the rows of each monthly rollup of the closed month, whole, with the version
-- that stored them. Made with LIKE, so they hold exactly the live table's columns.
-- <rollup>_reported(first_reported): the one relation a report reads instead of the rollup, with the
-- live table's columns: the live rows of months without a stored close, and the stored rows of
-- every closed month (its first close, or its latest). Inlinable SQL, so a report's month filter
-- reaches both sides and each report stays one statement.
create table close_version (
    id               bigint generated always as identity primary key,
    month            date        not null references fiscal_month (month),
    version          int         not null check (version > 0),
    closed_at        timestamptz not null default now(),
    closed_by        text        not null,
    reopen_reason    text,
    currency         text        not null,
    spend_lines      bigint      not null,
    revenue_lines    bigint      not null,
    revenue          numeric     not null,
    costs            numeric     not null,
    operating_profit numeric     not null,
    new_customers    bigint      not null,
    constraint close_version_key unique (month, version)
);
comment on table close_version is 'Each close of a month: who, when, the reason of the reopen before it, line counts and totals in the reporting currency.';

-- The stored copies, one per rollup, and each rollup's reported relation.
create function close_snapshot_define(rollup text) returns void
language plpgsql as $$
declare
    cols text;
begin
    execute format('create table %I (close_version_id bigint not null references close_version (id), like %I)',
                   'closed_' || rollup, rollup);
    execute format('create index %I on %I (close_version_id, month)', 'closed_' || rollup || '_idx',
                   'closed_' || rollup);
    execute format('comment on table %I is %L', 'closed_' || rollup,
                   'The rows of ' || rollup || ' of a closed month, as each close stored them.');
    select string_agg(format('c.%I', attname), ', ' order by attnum) into cols
    from pg_attribute where attrelid = rollup::regclass and attnum > 0 and not attisdropped;
    execute format($f$
        create or replace function %1$I(first_reported boolean) returns setof %2$I
        language sql stable parallel safe as $body$
            select l.* from %2$I l
            where not exists (select 1 from reported_close r where r.month = l.month)
            union all
            select %3$s
            from reported_close r join %4$I c on c.close_version_id = r.first_id
            where first_reported
            union all
            select %3$s
            from reported_close r join %4$I c on c.close_version_id = r.latest_id
            where not first_reported
        $body$ $f$, rollup || '_reported', rollup, cols, 'closed_' || rollup);
    execute format('comment on function %I(boolean) is %L', rollup || '_reported',
                   'What reports read instead of ' || rollup || ': live rows of open months, stored rows of closed ones.');
end;
$$;

-- Each closed month with its first and latest stored close (a month closed before this changeset
-- has none and reads live until its next close).
create view reported_close as
select f.month,
       (select v.id from close_version v where v.month = f.month order by v.version limit 1) as first_id,
       (select v.id from close_version v where v.month = f.month order by v.version desc limit 1) as latest_id
from fiscal_month f
where f.status = 'CLOSED' and exists (select 1 from close_version v where v.month = f.month);
comment on view reported_close is 'Closed months with their first and latest close_version.';

select close_snapshot_define(t)
from unnest(array['spend_rollup', 'revenue_rollup', 'customer_rollup', 'customer_month_rollup',
                  'customer_mrr_month', 'mrr_movement_rollup']) as t;

-- Stores a close of a month in one statement, so every copy and the totals come from one snapshot
-- of the database (a customer moved or a rate changed while the close runs is either wholly in it
-- or wholly after it). The caller holds the month's fiscal_month row (FOR UPDATE) and has just
-- marked it CLOSED. Returns the new close_version id.
create function close_snapshot(m date, actor text, reporting text) returns bigint
language sql as $$
    with prior as (
        select coalesce(max(version), 0) + 1 as version,
               (select e.reason from fiscal_month_event e
                where e.month = m and e.action = 'REOPEN' order by e.id desc limit 1) as reason
        from close_version where month = m
    ),
    rev as (
        select coalesce(sum(case when currency = reporting then amount else rated end), 0) as amount,
               coalesce(sum(lines), 0) as lines
        from revenue_rollup where month = m
    ),
    spend as (
        select coalesce(sum(case when currency = reporting then amount else rated end), 0) as amount,
               coalesce(sum(lines), 0) as lines
        from spend_rollup where month = m
    ),
    v as (
        insert into close_version (month, version, closed_by, reopen_reason, currency, spend_lines, revenue_lines,
                                   revenue, costs, operating_profit, new_customers)
        select m, p.version, actor, p.reason, reporting, s.lines, r.lines, r.amount, s.amount, r.amount - s.amount,
               (select coalesce(sum(customers), 0) from customer_rollup where month = m)
        from prior p, rev r, spend s
        returning id
    ),
    a as (insert into closed_spend_rollup select v.id, x.* from v, spend_rollup x where x.month = m),
    b as (insert into closed_revenue_rollup select v.id, x.* from v, revenue_rollup x where x.month = m),
    c as (insert into closed_customer_rollup select v.id, x.* from v, customer_rollup x where x.month = m),
    d as (insert into closed_customer_month_rollup select v.id, x.* from v, customer_month_rollup x where x.month = m),
    e as (insert into closed_customer_mrr_month select v.id, x.* from v, customer_mrr_month x where x.month = m),
    f as (insert into closed_mrr_movement_rollup select v.id, x.* from v, mrr_movement_rollup x where x.month = m)
    select id from v
$$;
comment on function close_snapshot(date, text, text) is 'Stores a close of a month: its close_version row and a copy of every rollup row of the month.';
