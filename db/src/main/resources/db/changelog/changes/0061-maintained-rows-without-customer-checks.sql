--liquibase formatted sql

--changeset revgraph:0061-maintained-rows-without-customer-checks
-- The customer-month rollup (0022) and the customers' MRR months (0024) are written only by the
-- schema's own maintenance, from revenue lines (whose customer_id carries the ledger's foreign key)
-- and for customers it has locked; customers are never deleted. Their foreign keys to customer
-- checked every maintained row once more, one lookup and row lock each: on a bulk load of 3.75
-- million revenue lines, about 3.6 million extra checks in the same transaction (docs/performance.md,
-- "Bulk import"). attribution_credit (0052) has none for the same reason.
alter table customer_month_rollup drop constraint customer_month_rollup_customer_id_fkey;
alter table customer_mrr_month drop constraint customer_mrr_month_customer_id_fkey;
