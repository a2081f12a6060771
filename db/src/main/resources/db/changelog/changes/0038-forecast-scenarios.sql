--liquibase formatted sql

--changeset revgraph:0038-forecast-scenarios
-- Forecast scenarios: named sets of driver overrides on top of the base forecast (docs/metrics.md,
-- Forecasts). A scenario is deleted whole with its overrides; nothing else refers to it.
create table forecast_scenario (
    id         bigint generated always as identity primary key,
    code       text        not null unique,
    name       text        not null,
    created_at timestamptz not null default now(),
    created_by text        not null
);
comment on table forecast_scenario is 'A named set of driver overrides applied on top of the base forecast.';

create table forecast_override (
    id          bigint generated always as identity primary key,
    scenario_id bigint  not null references forecast_scenario (id) on delete cascade,
    position    int     not null,
    -- null: every scope (the whole company and every segment)
    segment_id  bigint references segment (id),
    driver      text    not null check (driver in ('NEW_CUSTOMERS', 'NEW_CUSTOMER_ARPA', 'CHURN_RATE',
                                                   'EXPANSION_RATE', 'LOGO_CHURN', 'GROSS_MARGIN', 'SPEND',
                                                   'ONE_OFF_REVENUE')),
    from_month  date    not null check (extract(day from from_month) = 1),
    to_month    date    not null check (extract(day from to_month) = 1),
    value       numeric not null,
    mode        text    not null check (mode in ('ABSOLUTE', 'RELATIVE')),
    unique (scenario_id, position),
    check (to_month >= from_month)
);
create index forecast_override_segment_idx on forecast_override (segment_id);
comment on table forecast_override is 'One driver override of a scenario: for a segment subtree (or every scope), a range of months, an absolute value or a relative change.';
