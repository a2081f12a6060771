--liquibase formatted sql

--changeset revgraph:0050-data-version splitStatements:false
-- The data version (docs/performance.md, "The exact result cache"): a number that every committed
-- write to any table changes, in the write's own transaction, whoever writes (a mutation, an import,
-- a close, an operator's SQL). A result computed after reading version v is kept under v and served
-- only while the version still reads v.
--
-- Every table but these gets a statement-level trigger (data_version_watch_all_tables, also called at
-- start-up for tables that later changesets add): a writing statement marks its transaction in
-- data_version_write, and a deferred constraint trigger on that mark adds one to a shard of
-- data_version at commit. The lock on the shard's row is therefore held only from the commit's
-- deferred triggers to its end, not for the whole transaction, and eight shards (picked by backend)
-- let concurrent commits proceed side by side. The version a reader sees is the sum of the shards,
-- which every commit that wrote raises by exactly one, with the latest writing transaction id and
-- the server's start time, so a restored backup or a restarted server never repeats an old version
-- with other data behind it.
create table data_version (
    shard smallint primary key check (shard between 0 and 7),
    version bigint not null,
    last_xid xid8
);
insert into data_version (shard, version) select s, 0 from generate_series(0, 7) s;
comment on table data_version is 'The data version: sum(version) rises by one with every committed transaction that wrote to a table reports read (changeset 0050).';

create table data_version_write (
    xid xid8 primary key
);
comment on table data_version_write is 'A mark of the running transaction that wrote; removed by its own commit, when data_version is raised.';

create function data_version_mark() returns trigger
    language plpgsql
as $$
begin
    insert into data_version_write (xid) values (pg_current_xact_id()) on conflict do nothing;
    return null;
end
$$;

create function data_version_bump() returns trigger
    language plpgsql
as $$
begin
    update data_version
       set version = version + 1, last_xid = new.xid
     where shard = pg_backend_pid() % 8;
    delete from data_version_write where xid = new.xid;
    return null;
end
$$;

create constraint trigger data_version_bump
    after insert on data_version_write
    deferrable initially deferred
    for each row execute function data_version_bump();

-- Adds the marking trigger to every table of the schema that lacks it; returns how many it added.
create function data_version_watch_all_tables() returns integer
    language plpgsql
as $$
declare
    t record;
    added integer := 0;
begin
    for t in
        select c.relname
          from pg_class c
         where c.relnamespace = current_schema()::regnamespace
           and c.relkind in ('r', 'p')
           and c.relname not in ('data_version', 'data_version_write', 'databasechangelog', 'databasechangeloglock')
           and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'data_version_mark')
         order by c.relname
    loop
        execute format(
            'create trigger data_version_mark after insert or update or delete or truncate on %I'
            ' for each statement execute function data_version_mark()', t.relname);
        added := added + 1;
    end loop;
    return added;
end
$$;

-- The triggers run in every writer's session, whatever its search_path: fix it to this schema.
do $$
begin
    execute format('alter function data_version_mark() set search_path = %I, pg_temp', current_schema());
    execute format('alter function data_version_bump() set search_path = %I, pg_temp', current_schema());
    execute format('alter function data_version_watch_all_tables() set search_path = %I, pg_temp', current_schema());
end
$$;

select data_version_watch_all_tables();
