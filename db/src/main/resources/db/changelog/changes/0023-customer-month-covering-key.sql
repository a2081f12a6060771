--liquibase formatted sql

--changeset revgraph:0023-customer-month-covering-key
-- The retention reports read customer_month_rollup in the order of its key (customer, month),
-- summing per customer-month and running window functions over each customer's months as the
-- rows stream by. With the sums included in the key's index the whole read is an index-only scan:
-- no heap visits, no sort, no hash table of millions of customer-months (docs/performance.md).
-- The month index is dropped: no query reads by month alone.
alter table customer_month_rollup drop constraint customer_month_rollup_key;
alter table customer_month_rollup add constraint customer_month_rollup_key
    primary key (customer_id, month, currency) include (recurring_amount, recurring_rated, amount, rated, first_day);
drop index customer_month_rollup_month_idx;
