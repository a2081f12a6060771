--liquibase formatted sql

--changeset revgraph:0057-cohort-cells splitStatements:false
-- Cohort cells maintained on write: cohortRetention sums cells per cohort, month and source instead of
-- visiting every customer of the range's cohorts and every month of theirs on each request
-- (docs/scaling.md, section 3; docs/metrics.md, "cohortRetention").
--
-- A customer's cohort is its acquisition month, its source the one of customer_source (0037): its
-- assignment in force on its acquisition date (segment, region, acquisition campaign) and that
-- campaign's channel on the same date. Keeping the cells under the whole source lets a report take
-- a segment subtree, group by any two source dimensions and filter on source attributes by summing
-- cells, exactly as it would sum the customers.
--
-- cohort_member: each customer's cohort and source and its months from the cohort month on, with
--   its MRR (recurring revenue) and revenue of each, in the reporting currency: what the customer
--   has added to the sums below, so that a refresh can take it away again.
-- cohort_size: customers per cohort and source.
-- cohort_cell: per cohort, month and source: customers active (MRR above zero), their MRR, and the
--   revenue (recurring and one-off) of every customer of the cohort in the month.
--
-- Kept by the per-customer refresh of the MRR movements (0024, 0028): mrr_movements_refresh now
-- rebuilds the customers' cohort rows too and moves the difference into the sums in one statement
-- per table, rows taken in key order. It runs on every revenue line, every rate change (for the
-- customers with rows in the currency from the changed month on), every new assignment row (which
-- every new customer gets, 0025; now for every customer of the rows, with revenue or not), an update
-- of a customer's acquisition day, and a new campaign assignment (the channel of the campaign's
-- customers can change). Like the movements they follow the live rows: a closed month with a stored
-- close is read by today's computation, which reads what the close stored.
create table cohort_member (
    customer_id             bigint    not null primary key,
    cohort                  date      not null,
    segment_id              bigint,
    region_id               bigint,
    acquisition_campaign_id bigint,
    channel_id              bigint,
    months                  date[]    not null,
    mrr                     numeric[] not null,
    revenue                 numeric[] not null
);
comment on table cohort_member is 'Each customer''s cohort, source and monthly MRR and revenue from its cohort month on (reporting currency), as added to cohort_cell; maintained by triggers.';
create index cohort_member_campaign_idx on cohort_member (acquisition_campaign_id)
    where acquisition_campaign_id is not null;

create table cohort_size (
    cohort                  date   not null,
    segment_id              bigint,
    region_id               bigint,
    acquisition_campaign_id bigint,
    channel_id              bigint,
    customers               bigint not null,
    constraint cohort_size_key unique nulls not distinct (cohort, segment_id, region_id, acquisition_campaign_id,
                                                          channel_id)
);
comment on table cohort_size is 'Customers per acquisition month and source (customer_source); maintained by triggers.';

create table cohort_cell (
    cohort                  date    not null,
    month                   date    not null,
    segment_id              bigint,
    region_id               bigint,
    acquisition_campaign_id bigint,
    channel_id              bigint,
    active                  bigint  not null,
    mrr                     numeric not null,
    revenue                 numeric not null,
    constraint cohort_cell_key unique nulls not distinct (cohort, month, segment_id, region_id,
                                                          acquisition_campaign_id, channel_id)
);
comment on table cohort_cell is 'Per acquisition month, month and source: active customers, their MRR and the revenue of the cohort''s customers (reporting currency); maintained by triggers.';

-- The cohort rows of some customers (all of them when ids is null), from customer_source and the
-- customer-month rollup. Dynamic, so that each call is planned for its own case.
create function cohort_members(ids bigint[], cur text)
returns table (customer_id bigint, cohort date, segment_id bigint, region_id bigint, acquisition_campaign_id bigint,
               channel_id bigint, months date[], mrr numeric[], revenue numeric[])
