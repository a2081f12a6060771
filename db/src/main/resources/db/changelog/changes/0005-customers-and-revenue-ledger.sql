--liquibase formatted sql

--changeset revgraph:0005-customers-and-revenue-ledger splitStatements:false
create table customer (
    id                      bigint generated always as identity primary key,
    external_id             text        not null unique,
    name                    text        not null,
    segment_id              bigint      not null references segment (id),
    region_id               bigint references region (id),
    acquired_on             date        not null,
    acquisition_campaign_id bigint references campaign (id),
    created_at              timestamptz not null default now()
);
create index customer_acquired_idx on customer (acquired_on, id);
create index customer_segment_idx on customer (segment_id);
create index customer_campaign_idx on customer (acquisition_campaign_id) where acquisition_campaign_id is not null;

create table revenue_line (
    id            bigint generated always as identity primary key,
    external_id   text unique,
    customer_id   bigint         not null references customer (id),
    product_id    bigint references product (id),
    recognized_on date           not null,
    amount        numeric(19, 4) not null check (amount <> 0),
    currency      text           not null references currency (code),
    recurring     boolean        not null,
    memo          text,
    reverses_id   bigint unique references revenue_line (id),
    created_at    timestamptz    not null default now(),
    created_by    text           not null
);
create index revenue_line_recognized_idx on revenue_line (recognized_on, id);
create index revenue_line_customer_idx on revenue_line (customer_id, recognized_on);
comment on table revenue_line is 'Append-only revenue ledger: corrections are reversing lines, never edits.';

create trigger revenue_line_append_only
    before update or delete or truncate on revenue_line
    for each statement execute function reject_ledger_change();

create function revenue_line_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct date_trunc('month', recognized_on)::date from new_rows));
    return null;
end;
$$;

create trigger revenue_line_closed_months
    after insert on revenue_line
    referencing new table as new_rows
    for each statement execute function revenue_line_months_open();
