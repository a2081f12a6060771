--liquibase formatted sql

--changeset revgraph:0020-ledger-rollups splitStatements:false
-- Monthly rollups of the two ledgers and of new customers, maintained on write in the same
-- transaction, so the P&L reads thousands of rows instead of millions of lines (issue 9).
--
-- Exact under FX: a row keeps its currency, the plain sum of its lines (amount) and the sum of
-- each line times the fx_rate row in force on the line's own day (rated; 0 for a line without
-- one). Multiplication of numerics is exact, so rated equals the sum of the lines converted one
-- by one, at full precision. The reporting currency reads amount (it converts at 1). A change
-- to fx_rate rebuilds the affected currency's rows from that month on (fx_rate triggers below).
-- first_day is the earliest line day of the row (never later than it, see the customer move):
-- a report that finds a row dated before its currency's first rate re-checks the raw lines and
-- names the missing rate exactly as before.
--
-- Exact under customer moves: a revenue row is keyed by its customer's segment, region and
-- acquisition campaign; changing those on a customer moves the sums of its lines in the same
-- statement. Spend lines carry their own tags; a campaign's tags and channel are resolved when
-- reading (campaign_id is in the key), so campaign updates need nothing here.
--
-- Concurrency: statement-level AFTER INSERT triggers with transition tables, INSERT ... ON
-- CONFLICT DO UPDATE adding deltas, keys in a fixed order (no deadlock between two loads).
-- Moves and FX rebuilds take SHARE ROW EXCLUSIVE on the ledgers they rebuild, so they wait for
-- writers in flight and writers wait for them: no line is summed under a stale key or rate.
create table spend_rollup (
    month         date    not null,
    department_id bigint  not null,
    category      text    not null,
    campaign_id   bigint,
    segment_id    bigint,
    product_id    bigint,
    region_id     bigint,
    currency      text    not null,
    amount        numeric not null,
    rated         numeric not null,
    lines         bigint  not null,
    first_day     date    not null,
    constraint spend_rollup_key unique nulls not distinct
        (month, department_id, category, campaign_id, segment_id, product_id, region_id, currency)
);
comment on table spend_rollup is 'Spend lines summed per month, department, category, own tags and currency; maintained by triggers.';

create table revenue_rollup (
    month       date    not null,
    segment_id  bigint  not null,
    region_id   bigint,
    campaign_id bigint,
    product_id  bigint,
    recurring   boolean not null,
    currency    text    not null,
    amount      numeric not null,
    rated       numeric not null,
    lines       bigint  not null,
    first_day   date    not null,
    constraint revenue_rollup_key unique nulls not distinct
        (month, segment_id, region_id, campaign_id, product_id, recurring, currency)
);
comment on table revenue_rollup is 'Revenue lines summed per month, customer slice (segment, region, acquisition campaign), product, recurring and currency; maintained by triggers.';

create table customer_rollup (
    month       date   not null,
    segment_id  bigint not null,
    region_id   bigint,
    campaign_id bigint,
    customers   bigint not null,
    constraint customer_rollup_key unique nulls not distinct (month, segment_id, region_id, campaign_id)
);
comment on table customer_rollup is 'New customers per acquisition month and slice; maintained by triggers.';

-- The fx_rate row in force on a day, without the reporting-currency rule (that is applied when reading).
create function fx_table_rate(currency text, on_date date) returns numeric
language sql stable parallel safe as $$
    select r.rate from fx_rate r where r.currency = $1 and r.rate_date <= $2 order by r.rate_date desc limit 1
$$;

create function spend_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into spend_rollup as t (month, department_id, category, campaign_id, segment_id, product_id, region_id,
                                   currency, amount, rated, lines, first_day)
    with days as (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
                  from (select distinct currency, booked_on from new_rows) d)
    select date_trunc('month', n.booked_on)::date, n.department_id, n.category, n.campaign_id, n.segment_id,
           n.product_id, n.region_id, n.currency, sum(n.amount), sum(n.amount * coalesce(d.rate, 0)), count(*),
           min(n.booked_on)
    from new_rows n join days d on d.currency = n.currency and d.booked_on = n.booked_on
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict on constraint spend_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
            first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

