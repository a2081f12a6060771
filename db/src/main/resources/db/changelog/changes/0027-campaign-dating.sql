--liquibase formatted sql

--changeset revgraph:0027-campaign-dating splitStatements:false
-- Effective-dated campaign tags (issue 15, product.md "Effective dating and the close"), the way
-- 0025 dates a customer's assignment.
--
-- campaign_assignment keeps a campaign's owner department, channel, segment, product and region
-- from a date on: one row per change, never updated; the row in force on a day is the latest
-- valid_from on or before it (a later row of the same day wins). The columns on campaign stay as
-- the latest assignment, for lists and filters. Rows that exist today become assignments valid
-- from 1900-01-01, "since the beginning"; a plain UPDATE of the campaign's tag columns (no
-- assignment row matching them) records an assignment from the beginning, as such an update
-- always meant.
--
-- Every fact takes the campaign's tags in force on its own date: a spend line linked to the
-- campaign on its booked_on; a new customer, its acquisition campaign's on its acquired_on; a
-- revenue line, its customer's acquisition campaign's (the customer's assignment in force on the
-- line's day) on its recognized_on. spend_rollup, revenue_rollup and customer_rollup are keyed by
-- that campaign_assignment_id beside the campaign, and reports read the tags of the row it names.
-- A new assignment row moves the facts dated from its valid_from up to the next change from the
-- row in force before it to itself, and only those; a change that would move a fact of a closed
-- month is refused (RG001, naming the earliest such month). The stored copies of closed months
-- (0026) get the column too, each holding the campaign's one assignment of this migration.

create table campaign_assignment (
    id            bigint generated always as identity primary key,
    campaign_id   bigint      not null references campaign (id),
    valid_from    date        not null,
    department_id bigint      not null references department (id),
    channel_id    bigint      not null references channel (id),
    segment_id    bigint references segment (id),
    product_id    bigint references product (id),
    region_id     bigint references region (id),
    recorded_at   timestamptz not null default now(),
    recorded_by   text        not null default session_user
);
create index campaign_assignment_in_force_idx on campaign_assignment (campaign_id, valid_from desc, id desc);
comment on table campaign_assignment is 'A campaign''s owner department, channel, segment, product and region from a date on; one row per change, never updated.';

create trigger campaign_assignment_append_only
    before update or delete or truncate on campaign_assignment
    for each statement execute function reject_ledger_change();

insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id, product_id, region_id,
                                 recorded_at, recorded_by)
select id, date '1900-01-01', department_id, channel_id, segment_id, product_id, region_id, created_at, 'migration'
from campaign order by id;

-- the customers that ever had a campaign as acquisition campaign, for a campaign's move
create index customer_assignment_campaign_idx on customer_assignment (acquisition_campaign_id, customer_id);

-- The id of a campaign's assignment in force on a day (null without a campaign).
create function campaign_assignment_id_on(cid bigint, on_date date) returns bigint
language sql stable parallel safe as $$
    select a.id from campaign_assignment a where a.campaign_id = $1 and a.valid_from <= $2
    order by a.valid_from desc, a.id desc limit 1
$$;

-- A new campaign starts with its columns as its assignment since the beginning.
create function campaign_assignment_initial() returns trigger
language plpgsql as $$
begin
    insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id, product_id,
                                     region_id)
    select id, date '1900-01-01', department_id, channel_id, segment_id, product_id, region_id
    from new_rows order by id;
    return null;
end;
$$;

create trigger campaign_assignment_insert
    after insert on campaign
    referencing new table as new_rows
    for each statement execute function campaign_assignment_initial();

-- A plain UPDATE of the tag columns that no assignment row matches: an assignment since the beginning.
create function campaign_assignment_from_update() returns trigger
language plpgsql as $$
begin
    insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id, product_id,
                                     region_id)
    select n.id, date '1900-01-01', n.department_id, n.channel_id, n.segment_id, n.product_id, n.region_id
    from new_rows n
    cross join lateral (select * from campaign_assignment a where a.campaign_id = n.id
                        order by a.valid_from desc, a.id desc limit 1) l
    where (l.department_id, l.channel_id, l.segment_id, l.product_id, l.region_id)
          is distinct from (n.department_id, n.channel_id, n.segment_id, n.product_id, n.region_id)
    order by n.id;
    return null;
