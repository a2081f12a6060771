--liquibase formatted sql

--changeset revgraph:0007-touchpoints
-- A customer's contact with a campaign: the input of multi-touch attribution. The natural key
-- (customer, campaign, time) makes loads idempotent.
create table touchpoint (
    id          bigint generated always as identity primary key,
    customer_id bigint      not null references customer (id),
    campaign_id bigint      not null references campaign (id),
    occurred_at timestamptz not null,
    kind        text        not null check (kind in ('IMPRESSION', 'CLICK', 'FORM', 'EMAIL', 'MEETING', 'DEMO', 'OTHER')),
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    unique (customer_id, campaign_id, occurred_at)
);
-- attribution reads a customer's touches in time order
create index touchpoint_customer_idx on touchpoint (customer_id, occurred_at);
create index touchpoint_campaign_idx on touchpoint (campaign_id);
