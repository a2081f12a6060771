--liquibase formatted sql

--changeset revgraph:0052-stored-attribution-credits splitStatements:false
-- Attribution credits maintained on write: campaignPerformance sums stored credits instead of
-- recomputing every customer's journey (window functions over all the touchpoints of the range's
-- customers) on each request (docs/scaling.md, "Attribution credits").
--
-- attribution_credit: every customer's credits per campaign under the five models, exactly as
--   attribution_credits (0029) computes them for an open month, summed per customer and campaign
--   (as a close stores them in closed_attribution_credit), one row per customer and credited
--   campaign carrying every model: the rational models as an integer numerator over the customer's
--   denominator (FIRST_TOUCH and LAST_TOUCH over 1, LINEAR over n touches, POSITION_BASED over
--   5(n - 2), or n with one or two touches); TIME_DECAY at the stored default half-life
--   (attribution_stored_half_life()) as the numeric the computation gives, over 1. One row for the
--   five models instead of five: a fifth of the rows to write and index. A touched campaign a model
--   gives nothing has 0 under that model (the report still lists the campaign), a null campaign is
--   the unattributed share.
--
-- A customer's credits depend on its acquisition day, its acquisition campaign (the assignment in
-- force on that day, or the customer's column when it has no dated assignment) and its touchpoints
-- (campaign codes order touches of the same instant; a campaign's code never changes). Its rows are
-- rebuilt whole, in the writing transaction, whenever one of those changes: a touchpoint inserted,
-- updated or deleted, a new assignment row (which every new customer gets, 0025), an update of the
-- customer's acquisition day or campaign. Revenue, rates and spend do not enter a credit.
--
-- The rows hold every customer, closed months included: a report reads a month with a stored close
-- from what that close stored (closed_attribution_credit), any other month from here. customer_id
-- has no foreign key: only attribution_credits_refresh writes these rows, for customers it has just
-- locked, and customers are never deleted; a check per row would be most of a bulk load's cost.
create table attribution_credit (
    customer_id  bigint  not null,
    acquired_on  date    not null,
    campaign_id  bigint,
    first_num    numeric not null,
    last_num     numeric not null,
    linear_num   numeric not null,
    linear_den   bigint  not null check (linear_den > 0),
    position_num numeric not null,
    position_den bigint  not null check (position_den > 0),
    decay_num    numeric not null
);
create index attribution_credit_customer_idx on attribution_credit (customer_id);
create index attribution_credit_acquired_idx on attribution_credit (acquired_on);
comment on table attribution_credit is 'Every customer''s attribution credits per campaign under each model, exactly: FIRST_TOUCH first_num / 1, LAST_TOUCH last_num / 1, LINEAR linear_num / linear_den, POSITION_BASED position_num / position_den, TIME_DECAY (at the stored default half-life) decay_num / 1; maintained by triggers.';

-- The credits of some customers (all of them when ids is null), from the live tables: the same
-- touches and the same arithmetic as attribution_touches and attribution_credits (0029) for a
-- customer of an open month, every model at once. Dynamic, so that each call is planned for its own
-- case (as customer_mrr_months, 0024): a few customers read by key, all of them by one pass.
create function attribution_credit_rows(ids bigint[])
returns table (customer_id bigint, acquired_on date, campaign_id bigint, first_num numeric, last_num numeric,
               linear_num numeric, linear_den bigint, position_num numeric, position_den bigint,
               decay_num numeric)
language plpgsql stable as $f$
begin
    return query execute format($q$
    with cust as materialized (
        select c.id, c.acquired_on, c.acquisition_campaign_id
        from customer c
        where %s
    ),
    touch as materialized (
        select t.customer_id, c.acquired_on, t.campaign_id,
               row_number() over (partition by t.customer_id order by t.occurred_at, k.code) as pos,
               count(*) over (partition by t.customer_id) as n,
               c.acquired_on - (t.occurred_at at time zone 'UTC')::date as age
        from touchpoint t
        join cust c on c.id = t.customer_id
        join campaign k on k.id = t.campaign_id
        where t.occurred_at < ((c.acquired_on + 1)::timestamp at time zone 'UTC')
    ),
    aged as (
        select customer_id, acquired_on, campaign_id, pos, n, age - min(age) over (partition by customer_id) as a
        from touch
    ),
    decay as materialized (
        select a, power(2::numeric, -(round(a::numeric, 30 + ceil(a * 0.302 / h.d)::int) / h.d)) as w
        from (select distinct a from aged) d
        cross join (select attribution_stored_half_life() as d) h
    ),
    credit as (
        select s.customer_id, s.acquired_on, s.campaign_id, s.pos, s.n,
               case when s.pos = s.n then 1 - (sum(s.share) over (partition by s.customer_id) - s.share)
                    else s.share
               end as decay
        from (select g.customer_id, g.acquired_on, g.campaign_id, g.pos, g.n,
                     d.w / sum(d.w) over (partition by g.customer_id) as share
              from aged g join decay d on d.a = g.a) s
    )
    select customer_id, acquired_on, campaign_id,
           sum(case when pos = 1 then 1 else 0 end)::numeric,
           sum(case when pos = n then 1 else 0 end)::numeric,
           count(*)::numeric, n,
           sum(case when n > 2 and (pos = 1 or pos = n) then 2 * (n - 2) else 1 end)::numeric,
           case when n <= 2 then n else 5 * (n - 2) end,
           sum(decay)
    from credit
    group by customer_id, acquired_on, campaign_id, n
    union all
    -- a customer without touches gives 1 to its acquisition campaign (null: the unattributed row)
    select c.id, c.acquired_on,
           case when c.id in (select d.customer_id from customer_assignment d
                              where d.valid_from > date '1900-01-01' and d.customer_id = c.id)
                then (select g.acquisition_campaign_id from customer_assignment g
                      where g.customer_id = c.id and g.valid_from <= c.acquired_on
                      order by g.valid_from desc, g.id desc limit 1)
                else c.acquisition_campaign_id
           end,
           1, 1, 1, 1, 1, 1, 1
    from cust c
    where not exists (select 1 from touch t where t.customer_id = c.id)
    $q$, case when ids is null then 'true' else 'c.id = any($1)' end)
    using ids;
end;
$f$;
comment on function attribution_credit_rows(bigint[]) is 'The attribution credits of some customers (all: null) under every model, from the live tables, as attribution_credit stores them.';

-- Rebuilds some customers' credits. The customers are locked (in id order, as the MRR movements'
-- refresh locks them) so that two transactions never rebuild one customer at once; a touchpoint's
-- foreign-key check (key share) does not wait for it.
create function attribution_credits_refresh(ids bigint[]) returns void
language plpgsql as $$
begin
    if ids is null or cardinality(ids) = 0 then
        return;
    end if;
    perform 1 from customer where id = any(ids) order by id for no key update;
    delete from attribution_credit where customer_id = any(ids);
    insert into attribution_credit
    select * from attribution_credit_rows(ids) order by 1;