create trigger spend_line_rollup
    after insert on spend_line
    referencing new table as new_rows
    for each statement execute function spend_rollup_add();

create function revenue_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, product_id, recurring, currency,
                                     amount, rated, lines, first_day)
    with days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                  from (select distinct currency, recognized_on from new_rows) d)
    select date_trunc('month', n.recognized_on)::date, c.segment_id, c.region_id, c.acquisition_campaign_id,
           n.product_id, n.recurring, n.currency, sum(n.amount), sum(n.amount * coalesce(d.rate, 0)), count(*),
           min(n.recognized_on)
    from new_rows n
    join customer c on c.id = n.customer_id
    join days d on d.currency = n.currency and d.recognized_on = n.recognized_on
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict on constraint revenue_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
            first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

create trigger revenue_line_rollup
    after insert on revenue_line
    referencing new table as new_rows
    for each statement execute function revenue_rollup_add();

create function customer_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into customer_rollup as t (month, segment_id, region_id, campaign_id, customers)
    select date_trunc('month', acquired_on)::date, segment_id, region_id, acquisition_campaign_id, count(*)
    from new_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
    return null;
end;
$$;

create trigger customer_rollup_insert
    after insert on customer
    referencing new table as new_rows
    for each statement execute function customer_rollup_add();

-- A customer moved to another segment, region or acquisition campaign (or acquisition date):
-- its new-customer count and the sums of its revenue lines move with it.
create function customer_rollup_move() returns trigger
language plpgsql as $$
begin
    perform 1 from old_rows o join new_rows n on n.id = o.id
    where (o.segment_id, o.region_id, o.acquisition_campaign_id, o.acquired_on)
          is distinct from (n.segment_id, n.region_id, n.acquisition_campaign_id, n.acquired_on);
    if not found then
        return null;
    end if;
    lock table revenue_line in share row exclusive mode;

    insert into customer_rollup as t (month, segment_id, region_id, campaign_id, customers)
    with moved_customer as (select o.id, o.segment_id as old_segment, o.region_id as old_region, o.acquisition_campaign_id as old_campaign,
                 date_trunc('month', o.acquired_on)::date as old_month, n.segment_id as new_segment,
                 n.region_id as new_region, n.acquisition_campaign_id as new_campaign,
                 date_trunc('month', n.acquired_on)::date as new_month
          from old_rows o join new_rows n on n.id = o.id)
    select month, segment_id, region_id, campaign_id, sum(delta)
    from (select old_month as month, old_segment as segment_id, old_region as region_id, old_campaign as campaign_id,
                 -1 as delta from moved_customer
          union all
          select new_month, new_segment, new_region, new_campaign, 1 from moved_customer) d
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
    delete from customer_rollup where customers = 0;

    insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, product_id, recurring, currency,
                                     amount, rated, lines, first_day)
    with moved_customer as (select o.id, o.segment_id as old_segment, o.region_id as old_region, o.acquisition_campaign_id as old_campaign,
                 date_trunc('month', o.acquired_on)::date as old_month, n.segment_id as new_segment,
                 n.region_id as new_region, n.acquisition_campaign_id as new_campaign,
                 date_trunc('month', n.acquired_on)::date as new_month
          from old_rows o join new_rows n on n.id = o.id),
    lines as (
        select r.*, m.old_segment, m.old_region, m.old_campaign, m.new_segment, m.new_region, m.new_campaign
        from revenue_line r join moved_customer m on m.id = r.customer_id
        where (m.old_segment, m.old_region, m.old_campaign) is distinct from (m.new_segment, m.new_region, m.new_campaign)
    ),
    days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
             from (select distinct currency, recognized_on from lines) d),
    rated as (
        select l.*, l.amount * coalesce(d.rate, 0) as value
        from lines l join days d on d.currency = l.currency and d.recognized_on = l.recognized_on
    ),
    deltas as (
        select recognized_on, old_segment as segment_id, old_region as region_id, old_campaign as campaign_id,
               product_id, recurring, currency, -amount as amount, -value as rated, -1 as lines
        from rated
        union all
        select recognized_on, new_segment, new_region, new_campaign, product_id, recurring, currency, amount, value, 1
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
    return null;
end;
$$;

create trigger customer_rollup_update
    after update on customer
    referencing old table as old_rows new table as new_rows
    for each statement execute function customer_rollup_move();

-- Rebuilds a currency's rollup rows from a month on, from the lines themselves: amounts, rated
-- sums, line counts and first days all come out exact again.
create function rollup_rerate(cur text, from_month date) returns void
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
             from (select distinct recognized_on from lines) d)
    select date_trunc('month', l.recognized_on)::date, c.segment_id, c.region_id, c.acquisition_campaign_id,
           l.product_id, l.recurring, cur, sum(l.amount), sum(l.amount * coalesce(d.rate, 0)), count(*),
           min(l.recognized_on)
    from lines l join customer c on c.id = l.customer_id join days d on d.recognized_on = l.recognized_on
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6;
end;
$$;

