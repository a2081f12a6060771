package dev.revgraph.attribution;

import dev.revgraph.shared.report.CampaignAssignmentSpans;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The acquisition economics and campaign funnel queries: the facts of each row's attributed
 * customers, read as campaignPerformance reads them (credits as {@link AttributionRepository#credits} reads them,
 * revenue and spend from the live lines of open months and the stored copies of closed ones,
 * changeset 0029), one statement each; the service does the arithmetic at full precision.
 */
@Repository
class AcquisitionRepository {

    /** The kinds of fact row of {@link #facts}. */
    enum Kind {
        /** A customer's credit to a row: num / den. */
        CREDIT,
        /** A customer's revenue of a month from its acquisition date (amount). */
        REVENUE,
        /** A customer's MRR of a month (amount). */
        MRR,
        /** The whole company's revenue (amount) and cost of service (cost) of a month. */
        MONTH,
        /** A row's campaign spend in the range (amount). */
        SPEND
    }

    /**
     * One fact row: {@code code}/{@code name} of the row (null with {@code unattributed}: the
     * customers nobody can be credited with; null code otherwise: unused), the customer, the day
     * (acquisition date for CREDIT, month for the others), the credit {@code num / den}, the amounts.
     */
    record Fact(
            Kind kind,
            String code,
            String name,
            boolean unattributed,
            Long customerId,
            LocalDate day,
            BigDecimal num,
            Long den,
            BigDecimal amount,
            BigDecimal cost,
            String missing) {}

    private final DSLContext dsl;

    AcquisitionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The row key of a credit, by campaign or by the campaign's channel on the acquisition day. */
    private static final String ROW_CODE = "case {4}::text when 'CAMPAIGN' then k.code else ch.code end";

    private static final String ROW_NAME = "case {4}::text when 'CAMPAIGN' then k.name else ch.name end";

    /** A customer's MRR of each month: the maintained rollup's recurring revenue, in the reporting currency. */
    private static final String MRR_FACTS = """
            select 'MRR', null, null, false, r.customer_id, r.month, null, null,
                   sum(case when r.currency = {2} then r.recurring_amount else r.recurring_rated end), null,
                   min(case when r.currency <> {2} and r.first_day < coalesce(f.first_rate, 'infinity'::date)
                            then r.currency || '|' || r.first_day end)
            from cust c
            join customer_month_rollup_reported({6}::boolean) r
              on r.customer_id = c.customer_id
             and r.month between date_trunc('month', c.acquired_on)::date and {1}::date
            left join first_rates f on f.currency = r.currency
            group by r.customer_id, r.month
            """;

    /** The company's revenue and cost of service of each month, from the rollups in the reporting currency. */
    private static final String MONTH_FACTS = """
            select 'MONTH', null, null, false, null, g.month::date, null, null,
                   coalesce((select sum(case when v.currency = {2} then v.amount else v.rated end)
                             from revenue_rollup_reported({6}::boolean) v where v.month = g.month::date), 0),
                   coalesce((select sum(case when s.currency = {2} then s.amount else s.rated end)
                             from spend_rollup_reported({6}::boolean) s
                             where s.month = g.month::date and s.category = 'COST_OF_SERVICE'), 0),
                   null
            from generate_series(date_trunc('month', {0}::date), {1}::date, interval '1 month') as g(month)
            """;

    /**
     * Another currency's MRR: a customer's recurring revenue lines of each month from its acquisition
     * month through the month of {1}, each at its own day's rate over the report currency's.
     */
    private static final String OTHER_MRR_FACTS = """
            select 'MRR', null, null, false, c.customer_id, date_trunc('month', r.recognized_on::timestamp)::date,
                   null, null, sum(r.amount * x.rate / x.target), null, min(x.missing)
            from cust c
            join revenue_line r on r.customer_id = c.customer_id and r.recurring
                               and r.recognized_on >= date_trunc('month', c.acquired_on)::date
                               and r.recognized_on < (date_trunc('month', {1}::date) + interval '1 month')::date
            join rates x on x.currency = r.currency and x.day = r.recognized_on
            group by c.customer_id, 6
            """;

    /**
     * Another currency's monthly revenue and cost of service: every revenue line and every
     * COST_OF_SERVICE spend line of the months, each at its own day's rate over the report currency's.
     */
    private static final String OTHER_MONTH_FACTS = """
            select 'MONTH', null, null, false, null, g.month::date, null, null,
                   coalesce(sum(ml.revenue), 0), coalesce(sum(ml.cost), 0), min(ml.missing)
            from generate_series(date_trunc('month', {0}::date), {1}::date, interval '1 month') as g(month)
            left join (
                select date_trunc('month', r.recognized_on::timestamp)::date as month,
                       r.amount * x.rate / x.target as revenue, 0 as cost, x.missing
                from revenue_line r join rates x on x.currency = r.currency and x.day = r.recognized_on
                union all
                select date_trunc('month', s.booked_on::timestamp)::date, 0, s.amount * x.rate / x.target, x.missing
                from spend_line s join rates x on x.currency = s.currency and x.day = s.booked_on
                where s.category = 'COST_OF_SERVICE'
            ) ml on ml.month = g.month::date
            group by g.month
            """;

    /**
     * Every fact of the report over [{0}, {1}] in one statement ({2} reporting currency, {3} model,
     * {4} grouping, {5} half-life, {6} first reported), in the request's currency: the reporting
     * currency reads the rollups and the closes' rates;
     * another converts every line (the day amounts closed months stored, the live lines of open ones,
     * and for MRR and the monthly gross margin the ledger lines, which a closed month keeps unchanged)
     * at its own day's rate over the report currency's. The credits do not depend on it.
     */
    List<Fact> facts(AttributionRequest r, AcquisitionGroupBy groupBy, String reporting) {
        AttributionRepository.Fx fx = AttributionRepository.Fx.of(reporting, r.currency());
        // the rows a report filter keeps: credits and spend by their campaign's assignment, as
        // campaign performance keeps its rows (customers' revenue counts only through their credits)
        String kept = AttributionRepository.rowConditions(dsl, r.where())[0];
        return dsl.resultQuery(
                        fx.sql("""
                with recursive closed as materialized (
                    select month, close_version_id as id
                    from reported_close_version({0}::date, {1}::date, {6}::boolean)
                ),
                closed_months as (
                    select coalesce(array_agg(month), array[]::date[]) as months from closed
                ),
                credited as (
                    select customer_id, acquired_on, campaign_id, num, den
                    from\s""" + AttributionRepository.credits(r.model(), r.halfLifeDays()) + "\n"
                                + """
                ),
                cust as (
                    select customer_id, min(acquired_on) as acquired_on from credited group by customer_id
                ),
                """ + CampaignAssignmentSpans.CTE
                                + """
                /*rates*/
                /*revenue_days*/
                /*spend_lines*/
                first_rates as (
                    select currency, min(rate_date) as first_rate from fx_rate group by currency
                )
                select 'CREDIT', %1$s, %2$s, cr.campaign_id is null, cr.customer_id, cr.acquired_on, cr.num, cr.den,
                       null::numeric, null::numeric, null::text
                from credited cr
                left join campaign k on k.id = cr.campaign_id
                left join assignment_spans a on a.campaign_id = cr.campaign_id and a.valid_from <= cr.acquired_on
                                            and (a.valid_to is null or cr.acquired_on < a.valid_to)
                left join campaign_assignment ca on ca.id = a.id
                left join channel ch on ch.id = ca.channel_id
                where %3$s
                union all
                select 'REVENUE', null, null, false, customer_id, month, null, null, sum(value), null, min(missing)
                from revenue_days group by customer_id, month
                union all
                %4$s
                union all
                %5$s
                union all
                select 'SPEND', %1$s, %2$s, false, null, null, null, null, sum(sl.value), null, min(sl.missing)
                from spend_lines sl
                join campaign k on k.id = sl.campaign_id
                join assignment_spans a on a.campaign_id = sl.campaign_id and a.valid_from <= sl.day
                                       and (a.valid_to is null or sl.day < a.valid_to)
                join campaign_assignment ca on ca.id = a.id
                join channel ch on ch.id = ca.channel_id
                where %3$s
                group by 2, 3
                """.formatted(
                                                ROW_CODE,
                                                ROW_NAME,
                                                kept,
                                                fx.other ? OTHER_MRR_FACTS : MRR_FACTS,
                                                fx.other ? OTHER_MONTH_FACTS : MONTH_FACTS)),
                        fx.args(
                                r.from(),
                                r.to(),
                                reporting,
                                r.model().name(),
                                groupBy.name(),
                                r.halfLifeDays(),
                                r.firstReported(),
                                r.currency()))
                .fetch(row -> new Fact(
                        Kind.valueOf(row.get(0, String.class)),
                        row.get(1, String.class),
                        row.get(2, String.class),
                        Boolean.TRUE.equals(row.get(3, Boolean.class)),
                        row.get(4, Long.class),
                        row.get(5, LocalDate.class),
                        row.get(6, BigDecimal.class),
                        row.get(7, Long.class),
                        row.get(8, BigDecimal.class),
                        row.get(9, BigDecimal.class),
                        row.get(10, String.class)));
    }

    /** One customer's first touch: the row of its campaign and the days from it to the acquisition. */
    record FirstTouch(String code, String name, int days) {}

    /**
     * The first touch of every customer acquired in [{0}, {1}] among its touchpoints up to the end of
     * its acquisition day (UTC), in attribution order (time, then campaign code), with the row of its
     * campaign ({2}: the campaign, or the campaign's channel on the acquisition date) and the whole
     * days from the touch's UTC date to the acquisition date. Customers without touches have none.
     */
    List<FirstTouch> firstTouches(LocalDate from, LocalDate to, AcquisitionGroupBy groupBy, SliceFilter where) {
        return dsl.resultQuery(
                        """
                with\s""" + CampaignAssignmentSpans.CTE
                                + """
                firsts as (
                    select distinct on (t.customer_id) t.customer_id, c.acquired_on, t.campaign_id,
                           c.acquired_on - (t.occurred_at at time zone 'UTC')::date as days
                    from customer c
                    join touchpoint t on t.customer_id = c.id
                    join campaign k on k.id = t.campaign_id
                    where c.acquired_on between {0}::date and {1}::date
                      and t.occurred_at < ((c.acquired_on + 1)::timestamp at time zone 'UTC')
                    order by t.customer_id, t.occurred_at, k.code
                )
                select case {2}::text when 'CAMPAIGN' then k.code else ch.code end,
                       case {2}::text when 'CAMPAIGN' then k.name else ch.name end,
                       f.days
                from firsts f
                join campaign k on k.id = f.campaign_id
                join assignment_spans a on a.campaign_id = f.campaign_id and a.valid_from <= f.acquired_on
                                       and (a.valid_to is null or f.acquired_on < a.valid_to)
                join campaign_assignment ca on ca.id = a.id
                join channel ch on ch.id = ca.channel_id
                where %s
                """.formatted(AttributionRepository.rowConditions(dsl, where)[0]),
                        DSL.val(from),
                        DSL.val(to),
                        DSL.val(groupBy.name()))
                .fetch(r -> new FirstTouch(r.get(0, String.class), r.get(1, String.class), r.get(2, Integer.class)));
    }
}
