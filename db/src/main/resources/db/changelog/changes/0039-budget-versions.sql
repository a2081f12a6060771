--liquibase formatted sql

--changeset revgraph:0039-budget-versions splitStatements:false
-- Budget versions (docs/metrics.md, Budget versions): a named version holds budget lines per
-- department x month (x category) and per segment x month. A version is DRAFT, then APPROVED, then
-- LOCKED; reports read the latest approved version unless one is named. The budgets stored before
-- versions existed become the default version, APPROVED, unchanged.
create table budget_version (
    id             bigint generated always as identity primary key,
    name           text        not null unique check (length(name) between 1 and 200),
    status         text        not null check (status in ('DRAFT', 'APPROVED', 'LOCKED')),
    -- the one version setBudget and budgets.csv without a budget_version column write
    is_default     boolean     not null default false,
    copied_from_id bigint references budget_version (id),
    created_at     timestamptz not null default now(),
    created_by     text        not null,
    approved_at    timestamptz,
    approved_by    text,
    locked_at      timestamptz,
    locked_by      text,
    check ((status = 'DRAFT') = (approved_at is null)),
    check ((status = 'LOCKED') = (locked_at is not null))
);
create unique index budget_version_one_default on budget_version (is_default) where is_default;
comment on table budget_version is 'A named budget: DRAFT (changes), APPROVED (read by default when the latest approved), LOCKED (never changes).';

insert into budget_version (name, status, is_default, created_by, approved_at, approved_by)
values ('Default', 'APPROVED', true, 'migration', now(), 'migration');

-- The version a budget line belongs to; the default version when a writer names none.
create function budget_default_version() returns bigint
    language sql stable
as $$ select id from budget_version where is_default $$;

-- The version reports read when none is named: the one approved last (locked ones included).
create function budget_latest_approved_version() returns bigint
    language sql stable
as $$
    select id from budget_version where status <> 'DRAFT' order by approved_at desc, id desc limit 1
$$;

alter table budget add column version_id bigint references budget_version (id);
update budget set version_id = budget_default_version();
alter table budget alter column version_id set not null;
alter table budget alter column version_id set default budget_default_version();
alter table budget drop constraint budget_department_id_month_category_key;
alter table budget add constraint budget_version_department_month_category_key
    unique nulls not distinct (version_id, department_id, month, category);

create table budget_segment_line (
    id         bigint generated always as identity primary key,
    version_id bigint         not null references budget_version (id),
    segment_id bigint         not null references segment (id),
    month      date           not null check (extract(day from month) = 1),
    amount     numeric(19, 4) not null check (amount >= 0),
    currency   text           not null references currency (code),
    updated_at timestamptz    not null default now(),
    updated_by text           not null,
    unique (version_id, segment_id, month)
);
create index budget_segment_line_segment_idx on budget_segment_line (segment_id);
comment on table budget_segment_line is 'The budget of a segment for a month within a budget version.';

create table budget_version_event (
    id         bigint generated always as identity primary key,
    version_id bigint      not null references budget_version (id),
    kind       text        not null check (kind in ('CREATED', 'LINES_SET', 'APPROVED', 'LOCKED', 'TRANSFER')),
    at         timestamptz not null default clock_timestamp(),
    actor      text        not null,
    note       text
);
create index budget_version_event_version_idx on budget_version_event (version_id, id);
comment on table budget_version_event is 'The history of a budget version: creation, line changes, approval, lock, transfers.';
insert into budget_version_event (version_id, kind, actor, note)
values (budget_default_version(), 'CREATED', 'migration', 'the budgets stored before versions existed');
insert into budget_version_event (version_id, kind, actor)
values (budget_default_version(), 'APPROVED', 'migration');