end;
$$;
comment on function attribution_credits_refresh(bigint[]) is 'Rebuilds the stored attribution credits of some customers from the live tables.';

-- Every customer's credits (after a load without triggers: bench/rebuild-rollups.sql).
create function attribution_credits_rebuild() returns void
language plpgsql as $$
begin
    lock table touchpoint, customer, customer_assignment in share row exclusive mode;
    truncate attribution_credit;
    insert into attribution_credit
    select * from attribution_credit_rows(null);
    analyze attribution_credit;
end;
$$;
comment on function attribution_credits_rebuild() is 'Rebuilds every stored attribution credit from the live tables.';

-- Touchpoints inserted, updated or deleted: their customers (old and new).
create function attribution_credits_after_touchpoint() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform attribution_credits_refresh(array(select distinct customer_id from new_rows order by 1));
    elsif tg_op = 'DELETE' then
        perform attribution_credits_refresh(array(select distinct customer_id from old_rows order by 1));
    else
        perform attribution_credits_refresh(array(select customer_id from new_rows
                                                  union select customer_id from old_rows order by 1));
    end if;
    return null;
end;
$$;

create trigger touchpoint_attribution_credits_insert
    after insert on touchpoint
    referencing new table as new_rows
    for each statement execute function attribution_credits_after_touchpoint();

