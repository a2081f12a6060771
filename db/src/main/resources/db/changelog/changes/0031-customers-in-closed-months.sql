--liquibase formatted sql

--changeset revgraph:0031-customers-in-closed-months splitStatements:false
-- Closed months take no new customer and keep the department kinds their figures were read with.
-- A customer acquired in a closed month is a fact of that month (its new customers, its cohort, its
-- acquisition credits): it is refused like a ledger line dated there, by the same guard
-- (assert_months_open, SQLSTATE RG001 naming the month), so the mutation, the import and plain SQL
-- all meet it. Changing a customer's acquisition date into or out of a closed month is refused too.
-- A re-sent customer that is already stored inserts no row and meets no guard.
create function customer_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(select distinct date_trunc('month', acquired_on)::date from new_rows));
    return null;
end;
$$;

create trigger customer_closed_months
    after insert on customer
    referencing new table as new_rows
    for each statement execute function customer_months_open();

create function customer_acquired_on_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(
        select distinct date_trunc('month', d)::date
        from old_rows o
        join new_rows n on n.id = o.id and n.acquired_on is distinct from o.acquired_on
        cross join lateral (values (o.acquired_on), (n.acquired_on)) t (d)));
    return null;
end;
$$;

create trigger customer_acquired_on_closed_months
    after update on customer
    referencing old table as old_rows new table as new_rows
    for each statement execute function customer_acquired_on_months_open();

-- A department's kind decides what its spend counts as (MARKETING and SALES operating expenses are
-- acquisition spend: blended CAC, segment CAC), and reports read it live; so changing the kind of
-- a department with spend in a closed month would restate that month. It is refused like a fact
-- dated there (RG001 naming the earliest such month); renaming is a label and always allowed.
create function department_kind_months_open() returns trigger
language plpgsql as $$
begin
    perform assert_months_open(array(
        select distinct r.month
        from old_rows o
        join new_rows n on n.id = o.id and n.kind is distinct from o.kind
        join spend_rollup r on r.department_id = n.id));
    return null;
end;
$$;

create trigger department_kind_closed_months
    after update on department
    referencing old table as old_rows new table as new_rows
    for each statement execute function department_kind_months_open();
