--liquibase formatted sql

--changeset revgraph:0021-rollup-rate-check-indexes
-- The P&L's check for lines dated before their currency's first rate reads, per currency, only the
-- rollup months up to that first rate (usually none): EXPLAIN in docs/performance.md.
create index spend_rollup_currency_idx on spend_rollup (currency, month);
create index revenue_rollup_currency_idx on revenue_rollup (currency, month);
