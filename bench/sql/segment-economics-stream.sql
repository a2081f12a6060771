-- Segment economics for 2026, USD, without the maintained movements of changeset 0024: the sums
-- behind every row (revenue, cost of service, operating expenses, acquisition expenses, new customers
-- from the ledger rollups; pooled MRR, active customer-months, start MRR and lost MRR from the
-- customer-month rollup), per segment subtree and for the whole company, in one statement. The
-- ratios (CAC, ARPA, churn, LTV, payback) are simple divisions of these sums.
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
monthly as (
    select customer_id, month,
           sum(case when currency = 'USD' then recurring_amount else recurring_rated end) as mrr
    from customer_month_rollup where month between date '2025-12-01' and date '2026-12-01' group by 1, 2),
w as (select customer_id, month, mrr, lag(month) over c as prev_month, lag(mrr) over c as prev_mrr,
             lead(month) over c as next_month
      from monthly where mrr > 0 window c as (partition by customer_id order by month)),
per_customer as (
    select customer_id,
           sum(mrr) filter (where month >= date '2026-01-01') as mrr,
           count(*) filter (where month >= date '2026-01-01') as active,
           sum(mrr) filter (where month < date '2026-12-01') as start_mrr,
           coalesce(sum(mrr) filter (where month < date '2026-12-01'
                                       and next_month is distinct from (month + interval '1 month')::date), 0)
           + coalesce(sum(prev_mrr - mrr) filter (where month >= date '2026-01-01'
                                                    and prev_month = (month - interval '1 month')::date
                                                    and mrr < prev_mrr), 0) as lost
    from w group by customer_id),
pooled as (
    select k.segment_id, sum(p.mrr) as mrr, sum(p.active) as active, sum(p.start_mrr) as start_mrr, sum(p.lost) as lost
    from per_customer p join customer k on k.id = p.customer_id group by k.segment_id),
per_segment as (
    select coalesce(l.segment_id, p.segment_id) as segment_id, l.revenue, l.cogs, l.opex, l.acquisition,
           l.new_customers, p.mrr, p.active, p.start_mrr, p.lost
    from ledger l full join pooled p on p.segment_id = l.segment_id)
select cl.ancestor, sum(revenue), sum(cogs), sum(opex), sum(acquisition), sum(new_customers), sum(mrr), sum(active),
       sum(start_mrr), sum(lost)
from closure cl join per_segment p on p.segment_id = cl.descendant group by cl.ancestor
union all
select null, sum(revenue), sum(cogs), sum(opex), sum(acquisition), sum(new_customers), sum(mrr), sum(active),
       sum(start_mrr), sum(lost)
from per_segment;
