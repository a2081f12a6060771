--liquibase formatted sql

--changeset revgraph:0029-close-credits splitStatements:false
-- A close freezes campaign performance (issue 15). campaignPerformance reads, for a month with a
-- stored close, what that close stored, so that no later write (a touchpoint dated in an open
-- month before the acquisition, a customer moved, a rate dated before the month, a campaign's dates
-- changed, ...) changes a served figure of a closed month:
--
-- closed_attribution_credit: the credits of the customers acquired in the month, every model, one
--   row per customer and campaign (a null campaign: the unattributed row). Exact: first touch, last
--   touch, linear and position based as an integer numerator num over the customer's denominator
--   den (1; n; 5(n - 2)); time decay at the default half-life (attribution_stored_half_life(), 7
--   days) as num, the numeric the computation gave (at least 25 significant digits), over den 1.
-- closed_attribution_touch: the touches those credits came from (customer, campaign, position, count,
--   age in days before the customer's most recent touch; a customer without touches as one row of
--   n = 0 naming its acquisition campaign), from which time decay at any other half-life is computed.
-- closed_customer_day_revenue: each customer's revenue lines of the month summed per day and
--   currency, with the sum at the rate in force on that day at the close (rated; null when the
--   currency had no rate then): the attributed revenue of the month's days, whoever the customer is.
-- closed_campaign_spend: campaign spend lines of the month per campaign, day and currency, likewise.
-- closed_campaign_result: the campaigns' daily results of the month.
-- closed_campaign_running: the days of the month each campaign ran (start and end date at the close).
--
-- Per day, so that a range cutting a closed month reads exactly the days it covers. A range mixing
-- closed and open months takes each fact from its own month: a customer's credits from its
-- acquisition month, a revenue or spend line, a result and a campaign's running days from theirs
-- (the stored copy for a closed month, the live tables for any other).
--
-- close_snapshot (0026) is replaced by the same statement with these copies added, so they come
-- from the same snapshot of the database as the rollup copies, in the close's transaction; the
-- credits are then computed from the touches it stored. close_version_id has no foreign key: only
-- close_snapshot writes these rows, with the id of the close_version row it has just inserted, and
-- a check per row would be a third of the copies' cost (docs/performance.md).

create table closed_attribution_credit (
    close_version_id bigint  not null,
    model            text    not null
        check (model in ('FIRST_TOUCH', 'LAST_TOUCH', 'LINEAR', 'POSITION_BASED', 'TIME_DECAY')),
    half_life        int,
    customer_id      bigint  not null,
    acquired_on      date    not null,
    campaign_id      bigint,
    num              numeric not null,
    den              bigint  not null check (den > 0),
    check ((model = 'TIME_DECAY') = (half_life is not null))
);
create index closed_attribution_credit_idx on closed_attribution_credit (close_version_id, model, acquired_on);
comment on table closed_attribution_credit is 'The attribution credits of the customers acquired in a closed month, every model, as each close stored them: num / den exactly.';

create table closed_attribution_touch (
    close_version_id bigint not null,
    customer_id      bigint not null,
    acquired_on      date   not null,
    campaign_id      bigint,
    pos              bigint not null,
    n                bigint not null,
    a                int    not null
);
create index closed_attribution_touch_idx on closed_attribution_touch (close_version_id, acquired_on);
comment on table closed_attribution_touch is 'The touches that share the credit of each customer acquired in a closed month (n = 0: none, its acquisition campaign), as each close stored them.';

create table closed_customer_day_revenue (
    close_version_id bigint  not null,
    customer_id      bigint  not null,
    day              date    not null,
    currency         text    not null,
    amount           numeric not null,
    rated            numeric
);
create index closed_customer_day_revenue_idx on closed_customer_day_revenue (close_version_id, customer_id);
comment on table closed_customer_day_revenue is 'Revenue lines of a closed month per customer, day and currency, with their sum at the rate in force at the close (null: none).';

create table closed_campaign_spend (
    close_version_id bigint  not null,
    campaign_id      bigint  not null,
    day              date    not null,
    currency         text    not null,
    amount           numeric not null,
    rated            numeric,
    constraint closed_campaign_spend_key primary key (close_version_id, campaign_id, day, currency)
);
comment on table closed_campaign_spend is 'Campaign spend lines of a closed month per campaign, day and currency, with their sum at the rate in force at the close (null: none).';

create table closed_campaign_result (
    close_version_id bigint not null,
    campaign_id      bigint not null,
    day              date   not null,
    impressions      bigint not null,
    clicks           bigint not null,
    leads            bigint not null,
    opportunities    bigint not null,
    constraint closed_campaign_result_key primary key (close_version_id, campaign_id, day)
);
comment on table closed_campaign_result is 'The campaigns'' daily results of a closed month, as each close stored them.';

