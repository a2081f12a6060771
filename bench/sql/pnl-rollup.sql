-- P&L for 2026, monthly, by segment, in USD: the best hand SQL over the rollups (changeset 0020).
with f as (
    select r.month, r.segment_id, 'REV' as kind, case when r.currency = 'USD' then r.amount else r.rated end as v, 0::bigint as n
    from revenue_rollup r where r.month between date '2026-01-01' and date '2026-12-31'
    union all
    select s.month, coalesce(s.segment_id, ca.segment_id),
           case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end,
           case when s.currency = 'USD' then s.amount else s.rated end, 0
    from spend_rollup s left join campaign ca on ca.id = s.campaign_id
    where s.month between date '2026-01-01' and date '2026-12-31'
    union all
    select c.month, c.segment_id, 'NEW', 0, c.customers from customer_rollup c
    where c.month between date '2026-01-01' and date '2026-12-31')
select month, segment_id, round(sum(v) filter (where kind = 'REV'), 2) as revenue,
       round(sum(v) filter (where kind = 'COGS'), 2) as cogs, round(sum(v) filter (where kind = 'OPEX'), 2) as opex,
       sum(n) as new_customers
from f group by month, segment_id;