language plpgsql stable as $$
begin
    return query execute format($q$
        with monthly as (
            select r.customer_id, r.month,
                   sum(case when r.currency = $2 then r.recurring_amount else r.recurring_rated end) as mrr,
                   sum(case when r.currency = $2 then r.amount else r.rated end) as revenue
            from customer_month_rollup r
            where %1$s
            group by r.customer_id, r.month
        ),
        sourced as (
            select s.customer_id, date_trunc('month', s.acquired_on)::date as cohort, s.segment_id, s.region_id,
                   s.acquisition_campaign_id, s.channel_id
            from customer_source s
            where %2$s
        )
        select s.customer_id, s.cohort, s.segment_id, s.region_id, s.acquisition_campaign_id, s.channel_id,
               coalesce(array_agg(m.month order by m.month) filter (where m.month is not null), '{}'),
               coalesce(array_agg(m.mrr order by m.month) filter (where m.month is not null), '{}'),
               coalesce(array_agg(m.revenue order by m.month) filter (where m.month is not null), '{}')
        from sourced s
        left join monthly m on m.customer_id = s.customer_id and m.month >= s.cohort
        group by s.customer_id, s.cohort, s.segment_id, s.region_id, s.acquisition_campaign_id, s.channel_id
        $q$,
        case when ids is null then 'true' else 'r.customer_id = any($1)' end,
        case when ids is null then 'true' else 's.customer_id = any($1)' end)
    using ids, cur;
end;
$$;

-- What a member row adds to cohort_cell, month by month.
create view cohort_member_cell as
select m.customer_id, m.cohort, u.month, m.segment_id, m.region_id, m.acquisition_campaign_id, m.channel_id,
       case when u.mrr > 0 then 1 else 0 end as active, case when u.mrr > 0 then u.mrr else 0 end as mrr,
       u.revenue
from cohort_member m
cross join lateral unnest(m.months, m.mrr, m.revenue) as u(month, mrr, revenue);
comment on view cohort_member_cell is 'Each customer''s contribution to cohort_cell.';

-- Rebuilds some customers' cohort rows and moves the difference into the sizes and the cells, each in
-- key order. The customers are locked in id order, as mrr_movements_refresh locks them.
create function cohort_cells_refresh(ids bigint[], cur text) returns void
language plpgsql as $$
begin
    if cur is null or ids is null or cardinality(ids) = 0 then
        return;
    end if;
    perform 1 from customer where id = any(ids) order by id for no key update;
    -- One statement: every sub-statement reads the rows as they were before it, so "old" holds what
    -- the sums have now.
    with fresh as materialized (
        select * from cohort_members(ids, cur)
    ),
    old as materialized (
        select * from cohort_member where customer_id = any(ids)
    ),
    upserted as (
        insert into cohort_member as t (customer_id, cohort, segment_id, region_id, acquisition_campaign_id,
                                        channel_id, months, mrr, revenue)
        select * from fresh
        order by customer_id
        on conflict (customer_id) do update
            set cohort = excluded.cohort, segment_id = excluded.segment_id, region_id = excluded.region_id,
                acquisition_campaign_id = excluded.acquisition_campaign_id, channel_id = excluded.channel_id,
                months = excluded.months, mrr = excluded.mrr, revenue = excluded.revenue
            where (t.cohort, t.segment_id, t.region_id, t.acquisition_campaign_id, t.channel_id, t.months, t.mrr,
                   t.revenue)
                  is distinct from (excluded.cohort, excluded.segment_id, excluded.region_id,
                                    excluded.acquisition_campaign_id, excluded.channel_id, excluded.months,
                                    excluded.mrr, excluded.revenue)
    ),
    sized as (
        insert into cohort_size as t (cohort, segment_id, region_id, acquisition_campaign_id, channel_id, customers)
        select cohort, segment_id, region_id, acquisition_campaign_id, channel_id, sum(sign)
        from (select 1 as sign, cohort, segment_id, region_id, acquisition_campaign_id, channel_id from fresh
              union all
              select -1, cohort, segment_id, region_id, acquisition_campaign_id, channel_id from old) c
        group by cohort, segment_id, region_id, acquisition_campaign_id, channel_id
        having sum(sign) <> 0
        order by cohort, segment_id, region_id, acquisition_campaign_id, channel_id
        on conflict on constraint cohort_size_key do update set customers = t.customers + excluded.customers
    ),
    changes as (
        select 1 as sign, f.cohort, u.month, f.segment_id, f.region_id, f.acquisition_campaign_id, f.channel_id,
               u.mrr, u.revenue
        from fresh f cross join lateral unnest(f.months, f.mrr, f.revenue) as u(month, mrr, revenue)
        union all
        select -1, o.cohort, u.month, o.segment_id, o.region_id, o.acquisition_campaign_id, o.channel_id,
               u.mrr, u.revenue
        from old o cross join lateral unnest(o.months, o.mrr, o.revenue) as u(month, mrr, revenue)
    )
    insert into cohort_cell as t (cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id, active,
                                  mrr, revenue)
    select cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id,
           sum(sign * case when mrr > 0 then 1 else 0 end), sum(sign * case when mrr > 0 then mrr else 0 end),
           sum(sign * revenue)
    from changes
    group by cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id
    having sum(sign * case when mrr > 0 then 1 else 0 end) <> 0
        or sum(sign * case when mrr > 0 then mrr else 0 end) <> 0 or sum(sign * revenue) <> 0
    order by cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id
    on conflict on constraint cohort_cell_key do update
        set active = t.active + excluded.active, mrr = t.mrr + excluded.mrr, revenue = t.revenue + excluded.revenue;
    -- a size or cell whose customers all left stays, with every sum 0: it adds nothing to a report