create table closed_campaign_running (
    close_version_id bigint not null,
    campaign_id      bigint not null,
    first_day        date   not null,
    last_day         date   not null,
    constraint closed_campaign_running_key primary key (close_version_id, campaign_id)
);
comment on table closed_campaign_running is 'The days of a closed month each campaign ran, by its dates at the close.';

-- Customers whose assignment changed from a date: only theirs need a look-up of the assignment in
-- force on the acquisition day (for every other customer it is the customer row's own columns).
create index customer_assignment_dated_idx on customer_assignment (customer_id) where valid_from > date '1900-01-01';

-- The half-life of the time decay credits a close stores (campaignPerformance's default).
create function attribution_stored_half_life() returns int
language sql immutable parallel safe as $$ select 7 $$;

-- The closes a report over [first_day, last_day] reads: each closed month of the range with its
-- first close (first_reported) or its latest; none when first_reported is null (the close itself
-- computes everything from the live tables).
-- The months and closes of reported_close (0026), one row each (DISTINCT ON: a plain column the
-- planner joins on, not a sub-select per row).
create function reported_close_version(first_day date, last_day date, first_reported boolean)
returns table (month date, close_version_id bigint)
language sql stable parallel safe as $$
    select distinct on (v.month) v.month, v.id
    from close_version v
    join fiscal_month f on f.month = v.month
    where first_reported is not null
      and f.status = 'CLOSED'
      and v.month between date_trunc('month', first_day)::date and last_day
    order by v.month, case when first_reported then v.version else -v.version end
$$;

-- The touches that share the credit of each customer acquired in [first_day, last_day]: its
-- touchpoints up to the end of its acquisition day (UTC) in attribution order (time, then campaign
-- code) with their position pos of n and their age a in whole days before the most recent one; a
-- customer without touches as one row (pos = n = 0) naming the acquisition campaign in force on its
-- acquisition day. Customers acquired in a month with a reported close are left out, or, with
-- stored, taken as that close stored them. With close_id: only the touches that close stored.
create function attribution_touches(first_day date, last_day date, first_reported boolean, stored boolean,
                                    close_id bigint default null)
returns table (customer_id bigint, acquired_on date, campaign_id bigint, pos bigint, n bigint, a int)
language sql stable parallel safe as $$
    with closed as (
        select * from reported_close_version(first_day, last_day, first_reported)
    ),
    cust as (
        select c.id, c.acquired_on, c.acquisition_campaign_id
        from customer c
        where close_id is null
          and c.acquired_on between first_day and last_day
          and not exists (select 1 from closed x where x.month = date_trunc('month', c.acquired_on)::date)
    ),
    touch as (
        select t.customer_id, c.acquired_on, t.campaign_id,
               row_number() over (partition by t.customer_id order by t.occurred_at, k.code) as pos,
               count(*) over (partition by t.customer_id) as n,
               c.acquired_on - (t.occurred_at at time zone 'UTC')::date as age
        from touchpoint t
        join cust c on c.id = t.customer_id
        join campaign k on k.id = t.campaign_id
        where t.occurred_at < ((c.acquired_on + 1)::timestamp at time zone 'UTC')
    )
    select customer_id, acquired_on, campaign_id, pos, n, age - min(age) over (partition by customer_id)
    from touch
    union all
    select c.id, c.acquired_on,
           case when c.id in (select d.customer_id from customer_assignment d where d.valid_from > date '1900-01-01')
                then (select g.acquisition_campaign_id from customer_assignment g
                      where g.customer_id = c.id and g.valid_from <= c.acquired_on
                      order by g.valid_from desc, g.id desc limit 1)
                else c.acquisition_campaign_id
           end,
           0, 0, 0
    from cust c
    where not exists (select 1 from touch t where t.customer_id = c.id)
    union all
    select s.customer_id, s.acquired_on, s.campaign_id, s.pos, s.n, s.a
    from closed x
    join closed_attribution_touch s on s.close_version_id = x.close_version_id
    where stored and s.acquired_on between first_day and last_day
    union all
    select s.customer_id, s.acquired_on, s.campaign_id, s.pos, s.n, s.a
    from closed_attribution_touch s
    where s.close_version_id = close_id and s.acquired_on between first_day and last_day
$$;
comment on function attribution_touches(date, date, boolean, boolean, bigint) is 'The touches sharing the credit of each customer acquired in a range (n = 0: none, the acquisition campaign); closed months left out, or as stored.';

-- The credits of the customers acquired in [first_day, last_day] under a model: one row per touch
-- (or per customer and campaign, as stored), exactly num / den, so that each customer's credits sum
-- to exactly 1. Rational models: an integer numerator over the customer's denominator (1; n touches
-- for LINEAR; 5(n - 2) for POSITION_BASED, where the first and last touch get 2(n - 2) and each
-- middle one 1; n with two touches or one). TIME_DECAY weighs 2^-(a / half-life), one power per
-- distinct age, the exponent carried to 30 decimals more than the weight has leading zeros so that
-- every weight keeps at least 25 significant digits (up to about 3,200 half-lives, where numeric's
-- scale ends and a weight becomes 0); the most recent touch takes 1 minus the others' credits.
-- A customer without touches gives 1 to its acquisition campaign (null: the unattributed row).
-- Months with a reported close read their stored credits (TIME_DECAY at another half-life than
-- the stored one: computed from their stored touches). With close_id: the credits of the touches
-- that close stored (how a close computes the credits it stores).
create function attribution_credits(first_day date, last_day date, credit_model text, half_life_days int,
                                    first_reported boolean, close_id bigint default null)
returns table (customer_id bigint, acquired_on date, campaign_id bigint, num numeric, den bigint)
language sql stable parallel safe as $$
    with touch as not materialized (
        select * from attribution_touches(first_day, last_day, first_reported,
                                          credit_model = 'TIME_DECAY'
                                          and half_life_days <> attribution_stored_half_life(),
                                          close_id)
    ),
    aged as (
        select * from touch where credit_model = 'TIME_DECAY'
    ),
    decay as materialized (
        select a, power(2::numeric, -(round(a::numeric, 30 + ceil(a * 0.302 / half_life_days)::int) / half_life_days)) as w
        from (select distinct a from aged) d
    )
    select customer_id, acquired_on, campaign_id,
           case when n = 0 then 1
                else case credit_model
                         when 'FIRST_TOUCH' then case when pos = 1 then 1 else 0 end
                         when 'LAST_TOUCH' then case when pos = n then 1 else 0 end
                         when 'LINEAR' then 1
                         else case when n > 2 and (pos = 1 or pos = n) then 2 * (n - 2) else 1 end
                     end
           end::numeric,
           case when n = 0 then 1
                else case credit_model
                         when 'LINEAR' then n
                         when 'POSITION_BASED' then case when n <= 2 then n else 5 * (n - 2) end
                         else 1
                     end
           end
    from touch
    where credit_model <> 'TIME_DECAY'
    union all
    -- a customer without touches (n = 0) gives 1 to its acquisition campaign
    select customer_id, acquired_on, campaign_id,
           case when n = 0 then 1
                when pos = n then 1 - (sum(share) over (partition by customer_id) - share)
                else share
           end,
           1
    from (select g.customer_id, g.acquired_on, g.campaign_id, g.pos, g.n,
                 d.w / sum(d.w) over (partition by g.customer_id) as share
          from aged g join decay d on d.a = g.a) s
    where credit_model = 'TIME_DECAY'
    union all
    select s.customer_id, s.acquired_on, s.campaign_id, s.num, s.den
    from reported_close_version(first_day, last_day, first_reported) x
    join closed_attribution_credit s on s.close_version_id = x.close_version_id
    where s.model = credit_model
      and s.acquired_on between first_day and last_day
      and s.half_life is not distinct from
          case when credit_model = 'TIME_DECAY' then attribution_stored_half_life() end
      and (credit_model <> 'TIME_DECAY' or half_life_days = attribution_stored_half_life())
$$;
comment on function attribution_credits(date, date, text, int, boolean, bigint) is 'Attribution credits num / den of the customers acquired in a range under a model; closed months as their close stored them.';

-- The rows a close of month m stores, from the live tables (stable: they read the calling
-- statement's snapshot); the credits from the touches the close stored.
create function close_attribution_credits(close_id bigint, m date) returns setof closed_attribution_credit
language sql stable parallel safe as $$
    select close_id, x.model,
           case when x.model = 'TIME_DECAY' then attribution_stored_half_life() end,
           c.customer_id, c.acquired_on, c.campaign_id, sum(c.num), c.den
    from unnest(array['FIRST_TOUCH', 'LAST_TOUCH', 'LINEAR', 'POSITION_BASED', 'TIME_DECAY']) as x(model)
    cross join lateral attribution_credits(m, (m + interval '1 month - 1 day')::date, x.model,
                                           attribution_stored_half_life(), null, close_id) c
    group by x.model, c.customer_id, c.acquired_on, c.campaign_id, c.den
$$;

create function close_customer_day_revenue(m date) returns setof closed_customer_day_revenue
language sql stable parallel safe as $$
    with lines as (
        select * from revenue_line
        where recognized_on between m and (m + interval '1 month - 1 day')::date
    ),
    days as materialized (
        select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
        from (select distinct currency, recognized_on from lines) d
    )
    select null::bigint, l.customer_id, l.recognized_on, l.currency, sum(l.amount), sum(l.amount * d.rate)
    from lines l join days d on d.currency = l.currency and d.recognized_on = l.recognized_on
    group by l.customer_id, l.recognized_on, l.currency
$$;

create function close_campaign_spend(m date) returns setof closed_campaign_spend
language sql stable parallel safe as $$
    with lines as (
        select * from spend_line
        where campaign_id is not null and booked_on between m and (m + interval '1 month - 1 day')::date
    ),
    days as materialized (
        select currency, booked_on, fx_table_rate(currency, booked_on) as rate
        from (select distinct currency, booked_on from lines) d
    )
    select null::bigint, l.campaign_id, l.booked_on, l.currency, sum(l.amount), sum(l.amount * d.rate)
    from lines l join days d on d.currency = l.currency and d.booked_on = l.booked_on
    group by l.campaign_id, l.booked_on, l.currency
$$;

create function close_campaign_result(m date) returns setof closed_campaign_result
language sql stable parallel safe as $$
    select null::bigint, campaign_id, day, impressions, clicks, leads, opportunities
    from campaign_result
    where day between m and (m + interval '1 month - 1 day')::date
$$;

create function close_campaign_running(m date) returns setof closed_campaign_running
language sql stable parallel safe as $$
    select null::bigint, id, greatest(start_date, m),
           least(coalesce(end_date, 'infinity'), (m + interval '1 month - 1 day')::date)
    from campaign
    where start_date <= (m + interval '1 month - 1 day')::date and (end_date is null or end_date >= m)
$$;

-- 0026's close statement with the campaign copies added (one statement, one snapshot), then the
-- credits of every model computed from the touches it stored (the close's own rows: that second
-- statement reads nothing another transaction could change). The caller holds the month's
-- fiscal_month row FOR UPDATE, as for 0026.
create or replace function close_snapshot(m date, actor text, reporting text) returns bigint
language plpgsql as $$
declare
    stored_id bigint;
begin
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
    f as (insert into closed_mrr_movement_rollup select v.id, x.* from v, mrr_movement_rollup x where x.month = m),
    h as (insert into closed_attribution_touch
          select v.id, x.* from v, attribution_touches(m, (m + interval '1 month - 1 day')::date, null, false) x),
    i as (insert into closed_customer_day_revenue
          select v.id, x.customer_id, x.day, x.currency, x.amount, x.rated from v, close_customer_day_revenue(m) x),
    j as (insert into closed_campaign_spend
          select v.id, x.campaign_id, x.day, x.currency, x.amount, x.rated from v, close_campaign_spend(m) x),
    k as (insert into closed_campaign_result
          select v.id, x.campaign_id, x.day, x.impressions, x.clicks, x.leads, x.opportunities
          from v, close_campaign_result(m) x),
    l as (insert into closed_campaign_running
          select v.id, x.campaign_id, x.first_day, x.last_day from v, close_campaign_running(m) x)
    select id into stored_id from v;

    insert into closed_attribution_credit select * from close_attribution_credits(stored_id, m);
    return stored_id;
end;
$$;
comment on function close_snapshot(date, text, text) is 'Stores a close of a month: its close_version row, a copy of every rollup row of the month, and the inputs of its campaign performance.';

-- Closes stored before this changeset: their campaign inputs as they are now (the closest state
-- there is to the close; a closed month took no line, touchpoint or result since).
insert into closed_attribution_touch
select v.id, x.*
from close_version v
cross join lateral attribution_touches(v.month, (v.month + interval '1 month - 1 day')::date, null, false) x;
insert into closed_attribution_credit
select x.* from close_version v cross join lateral close_attribution_credits(v.id, v.month) x;
insert into closed_customer_day_revenue
select v.id, x.customer_id, x.day, x.currency, x.amount, x.rated
from close_version v cross join lateral close_customer_day_revenue(v.month) x;
insert into closed_campaign_spend
select v.id, x.campaign_id, x.day, x.currency, x.amount, x.rated
from close_version v cross join lateral close_campaign_spend(v.month) x;
insert into closed_campaign_result
select v.id, x.campaign_id, x.day, x.impressions, x.clicks, x.leads, x.opportunities
from close_version v cross join lateral close_campaign_result(v.month) x;
insert into closed_campaign_running
select v.id, x.campaign_id, x.first_day, x.last_day
from close_version v cross join lateral close_campaign_running(v.month) x;
