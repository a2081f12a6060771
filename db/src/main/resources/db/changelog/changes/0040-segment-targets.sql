--liquibase formatted sql

--changeset revgraph:0040-segment-targets
-- Targets per segment and month (docs/metrics.md, Targets vs actual): new customers, new MRR,
-- revenue and a maximum CAC, each optional; served beside the actuals the reports measure.
create table segment_target (
    id            bigint generated always as identity primary key,
    segment_id    bigint         not null references segment (id),
    month         date           not null check (extract(day from month) = 1),
    new_customers integer check (new_customers >= 0),
    new_mrr       numeric(19, 4) check (new_mrr >= 0),
    revenue       numeric(19, 4) check (revenue >= 0),
    max_cac       numeric(19, 4) check (max_cac >= 0),
    currency      text           not null references currency (code),
    updated_at    timestamptz    not null default now(),
    updated_by    text           not null,
    unique (segment_id, month)
);
comment on table segment_target is 'The targets of a segment subtree for a month; a null figure has no target. Money targets are in currency, converted at the month''s first day.';
