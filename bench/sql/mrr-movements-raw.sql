-- MRR movements for 2026 (company), USD, from the raw lines (the "before": no customer-month rollup). MRR per customer and month from recurring lines (each
-- line at its own day's rate), then each customer's movement from m-1 to m.
with mrr as (
    select r.customer_id, date_trunc('month', r.recognized_on)::date as month,
           sum(r.amount * fx_rate_on(r.currency, r.recognized_on, 'USD')) as mrr
    from revenue_line r
    where r.recurring and r.recognized_on <= date '2026-12-31'
    group by 1, 2),
active as (select * from mrr where mrr > 0),
w as (select customer_id, month, mrr,
             lag(month) over (partition by customer_id order by month) as prev_month,
             lag(mrr) over (partition by customer_id order by month) as prev_mrr,
             lead(month) over (partition by customer_id order by month) as next_month
      from active),
moves as (
    select month, sum(mrr) filter (where prev_month is null) as new_mrr,
           sum(mrr) filter (where prev_month < month - interval '1 month') as reactivated,
           sum(mrr - prev_mrr) filter (where prev_month = month - interval '1 month' and mrr > prev_mrr) as expansion,
           sum(prev_mrr - mrr) filter (where prev_month = month - interval '1 month' and mrr < prev_mrr) as contraction,
           sum(mrr) as end_mrr, count(*) as active_customers
    from w where month >= date '2026-01-01' group by month),
churn as (
    select (month + interval '1 month')::date as month, sum(mrr) as churned
    from w where month >= date '2025-12-01' and month < date '2026-12-01'
      and next_month is distinct from (month + interval '1 month')::date
    group by 1)
select m.*, c.churned from moves m left join churn c using (month) order by month;
