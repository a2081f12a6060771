--liquibase formatted sql

--changeset revgraph:0024-mrr-movement-rollup splitStatements:false
-- MRR movements maintained on write (issue 9): mrrMovements and segment economics' pooled retention
-- read one row per month and segment instead of every customer-month (docs/scaling.md, section 3).
--
-- customer_mrr_month: one row per customer and active month (MRR above zero), with the customer's
-- segment and its previous active month and MRR. From those rows every movement of product.md
-- follows: month m is new when there is no previous active month, reactivated when the previous
-- one is before m-1, an expansion or contraction when it is m-1 (the customer is "kept" from m-1).
--
-- mrr_movement_rollup: those rows summed per month and segment. Start MRR and churn of month m are
-- not stored: start(m) = end(m-1) and churned(m) = end(m-1) - kept MRR of m, per segment as for
-- the whole company, since a customer sits in one segment for every month.
--
-- A customer's rows are rebuilt whole (its months from the customer-month rollup) whenever its
-- revenue, its segment or a rate of one of its currencies changes, and the rollup receives the
-- difference. MRR is in the reporting currency, which only the application knows: it stamps it
-- into mrr_movement_currency at start-up and the rows are rebuilt when it differs (or on first start).
create table mrr_movement_currency (
    only_row           boolean primary key default true check (only_row),
    reporting_currency text    not null
);
comment on table mrr_movement_currency is 'The reporting currency the maintained MRR movements are in; set by the application at start-up.';

create table customer_mrr_month (
    customer_id bigint  not null references customer (id),
    month       date    not null,
    segment_id  bigint  not null,
    mrr         numeric not null,
    prev_month  date,
    prev_mrr    numeric,
    constraint customer_mrr_month_key primary key (customer_id, month)
);
comment on table customer_mrr_month is 'Each customer''s active months (MRR above zero, reporting currency) with its previous active month; maintained by triggers.';

create table mrr_movement_rollup (
    month       date    not null,
    segment_id  bigint  not null,
    end_mrr     numeric not null,
    active      bigint  not null,
    new_mrr     numeric not null,
    reactivated numeric not null,
    expansion   numeric not null,
    contraction numeric not null,
    kept_mrr    numeric not null,
    kept        bigint  not null,
    constraint mrr_movement_rollup_key primary key (month, segment_id)
);
comment on table mrr_movement_rollup is 'customer_mrr_month summed per month and segment: end MRR, new, reactivated, expansion, contraction and what was kept from the month before; maintained by triggers.';

-- What one customer_mrr_month row adds to its month and segment: the movements of product.md,
-- decided here once for the per-customer updates and the full rebuild alike.
create view customer_mrr_movement as
select customer_id, month, segment_id, mrr as end_mrr, 1 as active,
       case when prev_month is null then mrr else 0 end as new_mrr,
       case when prev_month < (month - interval '1 month')::date then mrr else 0 end as reactivated,
       case when prev_month = (month - interval '1 month')::date then greatest(mrr - prev_mrr, 0) else 0 end
           as expansion,
       case when prev_month = (month - interval '1 month')::date then greatest(prev_mrr - mrr, 0) else 0 end
           as contraction,
       case when prev_month = (month - interval '1 month')::date then prev_mrr else 0 end as kept_mrr,
       case when prev_month = (month - interval '1 month')::date then 1 else 0 end as kept
from customer_mrr_month;
comment on view customer_mrr_movement is 'Each customer active month''s contribution to mrr_movement_rollup.';

-- Adds (sign 1) or takes away (sign -1) the current customer_mrr_month rows of some customers.
create function mrr_movement_apply(ids bigint[], sign int) returns void
language sql as $$
    insert into mrr_movement_rollup as t (month, segment_id, end_mrr, active, new_mrr, reactivated, expansion,
                                          contraction, kept_mrr, kept)
    select month, segment_id, sign * sum(end_mrr), sign * sum(active), sign * sum(new_mrr), sign * sum(reactivated),
           sign * sum(expansion), sign * sum(contraction), sign * sum(kept_mrr), sign * sum(kept)
    from customer_mrr_movement
    where customer_id = any(ids)
    group by month, segment_id
    order by month, segment_id
    on conflict on constraint mrr_movement_rollup_key do update
        set end_mrr = t.end_mrr + excluded.end_mrr, active = t.active + excluded.active,
            new_mrr = t.new_mrr + excluded.new_mrr, reactivated = t.reactivated + excluded.reactivated,
            expansion = t.expansion + excluded.expansion, contraction = t.contraction + excluded.contraction,
            kept_mrr = t.kept_mrr + excluded.kept_mrr, kept = t.kept + excluded.kept;
$$;

