--liquibase formatted sql

--changeset revgraph:0036-objectives splitStatements:false
-- Objectives (issue 18; product.md "Objectives, plans and forecasts"): a campaign's objective is
-- ACQUISITION (the default), RETENTION, EXPANSION or BRAND; a spend line takes its campaign's
-- unless it has its own. Acquisition CAC leaves RETENTION and EXPANSION spend out.
--
-- The objective is one of a campaign's dated attributes: campaign_assignment gains it beside the
-- owner department, channel, segment, product and region (0027), so a change of objective takes
-- effect from a date, moves only the facts dated from it, and is refused when it would move a fact
-- of a closed month (0027's campaign_assignment_move, unchanged in that respect). Reports read a
-- campaign line's objective from the assignment its rollup row names, as they read its channel.
--
-- A spend line's own objective (null: none, the campaign's applies) is in the spend rollup's key,
-- and so in the close's stored copy: closed_spend_rollup gains the column last, as spend_rollup
-- does, so close_snapshot's whole-row copy (select v.id, x.*) stays aligned, and
-- spend_rollup_reported is recreated with it. Stored closes read null: their lines had none.
-- A line with neither its own objective nor a campaign has no objective: it is neither retention
-- nor expansion spend, so acquisition CAC counts it when its department is MARKETING or SALES.

alter table campaign add column objective text not null default 'ACQUISITION'
    check (objective in ('ACQUISITION', 'RETENTION', 'EXPANSION', 'BRAND'));
comment on column campaign.objective is 'The objective of the campaign''s latest assignment: ACQUISITION, RETENTION, EXPANSION or BRAND.';

alter table campaign_assignment add column objective text not null default 'ACQUISITION'
    check (objective in ('ACQUISITION', 'RETENTION', 'EXPANSION', 'BRAND'));
comment on column campaign_assignment.objective is 'The campaign''s objective from valid_from on.';

alter table spend_line add column objective text
    check (objective in ('ACQUISITION', 'RETENTION', 'EXPANSION', 'BRAND'));
comment on column spend_line.objective is 'The line''s own objective; null: its campaign''s on its booking day (none without a campaign).';

alter table spend_rollup add column objective text;
alter table closed_spend_rollup add column objective text;
comment on column spend_rollup.objective is 'The own objective of the row''s lines (null: none; the campaign''s assignment applies).';

alter table spend_rollup drop constraint spend_rollup_key;
alter table spend_rollup add constraint spend_rollup_key unique nulls not distinct
    (month, department_id, category, campaign_id, campaign_assignment_id, segment_id, product_id, region_id, currency,
     objective);

select close_snapshot_reported_define('spend_rollup');

-- A new campaign starts with its columns, objective included, as its assignment since the beginning.
create or replace function campaign_assignment_initial() returns trigger
language plpgsql as $$
begin
    insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id, product_id,
                                     region_id, objective)
    select id, date '1900-01-01', department_id, channel_id, segment_id, product_id, region_id, objective
    from new_rows order by id;
    return null;
end;
$$;

-- A plain UPDATE of the tag columns (objective included) that no assignment row matches: an
-- assignment since the beginning.
create or replace function campaign_assignment_from_update() returns trigger
language plpgsql as $$
begin
    insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id, product_id,
                                     region_id, objective)
    select n.id, date '1900-01-01', n.department_id, n.channel_id, n.segment_id, n.product_id, n.region_id,
           n.objective
    from new_rows n
    cross join lateral (select * from campaign_assignment a where a.campaign_id = n.id
                        order by a.valid_from desc, a.id desc limit 1) l
    where (l.department_id, l.channel_id, l.segment_id, l.product_id, l.region_id, l.objective)
          is distinct from (n.department_id, n.channel_id, n.segment_id, n.product_id, n.region_id, n.objective)
    order by n.id;
    return null;
end;
$$;

-- Spend lines keep their own objective in the rollup's key (0027's function otherwise).
create or replace function spend_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into spend_rollup as t (month, department_id, category, campaign_id, campaign_assignment_id, segment_id,
                                   product_id, region_id, currency, objective, amount, rated, lines, first_day)
    with days as (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
                  from (select distinct currency, booked_on from new_rows) d),
    assigned as (select k.campaign_id, k.booked_on, campaign_assignment_id_on(k.campaign_id, k.booked_on) as id
                 from (select distinct campaign_id, booked_on from new_rows where campaign_id is not null) k)
    select date_trunc('month', n.booked_on)::date, n.department_id, n.category, n.campaign_id, a.id, n.segment_id,
           n.product_id, n.region_id, n.currency, n.objective, sum(n.amount), sum(n.amount * coalesce(d.rate, 0)),
           count(*), min(n.booked_on)
    from new_rows n
    join days d on d.currency = n.currency and d.booked_on = n.booked_on
    left join assigned a on a.campaign_id = n.campaign_id and a.booked_on = n.booked_on
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    on conflict on constraint spend_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
            first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

-- The FX rebuild (0027's), with the lines' own objective in the spend rollup's key.
create or replace function ledger_rollup_rerate(cur text, from_month date) returns void
language plpgsql as $$
begin
    lock table spend_line, revenue_line in share row exclusive mode;
    delete from spend_rollup where currency = cur and month >= from_month;
    insert into spend_rollup (month, department_id, category, campaign_id, campaign_assignment_id, segment_id,
                              product_id, region_id, currency, amount, rated, lines, first_day, objective)
    with lines as (select * from spend_line where currency = cur and booked_on >= from_month),
    days as (select booked_on, fx_table_rate(cur, booked_on) as rate from (select distinct booked_on from lines) d),
    assigned as (select k.campaign_id, k.booked_on, campaign_assignment_id_on(k.campaign_id, k.booked_on) as id
                 from (select distinct campaign_id, booked_on from lines where campaign_id is not null) k)
    select date_trunc('month', l.booked_on)::date, l.department_id, l.category, l.campaign_id, a.id, l.segment_id,
           l.product_id, l.region_id, cur, sum(l.amount), sum(l.amount * coalesce(d.rate, 0)), count(*),
           min(l.booked_on), l.objective
    from lines l
    join days d on d.booked_on = l.booked_on
    left join assigned a on a.campaign_id = l.campaign_id and a.booked_on = l.booked_on
    group by 1, 2, 3, 4, 5, 6, 7, 8, 14
    order by 1, 2, 3, 4, 5, 6, 7, 8, 14;

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

-- The campaign move (0027's), with the lines' own objective kept in the spend rollup's key.
create or replace function campaign_assignment_move() returns trigger
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
                                       product_id, region_id, currency, objective, amount, rated, lines, first_day)
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
            select booked_on, department_id, category, segment_id, product_id, region_id, currency, objective,
                   p.id as assignment_id, -amount as amount, -value as rated, -1 as lines
            from rated
            union all
            select booked_on, department_id, category, segment_id, product_id, region_id, currency, objective, n.id,
                   amount, value, 1
            from rated
        )
        select date_trunc('month', booked_on)::date, department_id, category, n.campaign_id, assignment_id,
               segment_id, product_id, region_id, currency, objective, sum(amount), sum(rated), sum(lines),
               min(booked_on)
        from deltas
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
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
