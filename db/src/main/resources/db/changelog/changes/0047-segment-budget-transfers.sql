--liquibase formatted sql

--changeset revgraph:0047-segment-budget-transfers splitStatements:false
-- Budget transfers between two segment lines (docs/metrics.md, Budget versions): the same request,
-- decision and history as a transfer between two department lines, in the same table. A request
-- names either two departments or two segments, never both and never one of each; the department
-- transfers stored before keep their two departments.
alter table budget_transfer alter column from_department_id drop not null;
alter table budget_transfer alter column to_department_id drop not null;
alter table budget_transfer add column from_segment_id bigint references segment (id);
alter table budget_transfer add column to_segment_id bigint references segment (id);
alter table budget_transfer add constraint budget_transfer_one_line_kind check (
    (from_department_id is not null and to_department_id is not null
        and from_segment_id is null and to_segment_id is null)
    or (from_department_id is null and to_department_id is null
        and from_segment_id is not null and to_segment_id is not null));
alter table budget_transfer add constraint budget_transfer_two_segments check (from_segment_id <> to_segment_id);
create index budget_transfer_from_segment_idx on budget_transfer (from_segment_id);
create index budget_transfer_to_segment_idx on budget_transfer (to_segment_id);
comment on table budget_transfer is 'A request to move an amount between two department lines (no category), or two segment lines, of an approved budget version and month.';
