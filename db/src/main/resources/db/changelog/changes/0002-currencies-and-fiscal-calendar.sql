--liquibase formatted sql

--changeset revgraph:0002-currencies-and-fiscal-calendar splitStatements:false
create table currency (
    code       text        primary key check (code ~ '^[A-Z]{3}$'),
    name       text        not null,
    created_at timestamptz not null default now()
);

-- 1 unit of currency = rate units of the reporting currency, from rate_date on.
create table fx_rate (
    currency   text          not null references currency (code),
    rate_date  date          not null,
    rate       numeric(28, 12) not null check (rate > 0),
    updated_at timestamptz   not null default now(),
    primary key (currency, rate_date)
);

-- A month with no row is OPEN; rows appear when a month is first written to or closed.
create table fiscal_month (
    month      date        primary key check (extract(day from month) = 1),
    status     text        not null check (status in ('OPEN', 'CLOSED')),
    changed_at timestamptz not null default now()
);

create table fiscal_month_event (
    id               bigint generated always as identity primary key,
    month            date        not null references fiscal_month (month),
    action           text        not null check (action in ('CLOSE', 'REOPEN')),
    reason           text,
    actor            text        not null,
    spend_line_count bigint      not null,
    occurred_at      timestamptz not null default now(),
    check (action = 'CLOSE' or reason is not null)
);
create index fiscal_month_event_month_idx on fiscal_month_event (month, id);

-- The one gate every ledger write passes: it locks the months written to (FOR SHARE, so
-- writers run in parallel while a close waits for them, and a close blocks later writers)
-- and raises SQLSTATE RG001 naming the earliest closed month.
create function assert_months_open(months date[]) returns void
language plpgsql as $$
declare
    closed date;
begin
    insert into fiscal_month (month, status)
    select distinct m, 'OPEN' from unnest(months) as m
    on conflict (month) do nothing;

    perform 1 from fiscal_month where month = any (months) for share;

    select min(month) into closed from fiscal_month where month = any (months) and status = 'CLOSED';
    if closed is not null then
        raise exception 'month % is closed', to_char(closed, 'YYYY-MM')
            using errcode = 'RG001', detail = to_char(closed, 'YYYY-MM');
    end if;
end;
$$;

-- The rate converting one unit of currency into the reporting currency on a date: the latest
-- rate dated on or before it; exactly 1 for the reporting currency; null when there is none.
create function fx_rate_on(currency text, on_date date, reporting text) returns numeric
language sql stable parallel safe as $$
    select case when $1 = $3 then 1::numeric
                else (select r.rate from fx_rate r
                      where r.currency = $1 and r.rate_date <= $2
                      order by r.rate_date desc limit 1)
           end
$$;
