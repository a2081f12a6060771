--liquibase formatted sql

--changeset revgraph:0046-reporting-credits-economics splitStatements:false
-- Two more relations of the reporting schema (0041, docs/bi.md), read the same way: each view reads
-- one SECURITY DEFINER function with a fixed search_path, not executable by PUBLIC.
--
-- reporting.attribution_credits: every acquired customer's credits per campaign under each of the
-- five models, from attribution_credits (0029), the function campaignPerformance sums: closed
-- months as their latest close stored them, time decay at the stored default half-life. Exact as
-- numerator / denominator (a customer's credits sum to exactly 1).
--
-- reporting.segment_economics_monthly: segmentEconomics over one calendar month, per month and
-- segment subtree and for the whole company, from the same reported rollups as reporting.pnl_monthly
-- and reporting.mrr_movements: the inputs at full precision and the ratios formed from them.

create function reporting_credit_rows()
returns table (customer_id bigint, acquired_on date, campaign_id bigint, model text, half_life_days int,
               numerator numeric, denominator bigint)
language sql stable security definer as $$
    with span as (
        select min(acquired_on) as first_day, max(acquired_on) as last_day from customer
    )
    select c.customer_id, c.acquired_on, c.campaign_id, m.model,
           case when m.model = 'TIME_DECAY' then attribution_stored_half_life() end,
           sum(c.num), c.den
    from span
    cross join (values ('FIRST_TOUCH'), ('LAST_TOUCH'), ('LINEAR'), ('POSITION_BASED'), ('TIME_DECAY')) as m(model)
    cross join lateral attribution_credits(span.first_day, span.last_day, m.model,
                                           attribution_stored_half_life(), false) c
    where span.first_day is not null
    group by c.customer_id, c.acquired_on, c.campaign_id, m.model, c.den
    having sum(c.num) <> 0
$$;

create function reporting_customer_rows()
returns table (id bigint, external_id text, name text)
language sql stable security definer as $$
    select id, external_id, name from customer
$$;

create function reporting_campaign_rows()
returns table (id bigint, code text, name text)
language sql stable security definer as $$
    select id, code, name from campaign
$$;

-- SegmentEconomicsService over one month (PnlRepository.segmentFigures, RetentionService's pooled
-- inputs): per month, for the whole company (scope_id null, every line) and every segment subtree.
create function reporting_segment_economics_rows()
returns table (month date, scope_id bigint, new_customers bigint, revenue numeric, cost_of_service numeric,
               direct_cost numeric, acquisition_expenses numeric, acquisition_objective_expenses numeric,
               retention_spend numeric, expansion_spend numeric, paid_spend numeric,
               paid_new_customers bigint, start_mrr numeric, end_mrr numeric, active_customers bigint,
               churned_mrr numeric, contraction_mrr numeric, expansion_mrr numeric, reactivated_mrr numeric,
               retained_customers bigint)
language sql stable security definer as $$
    with recursive closure as (
        select id as ancestor, id as descendant from segment
        union all
        select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
    ),
    cur as (select reporting_currency as code from reporting_setting),
    paid as (select id from channel where paid),
    facts as (
        select r.month, r.segment_id, 'REV' as kind, null::text as department_kind, null::text as objective,
               false as paid, case when r.currency = cur.code then r.amount else r.rated end as value,
               0::bigint as customers
        from revenue_rollup_reported(false) r
        cross join cur
        union all
        select s.month, coalesce(s.segment_id, ca.segment_id),
               case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, d.kind,
               coalesce(s.objective, ca.objective), ca.channel_id in (select id from paid),
               case when s.currency = cur.code then s.amount else s.rated end, 0
        from spend_rollup_reported(false) s
        cross join cur
        join department d on d.id = s.department_id
        left join campaign_assignment ca on ca.id = s.campaign_assignment_id
        union all
        select c.month, c.segment_id, 'NEW', null, null, ca.channel_id in (select id from paid), 0, c.customers
        from customer_rollup_reported(false) c
        left join campaign_assignment ca on ca.id = c.campaign_assignment_id
    ),
    per_segment as (
        select month, segment_id,
               sum(customers) filter (where kind = 'NEW') as new_customers,
               sum(value) filter (where kind = 'REV') as revenue,
               sum(value) filter (where kind = 'COGS') as cost_of_service,
               sum(value) filter (where kind = 'OPEX') as direct_cost,
               sum(value) filter (where kind = 'OPEX' and department_kind in ('MARKETING', 'SALES'))
                   as acquisition_expenses,
               sum(value) filter (where kind = 'OPEX' and department_kind in ('MARKETING', 'SALES')
                                  and (objective is null or objective not in ('RETENTION', 'EXPANSION')))
                   as acquisition_objective_expenses,
               sum(value) filter (where kind = 'OPEX' and objective = 'RETENTION') as retention_spend,
               sum(value) filter (where kind = 'OPEX' and objective = 'EXPANSION') as expansion_spend,
               sum(value) filter (where kind in ('COGS', 'OPEX') and paid) as paid_spend,
               sum(customers) filter (where kind = 'NEW' and paid) as paid_new_customers
        from facts
        group by month, segment_id
    ),
    per_scope as (
        select p.month, null::bigint as scope_id, sum(p.new_customers) as new_customers,
               sum(p.revenue) as revenue, sum(p.cost_of_service) as cost_of_service,
               sum(p.direct_cost) as direct_cost, sum(p.acquisition_expenses) as acquisition_expenses,
               sum(p.acquisition_objective_expenses) as acquisition_objective_expenses,
               sum(p.retention_spend) as retention_spend, sum(p.expansion_spend) as expansion_spend,
               sum(p.paid_spend) as paid_spend, sum(p.paid_new_customers) as paid_new_customers
        from per_segment p
        group by p.month
        union all
        select p.month, cl.ancestor, sum(p.new_customers), sum(p.revenue), sum(p.cost_of_service),
               sum(p.direct_cost), sum(p.acquisition_expenses), sum(p.acquisition_objective_expenses),
               sum(p.retention_spend), sum(p.expansion_spend), sum(p.paid_spend), sum(p.paid_new_customers)
        from per_segment p
        join closure cl on cl.descendant = p.segment_id
        group by p.month, cl.ancestor
    ),
    mrr as (select * from reporting_mrr_rows())
    select coalesce(f.month, m.month), coalesce(f.scope_id, m.scope_id),
           coalesce(f.new_customers, 0)::bigint, coalesce(f.revenue, 0), coalesce(f.cost_of_service, 0),
           coalesce(f.direct_cost, 0), coalesce(f.acquisition_expenses, 0),
           coalesce(f.acquisition_objective_expenses, 0), coalesce(f.retention_spend, 0),
           coalesce(f.expansion_spend, 0), coalesce(f.paid_spend, 0), coalesce(f.paid_new_customers, 0)::bigint,
           coalesce(m.start_mrr, 0), coalesce(m.end_mrr, 0), coalesce(m.active_customers, 0),
           coalesce(m.churned, 0), coalesce(m.contraction, 0), coalesce(m.expansion, 0),
           coalesce(m.reactivated, 0),
           coalesce(m.start_customers - m.churned_customers + m.transfer_in_customers
                    - m.transfer_out_customers, 0)
    from per_scope f
    full join mrr m on m.month = f.month and m.scope_id is not distinct from f.scope_id
$$;

do $$
declare
    f regprocedure;
begin
    for f in select p.oid::regprocedure from pg_proc p
             where p.pronamespace = current_schema()::regnamespace
               and p.proname in ('reporting_credit_rows', 'reporting_customer_rows', 'reporting_campaign_rows',
                                 'reporting_segment_economics_rows')
    loop
        execute format('alter function %s set search_path = %I, pg_temp', f, current_schema());
        execute format('revoke all on function %s from public', f);
    end loop;
end;
$$;

create view reporting.attribution_credits as
with setting as (select * from reporting_setting_row()),
     cust as (select * from reporting_customer_rows()),
     camp as (select * from reporting_campaign_rows()),
     closed as (select m from reporting_closed_months() as m)
select c.acquired_on, date_trunc('month', c.acquired_on)::date as acquisition_month,
       to_char(c.acquired_on, 'YYYY-MM') as acquisition_month_label,
       reporting_fiscal_year(date_trunc('month', c.acquired_on)::date, st.fiscal_year_start_month) as fiscal_year,
       reporting_fiscal_quarter(date_trunc('month', c.acquired_on)::date, st.fiscal_year_start_month)
           as fiscal_quarter,
       cu.external_id as customer_external_id, cu.name as customer_name,
       ca.code as campaign_code, ca.name as campaign_name,
       c.model, c.half_life_days,
       c.numerator as credit_numerator, c.denominator as credit_denominator,
       c.numerator / c.denominator as credit,
       exists (select 1 from closed x where x.m = date_trunc('month', c.acquired_on)::date) as closed
from reporting_credit_rows() c
cross join setting st
join cust cu on cu.id = c.customer_id
left join camp ca on ca.id = c.campaign_id;

create view reporting.segment_economics_monthly as
with setting as (select * from reporting_setting_row()),
     seg as (select * from reporting_tree_rows('segment')),
     closed as (select m from reporting_closed_months() as m),
     e as (
         select x.*,
                case when x.revenue <> 0 then (x.revenue - x.cost_of_service) / x.revenue end as gross_margin,
                case when x.new_customers <> 0 then x.acquisition_expenses / x.new_customers end as cac,
                case when x.active_customers <> 0 then x.end_mrr / x.active_customers end as arpa,
                case when x.start_mrr <> 0 then (x.churned_mrr + x.contraction_mrr) / x.start_mrr end
                    as monthly_revenue_churn
         from reporting_segment_economics_rows() x
     ),
     l as (
         select e.*,
                case when e.monthly_revenue_churn <> 0
                     then e.arpa * e.gross_margin / e.monthly_revenue_churn end as ltv,
                case when e.arpa * e.gross_margin <> 0 then e.cac / (e.arpa * e.gross_margin) end as payback_months
         from e
     )
select l.month, to_char(l.month, 'YYYY-MM') as month_label,
       reporting_fiscal_year(l.month, st.fiscal_year_start_month) as fiscal_year,
       reporting_fiscal_quarter(l.month, st.fiscal_year_start_month) as fiscal_quarter,
       case when l.scope_id is null then 'COMPANY' else 'SEGMENT' end as scope,
       s.code as segment_code, s.name as segment_name, s.path as segment_path,
       st.reporting_currency as currency,
       l.new_customers, l.revenue, l.cost_of_service, l.direct_cost,
       l.revenue - l.cost_of_service - l.direct_cost as contribution_margin,
       l.gross_margin, l.acquisition_expenses, l.cac, l.end_mrr, l.active_customers, l.arpa,
       l.start_mrr, l.churned_mrr, l.contraction_mrr, l.monthly_revenue_churn, l.ltv,
       case when l.cac <> 0 then l.ltv / l.cac end as ltv_to_cac,
       l.payback_months,
       l.paid_spend, l.paid_new_customers,
       case when l.paid_new_customers <> 0 then l.paid_spend / l.paid_new_customers end as paid_cac,
       l.acquisition_objective_expenses,
       case when l.new_customers <> 0 then l.acquisition_objective_expenses / l.new_customers end
           as acquisition_cac,
       l.retention_spend, l.retained_customers,
       case when l.retained_customers <> 0 then l.retention_spend / l.retained_customers end as cost_to_retain,
       l.expansion_spend, l.expansion_mrr,
       case when l.expansion_mrr <> 0 then l.expansion_spend / l.expansion_mrr end as expansion_cost,
       l.reactivated_mrr,
       case when l.retention_spend <> 0 then (l.reactivated_mrr - l.retention_spend) / l.retention_spend end
           as reactivation_roi,
       exists (select 1 from closed c where c.m = l.month) as closed
from l
cross join setting st
left join seg s on s.id = l.scope_id;

comment on view reporting.attribution_credits is 'Each acquired customer''s attribution credit per campaign under each model (FIRST_TOUCH, LAST_TOUCH, LINEAR, POSITION_BASED, TIME_DECAY at the stored default half-life), exactly credit_numerator / credit_denominator; a customer''s credits under one model sum to exactly 1; a null campaign is the unattributed share; a touched campaign the model gives nothing has no row. Summed per campaign over customers acquired in a range, equals campaignPerformance''s customers (attributed customers) after rounding half-up to 4 decimals. Closed months as their latest close stored them.';
comment on view reporting.segment_economics_monthly is 'segmentEconomics over one calendar month, per month for the whole company (scope COMPANY, every line) and every segment with its whole subtree (scope SEGMENT): the inputs at full precision in the reporting currency and the ratios formed from them; round money half-up to 2 decimals, fractions to 4 and payback_months to 1 to get the API''s figures. Ratios over several months pool their inputs (sum the inputs, then divide), as docs/metrics.md defines. Fully loaded figures (after allocation) are served by the API only. Closed months as their latest close stored them.';

do $$
declare
    c record;
    comments text[][] := array[
        ['acquired_on', 'The customer''s acquisition date.'],
        ['acquisition_month', 'The first day of the customer''s acquisition month.'],
        ['acquisition_month_label', 'The acquisition month as YYYY-MM.'],
        ['customer_external_id', 'The customer''s external id (stable key).'],
        ['customer_name', 'The customer''s name.'],
        ['campaign_code', 'The credited campaign''s code; null for the unattributed share (no touches and no acquisition campaign).'],
        ['campaign_name', 'The credited campaign''s name; null for the unattributed share.'],
        ['model', 'The attribution model: FIRST_TOUCH, LAST_TOUCH, LINEAR, POSITION_BASED or TIME_DECAY.'],
        ['half_life_days', 'The half-life of TIME_DECAY credits in days (the stored default); null for the other models.'],
        ['credit_numerator', 'The credit''s exact numerator.'],
        ['credit_denominator', 'The credit''s exact denominator (the customer''s common denominator; 1 for TIME_DECAY).'],
        ['credit', 'credit_numerator / credit_denominator: the customer''s share credited to the campaign, between 0 and 1.'],
        ['scope', 'COMPANY for the whole company, SEGMENT for a segment with its whole subtree.'],
        ['new_customers', 'Customers acquired in the month.'],
        ['revenue', 'Revenue of the month, recurring and one-off, in the reporting currency.'],
        ['cost_of_service', 'Spend of category COST_OF_SERVICE tagged to the scope (own tag, else its campaign''s).'],
        ['direct_cost', 'Operating expenses tagged to the scope: the team''s direct cost.'],
        ['contribution_margin', 'revenue - cost_of_service - direct_cost.'],
        ['gross_margin', '(revenue - cost_of_service) / revenue, a fraction; null without revenue.'],
        ['acquisition_expenses', 'Operating expenses of MARKETING and SALES departments tagged to the scope.'],
        ['cac', 'acquisition_expenses / new_customers; null without new customers.'],
        ['end_mrr', 'MRR of the month (the sum of the scope''s active customers'' MRR).'],
        ['active_customers', 'Customers with MRR above zero in the month.'],
        ['arpa', 'end_mrr / active_customers; null without active customers.'],
        ['start_mrr', 'MRR of the month before.'],
        ['churned_mrr', 'MRR lost to churn in the month.'],
        ['contraction_mrr', 'MRR lost to contraction in the month.'],
        ['monthly_revenue_churn', '(churned_mrr + contraction_mrr) / start_mrr, a fraction; null without start MRR.'],
        ['ltv', 'arpa x gross_margin / monthly_revenue_churn; null when churn is zero or an input is missing.'],
        ['ltv_to_cac', 'ltv / cac; null when either is missing or cac is zero.'],
        ['payback_months', 'cac / (arpa x gross_margin), in months; null when an input is missing or the denominator is zero.'],
        ['paid_spend', 'Spend lines on campaigns of paid channels tagged to the scope.'],
        ['paid_new_customers', 'New customers acquired through a campaign of a paid channel.'],
        ['paid_cac', 'paid_spend / paid_new_customers; null without such customers.'],
        ['acquisition_objective_expenses', 'acquisition_expenses whose objective is neither RETENTION nor EXPANSION (a line without an objective counts).'],
        ['acquisition_cac', 'acquisition_objective_expenses / new_customers; null without new customers.'],
        ['retention_spend', 'Operating expenses (any department) tagged to the scope whose objective is RETENTION.'],
        ['retained_customers', 'Customers active in the month before and in the month, counted in the segment of the month.'],
        ['cost_to_retain', 'retention_spend / retained_customers; null without retained customers.'],
        ['expansion_spend', 'Operating expenses (any department) tagged to the scope whose objective is EXPANSION.'],
        ['expansion_mrr', 'Expansion MRR of the month.'],
        ['expansion_cost', 'expansion_spend / expansion_mrr; null without expansion MRR.'],
        ['reactivated_mrr', 'Reactivated MRR of the month.'],
        ['reactivation_roi', '(reactivated_mrr - retention_spend) / retention_spend; null without retention spend.'],
        ['month', 'The first day of the month.'],
        ['month_label', 'The month as YYYY-MM.'],
        ['fiscal_year', 'The fiscal year the month belongs to.'],
        ['fiscal_quarter', 'The fiscal quarter (1 to 4) the month belongs to.'],
        ['segment_code', 'The segment''s code; null for the company scope.'],
        ['segment_name', 'The segment''s name; null for the company scope.'],
        ['segment_path', 'The segment''s codes from the root down to it, joined by /; null for the company scope.'],
        ['currency', 'The reporting currency of every amount.'],
        ['closed', 'True when the month (the acquisition month for credits) is closed: its figures are those the latest close stored and never move.']];
    i int;
    found boolean;
begin
    for c in select cl.relname, a.attname
             from pg_class cl join pg_attribute a on a.attrelid = cl.oid
             where cl.relnamespace = 'reporting'::regnamespace and a.attnum > 0 and not a.attisdropped
               and cl.relname in ('attribution_credits', 'segment_economics_monthly')
    loop
        found := false;
        for i in 1 .. array_length(comments, 1) loop
            if comments[i][1] = c.attname then
                execute format('comment on column reporting.%I.%I is %L', c.relname, c.attname, comments[i][2]);
                found := true;
            end if;
        end loop;
        if not found then
            raise exception 'reporting.%.% has no comment', c.relname, c.attname;
        end if;
    end loop;
end;
$$;
