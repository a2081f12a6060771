--liquibase formatted sql

--changeset revgraph:0033-customer-rename-takes-no-ledger-lock splitStatements:false
-- Every update of a customer row runs the statement that records an assignment when its columns
-- no longer match the latest one (0025), and the statement trigger on customer_assignment took the
-- table lock on revenue_line even when that statement inserted nothing. A rename thus took the
-- customer's row lock and then the ledger lock, the opposite order of a move (ledger lock, then the
-- customer row), and the two deadlocked. The trigger now returns at once when no row was inserted;
-- the body is otherwise 0027's.
create or replace function customer_assignment_move() returns trigger
language plpgsql as $$
declare
    n record;
    p customer_assignment;
    next_from date;
    closed date;
    acquired date;
begin
    if not exists (select 1 from new_rows) then
        return null; -- an update of a customer that moved nothing (a rename): no lock, no work
    end if;
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
            insert into customer_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id,
                                              customers)
            values (date_trunc('month', acquired)::date, p.segment_id, p.region_id, p.acquisition_campaign_id,
                    campaign_assignment_id_on(p.acquisition_campaign_id, acquired), -1),
                   (date_trunc('month', acquired)::date, n.segment_id, n.region_id, n.acquisition_campaign_id,
                    campaign_assignment_id_on(n.acquisition_campaign_id, acquired), 1)
            on conflict on constraint customer_rollup_key do update set customers = t.customers + excluded.customers;
            delete from customer_rollup where customers = 0;
        end if;

        insert into revenue_rollup as t (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id,
                                         recurring, currency, amount, rated, lines, first_day)
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
            select recognized_on, p.segment_id, p.region_id, p.acquisition_campaign_id as campaign_id,
                   campaign_assignment_id_on(p.acquisition_campaign_id, recognized_on) as campaign_assignment_id,
                   product_id, recurring, currency, -amount as amount, -value as rated, -1 as lines
            from rated
            union all
            select recognized_on, n.segment_id, n.region_id, n.acquisition_campaign_id,
                   campaign_assignment_id_on(n.acquisition_campaign_id, recognized_on), product_id, recurring,
                   currency, amount, value, 1
            from rated
        )
        select date_trunc('month', recognized_on)::date, segment_id, region_id, campaign_id, campaign_assignment_id,
               product_id, recurring, currency, sum(amount), sum(rated), sum(lines), min(recognized_on)
        from deltas
        group by 1, 2, 3, 4, 5, 6, 7, 8
        order by 1, 2, 3, 4, 5, 6, 7, 8
        on conflict on constraint revenue_rollup_key do update
            set amount = t.amount + excluded.amount, rated = t.rated + excluded.rated, lines = t.lines + excluded.lines,
                first_day = least(t.first_day, excluded.first_day);
        delete from revenue_rollup where lines = 0;
    end loop;
    return null;
end;
$$;
