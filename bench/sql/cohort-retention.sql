-- Cohort retention for customers acquired in 2026 (logos, MRR, cumulative revenue per cohort
-- month), USD: the best hand SQL over the customer-month rollup (changeset 0022).
-- Cohorts take whole months: every customer acquired in a calendar month the range
-- (2026-01-01 .. 2026-12-31) touches; the REVENUE denominator is each cohort's MRR in its
-- acquisition month (month 0), zero when none of its customers bills then.
with cohort_of as (
    select id as customer_id, date_trunc('month', acquired_on)::date as cohort from customer
    where acquired_on >= date_trunc('month', date '2026-01-01')::date
      and acquired_on < (date_trunc('month', date '2026-12-31') + interval '1 month')::date),
monthly as (
    select r.customer_id, r.month,
           sum(case when r.currency = 'USD' then r.recurring_amount else r.recurring_rated end) as mrr,
           sum(case when r.currency = 'USD' then r.amount else r.rated end) as revenue
    from customer_month_rollup r join cohort_of o using (customer_id)
    where r.month between o.cohort and date '2026-12-01'
    group by 1, 2),
figures as (
    select o.cohort, m.month, count(*) filter (where m.mrr > 0) as active,
           coalesce(sum(m.mrr) filter (where m.mrr > 0), 0) as mrr, sum(m.revenue) as revenue
    from cohort_of o join monthly m using (customer_id) group by 1, 2),
sizes as (select cohort, count(*) as size from cohort_of group by cohort)
select f.cohort, f.month, z.size, f.active, f.mrr,
       coalesce(sum(f.mrr) filter (where f.month = f.cohort) over (partition by f.cohort), 0) as first_mrr,
       sum(f.revenue) over (partition by f.cohort order by f.month) as cumulative_revenue
from figures f join sizes z using (cohort) order by 1, 2;
