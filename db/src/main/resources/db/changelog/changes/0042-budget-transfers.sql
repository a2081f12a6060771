--liquibase formatted sql

--changeset revgraph:0042-budget-transfers splitStatements:false
-- Budget transfers (docs/metrics.md, Budget versions): a request to move an amount from one
-- department's line to another's within one APPROVED version and month. Only the lines without a
-- category (the budget across categories) are transferred. Finance approves (the two lines change
-- and the version's history records a TRANSFER event) or rejects; a decision is final.
create table budget_transfer (
    id                 bigint generated always as identity primary key,
    version_id         bigint         not null references budget_version (id),
    month              date           not null check (extract(day from month) = 1),
    from_department_id bigint         not null references department (id),
    to_department_id   bigint         not null references department (id),
    amount             numeric(19, 4) not null check (amount > 0),
    reason             text           not null check (length(reason) between 1 and 1000),
    status             text           not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    requested_at       timestamptz    not null default now(),
    requested_by       text           not null,
    decided_at         timestamptz,
    decided_by         text,
    decision_reason    text check (length(decision_reason) between 1 and 1000),
    check (from_department_id <> to_department_id),
    check ((status = 'PENDING') = (decided_at is null)),
    check ((status = 'PENDING') = (decided_by is null)),
    check ((status = 'PENDING') = (decision_reason is null))
);
create index budget_transfer_version_idx on budget_transfer (version_id, status, id);
create index budget_transfer_from_idx on budget_transfer (from_department_id);
create index budget_transfer_to_idx on budget_transfer (to_department_id);
comment on table budget_transfer is 'A request to move an amount between two department lines (no category) of an approved budget version and month.';