-- The active months of some customers (all of them when ids is null) from the customer-month
-- rollup. Dynamic, so that each call is planned for its own case: a few customers read by key, all
-- of them read in key order.
create function customer_mrr_months(ids bigint[], cur text)
returns table (customer_id bigint, month date, segment_id bigint, mrr numeric, prev_month date, prev_mrr numeric)
language plpgsql stable as $$
begin
    return query execute format($q$
        with monthly as (
            select r.customer_id, r.month,
                   sum(case when r.currency = $2 then r.recurring_amount else r.recurring_rated end) as mrr
            from customer_month_rollup r
            where %s
            group by r.customer_id, r.month
        )
        select m.customer_id, m.month, c.segment_id, m.mrr, lag(m.month) over w, lag(m.mrr) over w
        from monthly m join customer c on c.id = m.customer_id
        where m.mrr > 0
        window w as (partition by m.customer_id order by m.month)
        $q$, case when ids is null then 'true' else 'r.customer_id = any($1)' end)
    using ids, cur;
end;
$$;

-- Rebuilds some customers' rows and moves the difference into the rollup. The customers are locked
-- (in id order) so that two transactions never rebuild one customer at once; a revenue line's
-- foreign-key check (key share) does not wait for it.
create function mrr_movements_refresh(ids bigint[]) returns void
language plpgsql as $$
declare
    cur text := (select reporting_currency from mrr_movement_currency);
begin
    if cur is null or ids is null or cardinality(ids) = 0 then
        return; -- not built yet: the application builds everything at start-up
    end if;
    perform 1 from customer where id = any(ids) order by id for no key update;
    perform mrr_movement_apply(ids, -1);
    delete from customer_mrr_month where customer_id = any(ids);
    insert into customer_mrr_month (customer_id, month, segment_id, mrr, prev_month, prev_mrr)
    select * from customer_mrr_months(ids, cur);
    perform mrr_movement_apply(ids, 1);
    -- a rollup row whose customers all left stays, with every sum 0: it adds nothing to a report
end;
$$;

-- Everything, in the given reporting currency (the application calls it at start-up when the stamp
-- differs); returns whether it rebuilt.
create function mrr_movements_ensure(cur text) returns boolean
language plpgsql as $$
begin
    if exists (select 1 from mrr_movement_currency where reporting_currency = cur) then
        return false;
    end if;
    lock table revenue_line in share row exclusive mode;
    lock table mrr_movement_currency in exclusive mode;
    if exists (select 1 from mrr_movement_currency where reporting_currency = cur) then
        return false; -- another instance built it while this one waited
    end if;
    insert into mrr_movement_currency (reporting_currency) values (cur)
        on conflict (only_row) do update set reporting_currency = excluded.reporting_currency;
    truncate customer_mrr_month, mrr_movement_rollup;
    insert into customer_mrr_month (customer_id, month, segment_id, mrr, prev_month, prev_mrr)
    select * from customer_mrr_months(null, cur);
    insert into mrr_movement_rollup (month, segment_id, end_mrr, active, new_mrr, reactivated, expansion,
                                     contraction, kept_mrr, kept)
    select month, segment_id, sum(end_mrr), sum(active), sum(new_mrr), sum(reactivated), sum(expansion),
           sum(contraction), sum(kept_mrr), sum(kept)
    from customer_mrr_movement
    group by month, segment_id;
    analyze customer_mrr_month;
    analyze mrr_movement_rollup;
    return true;
end;
$$;

-- New revenue lines: their customers, after the customer-month rollup (triggers on one event fire in
-- name order: revenue_line_customer_month_rollup, then this one).
create function mrr_movements_after_revenue() returns trigger
language plpgsql as $$
begin
    perform mrr_movements_refresh(array(select distinct customer_id from new_rows order by 1));
    return null;
end;
$$;

create trigger revenue_line_mrr_movements
    after insert on revenue_line
    referencing new table as new_rows
    for each statement execute function mrr_movements_after_revenue();

-- A customer moved to another segment takes its months with it.
create function mrr_movements_after_customer() returns trigger
language plpgsql as $$
begin
    perform mrr_movements_refresh(array[new.id]);
    return null;
end;
$$;

create trigger customer_mrr_movements
    after update of segment_id on customer
    for each row when (old.segment_id is distinct from new.segment_id)
    execute function mrr_movements_after_customer();

-- A rate change rebuilds the ledger rollups and the customer-month rows of the currency from a
-- month on (0020, 0022); then the customers with rows in it from that month.
create or replace function rollup_rerate(cur text, from_month date) returns void
language plpgsql as $$
begin
    perform ledger_rollup_rerate(cur, from_month);
    perform customer_month_rerate(cur, from_month);
    perform mrr_movements_refresh(array(select distinct customer_id from customer_month_rollup
                                        where currency = cur and month >= from_month order by 1));
end;
$$;
