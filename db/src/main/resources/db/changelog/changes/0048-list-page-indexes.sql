--liquibase formatted sql

--changeset revgraph:0048-list-page-indexes
-- The first page of a list under a filter a user commonly gives is read by an index that matches
-- the filter and the list's order (date, then id, the keyset of its cursor), never a scan and sort
-- of the ledger: each single-column filter index becomes (filter column, date, id). The old index
-- is dropped in the same step, so every ledger insert still maintains as many indexes as before
-- (docs/scaling.md, "What a list page reads"); the wider key costs a few bytes per line.
create index spend_line_department_page_idx on spend_line (department_id, booked_on, id);
drop index spend_line_department_idx;
create index spend_line_campaign_page_idx on spend_line (campaign_id, booked_on, id) where campaign_id is not null;
drop index spend_line_campaign_idx;
create index spend_line_segment_page_idx on spend_line (segment_id, booked_on, id) where segment_id is not null;
drop index spend_line_segment_idx;
create index revenue_line_customer_page_idx on revenue_line (customer_id, recognized_on, id);
drop index revenue_line_customer_idx;
create index customer_segment_page_idx on customer (segment_id, acquired_on, id);
drop index customer_segment_idx;