end;
$$;

create trigger campaign_assignment_update
    after update on campaign
    referencing new table as new_rows
    for each statement execute function campaign_assignment_from_update();

-- The rollups and their stored copies, keyed by the campaign's assignment too.
alter table spend_rollup add column campaign_assignment_id bigint;
alter table revenue_rollup add column campaign_assignment_id bigint;
alter table customer_rollup add column campaign_assignment_id bigint;
alter table closed_spend_rollup add column campaign_assignment_id bigint;
alter table closed_revenue_rollup add column campaign_assignment_id bigint;
alter table closed_customer_rollup add column campaign_assignment_id bigint;

update spend_rollup t set campaign_assignment_id = a.id from campaign_assignment a where a.campaign_id = t.campaign_id;
update revenue_rollup t set campaign_assignment_id = a.id from campaign_assignment a where a.campaign_id = t.campaign_id;
update customer_rollup t set campaign_assignment_id = a.id from campaign_assignment a where a.campaign_id = t.campaign_id;
update closed_spend_rollup t set campaign_assignment_id = a.id
from campaign_assignment a where a.campaign_id = t.campaign_id;
update closed_revenue_rollup t set campaign_assignment_id = a.id
from campaign_assignment a where a.campaign_id = t.campaign_id;
update closed_customer_rollup t set campaign_assignment_id = a.id
from campaign_assignment a where a.campaign_id = t.campaign_id;

alter table spend_rollup drop constraint spend_rollup_key;
alter table spend_rollup add constraint spend_rollup_key unique nulls not distinct
    (month, department_id, category, campaign_id, campaign_assignment_id, segment_id, product_id, region_id, currency);
alter table revenue_rollup drop constraint revenue_rollup_key;
alter table revenue_rollup add constraint revenue_rollup_key unique nulls not distinct
    (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id, recurring, currency);
alter table customer_rollup drop constraint customer_rollup_key;
alter table customer_rollup add constraint customer_rollup_key unique nulls not distinct
    (month, segment_id, region_id, campaign_id, campaign_assignment_id);

-- Each reported relation again (0026's text), now with the new column on both sides.
do $$
declare
    rollup text;
    cols text;
begin
    foreach rollup in array array['spend_rollup', 'revenue_rollup', 'customer_rollup'] loop
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
    end loop;
end;
$$;

-- Spend lines take their campaign's assignment on their booking day.
create or replace function spend_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into spend_rollup as t (month, department_id, category, campaign_id, campaign_assignment_id, segment_id,
                                   product_id, region_id, currency, amount, rated, lines, first_day)
    with days as (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
                  from (select distinct currency, booked_on from new_rows) d),
    assigned as (select k.campaign_id, k.booked_on, campaign_assignment_id_on(k.campaign_id, k.booked_on) as id
                 from (select distinct campaign_id, booked_on from new_rows where campaign_id is not null) k)
    select date_trunc('month', n.booked_on)::date, n.department_id, n.category, n.campaign_id, a.id, n.segment_id,
           n.product_id, n.region_id, n.currency, sum(n.amount), sum(n.amount * coalesce(d.rate, 0)), count(*),
           min(n.booked_on)
    from new_rows n
    join days d on d.currency = n.currency and d.booked_on = n.booked_on
    left join assigned a on a.campaign_id = n.campaign_id and a.booked_on = n.booked_on
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict on constraint spend_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
            first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

-- Revenue lines take their customer's assignment and its acquisition campaign's on their own day.
create or replace function revenue_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id,
                                     recurring, currency, amount, rated, lines, first_day)
    with days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                  from (select distinct currency, recognized_on from new_rows) d),
    assigned as (select k.customer_id, k.recognized_on, a.segment_id, a.region_id, a.acquisition_campaign_id,
                        campaign_assignment_id_on(a.acquisition_campaign_id, k.recognized_on) as campaign_assignment_id
                 from (select distinct customer_id, recognized_on from new_rows) k
                 cross join lateral customer_assignment_on(k.customer_id, k.recognized_on) a)
    select date_trunc('month', n.recognized_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
           a.campaign_assignment_id, n.product_id, n.recurring, n.currency, sum(n.amount),
           sum(n.amount * coalesce(d.rate, 0)), count(*), min(n.recognized_on)
    from new_rows n
    join assigned a on a.customer_id = n.customer_id and a.recognized_on = n.recognized_on
    join days d on d.currency = n.currency and d.recognized_on = n.recognized_on
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict on constraint revenue_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
            first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

-- New customers take their acquisition campaign's assignment on their acquisition day.
create or replace function customer_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into customer_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, customers)
    select date_trunc('month', acquired_on)::date, segment_id, region_id, acquisition_campaign_id,
           campaign_assignment_id_on(acquisition_campaign_id, acquired_on), count(*)
    from new_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
    return null;
