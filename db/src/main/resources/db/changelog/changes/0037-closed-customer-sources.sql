--liquibase formatted sql

--changeset revgraph:0037-closed-customer-sources splitStatements:false
-- A close freezes what grouping by source reads (docs/metrics.md, "Quality by source"): a customer's
-- source is its assignment in force on its acquisition date (segment, region, acquisition campaign)
-- and the channel of that campaign on the same date. It can change while the acquisition month is
-- open (an assignment re-dated), so a closed month groups its customers by the sources its close
-- stored, never by today's:
--
-- customer_source: every customer's source now (the one definition the reports and the close read).
-- closed_customer_source: the source of each customer of a closed month (acquired in it, or with a
--   revenue line in it), as each close stored it.
-- closed_customer_span: the segment, region and acquisition campaign of each customer with a revenue line in a closed month,
--   per span of days of the month, as each close stored them (a revenue line of a closed month is
--   placed by the assignment in force on its day at the close).
-- customer_source_reported(first_reported) and customer_span_reported(first_reported): the stored
--   rows of each closed month's first or latest close, as reported_close (0026) picks it.
create view customer_source as
select c.id as customer_id, c.acquired_on, a.segment_id, a.region_id, a.acquisition_campaign_id, ch.channel_id
from customer c
left join lateral (
    select a.segment_id, a.region_id, a.acquisition_campaign_id from customer_assignment a
    where a.customer_id = c.id and a.valid_from <= c.acquired_on
    order by a.valid_from desc, a.id desc limit 1) a on true
left join lateral (
    select ca.channel_id from campaign_assignment ca
    where ca.campaign_id = a.acquisition_campaign_id and ca.valid_from <= c.acquired_on
    order by ca.valid_from desc, ca.id desc limit 1) ch on true;
comment on view customer_source is 'Each customer''s source: its assignment in force on its acquisition date and the channel of its acquisition campaign on that date.';

create table closed_customer_source (
    close_version_id        bigint not null,
    customer_id             bigint not null,
    acquired_on             date   not null,
    segment_id              bigint,
    region_id               bigint,
    acquisition_campaign_id bigint,
    channel_id              bigint,
    constraint closed_customer_source_key primary key (close_version_id, customer_id)
);
comment on table closed_customer_source is 'The source of each customer of a closed month (acquired in it or with revenue in it), as each close stored it.';

create table closed_customer_span (
    close_version_id bigint not null,
    customer_id      bigint not null,
    first_day        date   not null,
    last_day         date   not null,
    segment_id       bigint,
    region_id        bigint,
    acquisition_campaign_id bigint,
    constraint closed_customer_span_key primary key (close_version_id, customer_id, first_day)
);
comment on table closed_customer_span is 'The segment, region and acquisition campaign of each customer with revenue in a closed month, per span of its days, as each close stored them.';

create function close_customer_source(m date) returns table (
    customer_id bigint, acquired_on date, segment_id bigint, region_id bigint, acquisition_campaign_id bigint,
    channel_id bigint)
language sql stable parallel safe as $$
    select s.customer_id, s.acquired_on, s.segment_id, s.region_id, s.acquisition_campaign_id, s.channel_id
    from customer_source s
    where s.customer_id in (
        select customer_id from customer_month_rollup where month = m
        union
        select id from customer where acquired_on between m and (m + interval '1 month - 1 day')::date)
$$;

create function close_customer_span(m date) returns table (
    customer_id bigint, first_day date, last_day date, segment_id bigint, region_id bigint,
    acquisition_campaign_id bigint)
language sql stable parallel safe as $$
    select s.customer_id, greatest(s.valid_from, m),
           least(coalesce(s.valid_to - 1, (m + interval '1 month - 1 day')::date), (m + interval '1 month - 1 day')::date),
           s.segment_id, s.region_id, s.acquisition_campaign_id
    from customer_assignment_span s
    where s.customer_id in (select customer_id from customer_month_rollup where month = m)
      and s.valid_from <= (m + interval '1 month - 1 day')::date
      and (s.valid_to is null or s.valid_to > m)
$$;

create function customer_source_reported(first_reported boolean) returns table (
    month date, customer_id bigint, acquired_on date, segment_id bigint, region_id bigint,
    acquisition_campaign_id bigint, channel_id bigint)
language sql stable parallel safe as $$
    select r.month, s.customer_id, s.acquired_on, s.segment_id, s.region_id, s.acquisition_campaign_id, s.channel_id
    from reported_close r
    join closed_customer_source s
      on s.close_version_id = case when first_reported then r.first_id else r.latest_id end
$$;
comment on function customer_source_reported(boolean) is 'The customer sources stored by the reported close of each closed month.';

create function customer_span_reported(first_reported boolean) returns table (
    month date, customer_id bigint, first_day date, last_day date, segment_id bigint, region_id bigint,
    acquisition_campaign_id bigint)
language sql stable parallel safe as $$
    select r.month, s.customer_id, s.first_day, s.last_day, s.segment_id, s.region_id, s.acquisition_campaign_id
    from reported_close r
    join closed_customer_span s
      on s.close_version_id = case when first_reported then r.first_id else r.latest_id end
$$;
comment on function customer_span_reported(boolean) is 'The customer placements stored by the reported close of each closed month.';

-- close_snapshot (0029) with the sources and placements added, in the same statement as every
-- other copy.
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
    n as (insert into closed_customer_source select v.id, x.* from v, close_customer_source(m) x),
    o as (insert into closed_customer_span select v.id, x.* from v, close_customer_span(m) x),
    l as (insert into closed_campaign_running
          select v.id, x.campaign_id, x.first_day, x.last_day from v, close_campaign_running(m) x)
    select id into stored_id from v;

    insert into closed_attribution_credit select * from close_attribution_credits(stored_id, m);
    return stored_id;
end;
$$;
comment on function close_snapshot(date, text, text) is 'Stores a close of a month: its close_version row, a copy of every rollup row of the month, the inputs of its campaign performance and its customers'' sources and placements.';

-- Closes stored before this changeset: their customers' sources and placements as they are now (the
-- closest state there is to the close).
insert into closed_customer_source
select v.id, x.* from close_version v cross join lateral close_customer_source(v.month) x;
insert into closed_customer_span
select v.id, x.* from close_version v cross join lateral close_customer_span(v.month) x;

-- A campaign's assignment in force on a day (its tags then), as customer_assignment_on (0025) is a
-- customer's: what a ledger line's slices are read from when a list is filtered like a report.
create function campaign_assignment_on(cid bigint, on_date date) returns campaign_assignment
language sql stable parallel safe as $$
    select * from campaign_assignment a where a.campaign_id = $1 and a.valid_from <= $2
    order by a.valid_from desc, a.id desc limit 1
$$;
comment on function campaign_assignment_on(bigint, date) is 'The campaign''s assignment in force on a day (null: none, or no campaign).';