end;
$$;

-- Everything, in the reporting currency.
create function cohort_cells_rebuild(cur text) returns void
language plpgsql as $$
begin
    truncate cohort_member, cohort_size, cohort_cell;
    insert into cohort_member (customer_id, cohort, segment_id, region_id, acquisition_campaign_id, channel_id,
                               months, mrr, revenue)
    select * from cohort_members(null, cur);
    insert into cohort_size (cohort, segment_id, region_id, acquisition_campaign_id, channel_id, customers)
    select cohort, segment_id, region_id, acquisition_campaign_id, channel_id, count(*)
    from cohort_member
    group by cohort, segment_id, region_id, acquisition_campaign_id, channel_id;
    insert into cohort_cell (cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id, active, mrr,
                             revenue)
    select cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id, sum(active), sum(mrr),
           sum(revenue)
    from cohort_member_cell
    group by cohort, month, segment_id, region_id, acquisition_campaign_id, channel_id;
    analyze cohort_member;
    analyze cohort_size;
    analyze cohort_cell;
end;
$$;

-- The refresh and the rebuild of the movements (0028) now keep the cohort rows too: 0028's functions,
-- renamed, then the cohort rows. mrr_movements_ensure and every trigger call them by name.
alter function mrr_movements_refresh(bigint[]) rename to mrr_movements_refresh_movements;

create function mrr_movements_refresh(ids bigint[]) returns void
language plpgsql as $$
begin
    perform mrr_movements_refresh_movements(ids);
    perform cohort_cells_refresh(ids, (select reporting_currency from mrr_movement_currency));
end;
$$;

alter function mrr_movements_rebuild(text) rename to mrr_movements_rebuild_movements;

create function mrr_movements_rebuild(cur text) returns void
language plpgsql as $$
begin
    perform mrr_movements_rebuild_movements(cur);
    perform cohort_cells_rebuild(cur);
end;
$$;

-- A new assignment row can change a customer's source: every customer of the new rows (0028 refreshed
-- only those with revenue; the others have no movement, so their refresh is the cohort rows alone).
create or replace function mrr_movements_after_assignment() returns trigger
language plpgsql as $$
begin
    perform mrr_movements_refresh(array(select distinct customer_id from new_rows order by 1));
    return null;
end;
$$;

-- A new acquisition day moves the customer to another cohort (its source can change with it).
create function cohort_cells_after_customer() returns trigger
language plpgsql as $$
begin
    perform cohort_cells_refresh(
        array(select n.id from new_rows n join old_rows o on o.id = n.id
              where o.acquired_on is distinct from n.acquired_on order by 1),
        (select reporting_currency from mrr_movement_currency));
    return null;
end;
$$;

create trigger customer_cohort_cells
    after update on customer
    referencing old table as old_rows new table as new_rows
    for each statement execute function cohort_cells_after_customer();

-- A new campaign assignment can change the channel of the campaign's customers on their acquisition day
-- (a customer's campaign is its member row's: a campaign assignment does not change it).
create function cohort_cells_after_campaign_assignment() returns trigger
language plpgsql as $$
begin
    perform cohort_cells_refresh(
        array(select m.customer_id from cohort_member m
              where m.acquisition_campaign_id in (select campaign_id from new_rows)
              order by 1),
        (select reporting_currency from mrr_movement_currency));
    return null;
end;
$$;

create trigger campaign_assignment_cohort_cells
    after insert on campaign_assignment
    referencing new table as new_rows
    for each statement execute function cohort_cells_after_campaign_assignment();

-- The rows of the data already there, when the application has stamped its reporting currency.
select cohort_cells_rebuild(reporting_currency) from mrr_movement_currency;
