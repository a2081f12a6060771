--liquibase formatted sql

--changeset revgraph:0035-common-denominator splitStatements:false
-- The least common multiple of a report's credit denominators (0029: rational credits are an
-- integer numerator over the customer's denominator). Campaign performance and department
-- statements bring every sum of numerators to it, so that credited customers and revenue leave the
-- database as exact fractions over one denominator; one function instead of a recursive common
-- table expression in each report.
create function credit_denominator(dens bigint[]) returns numeric
language plpgsql immutable parallel safe as $$
declare
    l numeric := 1;
    d bigint;
begin
    foreach d in array coalesce(dens, '{}') loop
        l := lcm(l, d::numeric);
    end loop;
    return l;
end;
$$;
comment on function credit_denominator(bigint[]) is 'The least common multiple of credit denominators (1 for none): one denominator for a report''s exact fractions.';
