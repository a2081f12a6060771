-- Segment economics for 2026, USD: the sums behind every row (revenue, cost of service, operating
-- expenses, acquisition expenses, new customers from the ledger rollups; pooled MRR, active
-- customer-months, start MRR and lost MRR from the movements maintained per month, segment and the
-- segment kept customers came from, changesets 0024 and 0028: a subtree's start MRR is what it
-- carries into each month, end(m-1) + transfers in - transfers out = end(m-1) + kept MRR into it -
-- kept MRR from it, and its lost MRR end(m-1) - kept MRR from it + contraction), per segment subtree
-- and for the whole company, in one statement. The ratios (CAC, ARPA, churn, LTV, payback) are
-- simple divisions of these sums.
with recursive closure as (
    select id as ancestor, id as descendant from segment
    union all
    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant),
facts as (
    select r.segment_id, 'REV' as kind, null::text as department_kind,
           case when r.currency = 'USD' then r.amount else r.rated end as v, 0::bigint as n
    from revenue_rollup r where r.month between date '2026-01-01' and date '2026-12-01'
    union all
    select coalesce(s.segment_id, ca.segment_id), case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end,
           d.kind, case when s.currency = 'USD' then s.amount else s.rated end, 0
    from spend_rollup s join department d on d.id = s.department_id left join campaign_assignment ca on ca.id = s.campaign_assignment_id
    where s.month between date '2026-01-01' and date '2026-12-01'
    union all
    select segment_id, 'NEW', null, 0, customers from customer_rollup
    where month between date '2026-01-01' and date '2026-12-01'),
ledger as (
    select segment_id, sum(v) filter (where kind = 'REV') as revenue, sum(v) filter (where kind = 'COGS') as cogs,
           sum(v) filter (where kind = 'OPEX') as opex,
           sum(v) filter (where kind = 'OPEX' and department_kind in ('MARKETING', 'SALES')) as acquisition,
           sum(n) as new_customers
    from facts group by segment_id),
movements as (
    select month, segment_id, from_segment_id, end_mrr, active, kept_mrr, contraction
    from mrr_movement_rollup where month between date '2025-12-01' and date '2026-12-01'),
pooled as (
    select segment_id, sum(mrr) as mrr, sum(active) as active, sum(end_before) as end_before,
           sum(kept_into) as kept_into, sum(kept_from) as kept_from, sum(contraction) as contraction
    from (select segment_id, sum(end_mrr) filter (where month >= date '2026-01-01') as mrr,
                 sum(active) filter (where month >= date '2026-01-01') as active,
                 coalesce(sum(end_mrr) filter (where month < date '2026-12-01'), 0) as end_before,
                 coalesce(sum(kept_mrr) filter (where month >= date '2026-01-01'), 0) as kept_into,
                 0 as kept_from,
                 coalesce(sum(contraction) filter (where month >= date '2026-01-01'), 0) as contraction
          from movements group by segment_id
          union all
          select from_segment_id, null, null, 0, 0, coalesce(sum(kept_mrr) filter (where month >= date '2026-01-01'), 0), 0
          from movements group by from_segment_id) parts
    group by segment_id),
per_segment as (
    select coalesce(l.segment_id, p.segment_id) as segment_id, l.revenue, l.cogs, l.opex, l.acquisition,
           l.new_customers, p.mrr, p.active, coalesce(p.end_before, 0) as end_before,
           coalesce(p.kept_into, 0) as kept_into, coalesce(p.kept_from, 0) as kept_from,
           coalesce(p.contraction, 0) as contraction
    from ledger l full join pooled p on p.segment_id = l.segment_id)
select cl.ancestor, sum(revenue), sum(cogs), sum(opex), sum(acquisition), sum(new_customers), sum(mrr), sum(active),
       sum(end_before) + sum(kept_into) - sum(kept_from), sum(end_before) - sum(kept_from) + sum(contraction)
from closure cl join per_segment p on p.segment_id = cl.descendant group by cl.ancestor
union all
select null, sum(revenue), sum(cogs), sum(opex), sum(acquisition), sum(new_customers), sum(mrr), sum(active),
       sum(end_before) + sum(kept_into) - sum(kept_from), sum(end_before) - sum(kept_from) + sum(contraction)
from per_segment;
