-- MRR movements for 2026 (company), USD, without the maintained movements of changeset 0024: the
-- best hand SQL over the customer-month rollup (changesets 0022, 0023): MRR per customer and month
-- read in key order (an index-only scan that streams), previous active month per customer by lag,
-- per-month sums; start and churn of month m from the end of m-1 and the customers kept into m.
with monthly as (
    select customer_id, month,
           sum(case when currency = 'USD' then recurring_amount else recurring_rated end) as mrr
    from customer_month_rollup
    where month <= date '2026-12-01'
    group by 1, 2),
w as (select month, mrr, lag(month) over c as prev_month, lag(mrr) over c as prev_mrr
      from monthly where mrr > 0 window c as (partition by customer_id order by month)),
per_month as (
    select month, sum(mrr) as end_mrr, count(*) as active,
           sum(mrr) filter (where prev_month is null) as new_mrr,
           sum(mrr) filter (where prev_month < (month - interval '1 month')::date) as reactivated,
           sum(mrr - prev_mrr) filter (where prev_month = (month - interval '1 month')::date and mrr > prev_mrr) as expansion,
           sum(prev_mrr - mrr) filter (where prev_month = (month - interval '1 month')::date and mrr < prev_mrr) as contraction,
           sum(prev_mrr) filter (where prev_month = (month - interval '1 month')::date) as kept_start,
           count(*) filter (where prev_month = (month - interval '1 month')::date) as kept
    from w where month >= date '2025-12-01'
    group by month),
moves as (
    select month, lag(end_mrr) over m as start_mrr, lag(active) over m as start_customers, new_mrr, expansion,
           contraction, lag(end_mrr) over m - kept_start as churned, lag(active) over m - kept as churned_customers,
           reactivated, end_mrr, active
    from per_month window m as (order by month))
select * from moves where month >= date '2026-01-01' order by month;
