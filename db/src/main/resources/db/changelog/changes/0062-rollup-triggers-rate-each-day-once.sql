--liquibase formatted sql

--changeset revgraph:0062-rollup-triggers-rate-each-day-once splitStatements:false
-- The ledger rollups' and the customer-month rollup's insert triggers (0020, 0022, as last changed
-- by 0025, 0027 and 0036) look up the FX rate of each distinct currency and day, and the dated
-- assignments of each distinct key and day, once, in a CTE. PostgreSQL inlines a CTE read once,
-- so the rate function (fx_table_rate) and the assignment functions were called again for every
-- line the statement inserted: 3.75 million calls on a bulk load of revenue lines instead of a
-- few thousand. MATERIALIZED keeps each CTE computed once. The revenue rollup's assignment in
-- force on a line's day is read by a lateral subquery, the same query as customer_assignment_on
-- and campaign_assignment_id_on (0025, 0027) but planned into the statement instead of called once
-- per customer and day (a function returning one row is never inlined): with a left join, so that
-- a customer without an assignment row gives nulls as the function did. The sums are the same to
-- the cent (docs/performance.md, "Bulk import").
create or replace function spend_rollup_add()
returns trigger
language plpgsql as $$
begin
    insert into spend_rollup as t (month, department_id, category, campaign_id, campaign_assignment_id, segment_id,
                                   product_id, region_id, currency, objective, amount, rated, lines, first_day)
    with days as materialized (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
                  from (select distinct currency, booked_on from new_rows) d),
    assigned as materialized (select k.campaign_id, k.booked_on, campaign_assignment_id_on(k.campaign_id, k.booked_on) as id
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

create or replace function revenue_rollup_add()
returns trigger
language plpgsql as $$
begin
    insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id,
                                     recurring, currency, amount, rated, lines, first_day)
    with days as materialized (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                  from (select distinct currency, recognized_on from new_rows) d),
    assigned as materialized (select k.customer_id, k.recognized_on, a.segment_id, a.region_id, a.acquisition_campaign_id,
                        (select g.id from campaign_assignment g
                         where g.campaign_id = a.acquisition_campaign_id and g.valid_from <= k.recognized_on
                         order by g.valid_from desc, g.id desc limit 1) as campaign_assignment_id
                 from (select distinct customer_id, recognized_on from new_rows) k
                 left join lateral (select g.* from customer_assignment g
                                    where g.customer_id = k.customer_id and g.valid_from <= k.recognized_on
                                    order by g.valid_from desc, g.id desc limit 1) a on true)
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

create or replace function customer_month_rollup_add()
returns trigger
language plpgsql as $$
begin
    insert into customer_month_rollup as t (customer_id, month, currency, amount, rated, recurring_amount,
                                            recurring_rated, lines, first_day)
    with days as materialized (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
                  from (select distinct currency, recognized_on from new_rows) d)
    select n.customer_id, date_trunc('month', n.recognized_on)::date, n.currency,
           sum(n.amount), sum(n.amount * coalesce(d.rate, 0)),
           coalesce(sum(n.amount) filter (where n.recurring), 0),
           coalesce(sum(n.amount * coalesce(d.rate, 0)) filter (where n.recurring), 0),
           count(*), min(n.recognized_on)
    from new_rows n
    join days d on d.currency = n.currency and d.recognized_on = n.recognized_on
    group by 1, 2, 3
    order by 1, 2, 3
    on conflict on constraint customer_month_rollup_key do update
        set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated,
            recurring_amount = t.recurring_amount + excluded.recurring_amount,
            recurring_rated = t.recurring_rated + excluded.recurring_rated,
            lines = t.lines + excluded.lines, first_day = least(t.first_day, excluded.first_day);
    return null;
end;
$$;

