-- P&L for 2026, monthly, by segment, in USD: the best hand SQL over the raw lines (no rollups):
-- one rate per currency and day instead of a function call per line.
with days as (
    select c.code as currency, d::date as day,
           case when c.code = 'USD' then 1 else (select rate from fx_rate r where r.currency = c.code and r.rate_date <= d
                                                  order by r.rate_date desc limit 1) end as rate
    from currency c, generate_series(date '2026-01-01', date '2026-12-31', interval '1 day') d),
f as (
    select date_trunc('month', r.recognized_on) as month, c.segment_id, 'REV' as kind, r.amount * d.rate as v, 0 as n
    from revenue_line r join customer c on c.id = r.customer_id join days d on d.currency = r.currency and d.day = r.recognized_on
    where r.recognized_on between date '2026-01-01' and date '2026-12-31'
    union all
    select date_trunc('month', s.booked_on), coalesce(s.segment_id, ca.segment_id),
           case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, s.amount * d.rate, 0
    from spend_line s left join campaign ca on ca.id = s.campaign_id join days d on d.currency = s.currency and d.day = s.booked_on
    where s.booked_on between date '2026-01-01' and date '2026-12-31'
    union all
    select date_trunc('month', acquired_on), segment_id, 'NEW', 0, 1 from customer
    where acquired_on between date '2026-01-01' and date '2026-12-31')
select month, segment_id, round(sum(v) filter (where kind = 'REV'), 2) as revenue,
       round(sum(v) filter (where kind = 'COGS'), 2) as cogs, round(sum(v) filter (where kind = 'OPEX'), 2) as opex,
       sum(n) as new_customers
from f group by month, segment_id;
