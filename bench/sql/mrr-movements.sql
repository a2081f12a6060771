-- MRR movements for 2026 (company), USD: the best hand SQL over the customer-month rollup
-- (changeset 0022). MRR per customer and month from Dec 2025 on, active months only (MRR > 0),
-- previous and next active month per customer; customers entering in 2026 looked up before it.
with ranged as (
    select customer_id, month,
           sum(case when currency = 'USD' then recurring_amount else recurring_rated end) as mrr
    from customer_month_rollup
    where month between date '2025-12-01' and date '2026-12-01'
    group by 1, 2),
w as (select customer_id, month, mrr,
             lag(month) over c as prev_month, lag(mrr) over c as prev_mrr, lead(month) over c as next_month
      from ranged where mrr > 0 window c as (partition by customer_id order by month)),
entrants as (select distinct customer_id from w where prev_month is null and month >= date '2026-01-01'),
earlier as (
    select distinct r.customer_id from customer_month_rollup r join entrants e using (customer_id)
    where r.month < date '2025-12-01'
    group by r.customer_id, r.month
    having sum(case when r.currency = 'USD' then r.recurring_amount else r.recurring_rated end) > 0),
moves as (
    select w.month,
           sum(w.mrr) filter (where w.prev_month is null and e.customer_id is null) as new_mrr,
           sum(w.mrr) filter (where (w.prev_month is null and e.customer_id is not null)
                                 or w.prev_month < w.month - interval '1 month') as reactivated,
           sum(w.mrr - w.prev_mrr) filter (where w.prev_month = w.month - interval '1 month' and w.mrr > w.prev_mrr)
               as expansion,
           sum(w.prev_mrr - w.mrr) filter (where w.prev_month = w.month - interval '1 month' and w.mrr < w.prev_mrr)
               as contraction,
           sum(w.mrr) as end_mrr, count(*) as active_customers
    from w left join earlier e using (customer_id)
    where w.month >= date '2026-01-01' group by w.month),
starts as (
    select (month + interval '1 month')::date as month, sum(mrr) as start_mrr, count(*) as start_customers,
           sum(mrr) filter (where next_month is distinct from (month + interval '1 month')::date) as churned,
           count(*) filter (where next_month is distinct from (month + interval '1 month')::date) as churned_customers
    from w where month < date '2026-12-01' group by 1)
select m.*, s.start_mrr, s.start_customers, s.churned, s.churned_customers
from moves m left join starts s using (month) order by month;
