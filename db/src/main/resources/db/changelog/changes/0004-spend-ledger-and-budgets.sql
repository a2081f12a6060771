--liquibase formatted sql

--changeset revgraph:0004-spend-ledger-and-budgets splitStatements:false
create table spend_line (
    id            bigint generated always as identity primary key,
    external_id   text unique,
    department_id bigint         not null references department (id),
    booked_on     date           not null,
    amount        numeric(19, 4) not null check (amount <> 0),
    currency      text           not null references currency (code),
    category      text           not null check (category in ('ADVERTISING', 'SALARIES', 'CONTRACTORS', 'TOOLS', 'EVENTS', 'COST_OF_SERVICE', 'OVERHEAD', 'OTHER')),
    campaign_id   bigint references campaign (id),
    segment_id    bigint references segment (id),
    product_id    bigint references product (id),
    region_id     bigint references region (id),
    vendor        text,
    memo          text,
    -- a reversal points at the line it cancels; unique: a line is reversed at most once
    reverses_id   bigint unique references spend_line (id),
    created_at    timestamptz    not null default now(),
    created_by    text           not null
);
create index spend_line_booked_idx on spend_line (booked_on, id);
create index spend_line_department_idx on spend_line (department_id, booked_on);
create index spend_line_campaign_idx on spend_line (campaign_id) where campaign_id is not null;
create index spend_line_segment_idx on spend_line (segment_id) where segment_id is not null;
comment on table spend_line is 'Append-only spend ledger: corrections are reversing lines, never edits.';

create function reject_ledger_change() returns trigger
language plpgsql as $$
begin
    raise exception '% is append-only: post a reversing line instead', tg_table_name
        using errcode = 'RG002';
end;
$$;

create trigger spend_line_append_only
    before update or delete or truncate on spend_line
    for each statement execute function reject_ledger_change();

create function spend_line_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct date_trunc('month', booked_on)::date from new_rows));
    return null;
end;
$$;

create trigger spend_line_closed_months
    after insert on spend_line
    referencing new table as new_rows
    for each statement execute function spend_line_months_open();

create table budget (
    id            bigint generated always as identity primary key,
    department_id bigint         not null references department (id),
    month         date           not null check (extract(day from month) = 1),
    category      text check (category in ('ADVERTISING', 'SALARIES', 'CONTRACTORS', 'TOOLS', 'EVENTS', 'COST_OF_SERVICE', 'OVERHEAD', 'OTHER')),
    amount        numeric(19, 4) not null,
    currency      text           not null references currency (code),
    updated_at    timestamptz    not null default now(),
    updated_by    text           not null,
    unique nulls not distinct (department_id, month, category)
);
create index budget_month_idx on budget (month);