create function fx_rate_rollup_refresh() returns trigger
language plpgsql as $$
declare
    changed record;
begin
    -- transition tables are named changed_rows for every event (one trigger per event)
    for changed in
        select currency, date_trunc('month', min(rate_date))::date as from_month
        from changed_rows group by currency order by currency
    loop
        perform rollup_rerate(changed.currency, changed.from_month);
    end loop;
    return null;
end;
$$;

create trigger fx_rate_rollup_insert
    after insert on fx_rate
    referencing new table as changed_rows
    for each statement execute function fx_rate_rollup_refresh();

-- an update can move a rate to another day: both the old and the new day count
create function fx_rate_rollup_refresh_update() returns trigger
language plpgsql as $$
declare
    changed record;
begin
    for changed in
        select currency, date_trunc('month', min(rate_date))::date as from_month
        from (select currency, rate_date from old_rows union all select currency, rate_date from new_rows) r
        group by currency order by currency
    loop
        perform rollup_rerate(changed.currency, changed.from_month);
    end loop;
    return null;
end;
$$;

create trigger fx_rate_rollup_update
    after update on fx_rate
    referencing old table as old_rows new table as new_rows
    for each statement execute function fx_rate_rollup_refresh_update();

create trigger fx_rate_rollup_delete
    after delete on fx_rate
    referencing old table as changed_rows
    for each statement execute function fx_rate_rollup_refresh();

-- Backfill: the rows already in the ledgers.
insert into spend_rollup (month, department_id, category, campaign_id, segment_id, product_id, region_id, currency,
                          amount, rated, lines, first_day)
select date_trunc('month', s.booked_on)::date, s.department_id, s.category, s.campaign_id, s.segment_id,
       s.product_id, s.region_id, s.currency, sum(s.amount), sum(s.amount * coalesce(fx_table_rate(s.currency, s.booked_on), 0)),
       count(*), min(s.booked_on)
from spend_line s group by 1, 2, 3, 4, 5, 6, 7, 8;

insert into revenue_rollup (month, segment_id, region_id, campaign_id, product_id, recurring, currency, amount, rated,
                            lines, first_day)
select date_trunc('month', r.recognized_on)::date, c.segment_id, c.region_id, c.acquisition_campaign_id, r.product_id,
       r.recurring, r.currency, sum(r.amount),
       sum(r.amount * coalesce(fx_table_rate(r.currency, r.recognized_on), 0)), count(*), min(r.recognized_on)
from revenue_line r join customer c on c.id = r.customer_id group by 1, 2, 3, 4, 5, 6, 7;

insert into customer_rollup (month, segment_id, region_id, campaign_id, customers)
select date_trunc('month', acquired_on)::date, segment_id, region_id, acquisition_campaign_id, count(*)
from customer group by 1, 2, 3, 4;
