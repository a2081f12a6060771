--liquibase formatted sql

--changeset revgraph:0006-campaign-results
-- The daily funnel of a campaign, one row per campaign and day: a load of the same day again
-- replaces its figures (upsert), so re-running an import is harmless. Money is not here: what a
-- campaign cost is the spend ledger's lines linked to it, never a second copy.
create table campaign_result (
    campaign_id   bigint      not null references campaign (id),
    day           date        not null,
    impressions   bigint      not null check (impressions >= 0),
    clicks        bigint      not null check (clicks >= 0),
    leads         bigint      not null check (leads >= 0),
    opportunities bigint      not null check (opportunities >= 0),
    updated_at    timestamptz not null default now(),
    updated_by    text        not null,
    primary key (campaign_id, day)
);
create index campaign_result_day_idx on campaign_result (day, campaign_id);
comment on table campaign_result is 'Daily funnel figures per campaign; spend lives in spend_line.';

-- the campaigns connection pages in (start_date, id) order
create index campaign_start_idx on campaign (start_date, id);
