-- P&L for 2026, monthly, by segment, in USD: the best hand SQL over the rollups (changeset 0020)
-- for the figures the benchmark query asks for: per month and segment and for the total,
-- revenue, cost of service, operating expenses, acquisition expenses (for blended CAC) and new
-- customers, plus operating expenses per department and per category for every row and the total.
with f as (
    select r.month, r.segment_id, 'REV' as kind, null::bigint as department_id, null::text as category,
           null::text as department_kind, case when r.currency = 'USD' then r.amount else r.rated end as v,
           0::bigint as n
    from revenue_rollup r where r.month between date '2026-01-01' and date '2026-12-31'
    union all
    select s.month, coalesce(s.segment_id, ca.segment_id),
           case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, s.department_id, s.category, d.kind,
           case when s.currency = 'USD' then s.amount else s.rated end, 0
    from spend_rollup s join department d on d.id = s.department_id left join campaign_assignment ca on ca.id = s.campaign_assignment_id
    where s.month between date '2026-01-01' and date '2026-12-31'
    union all
    select c.month, c.segment_id, 'NEW', null, null, null, 0, c.customers from customer_rollup c
    where c.month between date '2026-01-01' and date '2026-12-31'),
pre as (
    select month, segment_id, kind, department_id, category, department_kind, sum(v) as v, sum(n) as n
    from f group by 1, 2, 3, 4, 5, 6)
select month, segment_id, null::bigint as department_id, null::text as category,
       sum(v) filter (where kind = 'REV') as revenue, sum(v) filter (where kind = 'COGS') as cogs,
       sum(v) filter (where kind = 'OPEX') as opex,
       sum(v) filter (where kind = 'OPEX' and department_kind in ('MARKETING', 'SALES')) as acquisition,
       sum(n) as new_customers
from pre group by grouping sets ((month, segment_id), ())
union all
select month, segment_id, department_id, category, null, null, sum(v), null, null
from pre where kind = 'OPEX'
group by grouping sets ((month, segment_id, department_id), (month, segment_id, category), (department_id), (category));
