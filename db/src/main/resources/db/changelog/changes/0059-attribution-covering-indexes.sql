--liquibase formatted sql

--changeset revgraph:0059-attribution-covering-indexes
-- Campaign performance reads, for each customer acquired in the range, its revenue lines of the
-- acquisition month from the acquisition day (the whole months after it come from
-- customer_month_rollup), and every campaign spend line of the range. Both read an index whose key
-- is unchanged (the list pages of 0048 keep it) and which now carries the line's currency and
-- amount, so the reads are index-only scans instead of a heap page per customer or per line
-- (docs/performance.md, "Attributed revenue from the customer-month rollup"). Each index replaces
-- its predecessor of the same key: every insert still maintains as many indexes as before; the
-- entries are about 12 bytes wider.
drop index revenue_line_customer_page_idx;
create index revenue_line_customer_page_idx on revenue_line (customer_id, recognized_on, id) include (currency, amount);
drop index spend_line_campaign_page_idx;
create index spend_line_campaign_page_idx on spend_line (campaign_id, booked_on, id) include (currency, amount)
    where campaign_id is not null;
