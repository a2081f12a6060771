-- Campaign performance for customers acquired in 2026 by campaign, USD, one attribution model
-- (psql -v model=LINEAR; time decay with a 7-day half-life): credits per customer and touch by
-- window functions, exact fractions over one common denominator for the rational models (customers
-- and revenue are the columns over `denominator`), attributed revenue from each customer's lines
-- since its acquisition, spend and funnel per campaign, rows and total by grouping sets. No rollup
-- applies (revenue since each customer's own acquisition day); lines convert through a per-day rate
-- table.
with recursive cust as (
    select id, acquired_on, acquisition_campaign_id
    from customer
    where acquired_on between date '2026-01-01' and date '2026-12-31'
),
touch as (
    select t.customer_id, t.campaign_id,
           row_number() over (partition by t.customer_id order by t.occurred_at, k.code) as pos,
           count(*) over (partition by t.customer_id) as n,
           c.acquired_on - (t.occurred_at at time zone 'UTC')::date as age
    from touchpoint t
    join cust c on c.id = t.customer_id
    join campaign k on k.id = t.campaign_id
    where t.occurred_at < ((c.acquired_on + 1)::timestamp at time zone 'UTC')
),
aged as (
    select customer_id, campaign_id, pos, n, age - min(age) over (partition by customer_id) as a
    from touch
    where :'model' = 'TIME_DECAY'
),
decay as materialized (
    select a, power(2::numeric, -(round(a::numeric, 30 + ceil(a * 0.302 / 7)::int) / 7)) as w
    from (select distinct a from aged) d
),
credited as (
    select customer_id, campaign_id,
           case :'model'
               when 'FIRST_TOUCH' then case when pos = 1 then 1 else 0 end
               when 'LAST_TOUCH' then case when pos = n then 1 else 0 end
               when 'LINEAR' then 1
               else case when n > 2 and (pos = 1 or pos = n) then 2 * (n - 2) else 1 end
           end::numeric as num,
           case :'model'
               when 'LINEAR' then n
               when 'POSITION_BASED' then case when n <= 2 then n else 5 * (n - 2) end
               else 1
           end as den
    from touch
    where :'model' <> 'TIME_DECAY'
    union all
    select customer_id, campaign_id,
           case when pos = n then 1 - (sum(share) over (partition by customer_id) - share)
                else share end,
           1
    from (select g.customer_id, g.campaign_id, g.pos, g.n,
                 d.w / sum(d.w) over (partition by g.customer_id) as share
          from aged g join decay d on d.a = g.a) s
    union all
    select c.id, c.acquisition_campaign_id, 1, 1
    from cust c
    where not exists (select 1 from touch t where t.customer_id = c.id)
),
rates as (
    select cu.code as currency, g.day::date as day, fx_rate_on(cu.code, g.day::date, 'USD') as rate
    from currency cu cross join generate_series(date '2026-01-01', date '2026-12-31', interval '1 day') as g(day)
),
rev as (
    select c.id as customer_id,
           sum(r.amount * x.rate) as revenue,
           min(case when x.rate is null then r.currency || '|' || r.recognized_on end) as missing
    from cust c
    join revenue_line r on r.customer_id = c.id and r.recognized_on between c.acquired_on and date '2026-12-31'
    join rates x on x.currency = r.currency and x.day = r.recognized_on
    group by c.id
),
by_den as (
    select cr.campaign_id, cr.den, sum(cr.num) as num,
           sum(cr.num * coalesce(rev.revenue, 0)) as revenue, min(rev.missing) as missing
    from credited cr
    left join rev on rev.customer_id = cr.customer_id
    group by cr.campaign_id, cr.den
),
dens as materialized (
    select den, row_number() over (order by den) as i
    from (select distinct den from by_den) d
),
common (i, l) as (
    select 0::bigint, 1::numeric
    union all
    select d.i, lcm(c.l, d.den::numeric) from common c join dens d on d.i = c.i + 1
),
denominator as (
    select max(l) as l from common
),
attributed as (
    select b.campaign_id, sum(b.num * div(x.l, b.den)) as customers,
           sum(b.revenue * div(x.l, b.den)) as revenue, min(b.missing) as missing
    from by_den b cross join denominator x
    group by b.campaign_id
),
spend as (
    select l.campaign_id, sum(l.amount * x.rate) as spend,
           min(case when x.rate is null then l.currency || '|' || l.booked_on end) as missing
    from spend_line l join rates x on x.currency = l.currency and x.day = l.booked_on
    where l.campaign_id is not null and l.booked_on between date '2026-01-01' and date '2026-12-31'
    group by l.campaign_id
),
funnel as (
    select campaign_id, sum(impressions) as impressions, sum(clicks) as clicks, sum(leads) as leads,
           sum(opportunities) as opportunities
    from campaign_result
    where day between date '2026-01-01' and date '2026-12-31'
    group by campaign_id
),
per_campaign as (
    select case 'CAMPAIGN' when 'CAMPAIGN' then k.code when 'CHANNEL' then ch.code
                          when 'SEGMENT' then sg.code when 'PRODUCT' then p.code
                          else rg.code end as code,
           case 'CAMPAIGN' when 'CAMPAIGN' then k.name when 'CHANNEL' then ch.name
                          when 'SEGMENT' then sg.name when 'PRODUCT' then p.name
                          else rg.name end as name,
           false as unattributed,
           coalesce(s.spend, 0) as spend, coalesce(f.impressions, 0) as impressions,
           coalesce(f.clicks, 0) as clicks, coalesce(f.leads, 0) as leads,
           coalesce(f.opportunities, 0) as opportunities,
           coalesce(a.customers, 0) as customers, coalesce(a.revenue, 0) as revenue,
           coalesce(s.missing, a.missing) as missing
    from campaign k
    join channel ch on ch.id = k.channel_id
    left join segment sg on sg.id = k.segment_id
    left join product p on p.id = k.product_id
    left join region rg on rg.id = k.region_id
    left join spend s on s.campaign_id = k.id
    left join funnel f on f.campaign_id = k.id
    left join attributed a on a.campaign_id = k.id
    where s.campaign_id is not null or f.campaign_id is not null or a.campaign_id is not null
       or (k.start_date <= date '2026-12-31' and (k.end_date is null or k.end_date >= date '2026-01-01'))
    union all
    select null, null, true, 0, 0, 0, 0, 0, a.customers, a.revenue, a.missing
    from attributed a
    where a.campaign_id is null
)
select code, name, unattributed, grouping(unattributed, code, name) <> 0 as is_total,
       coalesce(sum(spend), 0) as spend, coalesce(sum(impressions), 0) as impressions,
       coalesce(sum(clicks), 0) as clicks, coalesce(sum(leads), 0) as leads,
       coalesce(sum(opportunities), 0) as opportunities, coalesce(sum(customers), 0) as customers,
       coalesce(sum(revenue), 0) as revenue, min(missing) as missing,
       (select l from denominator) as denominator
from per_campaign
group by grouping sets ((unattributed, code, name), ())
order by is_total, unattributed, code nulls last;
