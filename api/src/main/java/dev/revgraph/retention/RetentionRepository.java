package dev.revgraph.retention;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * The retention queries. MRR movements and pooled retention (active = MRR above zero) read the
 * movements maintained per month, segment and the segment kept customers came from (changesets 0024
 * and 0028); cohorts without an activity window, in the reporting currency and over months without
 * a stored close read the cohort cells maintained per cohort, month and source (changeset 0057). The
 * others start from each customer's recurring revenue (MRR) and total revenue per month, read from
 * the customer-month rollup (changeset 0022) in the reporting currency: cohorts without an activity
 * window work on the months a customer has rows for; an activity window and a
 * customer's own history use the dense grid of every month from the customer's first. Every query
 * checks for a line without a rate on the customer-month rows. In another currency than the
 * reporting one ({@link CustomerScope#currency}) the same queries read customer-months converted from
 * the revenue lines instead ({@code convertedMonthly}), so the movement rules are written once.
 *
 * <p>A customer-month belongs to the segment of the customer's assignment in force on the month's
 * last day; a segment scope counts a customer that enters or leaves it while active in both months
 * as a transfer, at its MRR of the month before. A segment cohort is the customers whose assignment
 * on their acquisition date is in the segment's subtree, followed wherever they move afterwards.
 */
@Repository
class RetentionRepository {

    /**
     * Which customers a query covers; null parts do not filter. {@code sourceFilter}: an SQL condition
     * on a customer's source row {@code s} ({@code customer_source}, or as a close stored it), which
     * keeps the customer-months whose source passes it (the source a closed month's close stored, else
     * the source now); it needs the source-grouped queries. {@code currency}: null to read the
     * customer-month rollups in the reporting currency, else the currency every customer-month is
     * converted into from its revenue lines ({@link #monthly}: each line at its own day's rates); it
     * needs the source-grouped queries too.
     */
    record CustomerScope(
            Collection<Long> segmentIds,
            Collection<Long> customerIds,
            LocalDate acquiredFrom,
            LocalDate acquiredTo,
            String sourceFilter,
            String currency) {

        CustomerScope(
                Collection<Long> segmentIds,
                Collection<Long> customerIds,
                LocalDate acquiredFrom,
                LocalDate acquiredTo,
                String sourceFilter) {
            this(segmentIds, customerIds, acquiredFrom, acquiredTo, sourceFilter, null);
        }

        CustomerScope(
                Collection<Long> segmentIds,
                Collection<Long> customerIds,
                LocalDate acquiredFrom,
                LocalDate acquiredTo) {
            this(segmentIds, customerIds, acquiredFrom, acquiredTo, null, null);
        }

        /** This scope with its customer-months converted from their lines into {@code currency} (null: the rollups). */
        CustomerScope in(String currency) {
            return new CustomerScope(segmentIds, customerIds, acquiredFrom, acquiredTo, sourceFilter, currency);
        }

        /** Whether the customer-months are converted from the lines rather than read from the rollups. */
        boolean converted() {
            return currency != null;
        }
    }

    /**
     * A report filter as the SQL condition on a customer's source row {@code s}: its segment and region
     * (the assignment on its acquisition date), its acquisition campaign and that campaign's channel;
     * a customer has no product, department or objective, so it is unassigned in them.
     */
    String sourceCondition(SliceFilter filter) {
        return dsl.renderInlined(filter.condition(d -> switch (d) {
            case SEGMENT -> field(name("s", "segment_id"), Long.class);
            case REGION -> field(name("s", "region_id"), Long.class);
            case CAMPAIGN -> field(name("s", "acquisition_campaign_id"), Long.class);
            case CHANNEL -> field(name("s", "channel_id"), Long.class);
            case PRODUCT, DEPARTMENT, OBJECTIVE -> null;
        }));
    }

    /** Full-precision movements of one month. */
    record MonthMovements(
            LocalDate month,
            BigDecimal startMrr,
            BigDecimal newMrr,
            BigDecimal expansion,
            BigDecimal contraction,
            BigDecimal churned,
            BigDecimal reactivated,
            BigDecimal transferIn,
            BigDecimal transferOut,
            BigDecimal endMrr,
            int activeCustomers,
            int startCustomers,
            int churnedCustomers,
            int transferInCustomers,
            int transferOutCustomers,
            String missingRate) {}

    /** One customer-month of the grid. */
    record CustomerMonthFigures(
            long customerId,
            LocalDate month,
            BigDecimal mrr,
            BigDecimal revenue,
            boolean active,
            boolean previousActive,
            BigDecimal previousMrr,
            boolean activeBefore,
            int activeMonths,
            String missingRate) {}

    /** One cohort cell at full precision. */
    record CohortCell(
            LocalDate cohort,
            int monthsSince,
            LocalDate month,
            int size,
            int active,
            BigDecimal mrr,
            BigDecimal firstMonthMrr,
            BigDecimal cumulativeRevenue,
            String missingRate) {}

    /** The codes and names of a grouped row's groups (a null code: the unassigned group); 2 null for one dimension. */
    record GroupLabels(String code1, String name1, String code2, String name2) {}

    /** Figures of one group. */
    record Grouped<T>(GroupLabels labels, T figures) {}

    private final DSLContext dsl;

    RetentionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The condition that keeps a rollup row ({@code alias}) of a customer in scope, or nothing when
     * the scope has no filter, so that a whole-company report reads the rollup alone, in the order of
     * its primary key. Placeholders: {2} segment ids, {3} customer ids, {4}/{5} acquisition range.
     */
    private static String inScope(String alias, CustomerScope scope) {
        List<String> parts = conditions(scope);
        return parts.isEmpty()
                ? ""
                : " and " + alias + ".customer_id in (select c.id from customer c where " + String.join(" and ", parts)
                        + ")";
    }

    /** A segment scope's filter on {@code customer c}: every customer ever assigned to the subtree. */
    private static final String EVER_IN_SEGMENTS =
            "exists (select 1 from customer_assignment a where a.customer_id = c.id and a.segment_id = any({2}::bigint[]))";

    /**
     * A segment cohort's filter on {@code customer c}: its assignment in force on its acquisition date
     * is in the subtree, as for its count among a segment's new customers.
     */
    private static final String ACQUIRED_IN_SEGMENTS =
            "(customer_assignment_on(c.id, c.acquired_on)).segment_id = any({2}::bigint[])";

    /**
     * The scope's filters on {@code customer c}. A segment scope keeps every customer ever assigned
     * to a segment of the subtree: the queries then place each customer-month by date.
     */
    private static List<String> conditions(CustomerScope scope) {
        return conditions(scope, EVER_IN_SEGMENTS);
    }

    private static List<String> conditions(CustomerScope scope, String segmentCondition) {
        List<String> parts = new ArrayList<>();
        if (scope.segmentIds() != null) {
            parts.add(segmentCondition);
        }
        if (scope.customerIds() != null) {
            parts.add("c.id = any({3}::bigint[])");
        }
        if (scope.acquiredFrom() != null) {
            parts.add("c.acquired_on >= {4}::date");
        }
        if (scope.acquiredTo() != null) {
            parts.add("c.acquired_on <= {5}::date");
        }
        return parts;
    }

    /**
     * Opens the WITH clause: each scoped customer's MRR and revenue per month in the reporting
     * currency ({@code monthly}: no row for a month without lines; {@code active_mrr} and {@code
     * active_revenue}, which decide activity, are the same figures) over its whole history up to the
     * last month, then {@link #missing}. Ends with a comma. Placeholders: {0} last month, {1} reporting currency, scope as in {@link #inScope}.
     *
     * <p>A whole-company query reads the rollup's primary key (customer, month, currency, with the
     * sums included) in order, so the sums per customer-month and the window functions over a
     * customer's months stream without sorting or hashing millions of rows.
     */
    private static String monthly(CustomerScope scope) {
        if (scope.converted()) {
            return convertedMonthly(scope);
        }
        return """
                with recursive monthly as (
                    select r.customer_id, r.month,
                           sum(case when r.currency = {1} then r.recurring_amount else r.recurring_rated end) as mrr,
                           sum(case when r.currency = {1} then r.amount else r.rated end) as revenue,
                           sum(case when r.currency = {1} then r.recurring_amount else r.recurring_rated end)
                               as active_mrr,
                           sum(case when r.currency = {1} then r.amount else r.rated end) as active_revenue
                    from customer_month_rollup_reported({7}::boolean) r
                    where r.month <= {0}::date%s
                    group by r.customer_id, r.month
                ),
                """.formatted(inScope("r", scope)) + missing(scope);
    }

    /**
     * The missing-rate check ({@code missing}: the earliest line of a scoped customer up to the last
     * month without a rate in force on its day, as {@code CUR|yyyy-mm-dd}; rates are missing only
     * before a currency's first rate, so each currency reads only its customer-month rows up to that
     * month, by the (currency, month) index, one currency at a time). Ends with a comma.
     * Placeholders as in {@link #monthly}.
     */
    private static String missing(CustomerScope scope) {
        return """
                missing as (
                    select min(cu.code || '|' || x.first_day) as missing
                    from currency cu
                    cross join lateral (select min(rate_date) as first_rate from fx_rate where currency = cu.code) f
                    cross join lateral (
                        select min(x.first_day) as first_day from customer_month_rollup_reported({7}::boolean) x
                        where x.currency = cu.code
                          and x.month <= least({0}::date, coalesce(f.first_rate, {0}::date))
                          and x.first_day < coalesce(f.first_rate, 'infinity'::date)%s
                    ) x
                    where cu.code <> {1}
                ),
                """.formatted(inScope("x", scope));
    }

    /**
     * {@link #monthly} converted from the lines into the scope's currency {8} (docs/metrics.md,
     * "Retention in another currency"). {@code mrr} and {@code revenue} from the first converted month
     * on (the month before the range {6}, else the first cohort month {4}): every revenue line of a
     * scoped customer at {@code amount x rate(line currency, line day) / rate({8}, line day)}, both
     * rates into the reporting currency {1} (as {@code fx_rate_on} reads them), summed at full
     * precision per customer-month, all lines (revenue) and the recurring ones (MRR); 0 before. A
     * closed month's lines are those its close counted (a closed month takes no line), at today's
     * rates, as the P&L in another currency converts them. Activity ({@code active_mrr}, {@code
     * active_revenue}) stays the reporting currency's, closed months as reported: the currency changes
     * the amounts, never which customers are active, so no rate of {8} is needed before the range.
     * {@code missing}: the earliest line without a rate, as {@code CUR|yyyy-mm-dd} (a converted line
     * without either rate: its currency, else {8}). Ends with a comma.
     */
    private static String convertedMonthly(CustomerScope scope) {
        String reported = """
                with recursive reported as (
                    select r.customer_id, r.month,
                           sum(case when r.currency = {1} then r.recurring_amount else r.recurring_rated end) as mrr,
                           sum(case when r.currency = {1} then r.amount else r.rated end) as revenue
                    from customer_month_rollup_reported({7}::boolean) r
                    where r.month <= {0}::date%1$s
                    group by r.customer_id, r.month
                ),
                """.formatted(inScope("r", scope));
        return reported
                + missing(scope).replaceFirst("missing as", "reported_missing as")
                + """
                line_days as materialized (
                    select d.currency, d.day, fx_rate_on(d.currency, d.day, {1}) as source_rate,
                           fx_rate_on({8}, d.day, {1}) as target_rate
                    from (select distinct r.currency, r.recognized_on as day from revenue_line r
                          where r.recognized_on >= %2$s
                            and r.recognized_on < ({0}::date + interval '1 month')::date%1$s) d
                ),
                converted as (
                    select r.customer_id, date_trunc('month', r.recognized_on)::date as month,
                           coalesce(sum(r.amount * d.source_rate / d.target_rate) filter (where r.recurring), 0) as mrr,
                           sum(r.amount * d.source_rate / d.target_rate) as revenue
                    from revenue_line r
                    join line_days d on d.currency = r.currency and d.day = r.recognized_on
                    where r.recognized_on >= %2$s
                      and r.recognized_on < ({0}::date + interval '1 month')::date%1$s
                    group by r.customer_id, date_trunc('month', r.recognized_on)::date
                ),
                monthly as (
                    select p.customer_id, p.month, coalesce(c.mrr, 0) as mrr, coalesce(c.revenue, 0) as revenue,
                           p.mrr as active_mrr, p.revenue as active_revenue
                    from reported p
                    left join converted c on c.customer_id = p.customer_id and c.month = p.month
                ),
                missing as (
                    select least((select missing from reported_missing),
                                 (select min(case when d.source_rate is null then d.currency else {8} end
                                             || '|' || d.day)
                                  from line_days d
                                  where d.source_rate is null or d.target_rate is null)) as missing
                ),
                """.formatted(inScope("r", scope), CONVERTED_FROM);
    }

    /** SQL: the first converted day: the month before the range {6}, else the first cohort month {4}. */
    private static final String CONVERTED_FROM =
            "coalesce(({6}::date - interval '1 month')::date, date_trunc('month', {4}::date)::date)";

    /**
     * {@code lagged}, for customer-months converted from the lines ({@link #convertedMonthly}): the
     * columns of {@code customer_mrr_month} from {@code monthly}, by the rules its upkeep follows
     * (changeset 0028's {@code customer_mrr_months}): the active months (MRR above zero), each in the
     * segment of the customer's assignment in force on the month's last day, with the previous active
     * month, its MRR and segment; from the month before {6} to {0}. Assignments dated in a closed month
     * are refused, so a closed month's placement is the one its close stored. Ends with a comma.
     */
    private static final String CONVERTED_LAGGED = """
            converted_placed as (
                select m.customer_id, m.month, s.segment_id, m.mrr, m.active_mrr
                from monthly m
                join customer_assignment_span s
                  on s.customer_id = m.customer_id
                 and s.valid_from <= (m.month + interval '1 month')::date - 1
                 and (s.valid_to is null or s.valid_to > (m.month + interval '1 month')::date - 1)
                where m.active_mrr > 0
            ),
            converted_months as (
                select customer_id, month, segment_id, mrr, lag(month) over w as prev_month,
                       lag(mrr) over w as prev_mrr, lag(segment_id) over w as prev_segment_id
                from converted_placed
                window w as (partition by customer_id order by month)
            ),
            lagged as (
                select x.customer_id, x.month, x.segment_id, x.mrr, x.prev_month, x.prev_mrr, x.prev_segment_id
                from converted_months x
                where x.month between ({6}::date - interval '1 month')::date and {0}::date
            ),
            """;

    /**
     * {@link #monthly} over the whole history, then the dense grid of every scoped customer's
     * months from its first to the last month, with activity and the customer's state the month
     * before, up to {@code moved} (no trailing comma). Needed for an activity window (active =
     * revenue within the window) and for a customer's own history (tenure counts active months).
     * {@code in_scope} says whether the month belongs to the scope's segments (its segment being the
     * assignment in force on its last day; always true without a segment scope), {@code prev_in} the
     * same of the month before. Cohorts, which follow their customers wherever they move, leave
     * {@code place} false: every month is in scope.
     */
    private static String grid(CustomerScope scope, Integer windowMonths, boolean place) {
        String active = windowMonths == null
                ? "active_mrr > 0"
                : "sum(active_revenue) over (partition by customer_id order by month rows between " + (windowMonths - 1)
                        + " preceding and current row) > 0";
        String placed = scope.segmentIds() == null || !place ? "select g.*, true as in_scope from grid g" : """
                  select g.*, s.segment_id = any({2}::bigint[]) as in_scope
                  from grid g
                  join customer_assignment_span s
                    on s.customer_id = g.customer_id
                   and s.valid_from <= (g.month + interval '1 month')::date - 1
                   and (s.valid_to is null or s.valid_to > (g.month + interval '1 month')::date - 1)""";
        return monthly(scope) + """
                firsts as (select customer_id, min(month) as first_month from monthly group by customer_id),
                grid as (
                    select f.customer_id, g.month::date as month,
                           coalesce(m.mrr, 0) as mrr, coalesce(m.revenue, 0) as revenue,
                           coalesce(m.active_mrr, 0) as active_mrr, coalesce(m.active_revenue, 0) as active_revenue
                    from firsts f
                    cross join lateral generate_series(f.first_month, {0}::date, interval '1 month') as g(month)
                    left join monthly m on m.customer_id = f.customer_id and m.month = g.month
                ),
                placed as (
                    %s
                ),
                flagged as (
                    select customer_id, month, mrr, revenue, coalesce(%s, false) as active, in_scope from placed
                ),
                moved as (
                    select customer_id, month, mrr, revenue, active, in_scope,
                           coalesce(lag(active) over w, false) as prev_active,
                           coalesce(lag(mrr) over w, 0) as prev_mrr,
                           coalesce(lag(in_scope) over w, false) as prev_in,
                           coalesce(bool_or(active) over (w rows between unbounded preceding and 1 preceding), false)
                               as active_before,
                           count(*) filter (where active) over (w rows between unbounded preceding and current row)
                               as active_months
                    from flagged
                    window w as (partition by customer_id order by month)
                )
                """.formatted(placed, active);
    }

    private static Param<Long[]> ids(Collection<Long> ids) {
        return DSL.val(ids == null ? null : ids.toArray(Long[]::new), SQLDataType.BIGINT.array());
    }

    /**
     * Binds {0}..{8}: last month, reporting currency, scope, first month, whether closed months
     * read their first close (else their latest; changeset 0026), and the scope's currency.
     */
    private static Object[] binds(
            LocalDate firstMonth, LocalDate lastMonth, String reporting, CustomerScope scope, boolean firstReported) {
        return new Object[] {
            DSL.val(lastMonth),
            DSL.val(reporting),
            ids(scope.segmentIds()),
            ids(scope.customerIds()),
            DSL.val(scope.acquiredFrom(), LocalDate.class),
            DSL.val(scope.acquiredTo(), LocalDate.class),
            DSL.val(firstMonth, LocalDate.class),
            DSL.val(firstReported),
            DSL.val(scope.currency(), String.class)
        };
    }

    /** Builds the maintained movements in {@code reporting} unless they are in it already; true when it rebuilt. */
    boolean ensureMaintainedMovements(String reporting) {
        return Boolean.TRUE.equals(
                dsl.resultQuery("select mrr_movements_ensure({0})", reporting).fetchOne(0, Boolean.class));
    }

    List<MonthMovements> movements(
            LocalDate firstMonth,
            LocalDate lastMonth,
            String reporting,
            CustomerScope scope,
            Integer windowMonths,
            boolean firstReported) {
        if (windowMonths == null
                && (scope.customerIds() != null || scope.acquiredFrom() != null || scope.acquiredTo() != null)) {
            throw new IllegalArgumentException("the maintained movements are per segment: " + scope);
        }
        String sql = windowMonths != null
                ? grid(scope, windowMonths, true) + GRID_MOVEMENTS
                : "with " + missing(scope) + maintainedPerMonth(scope) + MOVEMENTS;
        return dsl.resultQuery(
                        sql + """
                select m.month::date,
                       %s
                from generate_series({6}::date, {0}::date, interval '1 month') as m(month)
                left join agg a on a.month = m.month
                order by m.month
                """.formatted(MOVEMENT_COLUMNS),
                        binds(firstMonth, lastMonth, reporting, scope, firstReported))
                .fetch(RetentionRepository::monthMovements);
    }

    /** The columns {@link #monthMovements} reads, from {@code agg a} and {@code missing}. */
    private static final String MOVEMENT_COLUMNS = """
            coalesce(a.start_mrr, 0), coalesce(a.new_mrr, 0), coalesce(a.expansion, 0),
                   coalesce(a.contraction, 0), coalesce(a.churned, 0), coalesce(a.reactivated, 0),
                   coalesce(a.transfer_in, 0), coalesce(a.transfer_out, 0),
                   coalesce(a.end_mrr, 0), coalesce(a.active_customers, 0), coalesce(a.start_customers, 0),
                   coalesce(a.churned_customers, 0), coalesce(a.transfer_in_customers, 0),
                   coalesce(a.transfer_out_customers, 0), (select missing from missing)""";

    /** A month's movements from a row that starts with the month and {@link #MOVEMENT_COLUMNS}. */
    private static MonthMovements monthMovements(Record r) {
        return new MonthMovements(
                r.get(0, LocalDate.class),
                r.get(1, BigDecimal.class),
                r.get(2, BigDecimal.class),
                r.get(3, BigDecimal.class),
                r.get(4, BigDecimal.class),
                r.get(5, BigDecimal.class),
                r.get(6, BigDecimal.class),
                r.get(7, BigDecimal.class),
                r.get(8, BigDecimal.class),
                r.get(9, BigDecimal.class),
                r.get(10, Integer.class),
                r.get(11, Integer.class),
                r.get(12, Integer.class),
                r.get(13, Integer.class),
                r.get(14, Integer.class),
                r.get(15, String.class));
    }

    /**
     * {@code per_month} from the maintained rollup (changesets 0024 and 0028), for the whole company
     * or a segment subtree (the only scopes of MRR movements). Per month, of the rows whose segment is
     * in scope ({@code inside}): the end MRR and active customers, new MRR (no earlier active month),
     * reactivated MRR (the previous active month before m-1), expansion and contraction of the
     * customers kept from m-1. Of the rows whose customers came from the scope ({@code came}): the MRR
     * of m-1 and count of the customers kept from it, wherever they are now. Transfers: kept
     * customers that came from outside the scope into it, and from it to outside. The whole company
     * has no outside: every row is inside and came from inside.
     */
    private static String maintainedPerMonth(CustomerScope scope) {
        boolean company = scope.segmentIds() == null;
        return """
                per_month as (
                    select month,
                           sum(end_mrr) filter (where inside) as end_mrr, sum(active) filter (where inside) as active,
                           sum(new_mrr) filter (where inside) as new_mrr,
                           sum(reactivated) filter (where inside) as reactivated,
                           sum(expansion) filter (where inside) as expansion,
                           sum(contraction) filter (where inside) as contraction,
                           sum(kept_mrr) filter (where came) as kept_mrr, sum(kept) filter (where came) as kept,
                           sum(kept_mrr) filter (where inside and not came) as transfer_in,
                           sum(kept) filter (where inside and not came) as transfer_in_customers,
                           sum(kept_mrr) filter (where came and not inside) as transfer_out,
                           sum(kept) filter (where came and not inside) as transfer_out_customers
                    from (select r.*, %s as inside, %s as came
                          from mrr_movement_rollup_reported({7}::boolean) r
                          where r.month between ({6}::date - interval '1 month')::date and {0}::date%s) r
                    group by month
                )
                """.formatted(
                company ? "true" : "r.segment_id = any({2}::bigint[])",
                company ? "true" : "r.from_segment_id = any({2}::bigint[])",
                company ? "" : " and (r.segment_id = any({2}::bigint[]) or r.from_segment_id = any({2}::bigint[]))");
    }

    /**
     * {@code agg}: the movements of each month from {@code per_month}, starting from the month
     * before the range: start(m) = end(m-1), churned(m) = end(m-1) - the MRR of m-1 of the customers
     * kept from the scope's m-1 into m (in the scope or transferred out of it), and the same for
     * counts.
     */
    private static final String MOVEMENTS = """
            , agg as (
                select m.month::date as month,
                       lag(coalesce(p.end_mrr, 0)) over o as start_mrr,
                       p.new_mrr, p.expansion, p.contraction,
                       lag(coalesce(p.end_mrr, 0)) over o - coalesce(p.kept_mrr, 0) as churned,
                       p.reactivated, p.transfer_in, p.transfer_out, p.end_mrr, p.active as active_customers,
                       lag(coalesce(p.active, 0)) over o as start_customers,
                       lag(coalesce(p.active, 0)) over o - coalesce(p.kept, 0) as churned_customers,
                       p.transfer_in_customers, p.transfer_out_customers
                from generate_series(({6}::date - interval '1 month')::date, {0}::date, interval '1 month') as m(month)
                left join per_month p on p.month = m.month
                window o as (order by m.month)
            )
            """;

    /**
     * Movements over the dense grid, for an activity window (active = revenue within the window), by
     * the rules of the maintained ones: a month's movements count where the month is, a churn where
     * the month before was, and a customer active in both months that enters or leaves the scope is a
     * transfer at its MRR of the month before.
     */
    private static final String GRID_MOVEMENTS = """
            , agg as (
                select month,
                       sum(prev_mrr) filter (where prev_active and prev_in) as start_mrr,
                       sum(mrr) filter (where in_scope and active and not prev_active and not active_before) as new_mrr,
                       sum(mrr - prev_mrr) filter (where in_scope and active and prev_active and mrr > prev_mrr)
                           as expansion,
                       sum(prev_mrr - mrr) filter (where in_scope and active and prev_active and mrr < prev_mrr)
                           as contraction,
                       sum(prev_mrr) filter (where prev_in and prev_active and not active) as churned,
                       sum(mrr) filter (where in_scope and active and not prev_active and active_before) as reactivated,
                       sum(prev_mrr) filter (where in_scope and not prev_in and active and prev_active) as transfer_in,
                       sum(prev_mrr) filter (where prev_in and not in_scope and active and prev_active) as transfer_out,
                       sum(mrr) filter (where in_scope and active) as end_mrr,
                       count(*) filter (where in_scope and active) as active_customers,
                       count(*) filter (where prev_in and prev_active) as start_customers,
                       count(*) filter (where prev_in and prev_active and not active) as churned_customers,
                       count(*) filter (where in_scope and not prev_in and active and prev_active)
                           as transfer_in_customers,
                       count(*) filter (where prev_in and not in_scope and active and prev_active)
                           as transfer_out_customers
                from moved where month >= {6}::date
                group by month
            )
            """;

    List<CustomerMonthFigures> history(
            LocalDate firstMonth, LocalDate lastMonth, String reporting, CustomerScope scope) {
        return dsl.resultQuery(grid(scope, null, false) + """
                select customer_id, month, mrr, revenue, active, prev_active, prev_mrr, active_before,
                       active_months, (select missing from missing)
                from moved where month >= {6}::date
                order by customer_id, month
                """, binds(firstMonth, lastMonth, reporting, scope, false))
                .fetch(r -> new CustomerMonthFigures(
                        r.get(0, Long.class),
                        r.get(1, LocalDate.class),
                        r.get(2, BigDecimal.class),
                        r.get(3, BigDecimal.class),
                        r.get(4, Boolean.class),
                        r.get(5, Boolean.class),
                        r.get(6, BigDecimal.class),
                        r.get(7, Boolean.class),
                        r.get(8, Integer.class),
                        r.get(9, String.class)));
    }

    /** Pooled retention inputs of the range for one segment subtree (or the whole company, segment null). */
    record Pooled(
            Long segmentId,
            BigDecimal mrr,
            long activeCustomerMonths,
            BigDecimal startMrr,
            BigDecimal lost,
            BigDecimal expansion,
            BigDecimal reactivated,
            long retained,
            String missingRate) {}

    /**
     * Sums of MRR, active customer-months, start MRR and lost MRR (churned + contraction) per
     * segment subtree over the months of the range, from the maintained rollup (changesets 0024 and
     * 0028). For each month m of the range and a subtree S: the start MRR is what S carries into m,
     * end(m-1) + transferIn - transferOut, and the churned MRR is end(m-1) minus the MRR of m-1 of
     * the customers kept from S's m-1 (wherever they are in m). With every customer-month's rows
     * summed by the segment it is in ({@code into}) and by the segment its kept customers came from
     * ({@code came}): transferIn - transferOut = kept MRR into S - kept MRR from S, the moves inside
     * S cancelling out; for the whole company the two are equal. Beside them: the expansion and
     * reactivated MRR of the range's months (rows with segment_id in S), and the retained customers:
     * those active in the month before the range's first month and in its last month, counted in the
     * segment of their last month.
     */
    List<Pooled> pooledBySegment(LocalDate firstMonth, LocalDate lastMonth, String reporting, boolean firstReported) {
        CustomerScope everyone = new CustomerScope(null, null, null, null);
        return dsl.resultQuery(
                        "with recursive " + missing(everyone) + """
                movements as (
                    select month, segment_id, from_segment_id, end_mrr, active, kept_mrr, contraction, expansion,
                           reactivated
                    from mrr_movement_rollup_reported({7}::boolean)
                    where month between ({6}::date - interval '1 month')::date and {0}::date
                ),
                """ + pooledSums("movements", false),
                        binds(firstMonth, lastMonth, reporting, everyone, firstReported))
                .fetch(RetentionRepository::pooled);
    }

    /**
     * The end of {@link #pooledBySegment}'s statement from {@code edge_months} on: the pooled sums
     * per segment subtree and for the whole company over {@code movements} (a CTE with the columns of
     * {@code mrr_movement_rollup}), the retained customers kept by their source when {@code sourced}
     * (the {@code source} and {@code source_closed} CTEs of {@link #source}).
     */
    private static String pooledSums(String movements, boolean sourced) {
        return pooledSums(movements, sourced, "customer_mrr_month_reported({7}::boolean)");
    }

    /** {@link #pooledSums(String, boolean)} with the customers' active months read from {@code customerMonths}. */
    private static String pooledSums(String movements, boolean sourced, String customerMonths) {
        return """
                edge_months as (
                    select customer_id, month, segment_id
                    from %4$s
                    where month in (({6}::date - interval '1 month')::date, {0}::date)
                ),
                retained as (
                    select l.segment_id, count(*) as retained
                    from edge_months l
                    join edge_months p on p.customer_id = l.customer_id
                                      and p.month = ({6}::date - interval '1 month')::date
%2$s
                    where l.month = {0}::date%3$s
                    group by l.segment_id
                ),
                per_segment as (
                    select segment_id,
                           sum(end_mrr) filter (where month >= {6}::date) as mrr,
                           sum(active) filter (where month >= {6}::date) as active,
                           coalesce(sum(end_mrr) filter (where month < {0}::date), 0) as end_before,
                           coalesce(sum(contraction) filter (where month >= {6}::date), 0) as contraction,
                           coalesce(sum(kept_mrr) filter (where month >= {6}::date), 0) as kept_into,
                           0 as kept_from,
                           coalesce(sum(expansion) filter (where month >= {6}::date), 0) as expansion,
                           coalesce(sum(reactivated) filter (where month >= {6}::date), 0) as reactivated,
                           0 as retained
                    from %1$s group by segment_id
                    union all
                    select from_segment_id, null, null, 0, 0, 0,
                           coalesce(sum(kept_mrr) filter (where month >= {6}::date), 0), 0, 0, 0
                    from %1$s group by from_segment_id
                    union all
                    select segment_id, null, null, 0, 0, 0, 0, 0, 0, retained
                    from retained
                ),
                closure as (
                    select id as ancestor, id as descendant from segment
                    union all
                    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
                )
                select cl.ancestor, sum(p.mrr), sum(p.active),
                       sum(p.end_before) + sum(p.kept_into) - sum(p.kept_from),
                       sum(p.end_before) - sum(p.kept_from) + sum(p.contraction),
                       (select missing from missing),
                       sum(p.expansion), sum(p.reactivated), sum(p.retained)
                from closure cl join per_segment p on p.segment_id = cl.descendant
                group by cl.ancestor
                union all
                select null, sum(mrr), sum(active), sum(end_before) + sum(kept_into) - sum(kept_from),
                       sum(end_before) - sum(kept_from) + sum(contraction), (select missing from missing),
                       sum(expansion), sum(reactivated), sum(retained)
                from per_segment
                """.formatted(
                        movements, sourced ? """
                    join source o on o.customer_id = l.customer_id
                    left join source_closed oc on oc.customer_id = l.customer_id and oc.month = l.month""" : "", sourced ? " and coalesce(oc.pass, o.pass)" : "", customerMonths);
    }

    private static Pooled pooled(org.jooq.Record r) {
        return new Pooled(
                r.get(0, Long.class),
                r.get(1, BigDecimal.class),
                r.get(2, Long.class) == null ? 0 : r.get(2, Long.class),
                r.get(3, BigDecimal.class),
                r.get(4, BigDecimal.class),
                r.get(6, BigDecimal.class),
                r.get(7, BigDecimal.class),
                r.get(8, Long.class) == null ? 0 : r.get(8, Long.class),
                r.get(5, String.class));
    }

    /**
     * {@link #pooledBySegment} of the customers whose source passes the scope's {@code sourceFilter}:
     * the same sums over {@link #groupedRollup} (each customer-month kept by its source, as a closed
     * month's close stored it), and the retained customers kept by their source in the range's last
     * month.
     */
    List<Pooled> pooledBySegment(
            LocalDate firstMonth, LocalDate lastMonth, String reporting, CustomerScope scope, boolean firstReported) {
        return dsl.resultQuery(
                        monthly(scope) + source(List.of(), scope) + groupedRollup(scope) + ",\n"
                                + pooledSums(
                                        "grouped_rollup",
                                        true,
                                        scope.converted()
                                                ? "converted_months"
                                                : "customer_mrr_month_reported({7}::boolean)"),
                        binds(firstMonth, lastMonth, reporting, scope, firstReported))
                .fetch(RetentionRepository::pooled);
    }

    /** The movements of one month for one segment subtree (or the whole company, segment null). */
    record SegmentMonth(
            LocalDate month,
            Long segmentId,
            BigDecimal startMrr,
            BigDecimal newMrr,
            BigDecimal expansion,
            BigDecimal reactivated,
            BigDecimal lost,
            BigDecimal endMrr,
            long startCustomers,
            long churnedCustomers,
            long activeCustomers,
            String missingRate) {}

    /**
     * {@link #pooledBySegment}'s inputs per month instead of summed over the range, with the new,
     * expansion and reactivated MRR and the customer counts, in one statement. For each month m and
     * subtree S: start = end(m-1) + kept MRR into S - kept MRR from S (what S carries into m), lost =
     * end(m-1) - kept MRR from S + contraction, start customers = active(m-1) + kept into - kept
     * from, churned customers = active(m-1) - kept from; new, expansion and reactivated are the sums
     * of the rows in S. Every month of the range and subtree with a row in m or m-1 has an entry.
     */
    List<SegmentMonth> monthlyBySegment(
            LocalDate firstMonth, LocalDate lastMonth, String reporting, boolean firstReported) {
        return monthlyBySegment(
                firstMonth, lastMonth, reporting, new CustomerScope(null, null, null, null), firstReported);
    }

    /**
     * {@link #monthlyBySegment(LocalDate, LocalDate, String, boolean)} of the customers whose source
     * passes the scope's {@code sourceFilter} (null: every customer, from the maintained rollup): the
     * same sums over {@link #groupedRollup}, each customer-month kept by its source as a closed month's
     * close stored it.
     */
    List<SegmentMonth> monthlyBySegment(
            LocalDate firstMonth, LocalDate lastMonth, String reporting, CustomerScope scope, boolean firstReported) {
        boolean sourced = scope.sourceFilter() != null;
        String movements = sourced
                ? monthly(scope) + source(List.of(), scope) + groupedRollup(scope) + ",\n" + """
                movements as (
                    select month, segment_id, from_segment_id, end_mrr, active, new_mrr, reactivated,
                           expansion, contraction, kept_mrr, kept
                    from grouped_rollup
                    where month between ({6}::date - interval '1 month')::date and {0}::date
                ),
                """
                : "with recursive " + missing(scope) + """
                movements as (
                    select month, segment_id, from_segment_id, end_mrr, active, new_mrr, reactivated,
                           expansion, contraction, kept_mrr, kept
                    from mrr_movement_rollup_reported({7}::boolean)
                    where month between ({6}::date - interval '1 month')::date and {0}::date
                ),
                """;
        return dsl.resultQuery(movements + """
                per_segment as (
                    select month, segment_id, sum(end_mrr) as end_mrr, sum(active) as active,
                           sum(new_mrr) as new_mrr, sum(reactivated) as reactivated,
                           sum(expansion) as expansion, sum(contraction) as contraction,
                           sum(kept_mrr) as kept_into, sum(kept) as kept_into_n,
                           0 as kept_from, 0 as kept_from_n, 0 as end_before, 0 as active_before
                    from movements group by month, segment_id
                    union all
                    select month, from_segment_id, 0, 0, 0, 0, 0, 0, 0, 0, sum(kept_mrr), sum(kept), 0, 0
                    from movements group by month, from_segment_id
                    union all
                    select (month + interval '1 month')::date, segment_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                           sum(end_mrr), sum(active)
                    from movements group by month, segment_id
                ),
                in_range as (select * from per_segment where month between {6}::date and {0}::date),
                closure as (
                    select id as ancestor, id as descendant from segment
                    union all
                    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
                )
                select p.month, cl.ancestor,
                       sum(p.end_before) + sum(p.kept_into) - sum(p.kept_from), sum(p.new_mrr),
                       sum(p.expansion), sum(p.reactivated),
                       sum(p.end_before) - sum(p.kept_from) + sum(p.contraction), sum(p.end_mrr),
                       sum(p.active_before) + sum(p.kept_into_n) - sum(p.kept_from_n),
                       sum(p.active_before) - sum(p.kept_from_n), sum(p.active),
                       (select missing from missing)
                from closure cl join in_range p on p.segment_id = cl.descendant
                group by p.month, cl.ancestor
                union all
                select month, null,
                       sum(end_before) + sum(kept_into) - sum(kept_from), sum(new_mrr), sum(expansion),
                       sum(reactivated), sum(end_before) - sum(kept_from) + sum(contraction), sum(end_mrr),
                       sum(active_before) + sum(kept_into_n) - sum(kept_from_n),
                       sum(active_before) - sum(kept_from_n), sum(active), (select missing from missing)
                from in_range group by month
                """, binds(firstMonth, lastMonth, reporting, scope, firstReported))
                .fetch(r -> new SegmentMonth(
                        r.get(0, LocalDate.class),
                        r.get(1, Long.class),
                        zero(r.get(2, BigDecimal.class)),
                        zero(r.get(3, BigDecimal.class)),
                        zero(r.get(4, BigDecimal.class)),
                        zero(r.get(5, BigDecimal.class)),
                        zero(r.get(6, BigDecimal.class)),
                        zero(r.get(7, BigDecimal.class)),
                        r.get(8, Long.class) == null ? 0 : r.get(8, Long.class),
                        r.get(9, Long.class) == null ? 0 : r.get(9, Long.class),
                        r.get(10, Long.class) == null ? 0 : r.get(10, Long.class),
                        r.get(11, String.class)));
    }

    /** MRR of one month and segment subtree (null: the whole company) in a currency, full precision. */
    record SegmentMonthMrr(LocalDate month, Long segmentId, BigDecimal mrr, String missingRate) {}

    /**
     * MRR per month of the range and segment subtree, and of the whole company (segment null), in
     * {@code currency}: the customer-months active as the maintained movements place them (closed
     * months as their close stored them; with {@code newOnly} only each customer's first active
     * month) whose month belongs to one of {@code segmentIds} (null: any), kept by their source when
     * {@code sourceFilter} (a condition on the source row {@code s}) is given, a closed month testing the source its close stored; each recurring revenue line of the
     * month at its own day's rate through the reporting currency. No entry without such a line.
     */
    List<SegmentMonthMrr> mrrInCurrency(
            LocalDate firstMonth,
            LocalDate lastMonth,
            String reporting,
            String currency,
            String sourceFilter,
            List<Long> segmentIds,
            boolean newOnly,
            boolean firstReported) {
        return dsl.resultQuery(
                        """
                with recursive cm as (
                    select x.customer_id, x.month, x.segment_id
                    from customer_mrr_month_reported({4}::boolean) x
                    where x.month between {0}::date and {1}::date%s
                      and ({5}::bigint[] is null or x.segment_id = any({5}::bigint[]))
                ),
                kept as (
                    select cm.* from cm
                    cross join lateral (
                        select * from (
                            select 0 as pick, c.segment_id, c.region_id, c.acquisition_campaign_id, c.channel_id
                            from customer_source_reported({4}::boolean) c
                            where c.customer_id = cm.customer_id and c.month = cm.month
                            union all
                            select 1, c.segment_id, c.region_id, c.acquisition_campaign_id, c.channel_id
                            from customer_source c where c.customer_id = cm.customer_id
                        ) both_sources order by pick limit 1
                    ) s
                    where %s
                ),
                lines as (
                    select k.month, k.segment_id, r.amount, r.currency, r.recognized_on,
                           fx_rate_on(r.currency, r.recognized_on, {2}) as source_rate,
                           fx_rate_on({3}, r.recognized_on, {2}) as target_rate
                    from kept k
                    join revenue_line r on r.customer_id = k.customer_id and r.recurring
                     and r.recognized_on between k.month and (k.month + interval '1 month - 1 day')::date
                ),
                missing as (
                    select min(case when source_rate is null then currency || '|' || recognized_on
                                    when target_rate is null then {3} || '|' || recognized_on end) as missing
                    from lines
                ),
                per_segment as (
                    select month, segment_id, sum(amount * source_rate / target_rate) as mrr
                    from lines group by month, segment_id
                ),
                closure as (
                    select id as ancestor, id as descendant from segment
                    union all
                    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
                )
                select p.month, cl.ancestor, sum(p.mrr), (select missing from missing)
                from closure cl join per_segment p on p.segment_id = cl.descendant
                group by p.month, cl.ancestor
                union all
                select month, null, sum(mrr), (select missing from missing) from per_segment group by month
                """.formatted(
                                        newOnly ? " and x.prev_month is null" : "",
                                        sourceFilter == null ? "true" : sourceFilter),
                        DSL.val(firstMonth),
                        DSL.val(lastMonth),
                        DSL.val(reporting),
                        DSL.val(currency),
                        DSL.val(firstReported),
                        DSL.val(segmentIds == null ? null : segmentIds.toArray(Long[]::new), Long[].class))
                .fetch(r -> new SegmentMonthMrr(
                        r.get(0, LocalDate.class),
                        r.get(1, Long.class),
                        zero(r.get(2, BigDecimal.class)),
                        r.get(3, String.class)));
    }

    private static BigDecimal zero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    List<CohortCell> cohorts(
            LocalDate lastMonth, String reporting, CustomerScope scope, Integer windowMonths, boolean firstReported) {
        return groupedCohorts(lastMonth, reporting, scope, windowMonths, List.of(), firstReported).stream()
                .map(Grouped::figures)
                .toList();
    }

    /**
     * Cohort cells per source group (one group of code null without {@code dims}): a cohort is the
     * customers of a group acquired in one month, its size and cells of that group alone. Read from the
     * maintained cells (changeset 0057) when they give exactly these figures ({@link #maintainedCohorts}),
     * else computed from the customer-months.
     */
    List<Grouped<CohortCell>> groupedCohorts(
            LocalDate lastMonth,
            String reporting,
            CustomerScope scope,
            Integer windowMonths,
            List<SourceDimension> dims,
            boolean firstReported) {
        if (windowMonths == null
                && !scope.converted()
                && scope.customerIds() == null
                && scope.acquiredFrom() != null
                && scope.acquiredTo() != null) {
            List<Grouped<CohortCell>> maintained = maintainedCohorts(lastMonth, reporting, scope, dims, firstReported);
            if (!maintained.isEmpty()) {
                return maintained;
            }
        }
        return computedCohorts(lastMonth, reporting, scope, windowMonths, dims, firstReported);
    }

    /**
     * The cohort cells summed from the maintained cells (changeset 0057): sizes from {@code
     * cohort_size}, active customers, MRR and revenue from {@code cohort_cell}, each kept under the
     * customers' source, so a segment subtree, a grouping and a filter on the source are sums of rows.
     * They hold the live figures in the reporting currency with activity as MRR above zero, so the
     * caller asks for them only without an activity window or another currency; and they are read only
     * when they are in the reporting currency asked and no month from the first cohort to {@code
     * lastMonth} has a stored close (such a month reads what its close stored, which only the
     * computation reads). No rows when they are not read (or there are no cohorts): the caller then
     * computes.
     */
    List<Grouped<CohortCell>> maintainedCohorts(
            LocalDate lastMonth,
            String reporting,
            CustomerScope scope,
            List<SourceDimension> dims,
            boolean firstReported) {
        String where = (scope.segmentIds() == null ? "" : " and s.segment_id = any({2}::bigint[])")
                + (scope.sourceFilter() == null ? "" : " and (" + scope.sourceFilter() + ")");
        String keys = SourceDimension.keyColumns(dims);
        return fetchCohorts(
                "with " + missing(scope) + """
                ready as (
                    select exists (select 1 from mrr_movement_currency where reporting_currency = {1})
                           and not exists (select 1 from reported_close r
                                           where r.month between {4}::date and {0}::date) as ready
                ),
                sizes as (
                    select s.cohort, %1$s, sum(s.customers) as size
                    from cohort_size s
                    where (select ready from ready) and s.cohort between {4}::date and {5}::date%2$s
                    group by 1, 2, 3
                    having sum(s.customers) > 0
                ),
                figures as (
                    select s.cohort, %1$s, s.month, sum(s.active) as active, sum(s.mrr) as mrr,
                           sum(s.revenue) as revenue
                    from cohort_cell s
                    where (select ready from ready) and s.cohort between {4}::date and {5}::date
                      and s.month <= {0}::date%2$s
                    group by 1, 2, 3, 4
                ),
                """.formatted(keys, where) + cohortCellsSelect(dims),
                binds(null, lastMonth, reporting, scope, firstReported));
    }

    /** The cohort cells computed from each scoped customer's months. */
    List<Grouped<CohortCell>> computedCohorts(
            LocalDate lastMonth,
            String reporting,
            CustomerScope scope,
            Integer windowMonths,
            List<SourceDimension> dims,
            boolean firstReported) {
        // without an activity window a month is active when its MRR is above zero: the customer's
        // monthly rows answer directly; with a window, activity needs the dense grid's trailing sums
        String months = windowMonths == null
                ? monthly(scope)
                        + "moved as (select customer_id, month, mrr, revenue, active_mrr > 0 as active from monthly),"
                : grid(scope, windowMonths, false) + ",";
        boolean grouped = !dims.isEmpty();
        boolean sourced = grouped || scope.sourceFilter() != null;
        return fetchCohorts(
                months
                        + (sourced ? source(dims, scope) : "")
                        + """
                cohort_of as (
                    select c.id as customer_id, date_trunc('month', c.acquired_on)::date as cohort, %s
                    from customer c %s where true%s
                ),
                sizes as (select cohort, g1, g2, count(*) as size from cohort_of group by cohort, g1, g2),
                figures as (
                    select o.cohort, o.g1, o.g2, mv.month,
                           count(*) filter (where mv.active) as active,
                           coalesce(sum(mv.mrr) filter (where mv.active), 0) as mrr,
                           sum(mv.revenue) as revenue
                    from cohort_of o join moved mv on mv.customer_id = o.customer_id and mv.month >= o.cohort
                    group by o.cohort, o.g1, o.g2, mv.month
                ),
                """.formatted(
                                grouped
                                        ? "coalesce(oc.g1, o.g1) as g1, coalesce(oc.g2, o.g2) as g2"
                                        : "0::bigint as g1, 0::bigint as g2",
                                sourced
                                        ? "join source o on o.customer_id = c.id left join source_closed oc"
                                                + " on oc.customer_id = c.id"
                                                + " and oc.month = date_trunc('month', c.acquired_on)::date"
                                        : "",
                                conditions(scope, ACQUIRED_IN_SEGMENTS).stream()
                                                .map(c -> " and " + c)
                                                .collect(Collectors.joining())
                                        + (scope.sourceFilter() == null ? "" : " and coalesce(oc.pass, o.pass)"))
                        + cohortCellsSelect(dims),
                binds(null, lastMonth, reporting, scope, firstReported));
    }

    /**
     * The cells of every cohort from {@code sizes} (cohort, group keys, size) and {@code figures}
     * (cohort, group keys, month: active customers, their MRR, revenue), each cohort's months from its
     * own to {0}, with month 0's MRR and the cumulative revenue; the query's end.
     */
    private static String cohortCellsSelect(List<SourceDimension> dims) {
        return """
                cells as (
                    select z.cohort, z.g1, z.g2, g.month::date as month, z.size,
                           ((extract(year from g.month) - extract(year from z.cohort)) * 12
                               + extract(month from g.month) - extract(month from z.cohort))::int as since
                    from sizes z
                    cross join lateral generate_series(z.cohort, {0}::date, interval '1 month') as g(month)
                )
                select c.cohort, c.since, c.month, c.size,
                       coalesce(f.active, 0), coalesce(f.mrr, 0),
                       first_value(coalesce(f.mrr, 0)) over (partition by c.cohort, c.g1, c.g2 order by c.month),
                       sum(coalesce(f.revenue, 0)) over (partition by c.cohort, c.g1, c.g2 order by c.month),
                       (select missing from missing), %s
                from cells c left join figures f on f.cohort = c.cohort and f.g1 = c.g1 and f.g2 = c.g2
                                                 and f.month = c.month
                order by c.g1, c.g2, c.cohort, c.month
                """.formatted(dims.isEmpty() ? labels(dims, "null", "null") : labels(dims, "c.g1", "c.g2"));
    }

    private List<Grouped<CohortCell>> fetchCohorts(String sql, Object[] binds) {
        return dsl.resultQuery(sql, binds)
                .fetch(r -> new Grouped<>(
                        labelsOf(r, 9),
                        new CohortCell(
                                r.get(0, LocalDate.class),
                                r.get(1, Integer.class),
                                r.get(2, LocalDate.class),
                                r.get(3, Integer.class),
                                r.get(4, Integer.class),
                                r.get(5, BigDecimal.class),
                                r.get(6, BigDecimal.class),
                                r.get(7, BigDecimal.class),
                                r.get(8, String.class))));
    }

    // ---- grouping by source (docs/metrics.md, "Quality by source")

    /**
     * {@code source}: each customer's group keys {@code g1}, {@code g2} (0: the unassigned group; 0
     * for a dimension not asked), from its assignment in force on its acquisition date and the channel
     * of that assignment's acquisition campaign on the same date. Ends with a comma.
     */
    static String source(List<SourceDimension> dims, CustomerScope scope) {
        return "source as (" + SourceDimension.sourceSelect(dims, scope.sourceFilter()) + "),\nsource_closed as ("
                + SourceDimension.closedSourceSelect(dims, "{7}::boolean", scope.sourceFilter()) + "),\n";
    }

    /** The four label columns (code and name of each group) of group keys {@code g1} and {@code g2}. */
    static String labels(List<SourceDimension> dims, String g1, String g2) {
        return SourceDimension.labelSql(dims, 0, g1) + ", " + SourceDimension.labelSql(dims, 1, g2);
    }

    private static GroupLabels labelsOf(org.jooq.Record r, int at) {
        return new GroupLabels(
                r.get(at, String.class),
                r.get(at + 1, String.class),
                r.get(at + 2, String.class),
                r.get(at + 3, String.class));
    }

    /**
     * {@code grouped_rollup}: what {@code mrr_movement_rollup} holds (changesets 0024 and 0028), per
     * month, segment, the segment kept customers came from and source group, from the scoped customers'
     * active months as the maintained {@code customer_mrr_month} places them (the segment of the
     * assignment on the month's last day, the previous active month), closed months as their close
     * stored them, through {@code mrr_movement_parts}, the upkeep's own rules; each customer-month in
     * the group of its source, as a closed month's close stored it ({@code source_closed}), else as it
     * is now ({@code source}). From the month before {6} to {0}.
     */
    private static String groupedRollup(CustomerScope scope) {
        if (scope.converted()) {
            return CONVERTED_LAGGED + GROUPED_ROLLUP;
        }
        return """
            lagged as (
                select x.customer_id, x.month, x.segment_id, x.mrr, x.prev_month, x.prev_mrr, x.prev_segment_id
                from customer_mrr_month_reported({7}::boolean) x
                where x.month between ({6}::date - interval '1 month')::date and {0}::date%s
            ),
            """.formatted(inScope("x", scope)) + GROUPED_ROLLUP;
    }

    private static final String GROUPED_ROLLUP = """
            grouped_rollup as (
                select l.month, l.segment_id, p.from_segment_id,
                       coalesce(oc.g1, o.g1) as g1, coalesce(oc.g2, o.g2) as g2,
                       sum(p.end_mrr) as end_mrr, sum(p.active) as active, sum(p.new_mrr) as new_mrr,
                       sum(p.reactivated) as reactivated, sum(p.expansion) as expansion,
                       sum(p.contraction) as contraction, sum(p.kept_mrr) as kept_mrr, sum(p.kept) as kept
                from lagged l
                cross join lateral mrr_movement_parts(l.month, l.segment_id, l.mrr, l.prev_month, l.prev_mrr,
                                                      l.prev_segment_id) p
                join source o on o.customer_id = l.customer_id
                left join source_closed oc on oc.customer_id = l.customer_id and oc.month = l.month
                where coalesce(oc.pass, o.pass)
                group by l.month, l.segment_id, p.from_segment_id, coalesce(oc.g1, o.g1), coalesce(oc.g2, o.g2)
            )
            """;

    /**
     * MRR movements per source group and month, by the rules of {@link #movements}: without an
     * activity window from {@link #groupedRollup} read as the maintained rollup is read, with one
     * from the dense grid. Every group with an active customer-month in the range or the month before
     * has a row for every month.
     */
    List<Grouped<MonthMovements>> groupedMovements(
            LocalDate firstMonth,
            LocalDate lastMonth,
            String reporting,
            CustomerScope scope,
            Integer windowMonths,
            List<SourceDimension> dims,
            boolean firstReported) {
        String agg;
        if (windowMonths != null) {
            agg = grid(scope, windowMonths, true) + ", " + source(dims, scope).replaceFirst(",\\s*$", "")
                    + GRID_MOVEMENTS
                            .replace("select month,", "select month, g1, g2,")
                            .replace(
                                    "from moved where",
                                    "from (select mv.*, coalesce(oc.g1, o.g1) as g1, coalesce(oc.g2, o.g2) as g2"
                                            + " from moved mv join source o on o.customer_id = mv.customer_id"
                                            + " left join source_closed oc on oc.customer_id = mv.customer_id"
                                            + " and oc.month = mv.month where coalesce(oc.pass, o.pass)) moved where")
                            // a group counts only where one of its customers was active in the month or
                            // the one before (the dense grid holds every customer from its first month)
                            .replace("group by month", "group by month, g1, g2 having bool_or(active or prev_active)");
        } else {
            boolean company = scope.segmentIds() == null;
            agg = monthly(scope)
                    + source(dims, scope)
                    + groupedRollup(scope)
                    + """
                    , per_month as (
                        select month, g1, g2,
                               sum(end_mrr) filter (where inside) as end_mrr, sum(active) filter (where inside) as active,
                               sum(new_mrr) filter (where inside) as new_mrr,
                               sum(reactivated) filter (where inside) as reactivated,
                               sum(expansion) filter (where inside) as expansion,
                               sum(contraction) filter (where inside) as contraction,
                               sum(kept_mrr) filter (where came) as kept_mrr, sum(kept) filter (where came) as kept,
                               sum(kept_mrr) filter (where inside and not came) as transfer_in,
                               sum(kept) filter (where inside and not came) as transfer_in_customers,
                               sum(kept_mrr) filter (where came and not inside) as transfer_out,
                               sum(kept) filter (where came and not inside) as transfer_out_customers
                        from (select r.*, %s as inside, %s as came from grouped_rollup r where %s) r
                        group by month, g1, g2
                    ),
                    groups as (select distinct g1, g2 from per_month),
                    agg as (
                        select m.month::date as month, g.g1, g.g2,
                               lag(coalesce(p.end_mrr, 0)) over o as start_mrr,
                               p.new_mrr, p.expansion, p.contraction,
                               lag(coalesce(p.end_mrr, 0)) over o - coalesce(p.kept_mrr, 0) as churned,
                               p.reactivated, p.transfer_in, p.transfer_out, p.end_mrr, p.active as active_customers,
                               lag(coalesce(p.active, 0)) over o as start_customers,
                               lag(coalesce(p.active, 0)) over o - coalesce(p.kept, 0) as churned_customers,
                               p.transfer_in_customers, p.transfer_out_customers
                        from groups g
                        cross join generate_series(({6}::date - interval '1 month')::date, {0}::date, interval '1 month')
                            as m(month)
                        left join per_month p on p.month = m.month and p.g1 = g.g1 and p.g2 = g.g2
                        window o as (partition by g.g1, g.g2 order by m.month)
                    )
                    """.formatted(
                                    company ? "true" : "r.segment_id = any({2}::bigint[])",
                                    company ? "true" : "r.from_segment_id = any({2}::bigint[])",
                                    company
                                            ? "true"
                                            : "(r.segment_id = any({2}::bigint[]) or r.from_segment_id = any({2}::bigint[]))");
        }
        return dsl.resultQuery(
                        agg + """
                , all_groups as (select distinct g1, g2 from agg)
                select m.month::date,
                       %s,
                       %s
                from all_groups g
                cross join generate_series({6}::date, {0}::date, interval '1 month') as m(month)
                left join agg a on a.month = m.month and a.g1 = g.g1 and a.g2 = g.g2
                order by g.g1, g.g2, m.month
                """.formatted(MOVEMENT_COLUMNS, labels(dims, "g.g1", "g.g2")),
                        binds(firstMonth, lastMonth, reporting, scope, firstReported))
                .fetch(r -> new Grouped<>(labelsOf(r, 16), monthMovements(r)));
    }

    /** Pooled retention inputs of one segment subtree (null: the whole company) and source group. */
    record GroupedPooled(Long segmentId, long g1, long g2, Pooled pooled, GroupLabels labels) {}

    /**
     * {@link #pooledBySegment} per source group: the same sums over {@link #groupedRollup} instead of
     * the maintained rollup, per segment subtree and group, and per group for the whole company.
     */
    List<GroupedPooled> groupedPooledBySegment(
            LocalDate firstMonth,
            LocalDate lastMonth,
            String reporting,
            List<SourceDimension> dims,
            CustomerScope scope,
            boolean firstReported) {
        return dsl.resultQuery(
                        monthly(scope)
                                + source(dims, scope)
                                + groupedRollup(scope)
                                + """
                , per_segment as (
                    select segment_id, g1, g2,
                           sum(end_mrr) filter (where month >= {6}::date) as mrr,
                           sum(active) filter (where month >= {6}::date) as active,
                           coalesce(sum(end_mrr) filter (where month < {0}::date), 0) as end_before,
                           coalesce(sum(contraction) filter (where month >= {6}::date), 0) as contraction,
                           coalesce(sum(kept_mrr) filter (where month >= {6}::date), 0) as kept_into,
                           0 as kept_from
                    from grouped_rollup group by segment_id, g1, g2
                    union all
                    select from_segment_id, g1, g2, null, null, 0, 0, 0,
                           coalesce(sum(kept_mrr) filter (where month >= {6}::date), 0)
                    from grouped_rollup group by from_segment_id, g1, g2
                ),
                closure as (
                    select id as ancestor, id as descendant from segment
                    union all
                    select c.ancestor, s.id from closure c join segment s on s.parent_id = c.descendant
                ),
                sums as (
                    select cl.ancestor, p.g1, p.g2, sum(p.mrr) as mrr, sum(p.active) as active,
                           sum(p.end_before) + sum(p.kept_into) - sum(p.kept_from) as start_mrr,
                           sum(p.end_before) - sum(p.kept_from) + sum(p.contraction) as lost
                    from closure cl join per_segment p on p.segment_id = cl.descendant
                    group by cl.ancestor, p.g1, p.g2
                    union all
                    select null, g1, g2, sum(mrr), sum(active), sum(end_before) + sum(kept_into) - sum(kept_from),
                           sum(end_before) - sum(kept_from) + sum(contraction)
                    from per_segment group by g1, g2
                )
                select ancestor, g1, g2, mrr, active, start_mrr, lost, (select missing from missing), %s
                from sums
                """.formatted(labels(dims, "g1", "g2")),
                        binds(firstMonth, lastMonth, reporting, scope, firstReported))
                .fetch(r -> new GroupedPooled(
                        r.get(0, Long.class),
                        r.get(1, Long.class),
                        r.get(2, Long.class),
                        new Pooled(
                                r.get(0, Long.class),
                                r.get(3, BigDecimal.class),
                                r.get(4, Long.class) == null ? 0 : r.get(4, Long.class),
                                r.get(5, BigDecimal.class),
                                r.get(6, BigDecimal.class),
                                null,
                                null,
                                0,
                                r.get(7, String.class)),
                        labelsOf(r, 8)));
    }
}
