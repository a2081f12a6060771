--liquibase formatted sql

--changeset revgraph:0025-effective-dating splitStatements:false
-- Effective dating (issue 15, product.md "Effective dating and the close").
--
-- 1. Touchpoints and campaign results dated in a closed month are refused by the same guard as
--    ledger lines (assert_months_open, SQLSTATE RG001 naming the month), so every writer is covered:
--    the mutations, the imports and plain SQL. A touchpoint's month is its instant's month in UTC.
--
-- 2. A customer's segment, region and acquisition campaign hold from a date: customer_assignment
--    keeps one row per change, never updated. The row in force on a day is the latest valid_from on
--    or before it (a later row of the same day wins). The columns on customer stay as the latest
--    assignment, for list filters. Every revenue line takes the assignment in force on its
--    recognized_on, a new customer the one in force on its acquired_on: revenue_rollup and
--    customer_rollup are keyed by those. A new assignment row moves the sums of the facts dated from
--    its valid_from up to the next change, and only those; a change that would move a fact of a
--    closed month is refused (RG001, naming the earliest such month). The application also refuses
--    any change dated inside a closed month, facts or not.
--    Rows that exist today become assignments valid from 1900-01-01, "since the beginning".
--    A plain UPDATE of the customer columns (no assignment row matching them) records an assignment
--    from the beginning, as such an update always meant: the customer's whole history moves.

-- 1. touchpoints and campaign results in closed months
create function touchpoint_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct date_trunc('month', occurred_at at time zone 'UTC')::date
                                     from new_rows));
    return null;
end;
$$;

create trigger touchpoint_closed_months
    after insert on touchpoint
    referencing new table as new_rows
    for each statement execute function touchpoint_months_open();

create function touchpoint_months_open_update() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct date_trunc('month', occurred_at at time zone 'UTC')::date
                                     from (select occurred_at from old_rows union select occurred_at from new_rows) t));
    return null;
end;
$$;

create trigger touchpoint_closed_months_update
    after update on touchpoint
    referencing old table as old_rows new table as new_rows
    for each statement execute function touchpoint_months_open_update();

create trigger touchpoint_closed_months_delete
    after delete on touchpoint
    referencing old table as new_rows
    for each statement execute function touchpoint_months_open();

create function campaign_result_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct date_trunc('month', day)::date from new_rows));
    return null;
end;
$$;

create trigger campaign_result_closed_months
    after insert on campaign_result
    referencing new table as new_rows
    for each statement execute function campaign_result_months_open();

-- an upsert that replaces a day's figures is an update: the day's month must be open too
create trigger campaign_result_closed_months_update
    after update on campaign_result
    referencing new table as new_rows
    for each statement execute function campaign_result_months_open();

create trigger campaign_result_closed_months_delete
    after delete on campaign_result
    referencing old table as new_rows
    for each statement execute function campaign_result_months_open();

-- 2. customer assignments
create table customer_assignment (
    id                      bigint generated always as identity primary key,
    customer_id             bigint      not null references customer (id),
    valid_from              date        not null,
    segment_id              bigint      not null references segment (id),
    region_id               bigint references region (id),
    acquisition_campaign_id bigint references campaign (id),
    recorded_at             timestamptz not null default now(),
    recorded_by             text        not null default session_user
);
create index customer_assignment_in_force_idx on customer_assignment (customer_id, valid_from desc, id desc);
comment on table customer_assignment is 'A customer''s segment, region and acquisition campaign from a date on; one row per change, never updated.';

create trigger customer_assignment_append_only
    before update or delete or truncate on customer_assignment
    for each statement execute function reject_ledger_change();

insert into customer_assignment (customer_id, valid_from, segment_id, region_id, acquisition_campaign_id, recorded_at,
                                 recorded_by)
select id, date '1900-01-01', segment_id, region_id, acquisition_campaign_id, created_at, 'migration'
from customer order by id;

-- The assignment row in force for a customer on a day.
create function customer_assignment_on(cid bigint, on_date date) returns customer_assignment
language sql stable parallel safe as $$
    select * from customer_assignment a where a.customer_id = $1 and a.valid_from <= $2
    order by a.valid_from desc, a.id desc limit 1
$$;

-- A new customer starts with its columns as its assignment since the beginning.
create function customer_assignment_initial() returns trigger
language plpgsql as $$
begin
    insert into customer_assignment (customer_id, valid_from, segment_id, region_id, acquisition_campaign_id)
    select id, date '1900-01-01', segment_id, region_id, acquisition_campaign_id from new_rows order by id;
    return null;
end;
$$;

create trigger customer_assignment_insert
    after insert on customer
    referencing new table as new_rows
    for each statement execute function customer_assignment_initial();