end;
$$;

-- 0025's customer update, with the campaign's assignment on the old and the new acquisition day.
create or replace function customer_rollup_move() returns trigger
language plpgsql as $$
begin
    insert into customer_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, customers)
    select month, segment_id, region_id, campaign_id, campaign_assignment_id, sum(delta)
    from (select date_trunc('month', o.acquired_on)::date as month, a.segment_id, a.region_id,
                 a.acquisition_campaign_id as campaign_id,
                 campaign_assignment_id_on(a.acquisition_campaign_id, o.acquired_on) as campaign_assignment_id,
                 -1 as delta
          from old_rows o join new_rows n on n.id = o.id
          cross join lateral customer_assignment_on(o.id, o.acquired_on) a
          where o.acquired_on <> n.acquired_on
          union all
          select date_trunc('month', n.acquired_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
                 campaign_assignment_id_on(a.acquisition_campaign_id, n.acquired_on), 1
          from old_rows o join new_rows n on n.id = o.id
          cross join lateral customer_assignment_on(n.id, n.acquired_on) a
          where o.acquired_on <> n.acquired_on) d
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
    delete from customer_rollup where customers = 0;

    insert into customer_assignment (customer_id, valid_from, segment_id, region_id, acquisition_campaign_id)
    select n.id, date '1900-01-01', n.segment_id, n.region_id, n.acquisition_campaign_id
    from new_rows n
    cross join lateral (select * from customer_assignment a where a.customer_id = n.id
                        order by a.valid_from desc, a.id desc limit 1) l
    where (l.segment_id, l.region_id, l.acquisition_campaign_id)
          is distinct from (n.segment_id, n.region_id, n.acquisition_campaign_id)
    order by n.id;
    return null;
end;
$$;

-- 0025's customer move, with the acquisition campaign's assignment on each fact's day on both sides.
create or replace function customer_assignment_move() returns trigger
language plpgsql as $$
declare
    n record;
    p customer_assignment;
    next_from date;
    closed date;
    acquired date;
begin
    lock table revenue_line in share row exclusive mode;
    for n in select * from new_rows order by id loop
        select * into p from customer_assignment a
        where a.customer_id = n.customer_id and a.id < n.id and a.valid_from <= n.valid_from
        order by a.valid_from desc, a.id desc limit 1;
        if p.id is null then
            continue; -- the customer's first row: no fact was keyed by anything else
        end if;
        select min(a.valid_from) into next_from from customer_assignment a
        where a.customer_id = n.customer_id and a.id < n.id and a.valid_from > n.valid_from;
        next_from := coalesce(next_from, 'infinity');

        perform 1 from fiscal_month f
        where f.month in (select date_trunc('month', r.recognized_on)::date from revenue_line r
                          where r.customer_id = n.customer_id and r.recognized_on >= n.valid_from
                            and r.recognized_on < next_from
                          union
                          select date_trunc('month', c.acquired_on)::date from customer c
                          where c.id = n.customer_id and c.acquired_on >= n.valid_from and c.acquired_on < next_from)
        order by f.month for share;
        select min(f.month) into closed
        from fiscal_month f
        where f.status = 'CLOSED'
          and f.month in (select date_trunc('month', r.recognized_on)::date from revenue_line r
                          where r.customer_id = n.customer_id and r.recognized_on >= n.valid_from
                            and r.recognized_on < next_from
                          union
                          select date_trunc('month', c.acquired_on)::date from customer c
                          where c.id = n.customer_id and c.acquired_on >= n.valid_from and c.acquired_on < next_from);
        if closed is not null then
            raise exception 'month % is closed', to_char(closed, 'YYYY-MM')
                using errcode = 'RG001', detail = to_char(closed, 'YYYY-MM');
        end if;

        if (p.segment_id, p.region_id, p.acquisition_campaign_id)
           is not distinct from (n.segment_id, n.region_id, n.acquisition_campaign_id) then
            continue;
        end if;

        select c.acquired_on into acquired from customer c where c.id = n.customer_id;
        if acquired >= n.valid_from and acquired < next_from then
            insert into customer_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id,
                                              customers)
            values (date_trunc('month', acquired)::date, p.segment_id, p.region_id, p.acquisition_campaign_id,
                    campaign_assignment_id_on(p.acquisition_campaign_id, acquired), -1),
                   (date_trunc('month', acquired)::date, n.segment_id, n.region_id, n.acquisition_campaign_id,
                    campaign_assignment_id_on(n.acquisition_campaign_id, acquired), 1)
            on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
            delete from customer_rollup where customers = 0;
        end if;

        insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id,
                                         recurring, currency, amount, rated, lines, first_day)
        with lines as (
            select * from revenue_line r
            where r.customer_id = n.customer_id and r.recognized_on >= n.valid_from and r.recognized_on < next_from
        ),
        days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                 from (select distinct currency, recognized_on from lines) d),
        rated as (
            select l.*, l.amount * coalesce(d.rate, 0) as value
            from lines l join days d on d.currency = l.currency and d.recognized_on = l.recognized_on
        ),
        deltas as (
            select recognized_on, p.segment_id, p.region_id, p.acquisition_campaign_id as campaign_id,
                   campaign_assignment_id_on(p.acquisition_campaign_id, recognized_on) as campaign_assignment_id,
                   product_id, recurring, currency, -amount as amount, -value as rated, -1 as lines
            from rated
            union all
            select recognized_on, n.segment_id, n.region_id, n.acquisition_campaign_id,
                   campaign_assignment_id_on(n.acquisition_campaign_id, recognized_on), product_id, recurring,
                   currency, amount, value, 1
            from rated
        )
        select date_trunc('month', recognized_on)::date, segment_id, region_id, campaign_id, campaign_assignment_id,
               product_id, recurring, currency, sum(amount), sum(rated), sum(lines), min(recognized_on)
        from deltas
        group by 1, 2, 3, 4, 5, 6, 7, 8
        order by 1, 2, 3, 4, 5, 6, 7, 8
        on conflict on constraint revenue_rollup_key do update
            set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
                first_day = least(t.first_day, excluded.first_day);
        delete from revenue_rollup where lines = 0;
    end loop;
    return null;
