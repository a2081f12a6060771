--liquibase formatted sql

--changeset revgraph:0028-segment-transfers splitStatements:false
-- Transfers are movements, not churn (issue 15; docs/metrics.md, "Retention").
--
-- 1. A customer-month belongs to the segment of the customer's assignment in force on the month's
--    last day (changeset 0025: the latest valid_from on or before it, a later row of the same day
--    winning). So a move dated on any day of month m moves the whole of m and every later month,
--    and "moves in month m" means: its segment at the end of m differs from its segment at the end
--    of m-1. customer_mrr_month.segment_id follows that rule (it was the latest segment for every
--    month), and prev_segment_id is the segment of the previous active month's row.
--
-- 2. mrr_movement_rollup gains from_segment_id: the segment of m-1 of the row's customers when they
--    are kept from m-1 (active in both months), else segment_id. A row whose from_segment_id differs
--    from segment_id holds only customers kept from m-1 that moved; its kept_mrr is their MRR of
--    m-1. For a segment scope S (a segment and its subtree) a report reads:
--      end, active, new, reactivated, expansion, contraction: rows with segment_id in S;
--      kept from m-1: rows with from_segment_id in S, so churned(m) = end(m-1) - that, and a
--        customer leaving S while active is not churned in S;
--      transferIn: kept_mrr of rows with segment_id in S and from_segment_id not in S;
--      transferOut: kept_mrr of rows with from_segment_id in S and segment_id not in S.
--    A move inside S is no transfer for S, and the whole company has none. A customer not active in
--    m-1 has nothing to transfer: it is new or reactivated where it is in m; one active in m-1 and
--    not in m churns in its segment of m-1.
--    The rows stored by closes before this changeset get from_segment_id = segment_id: they were
--    built with every customer in one segment for every month, so they read exactly as served.
--
-- 3. The upkeep moves a customer's figures into the rollup in one statement whose rows are taken in
--    key order. 0024 took the old figures away and then added the new ones in two statements, so
--    two writers could each hold a rollup row the other needed next and deadlock: customers moved
--    in opposite directions between two segments (by plain SQL; the API's moves wait for each other
--    on 0025's lock of revenue_line), or revenue written for two customers of one segment, each in a
--    month where the other already had a row. Rows whose figures do not change are left untouched.
--    The upkeep now runs on every new customer_assignment row (the moves that change a month's
--    segment), no longer on an update of customer.segment_id.
--
-- 4. The close copies (0026) gain the same columns, and the reported functions are recreated with
--    them; close_snapshot copies whole rows, so it is unchanged.

-- 1. customer-months: the segment on the month's last day
alter table customer_mrr_month add column prev_segment_id bigint;
comment on column customer_mrr_month.segment_id is 'The segment of the customer''s assignment in force on the month''s last day.';
comment on column customer_mrr_month.prev_segment_id is 'The segment of the customer''s previous active month (null without one).';

-- Each assignment that ever held with the day its successor takes over (null: still in force). A
-- later row of the same day replaces an earlier one, which never held.
create view customer_assignment_span as
select customer_id, valid_from,
       lead(valid_from) over (partition by customer_id order by valid_from) as valid_to,
       segment_id, region_id, acquisition_campaign_id
from (select distinct on (customer_id, valid_from) customer_id, valid_from, segment_id, region_id,
             acquisition_campaign_id
      from customer_assignment
      order by customer_id, valid_from, id desc) a;
comment on view customer_assignment_span is 'Each customer assignment that held, from valid_from up to the day before valid_to (null: in force since).';

drop function customer_mrr_months(bigint[], text);

-- The active months of some customers (all of them when ids is null) from the customer-month rollup,
-- each in the segment of the assignment in force on its last day. Dynamic, so that each call is
-- planned for its own case.
create function customer_mrr_months(ids bigint[], cur text)
returns table (customer_id bigint, month date, segment_id bigint, mrr numeric, prev_month date, prev_mrr numeric,
               prev_segment_id bigint)
language plpgsql stable as $$
begin
    return query execute format($q$
        with monthly as (
            select r.customer_id, r.month,
                   sum(case when r.currency = $2 then r.recurring_amount else r.recurring_rated end) as mrr
            from customer_month_rollup r
            where %1$s
            group by r.customer_id, r.month
        ),
        spans as (
            select a.customer_id, a.valid_from, a.segment_id,
                   lead(a.valid_from) over (partition by a.customer_id order by a.valid_from) as valid_to
            from (select distinct on (a.customer_id, a.valid_from) a.customer_id, a.valid_from, a.segment_id
                  from customer_assignment a
                  where %2$s
                  order by a.customer_id, a.valid_from, a.id desc) a
        ),
        placed as (
            select m.customer_id, m.month, m.mrr, s.segment_id
            from monthly m
            join spans s on s.customer_id = m.customer_id
                        and s.valid_from <= (m.month + interval '1 month')::date - 1
                        and (s.valid_to is null or s.valid_to > (m.month + interval '1 month')::date - 1)
            where m.mrr > 0
        )
        select customer_id, month, segment_id, mrr, lag(month) over w, lag(mrr) over w, lag(segment_id) over w
        from placed
        window w as (partition by customer_id order by month)
        $q$,
        case when ids is null then 'true' else 'r.customer_id = any($1)' end,
        case when ids is null then 'true' else 'a.customer_id = any($1)' end)
    using ids, cur;
end;
$$;

-- 2. the rollup keyed by the segment the customers came from
alter table mrr_movement_rollup add column from_segment_id bigint;
update mrr_movement_rollup set from_segment_id = segment_id;
alter table mrr_movement_rollup alter column from_segment_id set not null;
alter table mrr_movement_rollup drop constraint mrr_movement_rollup_key;
alter table mrr_movement_rollup add constraint mrr_movement_rollup_key primary key (month, segment_id, from_segment_id);
comment on column mrr_movement_rollup.from_segment_id is 'The segment of m-1 of the row''s customers kept from m-1 (active in both months); segment_id for the others. Differs from segment_id only for customers that moved: their kept_mrr is transferred.';
comment on table mrr_movement_rollup is 'customer_mrr_month summed per month, segment and the segment kept customers came from: end MRR, new, reactivated, expansion, contraction and what was kept from the month before; maintained by triggers.';

-- What one customer-month adds to the rollup, from its own row: the movements of product.md, decided
-- here once for the upkeep and the full rebuild alike. Inlined where it is called.
create function mrr_movement_parts(month date, segment_id bigint, mrr numeric, prev_month date, prev_mrr numeric,
                                   prev_segment_id bigint)
returns table (from_segment_id bigint, end_mrr numeric, active int, new_mrr numeric, reactivated numeric,
               expansion numeric, contraction numeric, kept_mrr numeric, kept int)
language sql immutable parallel safe as $$
    select case when k then coalesce(prev_segment_id, segment_id) else segment_id end,
           mrr, 1,
           case when prev_month is null then mrr else 0 end,
           case when prev_month < (month - interval '1 month')::date then mrr else 0 end,
           case when k then greatest(mrr - prev_mrr, 0) else 0 end,
           case when k then greatest(prev_mrr - mrr, 0) else 0 end,
           case when k then prev_mrr else 0 end,
           case when k then 1 else 0 end
    from (select coalesce(prev_month = (month - interval '1 month')::date, false) as k) kept
$$;

drop view customer_mrr_movement;
create view customer_mrr_movement as
select c.customer_id, c.month, c.segment_id, p.from_segment_id, p.end_mrr, p.active, p.new_mrr, p.reactivated,
       p.expansion, p.contraction, p.kept_mrr, p.kept
from customer_mrr_month c
cross join lateral mrr_movement_parts(c.month, c.segment_id, c.mrr, c.prev_month, c.prev_mrr, c.prev_segment_id) p;
comment on view customer_mrr_movement is 'Each customer active month''s contribution to mrr_movement_rollup.';

-- 3. the upkeep: one statement, rollup rows in key order
drop function mrr_movement_apply(bigint[], int);

create or replace function mrr_movements_refresh(ids bigint[]) returns void
language plpgsql as $$
declare
    cur text := (select reporting_currency from mrr_movement_currency);
begin
    if cur is null or ids is null or cardinality(ids) = 0 then
        return; -- not built yet: the application builds everything at start-up
    end if;
    -- two transactions never rebuild one customer at once; a revenue line's foreign-key check (key
    -- share) does not wait for it
    perform 1 from customer where id = any(ids) order by id for no key update;
    -- One statement: every sub-statement reads the rows as they were before it, so "old" holds the
    -- figures the rollup has now. The customer's rows are replaced (those gone deleted, the others
    -- upserted: disjoint keys), and the rollup receives new - old per key, in key order.
    with fresh as materialized (
        select * from customer_mrr_months(ids, cur)
    ),
    old as materialized (
        select * from customer_mrr_month where customer_id = any(ids)
    ),
    gone as (
        delete from customer_mrr_month c
        where c.customer_id = any(ids)
          and not exists (select 1 from fresh f where f.customer_id = c.customer_id and f.month = c.month)
    ),
    upserted as (
        insert into customer_mrr_month as t (customer_id, month, segment_id, mrr, prev_month, prev_mrr,
                                             prev_segment_id)
        select customer_id, month, segment_id, mrr, prev_month, prev_mrr, prev_segment_id from fresh
        order by customer_id, month
        on conflict on constraint customer_mrr_month_key do update
            set segment_id = excluded.segment_id, mrr = excluded.mrr, prev_month = excluded.prev_month,
                prev_mrr = excluded.prev_mrr, prev_segment_id = excluded.prev_segment_id
            where (t.segment_id, t.mrr, t.prev_month, t.prev_mrr, t.prev_segment_id)
                  is distinct from (excluded.segment_id, excluded.mrr, excluded.prev_month, excluded.prev_mrr,
                                    excluded.prev_segment_id)
    ),
    changes as (
        select 1 as sign, month, segment_id, mrr, prev_month, prev_mrr, prev_segment_id from fresh
        union all
        select -1, month, segment_id, mrr, prev_month, prev_mrr, prev_segment_id from old
    )
    insert into mrr_movement_rollup as t (month, segment_id, from_segment_id, end_mrr, active, new_mrr, reactivated,
                                          expansion, contraction, kept_mrr, kept)
    select c.month, c.segment_id, p.from_segment_id, sum(c.sign * p.end_mrr), sum(c.sign * p.active),
           sum(c.sign * p.new_mrr), sum(c.sign * p.reactivated), sum(c.sign * p.expansion),
           sum(c.sign * p.contraction), sum(c.sign * p.kept_mrr), sum(c.sign * p.kept)
    from changes c
    cross join lateral mrr_movement_parts(c.month, c.segment_id, c.mrr, c.prev_month, c.prev_mrr,
                                          c.prev_segment_id) p
    group by c.month, c.segment_id, p.from_segment_id
    having sum(c.sign * p.end_mrr) <> 0 or sum(c.sign * p.active) <> 0 or sum(c.sign * p.new_mrr) <> 0
        or sum(c.sign * p.reactivated) <> 0 or sum(c.sign * p.expansion) <> 0
        or sum(c.sign * p.contraction) <> 0 or sum(c.sign * p.kept_mrr) <> 0 or sum(c.sign * p.kept) <> 0
    order by c.month, c.segment_id, p.from_segment_id
    on conflict on constraint mrr_movement_rollup_key do update
        set end_mrr = t.end_mrr + excluded.end_mrr, active = t.active + excluded.active,
            new_mrr = t.new_mrr + excluded.new_mrr, reactivated = t.reactivated + excluded.reactivated,
            expansion = t.expansion + excluded.expansion, contraction = t.contraction + excluded.contraction,
            kept_mrr = t.kept_mrr + excluded.kept_mrr, kept = t.kept + excluded.kept;
    -- a rollup row whose customers all left stays, with every sum 0: it adds nothing to a report
