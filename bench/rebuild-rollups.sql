-- Rebuilds the rollups of changesets 0020 and 0022 from the lines (the same statements as their backfills),
-- then the maintained MRR movements of 0024 (in the reporting currency the application stamped, USD before any)
-- and the maintained attribution credits of 0052.
-- A FAST load runs without triggers: customers and campaigns without an assignment get theirs since the
-- beginning first (0025, 0027), and each fact takes the assignments in force on its own date.
\timing on
set session_replication_role = origin;
set work_mem = '256MB';
begin;
lock table spend_line, revenue_line, customer, fx_rate in share row exclusive mode;
insert into customer_assignment (customer_id, valid_from, segment_id, region_id, acquisition_campaign_id)
select id, date '1900-01-01', segment_id, region_id, acquisition_campaign_id from customer c
where not exists (select 1 from customer_assignment a where a.customer_id = c.id) order by id;
insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id, segment_id, product_id, region_id)
select id, date '1900-01-01', department_id, channel_id, segment_id, product_id, region_id from campaign k
where not exists (select 1 from campaign_assignment a where a.campaign_id = k.id) order by id;
delete from spend_rollup;
delete from revenue_rollup;
delete from customer_rollup;
insert into spend_rollup (month, department_id, category, campaign_id, campaign_assignment_id, segment_id, product_id,
                          region_id, currency, amount, rated, lines, first_day)
with days as (select currency, booked_on, fx_table_rate(currency, booked_on) as rate
              from (select distinct currency, booked_on from spend_line) d),
assigned as (select k.campaign_id, k.booked_on, campaign_assignment_id_on(k.campaign_id, k.booked_on) as id
             from (select distinct campaign_id, booked_on from spend_line where campaign_id is not null) k)
select date_trunc('month', s.booked_on)::date, s.department_id, s.category, s.campaign_id, a.id, s.segment_id,
       s.product_id, s.region_id, s.currency, sum(s.amount), sum(s.amount * coalesce(d.rate, 0)), count(*),
       min(s.booked_on)
from spend_line s join days d on d.currency = s.currency and d.booked_on = s.booked_on
left join assigned a on a.campaign_id = s.campaign_id and a.booked_on = s.booked_on
group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
insert into revenue_rollup (month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id, recurring,
                            currency, amount, rated, lines, first_day)
with days as (select currency, recognized_on, fx_table_rate(currency, recognized_on) as rate
              from (select distinct currency, recognized_on from revenue_line) d),
assigned as (select k.customer_id, k.recognized_on, a.segment_id, a.region_id, a.acquisition_campaign_id,
                    campaign_assignment_id_on(a.acquisition_campaign_id, k.recognized_on) as campaign_assignment_id
             from (select distinct customer_id, recognized_on from revenue_line) k
             cross join lateral customer_assignment_on(k.customer_id, k.recognized_on) a)
select date_trunc('month', r.recognized_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
       a.campaign_assignment_id, r.product_id, r.recurring, r.currency, sum(r.amount),
       sum(r.amount * coalesce(d.rate, 0)), count(*), min(r.recognized_on)
from revenue_line r
join assigned a on a.customer_id = r.customer_id and a.recognized_on = r.recognized_on
join days d on d.currency = r.currency and d.recognized_on = r.recognized_on
group by 1, 2, 3, 4, 5, 6, 7, 8;
insert into customer_rollup (month, segment_id, region_id, campaign_id, campaign_assignment_id, customers)
select date_trunc('month', c.acquired_on)::date, a.segment_id, a.region_id, a.acquisition_campaign_id,
       campaign_assignment_id_on(a.acquisition_campaign_id, c.acquired_on), count(*)
from customer c cross join lateral customer_assignment_on(c.id, c.acquired_on) a
group by 1, 2, 3, 4, 5;
select customer_month_rerate(code, '-infinity') from currency order by code;
select coalesce((select reporting_currency from mrr_movement_currency), 'USD') as reporting \gset
delete from mrr_movement_currency;
select mrr_movements_ensure(:'reporting');
-- the maintained attribution credits of 0052, where the schema has them
do $$
begin
    if to_regproc('attribution_credits_rebuild') is not null then
        perform attribution_credits_rebuild();
    end if;
end;
$$;
commit;
analyze;