end;
$$;

-- The FX rebuild of the ledger rollups (0025's), with the campaign's assignment on each line's day.
create or replace function ledger_rollup_rerate(cur text, from_month date) returns void
language plpgsql as $$
begin
    lock table spend_line, revenue_line in share row exclusive mode;
    delete from spend_rollup where currency = cur and month >= from_month;
    insert into spend_rollup (month, department_id, category, campaign_id, campaign_assignment_id, segment_id,
                              product_id, region_id, currency, amount, rated, lines, first_day)
    with lines as (select * from spend_line where currency = cur and booked_on >= from_month),
    days as (select booked_on, fx_table_rate(cur, booked_on) as rate from (select distinct booked_on from lines) d),
    assigned as (select k.campaign_id, k.booked_on, campaign_assignment_id_on(k.campaign_id, k.booked_on) as id
                 from (select distinct campaign_id, booked_on from lines where campaign_id is not null) k)
    select date_trunc('month', l.booked_on)::date, l.department_id, l.category, l.campaign_id, a.id, l.segment_id,
           l.product_id, l.region_id, cur, sum(l.amount), sum(l.amount * coalesce(d.rate, 0)), count(*),
           min(l.booked_on)
    from lines l
    join days d on d.booked_on = l.booked_on
    left join assigned a on a.campaign_id = l.campaign_id and a.booked_on = l.booked_on
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8;

    delete from revenue_rollup where currency = cur and month >= from_month;
    insert into revenue_rollup (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id,
                                recurring, currency, amount, rated, lines, first_day)
    with lines as (select * from revenue_line where currency = cur and recognized_on >= from_month),
    days as (select recognized_on, fx_table_rate(cur, recognized_on) as rate
             from (select distinct recognized_on from lines) d),
    assigned as (select k.customer_id, k.recognized_on, a.segment_id, a.region_id, a.acquisition_campaign_id,
                        campaign_assignment_id_on(a.acquisition_campaign_id, k.recognized_on) as campaign_assignment_id
                 from (select distinct customer_id, recognized_on from lines) k
                 cross join lateral customer_assignment_on(k.customer_id, k.recognized_on) a)
    select date_trunc('month', l.recognized_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
           a.campaign_assignment_id, l.product_id, l.recurring, cur, sum(l.amount),
           sum(l.amount * coalesce(d.rate, 0)), count(*), min(l.recognized_on)
    from lines l
    join assigned a on a.customer_id = l.customer_id and a.recognized_on = l.recognized_on
    join days d on d.recognized_on = l.recognized_on
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7;
end;
$$;

-- The months whose figures a campaign change from valid_from up to (not including) before moves:
-- those of its spend lines, of the customers it acquired (by their assignment on the acquisition
-- day) and of their revenue lines (by the customer's assignment on the line's day) in the range.
create function campaign_fact_months(cid bigint, from_day date, before_day date) returns setof date
language sql stable as $$
    select date_trunc('month', s.booked_on)::date from spend_line s
    where s.campaign_id = $1 and s.booked_on >= $2 and s.booked_on < $3
    union
    select date_trunc('month', c.acquired_on)::date from customer c
    cross join lateral customer_assignment_on(c.id, c.acquired_on) a
    where c.id in (select x.customer_id from customer_assignment x where x.acquisition_campaign_id = $1)
      and c.acquired_on >= $2 and c.acquired_on < $3 and a.acquisition_campaign_id = $1
    union
    select date_trunc('month', r.recognized_on)::date from revenue_line r
    cross join lateral customer_assignment_on(r.customer_id, r.recognized_on) a
    where r.customer_id in (select x.customer_id from customer_assignment x where x.acquisition_campaign_id = $1)
      and r.recognized_on >= $2 and r.recognized_on < $3 and a.acquisition_campaign_id = $1
$$;

-- New campaign assignment rows, in id order: each moves the facts dated from its valid_from up to
-- the next change (as the rows before it left them) from the row in force before it to itself.
-- Locks first what a customer move (0025) or a ledger write takes, in the same order, so the two
-- moves and the writers queue instead of deadlocking.
create function campaign_assignment_move() returns trigger
language plpgsql as $$
declare
    n record;
    p campaign_assignment;
    next_from date;
    closed date;
begin
    -- a new campaign's first row moves nothing and needs no lock
    if exists (select 1 from new_rows w
               where exists (select 1 from campaign_assignment a where a.campaign_id = w.campaign_id and a.id < w.id))
    then
        lock table customer_assignment, revenue_line, spend_line, customer in share row exclusive mode;
    end if;
    for n in select * from new_rows order by id loop
        select * into p from campaign_assignment a
        where a.campaign_id = n.campaign_id and a.id < n.id and a.valid_from <= n.valid_from
        order by a.valid_from desc, a.id desc limit 1;
        if p.id is null then
            continue; -- the campaign's first row: no fact was keyed by anything else
        end if;
        select min(a.valid_from) into next_from from campaign_assignment a
        where a.campaign_id = n.campaign_id and a.id < n.id and a.valid_from > n.valid_from;
        next_from := coalesce(next_from, 'infinity');

        -- the months the change would move, held (FOR SHARE, as assert_months_open does) until commit
        perform 1 from fiscal_month f
        where f.month in (select campaign_fact_months(n.campaign_id, n.valid_from, next_from))
        order by f.month for share;
        select min(f.month) into closed
        from fiscal_month f
        where f.status = 'CLOSED' and f.month in (select campaign_fact_months(n.campaign_id, n.valid_from, next_from));
        if closed is not null then
            raise exception 'month % is closed', to_char(closed, 'YYYY-MM')
                using errcode = 'RG001', detail = to_char(closed, 'YYYY-MM');
        end if;

        insert into spend_rollup as t (month, department_id, category, campaign_id, campaign_assignment_id, segment_id,
                                       product_id, region_id, currency, amount, rated, lines, first_day)
        with lines as (
            select * from spend_line s
            where s.campaign_id = n.campaign_id and s.booked_on >= n.valid_from and s.booked_on < next_from
        ),
        days as (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
                 from (select distinct currency, booked_on from lines) d),
        rated as (
            select l.*, l.amount * coalesce(d.rate, 0) as value
            from lines l join days d on d.currency = l.currency and d.booked_on = l.booked_on
        ),
        deltas as (
            select booked_on, department_id, category, segment_id, product_id, region_id, currency,
                   p.id as assignment_id, -amount as amount, -value as rated, -1 as lines
            from rated
            union all
            select booked_on, department_id, category, segment_id, product_id, region_id, currency, n.id, amount,
                   value, 1
            from rated
        )
        select date_trunc('month', booked_on)::date, department_id, category, n.campaign_id, assignment_id,
               segment_id, product_id, region_id, currency, sum(amount), sum(rated), sum(lines), min(booked_on)
        from deltas
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9
        order by 1, 2, 3, 4, 5, 6, 7, 8, 9
        on conflict on constraint spend_rollup_key do update
            set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
                first_day = least(t.first_day, excluded.first_day);
        delete from spend_rollup where campaign_id = n.campaign_id and lines = 0;

        insert into customer_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, customers)
        select date_trunc('month', c.acquired_on)::date, a.segment_id, a.region_id, n.campaign_id, x.id, sum(x.delta)
        from customer c
        cross join lateral customer_assignment_on(c.id, c.acquired_on) a
        cross join (values (p.id, -1), (n.id, 1)) as x(id, delta)
        where c.id in (select y.customer_id from customer_assignment y where y.acquisition_campaign_id = n.campaign_id)
          and c.acquired_on >= n.valid_from and c.acquired_on < next_from and a.acquisition_campaign_id = n.campaign_id
        group by 1, 2, 3, 4, 5
        order by 1, 2, 3, 4, 5
        on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
        delete from customer_rollup where campaign_id = n.campaign_id and customers = 0;

        insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id,
                                         recurring, currency, amount, rated, lines, first_day)
        with lines as (
            select r.*, a.segment_id as seg, a.region_id as reg from revenue_line r
            cross join lateral customer_assignment_on(r.customer_id, r.recognized_on) a
            where r.customer_id in (select y.customer_id from customer_assignment y
                                    where y.acquisition_campaign_id = n.campaign_id)
              and r.recognized_on >= n.valid_from and r.recognized_on < next_from
              and a.acquisition_campaign_id = n.campaign_id
        ),
        days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                 from (select distinct currency, recognized_on from lines) d),
        rated as (
            select l.*, l.amount * coalesce(d.rate, 0) as value
            from lines l join days d on d.currency = l.currency and d.recognized_on = l.recognized_on
        ),
        deltas as (
            select recognized_on, seg, reg, product_id, recurring, currency, p.id as assignment_id,
                   -amount as amount, -value as rated, -1 as lines
            from rated
            union all
            select recognized_on, seg, reg, product_id, recurring, currency, n.id, amount, value, 1
            from rated
        )
        select date_trunc('month', recognized_on)::date, seg, reg, n.campaign_id, assignment_id, product_id,
               recurring, currency, sum(amount), sum(rated), sum(lines), min(recognized_on)
        from deltas
        group by 1, 2, 3, 4, 5, 6, 7, 8
        order by 1, 2, 3, 4, 5, 6, 7, 8
        on conflict on constraint revenue_rollup_key do update
            set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
                first_day = least(t.first_day, excluded.first_day);
        delete from revenue_rollup where campaign_id = n.campaign_id and lines = 0;
    end loop;
    return null;
end;
$$;

create trigger campaign_assignment_rollup
    after insert on campaign_assignment
    referencing new table as new_rows
    for each statement execute function campaign_assignment_move();
