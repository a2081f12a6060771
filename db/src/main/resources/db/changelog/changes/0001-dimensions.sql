--liquibase formatted sql

--changeset revgraph:0001-dimensions
create table department (
    id          bigint generated always as identity primary key,
    code        text        not null unique,
    name        text        not null,
    kind        text        not null check (kind in ('MARKETING', 'SALES', 'OPERATIONS', 'FINANCE', 'PRODUCT', 'GENERAL')),
    archived_at timestamptz,
    created_at  timestamptz not null default now()
);
comment on table department is 'Who spends: every spend line belongs to exactly one department.';

create table segment (
    id          bigint generated always as identity primary key,
    code        text        not null unique,
    name        text        not null,
    parent_id   bigint references segment (id),
    archived_at timestamptz,
    created_at  timestamptz not null default now(),
    check (parent_id <> id)
);
create index segment_parent_idx on segment (parent_id);
comment on table segment is 'Customer segment tree; segment figures roll up every sub-segment.';

create table region (
    id          bigint generated always as identity primary key,
    code        text        not null unique,
    name        text        not null,
    parent_id   bigint references region (id),
    archived_at timestamptz,
    created_at  timestamptz not null default now(),
    check (parent_id <> id)
);
create index region_parent_idx on region (parent_id);

create table product (
    id          bigint generated always as identity primary key,
    code        text        not null unique,
    name        text        not null,
    archived_at timestamptz,
    created_at  timestamptz not null default now()
);

create table channel (
    id          bigint generated always as identity primary key,
    code        text        not null unique,
    name        text        not null,
    paid        boolean     not null,
    archived_at timestamptz,
    created_at  timestamptz not null default now()
);
