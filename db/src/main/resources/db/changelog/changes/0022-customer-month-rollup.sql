--liquibase formatted sql

--changeset revgraph:0022-customer-month-rollup splitStatements:false
-- Each customer's revenue summed per month and currency, maintained on write, so MRR movements,
-- cohorts, a customer's history and segment economics read one row per customer-month instead of
-- every revenue line converted one by one (issue 9).
--
-- Exact under FX by the same rule as the ledger rollups of 0020: amount is the plain sum, rated
-- the sum of each line times the fx_rate row in force on its own day (0 without one), for all
-- lines and for the recurring ones; the reporting currency reads the plain sums. A rate change
-- rebuilds the currency's rows from that month on. first_day is the earliest line day of the
-- row, so a report can name a line dated before its currency's first rate exactly as the lines
-- would. The key holds no customer attribute, so moving a customer to another segment or region
-- changes nothing here.
create table customer_month_rollup (
    customer_id      bigint  not null references customer (id),
    month            date    not null,
    currency         text    not null,
    amount           numeric not null,
    rated            numeric not null,
    recurring_amount numeric not null,
    recurring_rated  numeric not null,
    lines            bigint  not null,
    first_day        date    not null,
    constraint customer_month_rollup_key primary key (customer_id, month, currency)
);
comment on table customer_month_rollup is 'Revenue lines summed per customer, month and currency (all and recurring); maintained by triggers.';
create index customer_month_rollup_month_idx on customer_month_rollup (month);
create index customer_month_rollup_currency_idx on customer_month_rollup (currency, month);

create function customer_month_rollup_add() returns trigger
language plpgsql as $$
begin
    insert into customer_month_rollup as t (customer_id, month, currency, amount, rated, recurring_amount,
                                            recurring_rated, lines, first_day)
    with days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
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

create trigger revenue_line_customer_month_rollup
    after insert on revenue_line
    referencing new table as new_rows
    for each statement execute function customer_month_rollup_add();

-- Rebuilds a currency's customer-month rows from a month on, from the lines themselves
-- ('-infinity': all of them).
create function customer_month_rerate(cur text, from_month date) returns void
language plpgsql as $$
begin
    lock table revenue_line in share row exclusive mode;
    delete from customer_month_rollup where currency = cur and month >= from_month;
    insert into customer_month_rollup (customer_id, month, currency, amount, rated, recurring_amount,
                                       recurring_rated, lines, first_day)
    with lines as (select * from revenue_line where currency = cur and recognized_on >= from_month),
    days as (select recognized_on, fx_table_rate(cur, recognized_on) as rate
             from (select distinct recognized_on from lines) d)
    select l.customer_id, date_trunc('month', l.recognized_on)::date, cur,
           sum(l.amount), sum(l.amount * coalesce(d.rate, 0)),
           coalesce(sum(l.amount) filter (where l.recurring), 0),
           coalesce(sum(l.amount * coalesce(d.rate, 0)) filter (where l.recurring), 0),
           count(*), min(l.recognized_on)
    from lines l join days d on d.recognized_on = l.recognized_on
    group by 1, 2
    order by 1, 2;
end;
$$;

-- Every fx_rate trigger of 0020 calls rollup_rerate: it now rebuilds the ledger rollups (0020's
-- function, renamed) and then these rows, so a rate change keeps both exact.
alter function rollup_rerate(text, date) rename to ledger_rollup_rerate;

create function rollup_rerate(cur text, from_month date) returns void
language plpgsql as $$
begin
    perform ledger_rollup_rerate(cur, from_month);
    perform customer_month_rerate(cur, from_month);
end;
$$;

-- Backfill: the lines already in the ledger, currency by currency.
select customer_month_rerate(code, '-infinity') from currency order by code;
