--liquibase formatted sql

--changeset revgraph:0043-spend-controls splitStatements:false
-- Spend controls (docs/metrics.md, Spend controls): what a write of spend does when it takes one
-- of the department's months over its budget (the latest approved budget version's lines of the
-- month, against budget vs actual's figures). NONE: nothing; WARN: the write succeeds with a
-- warning; STOP: the write is refused. A month without a budget line is not controlled.
alter table department add column spend_control text not null default 'NONE'
    check (spend_control in ('NONE', 'WARN', 'STOP'));
comment on column department.spend_control is 'NONE, WARN or STOP: what a spend write that takes one of the department''s budgeted months over its budget does.';
