--liquibase formatted sql

--changeset revgraph:0063-reporting-credits-stored splitStatements:false
-- reporting.attribution_credits (0046) reads the credits maintained on write (0052) instead of
-- computing every customer's journey from the touches on each read: the same rows (open months from
-- attribution_credit, closed months as their latest close stored them, TIME_DECAY at the stored
-- half-life), at a cost set by the customers read rather than by their touches.
-- CREATE OR REPLACE keeps the function's owner and grants (0046 revoked it from PUBLIC) but resets
-- the attributes it does not name, so the fixed search_path is set again below.
create or replace function reporting_credit_rows()
returns table (customer_id bigint, acquired_on date, campaign_id bigint, model text, half_life_days int,
               numerator numeric, denominator bigint)
language sql stable security definer as $$
    with span as (
        select min(acquired_on) as first_day, max(acquired_on) as last_day from customer
    )
    select c.customer_id, c.acquired_on, c.campaign_id, m.model,
           case when m.model = 'TIME_DECAY' then attribution_stored_half_life() end,
           sum(c.num), c.den
    from span
    cross join (values ('FIRST_TOUCH'), ('LAST_TOUCH'), ('LINEAR'), ('POSITION_BASED'), ('TIME_DECAY')) as m(model)
    cross join lateral attribution_credits_stored(span.first_day, span.last_day, m.model, false) c
    where span.first_day is not null
    group by c.customer_id, c.acquired_on, c.campaign_id, m.model, c.den
    having sum(c.num) <> 0
$$;

do $$
begin
    execute format('alter function reporting_credit_rows() set search_path = %I, pg_temp', current_schema());
end;
$$;
