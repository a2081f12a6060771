package dev.revgraph.attribution;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.TOUCHPOINT;

import dev.revgraph.db.tables.records.TouchpointRecord;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep5;
import org.jooq.Row3;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes touchpoints, and the campaign performance query. */
@Repository
class AttributionRepository {

    /** A touchpoint to insert, its codes resolved to ids. */
    record NewTouchpoint(long customerId, long campaignId, OffsetDateTime occurredAt, TouchpointKind kind) {}

    /**
     * One row of the report at full precision, or the total row ({@code total}); {@code missingRate}
     * names an amount without an FX rate. The credited customers and the attributed revenue are exact
     * fractions {@code customers / denominator} and {@code revenue / denominator}, one denominator for
     * the whole report, so that the one division forming a served figure can be rounded exactly.
     */
    record PerformanceFigures(
            String code,
            String name,
            boolean unattributed,
            boolean total,
            BigDecimal spend,
            long impressions,
            long clicks,
            long leads,
            long opportunities,
            BigDecimal customers,
            BigDecimal revenue,
            BigDecimal denominator,
            String missingRate) {}

    private final DSLContext dsl;

    AttributionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The ids of the customers with these external ids that exist, keyed by external id. */
    Map<String, Long> customerIds(Collection<String> externalIds) {
        return dsl.select(CUSTOMER.EXTERNAL_ID, CUSTOMER.ID)
                .from(CUSTOMER)
                .where(CUSTOMER.EXTERNAL_ID.in(externalIds))
                .fetchMap(CUSTOMER.EXTERNAL_ID, CUSTOMER.ID);
    }

