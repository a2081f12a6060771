-- Rebuilds the rollups of changesets 0020 and 0022 from the lines (the same statements as their backfills),
-- then the maintained MRR movements of 0024 (in the reporting currency the application stamped, USD before any).
\timing on
set session_replication_role = origin;
set work_mem = '256MB';
begin;
lock table spend_line, revenue_line, customer, fx_rate in share row exclusive mode;
delete from spend_rollup;
delete from revenue_rollup;
delete from customer_rollup;
insert into spend_rollup (month, department_id, category, campaign_id, segment_id, product_id, region_id, currency,
                          amount, rated, lines, first_day)
with days as (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
              from (select distinct currency, booked_on from spend_line) d)
select date_trunc('month', s.booked_on)::date, s.department_id, s.category, s.campaign_id, s.segment_id,
       s.product_id, s.region_id, s.currency, sum(s.amount), sum(s.amount * coalesce(d.rate, 0)), count(*),
       min(s.booked_on)
from spend_line s join days d on d.currency = s.currency and d.booked_on = s.booked_on
group by 1, 2, 3, 4, 5, 6, 7, 8;
insert into revenue_rollup (month, segment_id, region_id, campaign_id, product_id, recurring, currency, amount, rated,
                            lines, first_day)
with days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
              from (select distinct currency, recognized_on from revenue_line) d)
select date_trunc('month', r.recognized_on)::date, c.segment_id, c.region_id, c.acquisition_campaign_id, r.product_id,
       r.recurring, r.currency, sum(r.amount), sum(r.amount * coalesce(d.rate, 0)), count(*), min(r.recognized_on)
from revenue_line r join customer c on c.id = r.customer_id
join days d on d.currency = r.currency and d.recognized_on = r.recognized_on
group by 1, 2, 3, 4, 5, 6, 7;
insert into customer_rollup (month, segment_id, region_id, campaign_id, customers)
select date_trunc('month', acquired_on)::date, segment_id, region_id, acquisition_campaign_id, count(*)
from customer group by 1, 2, 3, 4;
select customer_month_rerate(code, '-infinity') from currency order by code;
select coalesce((select reporting_currency from mrr_movement_currency), 'USD') as reporting \gset
delete from mrr_movement_currency;
select mrr_movements_ensure(:'reporting');
commit;
analyze;
