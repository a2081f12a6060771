--liquibase formatted sql

--changeset revgraph:0010-import-runs
-- One row per successful bulk load (CSV import or the demo dataset), written in the load's own
-- transaction: a rejected load leaves no row. `source` says where the files came from; the
-- demo-data start-up option looks for source 'demo' to load its dataset only once.
create table import_run (
    id          bigint generated always as identity primary key,
    source      text        not null,
    files       text        not null,
    inserted    bigint      not null,
    skipped     bigint      not null,
    actor       text        not null,
    finished_at timestamptz not null default now()
);
create index import_run_source_idx on import_run (source);
comment on table import_run is 'Audit of bulk loads: what was loaded, how many rows were new or already present.';