create trigger touchpoint_attribution_credits_update
    after update on touchpoint
    referencing old table as old_rows new table as new_rows
    for each statement execute function attribution_credits_after_touchpoint();

create trigger touchpoint_attribution_credits_delete
    after delete on touchpoint
    referencing old table as old_rows
    for each statement execute function attribution_credits_after_touchpoint();

-- New assignment rows (a new customer's first one, a move from a date, a new acquisition campaign):
-- their customers.
create function attribution_credits_after_assignment() returns trigger
language plpgsql as $$
begin
    perform attribution_credits_refresh(array(select distinct customer_id from new_rows order by 1));
    return null;
end;
$$;

create trigger customer_assignment_attribution_credits
    after insert on customer_assignment
    referencing new table as new_rows
    for each statement execute function attribution_credits_after_assignment();

-- A customer's acquisition day or campaign column changed.
create function attribution_credits_after_customer() returns trigger
language plpgsql as $$
begin
    perform attribution_credits_refresh(array[new.id]);
    return null;
end;
$$;

create trigger customer_attribution_credits
    after update of acquired_on, acquisition_campaign_id on customer
    for each row when (old.acquired_on is distinct from new.acquired_on
                       or old.acquisition_campaign_id is distinct from new.acquisition_campaign_id)
    execute function attribution_credits_after_customer();

-- What a report reads: the credits of the customers acquired in [first_day, last_day] under a
-- model, as attribution_credits (0029) returns them, the open months from the stored rows above and
-- the months with a reported close from what their close stored. Only for the stored parameters:
-- TIME_DECAY at another half-life than attribution_stored_half_life() is computed by
-- attribution_credits from the touches (the caller chooses).
create function attribution_credits_stored(first_day date, last_day date, credit_model text,
                                           first_reported boolean)
returns table (customer_id bigint, acquired_on date, campaign_id bigint, num numeric, den bigint)
language sql stable parallel safe as $$
    with closed as materialized (
        select * from reported_close_version(first_day, last_day, first_reported)
    )
    select s.customer_id, s.acquired_on, s.campaign_id,
           case credit_model when 'FIRST_TOUCH' then s.first_num when 'LAST_TOUCH' then s.last_num
                             when 'LINEAR' then s.linear_num when 'POSITION_BASED' then s.position_num
                             else s.decay_num end,
           case credit_model when 'LINEAR' then s.linear_den when 'POSITION_BASED' then s.position_den
                             else 1 end
    from attribution_credit s
    where credit_model in ('FIRST_TOUCH', 'LAST_TOUCH', 'LINEAR', 'POSITION_BASED', 'TIME_DECAY')
      and s.acquired_on between first_day and last_day
      and not exists (select 1 from closed x where x.month = date_trunc('month', s.acquired_on)::date)
    union all
    select s.customer_id, s.acquired_on, s.campaign_id, s.num, s.den
    from closed x
    join closed_attribution_credit s on s.close_version_id = x.close_version_id
    where s.model = credit_model
      and s.acquired_on between first_day and last_day
      and s.half_life is not distinct from
          case when credit_model = 'TIME_DECAY' then attribution_stored_half_life() end
$$;
comment on function attribution_credits_stored(date, date, text, boolean) is 'Attribution credits num / den of the customers acquired in a range under a model (TIME_DECAY at the stored half-life), from the maintained credits; closed months as their close stored them.';

insert into attribution_credit
select * from attribution_credit_rows(null);
analyze attribution_credit;
