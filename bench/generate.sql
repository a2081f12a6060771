-- Revgraph benchmark data, generated inside PostgreSQL (no client round trips).
-- psql variables: customers, spend, revenue, touchpoints (row counts); chunk (rows per statement).
-- Dimensions are small and realistic: 12 departments, 4 top-level segments with 24 sub-segments,
-- 3 top-level regions with 12 sub-regions, 8 products, 9 channels, 200 campaigns, 4 currencies
-- with daily rates. Facts span 2024-01-01 .. 2026-12-31. Everything goes through the normal
-- tables, so the ledger triggers (closed months, rollups) and foreign keys do their work.
\set ON_ERROR_STOP on
\timing on
set synchronous_commit = off;
-- FAST=1 (bench/generate.sh): no triggers and no foreign-key checks while loading; the rollups are
-- rebuilt at the end exactly as changeset 0020 backfills them (bench/rebuild-rollups.sql)
set session_replication_role = :replication_role;

insert into currency (code, name) values ('USD', 'US dollar'), ('EUR', 'Euro'), ('GBP', 'Pound sterling'),
    ('CAD', 'Canadian dollar') on conflict do nothing;
-- daily rates with 12 decimals, first dated before the data
insert into fx_rate (currency, rate_date, rate)
select c.code, d::date,
       round((c.base * (1 + 0.05 * sin(extract(epoch from d) / 86400 / 45.0 + c.phase)))::numeric, 12)
from (values ('EUR', 1.08, 0.0), ('GBP', 1.27, 1.0), ('CAD', 0.74, 2.0)) as c(code, base, phase),
     generate_series(date '2023-12-01', date '2026-12-31', interval '1 day') d
on conflict do nothing;

insert into department (code, name, kind)
select 'B-D' || lpad(i::text, 2, '0'), 'Department ' || i,
       (array['MARKETING', 'SALES', 'OPERATIONS', 'FINANCE', 'PRODUCT', 'GENERAL'])[1 + (i - 1) % 6]
from generate_series(1, 12) i on conflict do nothing;
insert into segment (code, name) select 'B-S' || i, 'Segment ' || i from generate_series(1, 4) i on conflict do nothing;
insert into segment (code, name, parent_id)
select 'B-S' || p || '-' || j, 'Segment ' || p || '.' || j, (select id from segment where code = 'B-S' || p)
from generate_series(1, 4) p, generate_series(1, 6) j on conflict do nothing;
insert into region (code, name) select 'B-R' || i, 'Region ' || i from generate_series(1, 3) i on conflict do nothing;
insert into region (code, name, parent_id)
select 'B-R' || p || '-' || j, 'Region ' || p || '.' || j, (select id from region where code = 'B-R' || p)
from generate_series(1, 3) p, generate_series(1, 4) j on conflict do nothing;
insert into product (code, name) select 'B-P' || i, 'Product ' || i from generate_series(1, 8) i on conflict do nothing;
insert into channel (code, name, paid)
select 'B-C' || i, 'Channel ' || i, i <= 4 from generate_series(1, 9) i on conflict do nothing;

create temporary table b_seg as select id, row_number() over (order by id) - 1 as n from segment where code like 'B-S_-%';
create temporary table b_reg as select id, row_number() over (order by id) - 1 as n from region where code like 'B-R_-%';
create temporary table b_prod as select id, row_number() over (order by id) - 1 as n from product where code like 'B-P%';
create temporary table b_chan as select id, row_number() over (order by id) - 1 as n from channel where code like 'B-C%';
create temporary table b_dept as select id, kind, row_number() over (order by id) - 1 as n from department where code like 'B-D%';

insert into campaign (code, name, department_id, channel_id, segment_id, product_id, region_id, start_date, status)
select 'B-CA' || i, 'Campaign ' || i,
       (select id from b_dept where kind = 'MARKETING' order by id limit 1 offset i % 2),
       (select id from b_chan where n = i % 9), (select id from b_seg where n = i % 24),
       case when i % 3 = 0 then null else (select id from b_prod where n = i % 8) end,
       (select id from b_reg where n = i % 12), date '2024-01-01' + (i % 900), 'ACTIVE'
from generate_series(1, 200) i on conflict do nothing;
create temporary table b_camp as
select id, department_id, segment_id, region_id, row_number() over (order by id) - 1 as n from campaign where code like 'B-CA%';
analyze b_seg; analyze b_reg; analyze b_prod; analyze b_dept; analyze b_camp;

-- customers: 40% acquired through a campaign (taking its segment and region), the rest organic
insert into customer (external_id, name, segment_id, region_id, acquired_on, acquisition_campaign_id)
select 'bc-' || g, 'Customer ' || g,
       coalesce(ca.segment_id, (select id from b_seg where n = (g * 7) % 24)),
       coalesce(ca.region_id, (select id from b_reg where n = (g * 11) % 12)),
       date '2024-01-01' + (hashint4(g) & 2147483647) % 1096, ca.id
from generate_series(1, :customers) g
left join b_camp ca on g % 5 < 2 and ca.n = (hashint4(g + 1) & 2147483647) % 200
on conflict (external_id) do nothing;
analyze customer;
create temporary table b_cust as
select c.id, row_number() over (order by c.id) as n, c.acquired_on, c.region_id,
       (array['USD', 'EUR', 'GBP'])[1 + r.n::int / 4] as currency
