-- Cohort retention (logos and MRR) for customers acquired in 2026, from the raw lines (the "before"), months since acquisition.
-- Cohorts take whole months: every customer acquired in a calendar month the range (2026-01-01 .. 2026-12-31) touches.
with mrr as (
    select r.customer_id, date_trunc('month', r.recognized_on)::date as month,
           sum(r.amount * fx_rate_on(r.currency, r.recognized_on, 'USD')) as mrr
    from revenue_line r join customer c on c.id = r.customer_id
    where r.recurring and c.acquired_on >= date_trunc('month', date '2026-01-01')::date
      and c.acquired_on < (date_trunc('month', date '2026-12-31') + interval '1 month')::date
      and r.recognized_on < (date_trunc('month', date '2026-12-31') + interval '1 month')::date
    group by 1, 2 having sum(r.amount * fx_rate_on(r.currency, r.recognized_on, 'USD')) > 0),
cohorts as (select id, date_trunc('month', acquired_on)::date as cohort from customer
            where acquired_on >= date_trunc('month', date '2026-01-01')::date
              and acquired_on < (date_trunc('month', date '2026-12-31') + interval '1 month')::date)
select c.cohort, m.month, count(*) as active, sum(m.mrr) as mrr,
       (select count(*) from cohorts x where x.cohort = c.cohort) as cohort_size
from cohorts c join mrr m on m.customer_id = c.id and m.month >= c.cohort
group by c.cohort, m.month order by 1, 2;
