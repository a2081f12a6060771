--liquibase formatted sql

--changeset revgraph:0008-api-tokens-and-audit-trail
-- API tokens for service accounts and BI tools; only a SHA-256 hash of the secret is stored.
create table api_token (
    id               bigint generated always as identity primary key,
    name             text        not null,
    token_hash       text        not null unique,
    role             text        not null check (role in ('ADMIN', 'FINANCE', 'DEPARTMENT', 'ANALYST')),
    department_codes text[]      not null default '{}',
    created_at       timestamptz not null default now(),
    created_by       text        not null,
    expires_at       timestamptz,
    revoked_at       timestamptz,
    revoked_by       text
);

-- Every mutation: who, when, which, with what input, and what it returned.
create table audit_event (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    actor       text        not null,
    action      text        not null,
    succeeded   boolean     not null,
    input       jsonb,
    result      jsonb
);
create index audit_event_action_idx on audit_event (action, id);