from customer c join b_reg r on r.id = c.region_id where c.external_id like 'bc-%';
create unique index on b_cust (n);
analyze b_cust;
select count(*) as bench_customers from b_cust \gset

-- (PostgreSQL 18.1 crashed on a scalar subquery inside an array subscript in these INSERTs: keep them out)
-- revenue: a line per customer and month after its acquisition, on its billing day; 90% recurring
-- in the customer's subscription product, the rest one-off; the currency follows the top-level region
select format($f$
insert into revenue_line (customer_id, product_id, recognized_on, amount, currency, recurring, created_by)
select c.id, (select id from b_prod where n = case when g %% 10 = 0 then (hashint4(g) & 7) else c.n %% 8 end),
       least(make_date(extract(year from m)::int, extract(month from m)::int, least(extract(day from c.acquired_on)::int, 28)), date '2026-12-31'),
       round((10 + (hashint4(g * 3) & 2147483647) %% 500000 / 100.0)::numeric, 2),
       c.currency,
       g %% 10 <> 0, 'bench'
from generate_series(%s, %s) g
join b_cust c on c.n = 1 + (hashint4(g) & 2147483647) %% %s
cross join lateral (select date_trunc('month', c.acquired_on)
                    + make_interval(months => ((hashint4(g * 5) & 2147483647)
                       %% (1 + (2026 - extract(year from c.acquired_on)::int) * 12 + 12 - extract(month from c.acquired_on)::int))) as m) mm
$f$, lo, least(lo + :chunk - 1, :revenue), :bench_customers)
from generate_series(1, :revenue, :chunk) lo \gexec

-- spend: 40% campaign spend (advertising, events; the campaign's owner department; untagged: the
-- campaign's tags apply), the rest on 400 cost centres, each one department, category, set of own
-- tags and currency (a bounded chart of accounts, as in a real ledger); 75% USD
select format($f$
insert into spend_line (department_id, booked_on, amount, currency, category, campaign_id, segment_id, product_id,
                        region_id, created_by)
select case when g %% 5 < 2 then ca.department_id else (select id from b_dept where n = cc %% 12) end,
       date '2024-01-01' + (hashint4(g * 3) & 2147483647) %% 1096,
       round((1 + (hashint4(g * 7) & 2147483647) %% 2000000 / 100.0)::numeric, 2),
       (array['USD', 'USD', 'USD', 'EUR', 'USD', 'GBP', 'USD', 'CAD'])[1 + case when g %% 5 < 2 then ca.n::int else cc end %% 8],
       case when g %% 5 < 2 then (array['ADVERTISING', 'EVENTS'])[1 + g %% 2]
            else (array['SALARIES', 'CONTRACTORS', 'TOOLS', 'COST_OF_SERVICE', 'COST_OF_SERVICE', 'OVERHEAD', 'OTHER'])[1 + (cc / 12) %% 7] end,
       case when g %% 5 < 2 then ca.id end,
       case when g %% 5 >= 2 and cc %% 2 = 0 then (select id from b_seg where n = (cc / 7) %% 24) end,
       case when g %% 5 >= 2 and cc %% 3 = 0 then (select id from b_prod where n = (cc / 3) %% 8) end,
       case when g %% 5 >= 2 and cc %% 4 = 0 then (select id from b_reg where n = (cc / 13) %% 12) end,
       'bench'
from (select g, (hashint4(g * 11) & 2147483647) %% 400 as cc from generate_series(%s, %s) g) x
join b_camp ca on ca.n = (hashint4(g * 13) & 2147483647) %% 200
$f$, lo, least(lo + :chunk - 1, :spend))
from generate_series(1, :spend, :chunk) lo \gexec

-- touchpoints: before the acquisition day, on campaigns
select format($f$
insert into touchpoint (customer_id, campaign_id, occurred_at, kind, created_by)
select c.id, (select id from b_camp where n = (hashint4(g * 13) & 2147483647) %% 200),
       c.acquired_on::timestamptz - make_interval(secs => (hashint4(g * 17) & 2147483647) %% (60 * 86400)),
       (array['IMPRESSION', 'CLICK', 'FORM', 'EMAIL', 'MEETING', 'DEMO'])[1 + g %% 6], 'bench'
from generate_series(%s, %s) g
join b_cust c on c.n = 1 + (hashint4(g * 19) & 2147483647) %% %s
on conflict do nothing
$f$, lo, least(lo + :chunk - 1, :touchpoints), :bench_customers)
from generate_series(1, :touchpoints, :chunk) lo where :touchpoints > 0 \gexec

\if :fast
\i rebuild-rollups.sql
\endif
vacuum analyze;
select (select count(*) from spend_line) as spend_lines, (select count(*) from revenue_line) as revenue_lines,
       (select count(*) from customer) as customers, (select count(*) from touchpoint) as touchpoints,
       (select count(*) from spend_rollup) as spend_rollup_rows, (select count(*) from revenue_rollup) as revenue_rollup_rows,
       (select count(*) from customer_rollup) as customer_rollup_rows;