    /** Inserts the touchpoints in one statement; those whose key is already stored are left as they are. */
    void insert(List<NewTouchpoint> touchpoints, String actor) {
        InsertValuesStep5<TouchpointRecord, Long, Long, OffsetDateTime, String, String> insert = dsl.insertInto(
                TOUCHPOINT,
                TOUCHPOINT.CUSTOMER_ID,
                TOUCHPOINT.CAMPAIGN_ID,
                TOUCHPOINT.OCCURRED_AT,
                TOUCHPOINT.KIND,
                TOUCHPOINT.CREATED_BY);
        for (NewTouchpoint t : touchpoints) {
            insert = insert.values(
                    t.customerId(), t.campaignId(), t.occurredAt(), t.kind().name(), actor);
        }
        try {
            insert.onConflict(TOUCHPOINT.CUSTOMER_ID, TOUCHPOINT.CAMPAIGN_ID, TOUCHPOINT.OCCURRED_AT)
                    .doNothing()
                    .execute();
        } catch (RuntimeException e) { // the schema's closed-month guard names the earliest closed month
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("touchpoints." + firstIn(touchpoints, m) + ".occurredAt", m))
                    .orElseThrow(() -> e);
        }
    }

    /** The index of the first touchpoint whose instant falls in the month (UTC), as the guard dates it. */
    private static int firstIn(List<NewTouchpoint> touchpoints, YearMonth month) {
        for (int i = 0; i < touchpoints.size(); i++) {
            if (YearMonth.from(touchpoints.get(i).occurredAt().atZoneSameInstant(ZoneOffset.UTC))
                    .equals(month)) {
                return i;
            }
        }
        return 0;
    }

    /** The stored touchpoints with these keys. */
    List<Touchpoint> byKeys(List<NewTouchpoint> keys) {
        List<Row3<Long, Long, OffsetDateTime>> rows = keys.stream()
                .map(k -> DSL.row(k.customerId(), k.campaignId(), k.occurredAt()))
                .toList();
        return dsl.selectFrom(TOUCHPOINT)
                .where(DSL.row(TOUCHPOINT.CUSTOMER_ID, TOUCHPOINT.CAMPAIGN_ID, TOUCHPOINT.OCCURRED_AT)
                        .in(rows))
                .fetch(AttributionRepository::touchpoint);
    }

    /** Each customer's touchpoints in attribution order: time, then campaign code. */
    Map<Long, List<Touchpoint>> byCustomers(Collection<Long> customerIds) {
        return dsl
                .select(TOUCHPOINT.fields())
                .from(TOUCHPOINT)
                .join(CAMPAIGN)
                .on(CAMPAIGN.ID.eq(TOUCHPOINT.CAMPAIGN_ID))
                .where(TOUCHPOINT.CUSTOMER_ID.in(customerIds))
                .orderBy(TOUCHPOINT.CUSTOMER_ID, TOUCHPOINT.OCCURRED_AT, CAMPAIGN.CODE)
                .fetch(r -> touchpoint(r.into(TOUCHPOINT)))
                .stream()
                .collect(Collectors.groupingBy(Touchpoint::customerId, LinkedHashMap::new, Collectors.toList()));
    }

    private static Touchpoint touchpoint(TouchpointRecord r) {
        return new Touchpoint(
                r.getId(),
                r.getCustomerId(),
                r.getCampaignId(),
                r.getOccurredAt(),
                TouchpointKind.valueOf(r.getKind()));
    }

    /**
     * The campaign performance report in one statement: credits per customer and campaign by window
     * functions over the touchpoints up to the end of each customer's acquisition day (UTC), revenue
     * and spend converted line by line, then the rows and the total by grouping sets.
     *
     * <p>Credits: first touch, last touch, linear and position based are rational, so each touch's
     * credit is an integer numerator over its customer's denominator (1; n touches; 5(n - 2) for
     * position based, where the first and last get 2(n - 2) and each middle one 1), summed per campaign
     * and denominator, then brought to the least common multiple of the report's denominators: the
     * figures leave the database as exact fractions and no decimal 1/3 is ever rounded. Time decay
     * weighs 2^-(age/halfLife) with age in whole days relative to the customer's most recent touch (the
     * normalisation cancels that out), one power per distinct age, the exponent carried to 30 decimals
     * more than the weight has leading zeros so every weight keeps at least 25 significant digits (up
     * to about 3,200 half-lives, where numeric's scale ends and a weight becomes 0); the most recent
     * touch takes 1 minus the others' credits, so that a customer's credits sum to exactly 1. Lines
     * convert through a table of each currency's rate on each day of the range (one hash join),
     * not a rate look-up per line.
     */
    List<PerformanceFigures> performance(
            LocalDate from,
            LocalDate to,
            AttributionModel model,
            CampaignGroupBy groupBy,
            int halfLifeDays,
            String reporting) {
        return dsl.resultQuery(
                        """
                with recursive cust as (
                    select id, acquired_on, acquisition_campaign_id
                    from customer
                    where acquired_on between {0}::date and {1}::date
                ),
                touch as (
                    select t.customer_id, t.campaign_id,
                           row_number() over (partition by t.customer_id order by t.occurred_at, k.code) as pos,
                           count(*) over (partition by t.customer_id) as n,
                           c.acquired_on - (t.occurred_at at time zone 'UTC')::date as age
                    from touchpoint t
                    join cust c on c.id = t.customer_id
                    join campaign k on k.id = t.campaign_id
                    where t.occurred_at < ((c.acquired_on + 1)::timestamp at time zone 'UTC')
                ),
                aged as (
                    select customer_id, campaign_id, pos, n, age - min(age) over (partition by customer_id) as a
                    from touch
                    where {3}::text = 'TIME_DECAY'
                ),
                decay as materialized (
                    select a, power(2::numeric, -(round(a::numeric, 30 + ceil(a * 0.302 / {5})::int) / {5})) as w
                    from (select distinct a from aged) d
                ),
                credited as (
                    select customer_id, campaign_id,
                           case {3}::text
                               when 'FIRST_TOUCH' then case when pos = 1 then 1 else 0 end
                               when 'LAST_TOUCH' then case when pos = n then 1 else 0 end
                               when 'LINEAR' then 1
                               else case when n > 2 and (pos = 1 or pos = n) then 2 * (n - 2) else 1 end
                           end::numeric as num,
                           case {3}::text
                               when 'LINEAR' then n
                               when 'POSITION_BASED' then case when n <= 2 then n else 5 * (n - 2) end
                               else 1
                           end as den
                    from touch
                    where {3}::text <> 'TIME_DECAY'
                    union all
                    select customer_id, campaign_id,
                           case when pos = n then 1 - (sum(share) over (partition by customer_id) - share)
                                else share end,
                           1
                    from (select g.customer_id, g.campaign_id, g.pos, g.n,
                                 d.w / sum(d.w) over (partition by g.customer_id) as share
                          from aged g join decay d on d.a = g.a) s
                    union all
                    select c.id, c.acquisition_campaign_id, 1, 1
                    from cust c
                    where not exists (select 1 from touch t where t.customer_id = c.id)
                ),
                rates as (
                    select cu.code as currency, g.day::date as day, fx_rate_on(cu.code, g.day::date, {2}) as rate
                    from currency cu cross join generate_series({0}::date, {1}::date, interval '1 day') as g(day)
                ),
                rev as (
                    select c.id as customer_id,
                           sum(r.amount * x.rate) as revenue,
                           min(case when x.rate is null then r.currency || '|' || r.recognized_on end) as missing
                    from cust c
                    join revenue_line r on r.customer_id = c.id and r.recognized_on between c.acquired_on and {1}::date
                    join rates x on x.currency = r.currency and x.day = r.recognized_on
                    group by c.id
                ),
                by_den as (
                    select cr.campaign_id, campaign_assignment_id_on(cr.campaign_id, c.acquired_on) as assignment_id,
                           cr.den, sum(cr.num) as num,
                           sum(cr.num * coalesce(rev.revenue, 0)) as revenue, min(rev.missing) as missing
                    from credited cr
                    join cust c on c.id = cr.customer_id
                    left join rev on rev.customer_id = cr.customer_id
                    group by 1, 2, 3
                ),
                dens as materialized (
                    select den, row_number() over (order by den) as i
                    from (select distinct den from by_den) d
                ),
                common (i, l) as (
                    select 0::bigint, 1::numeric
                    union all
                    select d.i, lcm(c.l, d.den::numeric) from common c join dens d on d.i = c.i + 1
                ),
                denominator as (
                    select max(l) as l from common
                ),
                attributed as (
                    select b.campaign_id, b.assignment_id, sum(b.num * div(x.l, b.den)) as customers,
                           sum(b.revenue * div(x.l, b.den)) as revenue, min(b.missing) as missing
                    from by_den b cross join denominator x
                    group by b.campaign_id, b.assignment_id
                ),
                spend_days as (
                    select l.campaign_id, l.booked_on, sum(l.amount * x.rate) as spend,
                           min(case when x.rate is null then l.currency || '|' || l.booked_on end) as missing
                    from spend_line l join rates x on x.currency = l.currency and x.day = l.booked_on
                    where l.campaign_id is not null and l.booked_on between {0}::date and {1}::date
                    group by 1, 2
                ),
                spend as (
                    select campaign_id, campaign_assignment_id_on(campaign_id, booked_on) as assignment_id,
                           sum(spend) as spend, min(missing) as missing
                    from spend_days
                    group by 1, 2
                ),
                funnel as (
                    select campaign_id, campaign_assignment_id_on(campaign_id, day) as assignment_id,
                           sum(impressions) as impressions, sum(clicks) as clicks, sum(leads) as leads,
                           sum(opportunities) as opportunities
                    from campaign_result
                    where day between {0}::date and {1}::date
                    group by 1, 2
                ),
                -- each campaign with the assignment in force on the days of its facts (changeset 0027):
                -- spend on its booking day, results on their day, credits on the acquisition day; a
                -- campaign running in the range without any, under its assignment on the range's end
                keys as (
                    select campaign_id, assignment_id from spend
                    union
                    select campaign_id, assignment_id from funnel
                    union
                    select campaign_id, assignment_id from attributed where campaign_id is not null
                    union
                    select k.id, campaign_assignment_id_on(k.id, {1}::date)
                    from campaign k
                    where k.start_date <= {1}::date and (k.end_date is null or k.end_date >= {0}::date)
                      and not exists (select 1 from spend s where s.campaign_id = k.id)
                      and not exists (select 1 from funnel f where f.campaign_id = k.id)
                      and not exists (select 1 from attributed a where a.campaign_id = k.id)
                ),
                per_campaign as (
                    select case {4}::text when 'CAMPAIGN' then k.code when 'CHANNEL' then ch.code
                                          when 'SEGMENT' then sg.code when 'PRODUCT' then p.code
                                          else rg.code end as code,
                           case {4}::text when 'CAMPAIGN' then k.name when 'CHANNEL' then ch.name
                                          when 'SEGMENT' then sg.name when 'PRODUCT' then p.name
                                          else rg.name end as name,
                           false as unattributed,
                           coalesce(s.spend, 0) as spend, coalesce(f.impressions, 0) as impressions,
                           coalesce(f.clicks, 0) as clicks, coalesce(f.leads, 0) as leads,
                           coalesce(f.opportunities, 0) as opportunities,
                           coalesce(a.customers, 0) as customers, coalesce(a.revenue, 0) as revenue,
                           coalesce(s.missing, a.missing) as missing
                    from keys y
                    join campaign k on k.id = y.campaign_id
                    join campaign_assignment ca on ca.id = y.assignment_id
                    join channel ch on ch.id = ca.channel_id
                    left join segment sg on sg.id = ca.segment_id
                    left join product p on p.id = ca.product_id
                    left join region rg on rg.id = ca.region_id
                    left join spend s on s.campaign_id = y.campaign_id and s.assignment_id = y.assignment_id
                    left join funnel f on f.campaign_id = y.campaign_id and f.assignment_id = y.assignment_id
                    left join attributed a on a.campaign_id = y.campaign_id and a.assignment_id = y.assignment_id
                    union all
                    select null, null, true, 0, 0, 0, 0, 0, a.customers, a.revenue, a.missing
                    from attributed a
                    where a.campaign_id is null
                )
                select code, name, unattributed, grouping(unattributed, code, name) <> 0 as is_total,
                       coalesce(sum(spend), 0) as spend, coalesce(sum(impressions), 0) as impressions,
                       coalesce(sum(clicks), 0) as clicks, coalesce(sum(leads), 0) as leads,
                       coalesce(sum(opportunities), 0) as opportunities, coalesce(sum(customers), 0) as customers,
                       coalesce(sum(revenue), 0) as revenue, min(missing) as missing,
                       (select l from denominator) as denominator
                from per_campaign
                group by grouping sets ((unattributed, code, name), ())
                order by is_total, unattributed, code nulls last
                """,
                        DSL.val(from),
                        DSL.val(to),
                        DSL.val(reporting),
                        DSL.val(model.name()),
                        DSL.val(groupBy.name()),
                        DSL.val(halfLifeDays))
                .fetch(r -> new PerformanceFigures(
                        r.get(0, String.class),
                        r.get(1, String.class),
                        Boolean.TRUE.equals(r.get(2, Boolean.class)),
                        r.get(3, Boolean.class),
                        r.get(4, BigDecimal.class),
                        r.get(5, Long.class),
                        r.get(6, Long.class),
                        r.get(7, Long.class),
                        r.get(8, Long.class),
                        r.get(9, BigDecimal.class),
                        r.get(10, BigDecimal.class),
                        r.get(12, BigDecimal.class),
                        r.get(11, String.class)));
    }
}
