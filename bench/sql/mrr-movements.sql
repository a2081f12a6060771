-- MRR movements for 2026 (company), USD: the best hand SQL over the movements maintained per month
-- and segment (changesets 0024, 0028): per month the sums over every segment; start and churn of
-- month m from the end of m-1 and the customers kept into m (the company has no transfers).
with per_month as (
    select month, sum(end_mrr) as end_mrr, sum(active) as active, sum(new_mrr) as new_mrr,
           sum(reactivated) as reactivated, sum(expansion) as expansion, sum(contraction) as contraction,
           sum(kept_mrr) as kept_start, sum(kept) as kept
    from mrr_movement_rollup
    where month between date '2025-12-01' and date '2026-12-01'
    group by month),
moves as (
    select month, lag(end_mrr) over m as start_mrr, lag(active) over m as start_customers, new_mrr, expansion,
           contraction, lag(end_mrr) over m - kept_start as churned, lag(active) over m - kept as churned_customers,
           reactivated, end_mrr, active
    from per_month window m as (order by month))
select * from moves where month >= date '2026-01-01' order by month;
