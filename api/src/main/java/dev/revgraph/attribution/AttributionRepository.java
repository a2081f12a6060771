package dev.revgraph.attribution;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.TOUCHPOINT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import dev.revgraph.db.tables.records.TouchpointRecord;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.report.CampaignAssignmentSpans;
import dev.revgraph.shared.report.SliceFilter;
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

    /**
     * The SQL of line conversion, which differs between the report currency {2} (the reporting
     * currency: the fast path, closed months at the rates their close stored) and another registered
     * currency {7} (every line, the stored day amounts of closed months included, at today's rate of
     * its own day over the report currency's: amount x rate(line currency) / rate(report currency)).
     * Each statement using it binds {0} from, {1} to, {2} the reporting currency and, for another
     * currency, {7} the report currency; {@code closed} and {@code closed_months} are its CTEs.
     */
    static final class Fx {

        /** The reporting currency: the rollups' and the closes' rates. */
        static final Fx REPORTING = new Fx(false);

        /** Another currency than the reporting one. */
        static final Fx OTHER = new Fx(true);

        final boolean other;

        private Fx(boolean other) {
            this.other = other;
        }

        static Fx of(String reporting, String target) {
            return reporting.equals(target) ? REPORTING : OTHER;
        }

        /**
         * The CTE {@code rates}: each currency's rate on each day of the open months of {0}..{1}
         * ({@code rate}, null when missing); for another currency, every day of the months {0}..{1}
         * touch, closed ones included, with the report currency's rate ({@code target}) and the
         * first of the two that is missing ({@code missing}). Ends with a comma.
         */
        String rates() {
            // materialized: a CTE referenced once is inlined, and PostgreSQL may then call fx_rate_on
            // once per line instead of once per currency and day (docs/performance.md)
            return other ? """
                    rates as materialized (
                        select currency, day, rate, target,
                               case when rate is null then currency || '|' || day
                                    when target is null then {7} || '|' || day end as missing
                        from (select cu.code as currency, g.day::date as day,
                                     fx_rate_on(cu.code, g.day::date, {2}) as rate,
                                     fx_rate_on({7}, g.day::date, {2}) as target
                              from currency cu
                              cross join generate_series(date_trunc('month', {0}::date),
                                                         date_trunc('month', {1}::date) + interval '1 month - 1 day',
                                                         interval '1 day') as g(day)) r
                    ),
                    """ : """
                    rates as materialized (
                        select cu.code as currency, g.day::date as day, fx_rate_on(cu.code, g.day::date, {2}) as rate
                        from currency cu cross join generate_series({0}::date, {1}::date, interval '1 day') as g(day)
                        where date_trunc('month', g.day::date)::date <> all ((select months from closed_months)::date[])
                    ),
                    """;
        }

        private static final java.util.regex.Pattern PIECE = java.util.regex.Pattern.compile(
                "/\\*(rates|spend_lines|revenue_days|value|missing|closed_value|closed_missing|closed_rates|open_only)((?: [^ *]+)*)\\*/");

        /**
         * The template with its conversion pieces filled in: the comments {@code rates},
         * {@code spend_lines}, {@code value AMOUNT}, {@code missing CURRENCY DAY}, {@code closed_value A},
         * {@code closed_missing A}, {@code closed_rates A}, {@code open_only DAY} and {@code revenue_days}.
         */
        String sql(String template) {
            return PIECE.matcher(template).replaceAll(m -> {
                String[] a = m.group(2).isEmpty()
                        ? new String[0]
                        : m.group(2).substring(1).split(" ");
                String piece = switch (m.group(1)) {
                    case "rates" -> rates();
                    case "spend_lines" -> spendLines();
                    case "revenue_days" -> revenueDays();
                    case "value" -> value(a[0]);
                    case "missing" -> missing(a[0], a[1]);
                    case "closed_value" -> closedValue(a[0]);
                    case "closed_missing" -> closedMissing(a[0]);
                    case "closed_rates" -> closedRates(a[0]);
                    default -> openOnly(a[0]);
                };
                return java.util.regex.Matcher.quoteReplacement(piece);
            });
        }

        /**
         * The bind values {0}..{6} as given, and for another currency {7} the report currency (the
         * reporting currency's statement has no {7}).
         */
        Object[] args(
                LocalDate from,
                LocalDate to,
                String reporting,
                String model,
                String groupBy,
                int halfLifeDays,
                boolean firstReported,
                String currency) {
            List<Object> args = new java.util.ArrayList<>(List.of(
                    DSL.val(from),
                    DSL.val(to),
                    DSL.val(reporting),
                    DSL.val(model),
                    DSL.val(groupBy),
                    DSL.val(halfLifeDays),
                    DSL.val(firstReported)));
            if (other) {
                args.add(DSL.val(currency));
            }
            return args.toArray();
        }

        /** {@code amount} of a line joined to {@code rates x}, converted. */
        String value(String amount) {
            return other ? amount + " * x.rate / x.target" : amount + " * x.rate";
        }

        /** The line joined to {@code rates x} without a rate as {@code CUR|day}, else null. */
        String missing(String currency, String day) {
            return other ? "x.missing" : "case when x.rate is null then " + currency + " || '|' || " + day + " end";
        }

        /** The value of a stored day amount of a closed month ({@code a}: amount, rated, currency, day). */
        String closedValue(String a) {
            return other
                    ? a + ".amount * x.rate / x.target"
                    : "case when " + a + ".currency = {2} then " + a + ".amount else " + a + ".rated end";
        }

        /** The stored day amount of a closed month without a rate, else null. */
        String closedMissing(String a) {
            return other
                    ? "x.missing"
                    : "case when " + a + ".currency <> {2} and " + a + ".rated is null then " + a
                            + ".currency || '|' || " + a + ".day end";
        }

        /**
         * For another currency, whose rates cover closed months too: the condition (after an
         * {@code and}) keeping the live lines of open months only; nothing otherwise (the rates of
         * the reporting currency cover open months only, so the join keeps them).
         */
        String openOnly(String day) {
            return other
                    ? "\n  and date_trunc('month', " + day
                            + "::timestamp)::date <> all ((select months from closed_months)::date[])"
                    : "";
        }

        /** The join of a stored day amount to its day's rates (another currency only). */
        String closedRates(String a) {
            return other ? "join rates x on x.currency = " + a + ".currency and x.day = " + a + ".day" : "";
        }

        /**
         * The CTEs {@code live_lines} and {@code revenue_days}: the revenue of each customer of
         * {@code cust} (customer_id, acquired_on) from its acquisition day to {1} in the report
         * currency, as rows (customer_id, month, value, missing); closed months from the day amounts
         * their close stored. Ends with a comma.
         *
         * <p>The reporting currency reads each line only where the customer's days of a month start
         * after the month's first day (its acquisition month) or end before its last (the month of {1});
         * every whole month between them is one row per currency of {@code customer_month_rollup}
         * (changeset 0022), whose {@code rated} is the sum of its lines' amounts at their own day's
         * rate: the same sum, exactly, as converting the lines one by one, and its {@code first_day}
         * the earliest of its lines, which is the one a missing rate names. Another currency converts
         * every line (the rollup holds the reporting currency's rates only). The lines and the rollup
         * rows are read per customer ({@code lateral ... offset 0}: index-only probes of 0059's
         * indexes; joined, the planner hashed the customers and read every line of the ledger).
         */
        String revenueDays() {
            String open = """
                    date_trunc('month', r.recognized_on::timestamp)::date <> all ((select months from closed_months)::date[])""";
            String closed = """
                    select c.customer_id, date_trunc('month', d.day::timestamp)::date, %s,
                           %s
                    from cust c
                    join closed_customer_day_revenue d on d.customer_id = c.customer_id
                                                      and d.day between c.acquired_on and {1}::date
                    join closed m on m.id = d.close_version_id
                    %s
                ),
                """.formatted(closedValue("d"), closedMissing("d"), closedRates("d"));
            if (other) {
                return """
                    live_lines as materialized (
                        select c.customer_id, r.currency, r.recognized_on, r.amount
                        from cust c
                        join revenue_line r on r.customer_id = c.customer_id
                                           and r.recognized_on between c.acquired_on and {1}::date
                        where exists (select 1 from rates) and %s
                    ),
                    revenue_days as (
                        select l.customer_id, date_trunc('month', l.recognized_on::timestamp)::date as month,
                               %s as value, %s as missing
                        from live_lines l join rates x on x.currency = l.currency and x.day = l.recognized_on
                        union all
                    """.formatted(open, value("l.amount"), missing("l.currency", "l.recognized_on")) + closed;
            }
            return """
                    whole_months as (
                        select case when {1}::date = (date_trunc('month', {1}::timestamp) + interval '1 month - 1 day')::date
                                    then {1}::date + 1 else date_trunc('month', {1}::timestamp)::date end as before
                    ),
                    spans as materialized (
                        select c.customer_id, c.acquired_on,
                               (date_trunc('month', (c.acquired_on - 1)::timestamp) + interval '1 month')::date as full_from
                        from cust c
                    ),
                    live_lines as materialized (
                        select s.customer_id, r.currency, r.recognized_on, r.amount
                        from spans s
                        cross join lateral (
                            select r.currency, r.recognized_on, r.amount
                            from revenue_line r
                            where r.customer_id = s.customer_id
                              and r.recognized_on between s.acquired_on and least({1}::date, s.full_from - 1)
                            offset 0
                        ) r
                        where exists (select 1 from rates) and %1$s
                        union all
                        select s.customer_id, r.currency, r.recognized_on, r.amount
                        from whole_months w
                        join spans s on w.before <= {1}::date
                        cross join lateral (
                            select r.currency, r.recognized_on, r.amount
                            from revenue_line r
                            where r.customer_id = s.customer_id
                              and r.recognized_on between greatest(s.full_from, w.before) and {1}::date
                            offset 0
                        ) r
                        where exists (select 1 from rates) and %1$s
                    ),
                    revenue_first_rates as materialized (
                        select cu.code as currency,
                               coalesce((select min(f.rate_date) from fx_rate f where f.currency = cu.code),
                                        'infinity'::date) as first_rate
                        from currency cu
                    ),
                    revenue_days as (
                        select l.customer_id, date_trunc('month', l.recognized_on::timestamp)::date as month,
                               %2$s as value, %3$s as missing
                        from live_lines l join rates x on x.currency = l.currency and x.day = l.recognized_on
                        union all
                        select s.customer_id, r.month, case when r.currency = {2} then r.amount else r.rated end,
                               case when r.currency <> {2} and r.first_day < f.first_rate
                                    then r.currency || '|' || r.first_day end
                        from whole_months w
                        cross join spans s
                        cross join lateral (
                            select r.month, r.currency, r.amount, r.rated, r.first_day
                            from customer_month_rollup r
                            where r.customer_id = s.customer_id and r.month >= s.full_from and r.month < w.before
                            offset 0
                        ) r
                        join revenue_first_rates f on f.currency = r.currency
                        where r.month <> all ((select months from closed_months)::date[])
                        union all
                    """.formatted(open, value("l.amount"), missing("l.currency", "l.recognized_on")) + closed;
        }

        /**
         * The CTE {@code spend_lines}: every campaign spend line of {0}..{1} in the report currency
         * (live lines at their day's rate from {@code rates}; closed months from the day amounts their
         * close stored, from {@code closed}), with the first line without a rate as {@code missing}.
         * Ends with a comma.
         */
        String spendLines() {
            return """
                spend_lines as (
                        select l.campaign_id, l.booked_on as day, %s as value,
                               %s as missing
                        from spend_line l join rates x on x.currency = l.currency and x.day = l.booked_on
                        where l.campaign_id is not null and l.booked_on between {0}::date and {1}::date%s
                        union all
                        select s.campaign_id, s.day, %s,
                               %s
                        from closed m join closed_campaign_spend s on s.close_version_id = m.id
                        %s
                        where s.day between {0}::date and {1}::date
                    ),
                """.formatted(
                            value("l.amount"),
                            missing("l.currency", "l.booked_on"),
                            openOnly("l.booked_on"),
                            closedValue("s"),
                            closedMissing("s"),
                            closedRates("s"));
        }
    }

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
     * A report filter as the SQL conditions on a campaign performance row (docs/metrics.md, "One
     * filter for every report"): a campaign's row tests its campaign and the assignment in force on the
     * days of its facts ({@code k}, {@code ca}: its channel, owner department, objective and the
     * segment, product and region it targets); the unattributed row has none of them. Both true
     * without a filter.
     */
    static String[] rowConditions(DSLContext dsl, SliceFilter where) {
        if (where == null) {
            return new String[] {"true", "true"};
        }
        return new String[] {
            dsl.renderInlined(where.condition(d -> switch (d) {
                case CAMPAIGN -> field(name("k", "id"), Long.class);
                case CHANNEL -> field(name("ca", "channel_id"), Long.class);
                case DEPARTMENT -> field(name("ca", "department_id"), Long.class);
                case SEGMENT -> field(name("ca", "segment_id"), Long.class);
                case PRODUCT -> field(name("ca", "product_id"), Long.class);
                case REGION -> field(name("ca", "region_id"), Long.class);
                case OBJECTIVE -> field(name("ca", "objective"), String.class);
            })),
            dsl.renderInlined(where.condition(d -> null))
        };
    }

    /**
     * Where a report's credits come from: the maintained credits (changeset 0052) for every model at
     * its stored parameters, TIME_DECAY at another half-life computed from the touches on request
     * (slower: every customer's journey of the range). Both give the same rows as the schema's
     * {@code attribution_credits} (0029), closed months as their close stored them.
     */
    static String credits(AttributionModel model, int halfLifeDays) {
        return model.stored(halfLifeDays)
                ? "attribution_credits_stored({0}::date, {1}::date, {3}::text, {6}::boolean)"
                : "attribution_credits({0}::date, {1}::date, {3}::text, {5}::int, {6}::boolean)";
    }

    /**
     * The campaign performance report in one statement: credits per customer and campaign, revenue
     * and spend converted line by line, then the rows and the total by grouping sets.
     *
     * <p>Credits are those of the schema's {@code attribution_credits} (changeset 0029), read from the
     * credits maintained on write (changeset 0052, see {@link #credits}): first touch,
     * last touch, linear and position based are rational, so each credit is an integer numerator
     * over its customer's denominator, summed per campaign and denominator, then brought to the least
     * common multiple of the report's denominators: the figures leave the database as exact
     * fractions and no decimal 1/3 is ever rounded. Time decay carries at least 25 significant
     * digits, and a customer's credits sum to exactly 1.
     *
     * <p>Each fact comes from its own month: a month with a stored close (the request's
     * {@code firstReported} picks the first or the latest) reads what that close stored (the credits
     * of the customers acquired in it, each customer's revenue per day, campaign spend per day, at the
     * rates of the close, the daily results and the days each campaign ran); any other month reads
     * the live tables. Live lines convert through a table of each currency's rate on each day of the
     * open months of the range (one hash join), not a rate look-up per line. In the reporting currency
     * a customer's revenue reads its whole months from the customer-month rollup and lines only where
     * the range cuts a month (see {@link Fx#revenueDays}); each fact's campaign assignment is a join
     * on {@link CampaignAssignmentSpans#CTE}, not a function call per row. The request's currency is
     * the report's (see {@link Fx}); the credits do not depend on it.
     */
    List<PerformanceFigures> performance(AttributionRequest r, CampaignGroupBy groupBy, String reporting) {
        String[] rowConditions = rowConditions(dsl, r.where());
        Fx fx = Fx.of(reporting, r.currency());
        return dsl.resultQuery(
                        fx.sql("""
                with closed as materialized (
                    select month, close_version_id as id
                    from reported_close_version({0}::date, {1}::date, {6}::boolean)
                ),
                closed_months as (
                    select coalesce(array_agg(month), array[]::date[]) as months from closed
                ),
                credited as (
                    select customer_id, acquired_on, campaign_id, num, den
                    from\s""" + credits(r.model(), r.halfLifeDays()) + "\n"
                                + """
                ),
                """ + CampaignAssignmentSpans.CTE
                                + """
                stored_customers as (
                    select s.customer_id, s.acquired_on
                    from closed m join closed_attribution_touch s on s.close_version_id = m.id
                    where s.pos <= 1 and s.acquired_on between {0}::date and {1}::date
                ),
                cust as (
                    select c.id as customer_id, c.acquired_on
                    from customer c
                    where c.acquired_on between {0}::date and {1}::date
                      and date_trunc('month', c.acquired_on)::date <> all ((select months from closed_months)::date[])
                      and not exists (select 1 from stored_customers s where s.customer_id = c.id)
                    union all
                    select s.customer_id, s.acquired_on
                    from stored_customers s
                    where exists (select 1 from customer c where c.id = s.customer_id)
                ),
                /*rates*/
                /*revenue_days*/
                rev as (
                    select customer_id, sum(value) as revenue, min(missing) as missing
                    from revenue_days
                    group by customer_id
                ),
                by_den as (
                    select cr.campaign_id, a.id as assignment_id,
                           cr.den, sum(cr.num) as num,
                           sum(cr.num * coalesce(rev.revenue, 0)) as revenue, min(rev.missing) as missing
                    from credited cr
                    left join rev on rev.customer_id = cr.customer_id
                    left join assignment_spans a on a.campaign_id = cr.campaign_id and a.valid_from <= cr.acquired_on
                                                and (a.valid_to is null or cr.acquired_on < a.valid_to)
                    group by 1, 2, 3
                ),
                denominator as materialized (
                    select credit_denominator(array_agg(distinct den)) as l from by_den
                ),
                attributed as (
                    select b.campaign_id, b.assignment_id, sum(b.num * div(x.l, b.den)) as customers,
                           sum(b.revenue * div(x.l, b.den)) as revenue, min(b.missing) as missing
                    from by_den b cross join denominator x
                    group by b.campaign_id, b.assignment_id
                ),
                /*spend_lines*/
                spend_days as (
                    select campaign_id, day, sum(value) as spend, min(missing) as missing
                    from spend_lines
                    group by 1, 2
                ),
                spend as (
                    select d.campaign_id, a.id as assignment_id, sum(d.spend) as spend, min(d.missing) as missing
                    from spend_days d
                    left join assignment_spans a on a.campaign_id = d.campaign_id and a.valid_from <= d.day
                                                and (a.valid_to is null or d.day < a.valid_to)
                    group by 1, 2
                ),
                results as (
                    select campaign_id, day, impressions, clicks, leads, opportunities
                    from campaign_result
                    where day between {0}::date and {1}::date
                      and date_trunc('month', day)::date <> all ((select months from closed_months)::date[])
                    union all
                    select s.campaign_id, s.day, s.impressions, s.clicks, s.leads, s.opportunities
                    from closed m join closed_campaign_result s on s.close_version_id = m.id
                    where s.day between {0}::date and {1}::date
                ),
                funnel as (
                    select r.campaign_id, a.id as assignment_id,
                           sum(r.impressions) as impressions, sum(r.clicks) as clicks, sum(r.leads) as leads,
                           sum(r.opportunities) as opportunities
                    from results r
                    left join assignment_spans a on a.campaign_id = r.campaign_id and a.valid_from <= r.day
                                                and (a.valid_to is null or r.day < a.valid_to)
                    group by 1, 2
                ),
                open_days as (
                    select greatest({0}::date, g.m::date) as first_day,
                           least({1}::date, (g.m + interval '1 month - 1 day')::date) as last_day
                    from generate_series(date_trunc('month', {0}::timestamp), {1}::timestamp, interval '1 month') as g(m)
                    where g.m::date <> all ((select months from closed_months)::date[])
                ),
                running as (
                    select k.id as campaign_id
                    from campaign k
                    where exists (select 1 from open_days o
                                  where k.start_date <= o.last_day and (k.end_date is null or k.end_date >= o.first_day))
                    union
                    select r.campaign_id
                    from closed m join closed_campaign_running r on r.close_version_id = m.id
                    where r.first_day <= {1}::date and r.last_day >= {0}::date
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
                    select r.campaign_id, a.id
                    from running r
                    left join assignment_spans a on a.campaign_id = r.campaign_id and a.valid_from <= {1}::date
                                                and (a.valid_to is null or {1}::date < a.valid_to)
                    where not exists (select 1 from spend s where s.campaign_id = r.campaign_id)
                      and not exists (select 1 from funnel f where f.campaign_id = r.campaign_id)
                      and not exists (select 1 from attributed a where a.campaign_id = r.campaign_id)
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
                    where %s
                    union all
                    select null, null, true, 0, 0, 0, 0, 0, a.customers, a.revenue, a.missing
                    from attributed a
                    where a.campaign_id is null and %s
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
                """.formatted(rowConditions[0], rowConditions[1])),
                        fx.args(
                                r.from(),
                                r.to(),
                                reporting,
                                r.model().name(),
                                groupBy.name(),
                                r.halfLifeDays(),
                                r.firstReported(),
                                r.currency()))
                .fetch(row -> new PerformanceFigures(
                        row.get(0, String.class),
                        row.get(1, String.class),
                        Boolean.TRUE.equals(row.get(2, Boolean.class)),
                        row.get(3, Boolean.class),
                        row.get(4, BigDecimal.class),
                        row.get(5, Long.class),
                        row.get(6, Long.class),
                        row.get(7, Long.class),
                        row.get(8, Long.class),
                        row.get(9, BigDecimal.class),
                        row.get(10, BigDecimal.class),
                        row.get(12, BigDecimal.class),
                        row.get(11, String.class)));
    }

    /**
     * One row of the expansion attribution report at full precision, or the total row: the credited
     * expansion and reactivated MRR as exact fractions {@code expansion / denominator}, one
     * denominator for the whole report, and the spend.
     */
    record ExpansionFigures(
            String code,
            String name,
            boolean unattributed,
            boolean total,
            BigDecimal spend,
            BigDecimal expansion,
            BigDecimal reactivated,
            BigDecimal denominator,
            String missingRate) {}

    /**
     * The movements of another currency than the reporting one: the customer-months of the maintained
     * MRR (closed months as their close stored them) with a previous active month, their MRR and the
     * previous month's recomputed from the customer's recurring revenue lines of those months, each
     * at its own day's rate over the report currency's; an expansion is then a rise in that currency.
     */
    private static final String OTHER_MOVED = """
            closed as materialized (
                select month, close_version_id as id
                from reported_close_version({0}::date, {1}::date, {6}::boolean)
            ),
            closed_months as (
                select coalesce(array_agg(month), array[]::date[]) as months from closed
            ),
            base as (
                select m.customer_id, m.month, m.prev_month
                from customer_mrr_month_reported({6}::boolean) m, months x
                where m.month between x.first_month and x.last_month and m.prev_month is not null
            ),
            mrr_lines as (
                select b.customer_id, b.month, date_trunc('month', r.recognized_on::timestamp)::date as line_month,
                       r.amount * fx_rate_on(r.currency, r.recognized_on, {2}) / fx_rate_on({7}, r.recognized_on, {2})
                           as value,
                       case when fx_rate_on(r.currency, r.recognized_on, {2}) is null
                                then r.currency || '|' || r.recognized_on
                            when fx_rate_on({7}, r.recognized_on, {2}) is null then {7} || '|' || r.recognized_on
                       end as missing
                from base b
                join revenue_line r on r.customer_id = b.customer_id and r.recurring
                                   and ((r.recognized_on >= b.month
                                         and r.recognized_on < (b.month + interval '1 month')::date)
                                        or (r.recognized_on >= b.prev_month
                                            and r.recognized_on < (b.prev_month + interval '1 month')::date))
            ),
            target_mrr as (
                select customer_id, month, coalesce(sum(value) filter (where line_month = month), 0) as mrr,
                       coalesce(sum(value) filter (where line_month <> month), 0) as prev_mrr, min(missing) as missing
                from mrr_lines
                group by 1, 2
            ),
            moved as (
                select b.customer_id, b.month,
                       case when b.prev_month = (b.month - interval '1 month')::date
                            then greatest(coalesce(t.mrr, 0) - coalesce(t.prev_mrr, 0), 0) else 0 end as expansion,
                       case when b.prev_month < (b.month - interval '1 month')::date then coalesce(t.mrr, 0) else 0 end
                           as reactivated
                from base b
                left join target_mrr t on t.customer_id = b.customer_id and t.month = b.month
                where b.prev_month < (b.month - interval '1 month')::date or coalesce(t.mrr, 0) > coalesce(t.prev_mrr, 0)
            ),
            """;

    /** Another currency's spend: the campaign spend lines of the range's months, converted one by one. */
    private static final String OTHER_SPEND = """
            spend as (
                select l.campaign_id, a.id as assignment_id, sum(l.value) as spend, min(l.missing) as missing
                from spend_lines l
                left join assignment_spans a on a.campaign_id = l.campaign_id and a.valid_from <= l.day
                                            and (a.valid_to is null or l.day < a.valid_to)
                group by 1, 2
            ),
            revenue_missing as (
                select min(missing) as missing from target_mrr
            ),
            """;

    /**
     * The expansion attribution report in one statement (docs/metrics.md, "Expansion attribution").
     *
     * <p>The movements are each customer-month of the months the range touches whose MRR rose from an
     * active month before (expansion: the rise) or came back after a month or more without
     * (reactivated: the MRR), as the maintained customer months hold them (changeset 0024; closed
     * months as their close stored them). The touches of a movement are the customer's touchpoints from
     * the day after its acquisition date up to the end of the movement's month (UTC), in attribution
     * order (time, then campaign code); they share the movement under the model exactly as the
     * schema's {@code attribution_credits} shares a customer (rational numerators over the
     * movement's denominator; time decay by age in days before the most recent touch). A movement
     * without touches is the unattributed row. A credit goes to its campaign under the campaign's
     * assignment on the touch's day; spend is the campaign's spend lines of the same months under
     * their assignment on the booking day.
     *
     * <p>In another currency than the reporting one (the request's), the movements are
     * {@link #OTHER_MOVED} and the spend lines convert one by one ({@code from} and {@code to} are
     * whole months there); the credits do not depend on the currency.
     */
    List<ExpansionFigures> expansion(AttributionRequest r, CampaignGroupBy groupBy, String reporting) {
        String[] rowConditions = rowConditions(dsl, r.where());
        Fx fx = Fx.of(reporting, r.currency());
        LocalDate from = r.from();
        LocalDate to = r.to();
        if (fx.other) {
            from = from.withDayOfMonth(1);
            to = to.withDayOfMonth(to.lengthOfMonth());
        }
        String template = """
                with recursive months as (
                    select date_trunc('month', {0}::date)::date as first_month,
                           date_trunc('month', {1}::date)::date as last_month
                ),
                """ + CampaignAssignmentSpans.CTE + """
                moved as (
                    select m.customer_id, m.month,
                           case when m.prev_month = (m.month - interval '1 month')::date
                                then greatest(m.mrr - m.prev_mrr, 0) else 0 end as expansion,
                           case when m.prev_month < (m.month - interval '1 month')::date then m.mrr else 0 end
                               as reactivated
                    from customer_mrr_month_reported({6}::boolean) m, months x
                    where m.month between x.first_month and x.last_month
                      and m.prev_month is not null
                      and (m.prev_month < (m.month - interval '1 month')::date or m.mrr > m.prev_mrr)
                ),
                touch as (
                    select v.customer_id, v.month, t.campaign_id, (t.occurred_at at time zone 'UTC')::date as day,
                           row_number() over (partition by v.customer_id, v.month order by t.occurred_at, k.code)
                               as pos,
                           count(*) over (partition by v.customer_id, v.month) as n
                    from moved v
                    join customer c on c.id = v.customer_id
                    join touchpoint t on t.customer_id = v.customer_id
                                     and t.occurred_at >= ((c.acquired_on + 1)::timestamp at time zone 'UTC')
                                     and t.occurred_at < (((v.month + interval '1 month')::date)::timestamp
                                                          at time zone 'UTC')
                    join campaign k on k.id = t.campaign_id
                ),
                aged as (
                    select customer_id, month, campaign_id, day, pos, n,
                           max(day) over (partition by customer_id, month) - day as a
                    from touch
                    where {3}::text = 'TIME_DECAY'
                ),
                decay as materialized (
                    select a, power(2::numeric, -(round(a::numeric, 30 + ceil(a * 0.302 / {5}::int)::int)
                                                  / {5}::int)) as w
                    from (select distinct a from aged) d
                ),
                credited as (
                    select customer_id, month, campaign_id, day,
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
                    select customer_id, month, campaign_id, day,
                           case when pos = n then 1 - (sum(share) over (partition by customer_id, month) - share)
                                else share end,
                           1
                    from (select g.customer_id, g.month, g.campaign_id, g.day, g.pos, g.n,
                                 d.w / sum(d.w) over (partition by g.customer_id, g.month) as share
                          from aged g join decay d on d.a = g.a) s
                ),
                by_den as (
                    select cr.campaign_id, a.id as assignment_id,
                           cr.den, sum(cr.num * v.expansion) as expansion, sum(cr.num * v.reactivated) as reactivated
                    from credited cr
                    join moved v on v.customer_id = cr.customer_id and v.month = cr.month
                    left join assignment_spans a on a.campaign_id = cr.campaign_id and a.valid_from <= cr.day
                                                and (a.valid_to is null or cr.day < a.valid_to)
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
                    select b.campaign_id, b.assignment_id, sum(b.expansion * div(x.l, b.den)) as expansion,
                           sum(b.reactivated * div(x.l, b.den)) as reactivated
                    from by_den b cross join denominator x
                    group by b.campaign_id, b.assignment_id
                ),
                unattributed as (
                    select sum(v.expansion) as expansion, sum(v.reactivated) as reactivated
                    from moved v
                    where not exists (select 1 from touch t where t.customer_id = v.customer_id and t.month = v.month)
                ),
                SPEND_AND_MISSING
                spend as (
                    select s.campaign_id, s.campaign_assignment_id as assignment_id,
                           sum(case when s.currency = {2} then s.amount else s.rated end) as spend,
                           min(case when s.currency <> {2} and fx_table_rate(s.currency, s.first_day) is null
                                    then s.currency || '|' || s.first_day end) as missing
                    from spend_rollup_reported({6}::boolean) s, months x
                    where s.campaign_id is not null and s.month between x.first_month and x.last_month
                    group by 1, 2
                ),
                revenue_missing as (
                    select min(cu.code || '|' || y.first_day) as missing
                    from currency cu
                    cross join lateral (select min(rate_date) as first_rate from fx_rate where currency = cu.code) f
                    cross join lateral (
                        select min(r.first_day) as first_day from customer_month_rollup_reported({6}::boolean) r
                        where r.currency = cu.code
                          and r.month <= least((select last_month from months), coalesce(f.first_rate, {1}::date))
                          and r.first_day < coalesce(f.first_rate, 'infinity'::date)
                    ) y
                    where cu.code <> {2}
                ),
                keys as (
                    select campaign_id, assignment_id from attributed
                    union
                    select campaign_id, assignment_id from spend
                ),
                per_row as (
                    select case {4}::text when 'CAMPAIGN' then k.code when 'CHANNEL' then ch.code
                                          when 'SEGMENT' then sg.code when 'PRODUCT' then p.code
                                          else rg.code end as code,
                           case {4}::text when 'CAMPAIGN' then k.name when 'CHANNEL' then ch.name
                                          when 'SEGMENT' then sg.name when 'PRODUCT' then p.name
                                          else rg.name end as name,
                           false as unattributed,
                           coalesce(s.spend, 0) as spend, coalesce(a.expansion, 0) as expansion,
                           coalesce(a.reactivated, 0) as reactivated, s.missing
                    from keys y
                    join campaign k on k.id = y.campaign_id
                    join campaign_assignment ca on ca.id = y.assignment_id
                    join channel ch on ch.id = ca.channel_id
                    left join segment sg on sg.id = ca.segment_id
                    left join product p on p.id = ca.product_id
                    left join region rg on rg.id = ca.region_id
                    left join spend s on s.campaign_id = y.campaign_id and s.assignment_id = y.assignment_id
                    left join attributed a on a.campaign_id = y.campaign_id and a.assignment_id = y.assignment_id
                    where %s
                    union all
                    select null, null, true, 0, u.expansion * x.l, u.reactivated * x.l, null
                    from unattributed u cross join denominator x
                    where u.expansion is not null and %s
                )
                select code, name, unattributed, grouping(unattributed, code, name) <> 0 as is_total,
                       coalesce(sum(spend), 0) as spend, coalesce(sum(expansion), 0) as expansion,
                       coalesce(sum(reactivated), 0) as reactivated,
                       coalesce(min(missing), (select missing from revenue_missing)) as missing,
                       (select l from denominator) as denominator
                from per_row
                group by grouping sets ((unattributed, code, name), ())
                order by is_total, unattributed, code nulls last
                """.formatted(rowConditions[0], rowConditions[1]);
        if (fx.other) {
            // the maintained movements' MRR and the rollups are in the reporting currency: replace them
            int moved = template.indexOf("moved as (");
            int touch = template.indexOf("touch as (");
            template = template.substring(0, moved) + OTHER_MOVED + template.substring(touch);
            int spend = template.indexOf("SPEND_AND_MISSING");
            int keys = template.indexOf("keys as (");
            template = template.substring(0, spend)
                    + fx.rates()
                    + fx.spendLines()
                    + OTHER_SPEND
                    + template.substring(keys);
        } else {
            template = template.replace("SPEND_AND_MISSING\n", "");
        }
        return dsl.resultQuery(
                        template,
                        fx.args(
                                from,
                                to,
                                reporting,
                                r.model().name(),
                                groupBy.name(),
                                r.halfLifeDays(),
                                r.firstReported(),
                                r.currency()))
                .fetch(row -> new ExpansionFigures(
                        row.get(0, String.class),
                        row.get(1, String.class),
                        Boolean.TRUE.equals(row.get(2, Boolean.class)),
                        row.get(3, Boolean.class),
                        row.get(4, BigDecimal.class),
                        row.get(5, BigDecimal.class),
                        row.get(6, BigDecimal.class),
                        row.get(8, BigDecimal.class),
                        row.get(7, String.class)));
    }
}