-- New assignment rows, in id order: each moves the facts dated from its valid_from up to the next
-- change (as the rows before it left them) from the assignment in force before it to itself.
create function customer_assignment_move() returns trigger
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

        -- the months whose figures the change would move: those of the customer's revenue lines and
        -- acquisition inside the range; held (FOR SHARE, as assert_months_open does) until commit
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
            insert into customer_rollup as t (month, segment_id, region_id, campaign_id, customers)
            values (date_trunc('month', acquired)::date, p.segment_id, p.region_id, p.acquisition_campaign_id, -1),
                   (date_trunc('month', acquired)::date, n.segment_id, n.region_id, n.acquisition_campaign_id, 1)
            on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
            delete from customer_rollup where customers = 0;
        end if;

        insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, product_id, recurring, currency,
                                         amount, rated, lines, first_day)
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
            select recognized_on, p.segment_id, p.region_id, p.acquisition_campaign_id as campaign_id, product_id,
                   recurring, currency, -amount as amount, -value as rated, -1 as lines
            from rated
            union all
            select recognized_on, n.segment_id, n.region_id, n.acquisition_campaign_id, product_id, recurring,
                   currency, amount, value, 1
            from rated
        )
        select date_trunc('month', recognized_on)::date, segment_id, region_id, campaign_id, product_id, recurring,
               currency, sum(amount), sum(rated), sum(lines), min(recognized_on)
        from deltas
        group by 1, 2, 3, 4, 5, 6, 7
        order by 1, 2, 3, 4, 5, 6, 7
        on conflict on constraint revenue_rollup_key do update
            set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
                first_day = least(t.first_day, excluded.first_day);
        delete from revenue_rollup where lines = 0;
    end loop;
    return null;
end;
$$;

create trigger customer_assignment_rollup
    after insert on customer_assignment
    referencing new table as new_rows
    for each statement execute function customer_assignment_move();

-- Revenue lines take the assignment in force on their own day.
create or replace function revenue_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, product_id, recurring, currency,
                                     amount, rated, lines, first_day)
    with days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                  from (select distinct currency, recognized_on from new_rows) d),
    assigned as (select k.customer_id, k.recognized_on, a.segment_id, a.region_id, a.acquisition_campaign_id
                 from (select distinct customer_id, recognized_on from new_rows) k
                 cross join lateral customer_assignment_on(k.customer_id, k.recognized_on) a)
    select date_trunc('month', n.recognized_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
           n.product_id, n.recurring, n.currency, sum(n.amount), sum(n.amount * coalesce(d.rate, 0)), count(*),
           min(n.recognized_on)
    from new_rows n
    join assigned a on a.customer_id = n.customer_id and a.recognized_on = n.recognized_on
    join days d on d.currency = n.currency and d.recognized_on = n.recognized_on
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict on constraint revenue_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
            first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

-- The FX rebuild of the ledger rollups (0020, renamed in 0022), with revenue keyed the same way.
create or replace function ledger_rollup_rerate(cur text, from_month date) returns void
language plpgsql as $$
begin
    lock table spend_line, revenue_line in share row exclusive mode;
    delete from spend_rollup where currency = cur and month >= from_month;
    insert into spend_rollup (month, department_id, category, campaign_id, segment_id, product_id, region_id,
                              currency, amount, rated, lines, first_day)
    with lines as (select * from spend_line where currency = cur and booked_on >= from_month),
    days as (select booked_on, fx_table_rate(cur, booked_on) as rate from (select distinct booked_on from lines) d)
    select date_trunc('month', l.booked_on)::date, l.department_id, l.category, l.campaign_id, l.segment_id,
           l.product_id, l.region_id, cur, sum(l.amount), sum(l.amount * coalesce(d.rate, 0)), count(*),
           min(l.booked_on)
    from lines l join days d on d.booked_on = l.booked_on
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7;

    delete from revenue_rollup where currency = cur and month >= from_month;
    insert into revenue_rollup (month, segment_id, region_id, campaign_id, product_id, recurring, currency,
                                amount, rated, lines, first_day)
    with lines as (select * from revenue_line where currency = cur and recognized_on >= from_month),
    days as (select recognized_on, fx_table_rate(cur, recognized_on) as rate
             from (select distinct recognized_on from lines) d),
    assigned as (select k.customer_id, k.recognized_on, a.segment_id, a.region_id, a.acquisition_campaign_id
                 from (select distinct customer_id, recognized_on from lines) k
                 cross join lateral customer_assignment_on(k.customer_id, k.recognized_on) a)
    select date_trunc('month', l.recognized_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
           l.product_id, l.recurring, cur, sum(l.amount), sum(l.amount * coalesce(d.rate, 0)), count(*),
           min(l.recognized_on)
    from lines l
    join assigned a on a.customer_id = l.customer_id and a.recognized_on = l.recognized_on
    join days d on d.recognized_on = l.recognized_on
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6;
end;
$$;

-- An update of the customer row: a new acquisition date moves the new-customer count between the
-- assignments in force on the old and the new day; columns that differ from the latest assignment
-- (a plain UPDATE, not the application's path) are recorded as an assignment since the beginning.
drop trigger customer_rollup_update on customer;

create or replace function customer_rollup_move() returns trigger
language plpgsql as $$
begin
    insert into customer_rollup as t (month, segment_id, region_id, campaign_id, customers)
    select month, segment_id, region_id, campaign_id, sum(delta)
    from (select date_trunc('month', o.acquired_on)::date as month, a.segment_id, a.region_id,
                 a.acquisition_campaign_id as campaign_id, -1 as delta
          from old_rows o join new_rows n on n.id = o.id
          cross join lateral customer_assignment_on(o.id, o.acquired_on) a
          where o.acquired_on <> n.acquired_on
          union all
          select date_trunc('month', n.acquired_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id, 1
          from old_rows o join new_rows n on n.id = o.id
          cross join lateral customer_assignment_on(n.id, n.acquired_on) a
          where o.acquired_on <> n.acquired_on) d
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
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

create trigger customer_rollup_update
    after update on customer
    referencing old table as old_rows new table as new_rows
    for each statement execute function customer_rollup_move();
