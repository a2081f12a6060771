--liquibase formatted sql

--changeset revgraph:0003-campaigns
create table campaign (
    id              bigint generated always as identity primary key,
    code            text        not null unique,
    name            text        not null,
    department_id   bigint      not null references department (id),
    channel_id      bigint      not null references channel (id),
    segment_id      bigint references segment (id),
    product_id      bigint references product (id),
    region_id       bigint references region (id),
    start_date      date        not null,
    end_date        date,
    status          text        not null default 'PLANNED' check (status in ('PLANNED', 'ACTIVE', 'PAUSED', 'ENDED')),
    budget_amount   numeric(19, 4),
    budget_currency text references currency (code),
    created_at      timestamptz not null default now(),
    check (end_date is null or end_date >= start_date),
    check ((budget_amount is null) = (budget_currency is null))
);
create index campaign_channel_idx on campaign (channel_id);
create index campaign_segment_idx on campaign (segment_id);
