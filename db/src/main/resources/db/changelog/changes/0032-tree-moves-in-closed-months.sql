--liquibase formatted sql

--changeset revgraph:0032-tree-moves-in-closed-months splitStatements:false
-- A closed month keeps the segment and region trees its figures were read with. Reports and filters
-- scoped to a segment or region take its subtree as it is now (segment economics rolls a subtree
-- up), so moving a node whose subtree has a fact in a closed month (spend, revenue or a new
-- customer tagged to it or below it) under another parent would restate that month's figures of
-- the old and new ancestors. Such a move is refused like a fact dated in the month (RG001 naming
-- the earliest such month); renaming and archiving are labels and stay allowed.
create function tree_move_months_open() returns trigger
language plpgsql as $$
declare
    facts text := TG_ARGV[0];
begin
    perform assert_months_open(array(
        with recursive moved as (
            select n.id
            from old_rows o join new_rows n on n.id = o.id and n.parent_id is distinct from o.parent_id
        ), subtree as (
            select id from moved
            union
            select t.id
            from subtree s
            join (select id, parent_id from segment where facts = 'segment'
                  union all
                  select id, parent_id from region where facts = 'region') t on t.parent_id = s.id
        )
        select r.month from spend_rollup r
        where (case facts when 'segment' then r.segment_id else r.region_id end) in (select id from subtree)
        union
        select r.month from revenue_rollup r
        where (case facts when 'segment' then r.segment_id else r.region_id end) in (select id from subtree)
        union
        select r.month from customer_rollup r
        where (case facts when 'segment' then r.segment_id else r.region_id end) in (select id from subtree)));
    return null;
end;
$$;

create trigger segment_move_closed_months
    after update on segment
    referencing old table as old_rows new table as new_rows
    for each statement execute function tree_move_months_open('segment');

create trigger region_move_closed_months
    after update on region
    referencing old table as old_rows new table as new_rows
    for each statement execute function tree_move_months_open('region');