end;
$$;

-- Everything, in the reporting currency.
create function mrr_movements_rebuild(cur text) returns void
language plpgsql as $$
begin
    truncate customer_mrr_month, mrr_movement_rollup;
    insert into customer_mrr_month (customer_id, month, segment_id, mrr, prev_month, prev_mrr, prev_segment_id)
    select * from customer_mrr_months(null, cur);
    insert into mrr_movement_rollup (month, segment_id, from_segment_id, end_mrr, active, new_mrr, reactivated,
                                     expansion, contraction, kept_mrr, kept)
    select month, segment_id, from_segment_id, sum(end_mrr), sum(active), sum(new_mrr), sum(reactivated),
           sum(expansion), sum(contraction), sum(kept_mrr), sum(kept)
    from customer_mrr_movement
    group by month, segment_id, from_segment_id;
    analyze customer_mrr_month;
    analyze mrr_movement_rollup;
end;
$$;

-- Everything, in the given reporting currency, unless it is built in it already (the application
-- calls it at start-up); returns whether it rebuilt.
create or replace function mrr_movements_ensure(cur text) returns boolean
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
    perform mrr_movements_rebuild(cur);
    return true;
end;
$$;

-- A new assignment row can change the segment of the customer's months from its valid_from on: the
-- customers of the new rows that have revenue are rebuilt (after 0025's trigger, which refuses a
-- change that would move a closed month's figure and holds revenue_line until commit).
create function mrr_movements_after_assignment() returns trigger
language plpgsql as $$
begin
    perform mrr_movements_refresh(array(
        select distinct n.customer_id from new_rows n
        where exists (select 1 from customer_month_rollup r where r.customer_id = n.customer_id)
        order by 1));
    return null;
end;
$$;

create trigger customer_assignment_rollup_mrr_movements
    after insert on customer_assignment
    referencing new table as new_rows
    for each statement execute function mrr_movements_after_assignment();

drop trigger customer_mrr_movements on customer;
drop function mrr_movements_after_customer();

-- 4. the close copies and what reports read
alter table closed_customer_mrr_month add column prev_segment_id bigint;
alter table closed_mrr_movement_rollup add column from_segment_id bigint;
update closed_mrr_movement_rollup set from_segment_id = segment_id;
alter table closed_mrr_movement_rollup alter column from_segment_id set not null;

-- (Re)creates <rollup>_reported(first_reported) with the live table's columns, as 0026's
-- close_snapshot_define does when it creates the copy.
create or replace function close_snapshot_reported_define(rollup text) returns void
language plpgsql as $$
declare
    cols text;
begin
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
    execute format('comment on function %I(boolean) is %L', rollup || '_reported',
                   'What reports read instead of ' || rollup || ': live rows of open months, stored rows of closed ones.');
end;
$$;

select close_snapshot_reported_define(t)
from unnest(array['customer_mrr_month', 'mrr_movement_rollup']) as t;

-- The live rows follow the new rules at once (when the application has built them).
select mrr_movements_rebuild(reporting_currency) from mrr_movement_currency;
