package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A property check of the rollups (changesets 0020 and 0022) on random writes: after every round of spend
 * and revenue lines in three currencies (amounts to 4 decimals), reversals, customers moved to
 * another segment, region, campaign or acquisition date (from the beginning, or effective from a day of
 * the range: each fact then takes the assignment in force on its own day), campaigns retagged (channel,
 * segment, region, product, from the beginning or effective from a day of the range: spend lines, new
 * customers and revenue then take the campaign's tags in force on their own day, changeset 0027), and FX
 * rates upserted inside the range, (1) each rollup row equals the same sums taken again from the raw
 * lines, exactly, and (2) the served P&L by segment, department and channel per month equals a
 * hand-written SQL sum over the raw lines (each line at its own day's rate), to the cent, total included.
 */
class RollupExactnessTest extends IntegrationTest {

    private static final String[] CATEGORIES = {"ADVERTISING", "SALARIES", "COST_OF_SERVICE", "OVERHEAD"};

    @Autowired
    JdbcTemplate jdbc;

    private final Random random = new Random(9L);

    @Test
    void rollupPnlEqualsRawSumsAfterRandomWritesReversalsMovesAndRateChanges() {
        YearMonth month = Api.uniqueMonth();
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atEndOfMonth();
        int days = (int) (to.toEpochDay() - from.toEpochDay()) + 1;

        List<Long> departments = new ArrayList<>();
        List<Long> segments = new ArrayList<>();
        List<Long> regions = new ArrayList<>();
        List<Long> products = new ArrayList<>();
        List<Long> campaigns = new ArrayList<>();
        List<Long> channels = new ArrayList<>();
        String[] kinds = {"MARKETING", "OPERATIONS", "SALES"};
        String parent = null;
        for (int i = 0; i < 3; i++) {
            String department = unique("XD");
            api.department(department, kinds[i]);
            departments.add(id("department", department));
            String segment = unique("XS");
            api.segment(segment, i == 2 ? parent : null);
            parent = segment;
            segments.add(id("segment", segment));
            String region = unique("XR");
            api.region(region, null);
            regions.add(id("region", region));
            String product = unique("XP");
            api.product(product);
            products.add(id("product", product));
        }
        for (int i = 0; i < 2; i++) {
            String channel = unique("XC");
            api.ok("createChannel", "channel", Map.of("code", channel, "name", channel, "paid", i == 0));
            channels.add(id("channel", channel));
            String campaign = unique("XCA");
            jdbc.update(
                    "insert into campaign (code, name, department_id, channel_id, segment_id, region_id,"
                            + " start_date) values (?, ?, ?, ?, ?, ?, ?)",
                    campaign,
                    campaign,
                    departments.get(0),
                    id("channel", channel),
                    segments.get(i),
                    regions.get(i),
                    Date.valueOf(from));
            campaigns.add(id("campaign", campaign));
        }
        String eur = Api.uniqueCurrency();
        String gbp = Api.uniqueCurrency();
        api.currency(eur, from.toString(), "1.081234567891");
        api.currency(gbp, from.toString(), "1.270000000001");
        String[] currencies = {"USD", eur, gbp};

        String prefix = unique("xc");
        List<Object[]> customerRows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            customerRows.add(new Object[] {
                prefix + "-" + i,
                "C" + i,
                pick(segments, false),
                pick(regions, true),
                Date.valueOf(from.plusDays(random.nextInt(days))),
                pick(campaigns, true)
            });
        }
        jdbc.batchUpdate(
                "insert into customer (external_id, name, segment_id, region_id, acquired_on,"
                        + " acquisition_campaign_id) values (?, ?, ?, ?, ?, ?)",
                customerRows);
        List<Long> customers = jdbc.queryForList(
                "select id from customer where external_id like ? order by id", Long.class, prefix + "-%");

        for (int round = 0; round < 6; round++) {
            List<Object[]> spend = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                spend.add(new Object[] {
                    departments.get(random.nextInt(3)),
                    Date.valueOf(from.plusDays(random.nextInt(days))),
                    amount(),
                    currencies[random.nextInt(3)],
                    CATEGORIES[random.nextInt(CATEGORIES.length)],
                    pick(campaigns, true),
                    pick(segments, true),
                    pick(products, true),
                    pick(regions, true)
                });
            }
            jdbc.batchUpdate(
                    "insert into spend_line (department_id, booked_on, amount, currency, category,"
                            + " campaign_id, segment_id, product_id, region_id, created_by)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')",
                    spend);
            List<Object[]> revenue = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                revenue.add(new Object[] {
                    customers.get(random.nextInt(customers.size())),
                    pick(products, true),
                    Date.valueOf(from.plusDays(random.nextInt(days))),
                    amount(),
                    currencies[random.nextInt(3)],
                    random.nextBoolean()
                });
            }
            jdbc.batchUpdate(
                    "insert into revenue_line (customer_id, product_id, recognized_on, amount, currency,"
                            + " recurring, created_by) values (?, ?, ?, ?, ?, ?, 'test')",
                    revenue);

            // reversals: one statement per ledger reversing a few random lines of the range
            jdbc.update(
                    "insert into spend_line (department_id, booked_on, amount, currency, category, campaign_id,"
                            + " segment_id, product_id, region_id, reverses_id, created_by)"
                            + " select department_id, booked_on, -amount, currency, category, campaign_id, segment_id,"
                            + " product_id, region_id, id, 'test' from spend_line s where booked_on between ? and ?"
                            + " and reverses_id is null and not exists (select 1 from spend_line r where r.reverses_id = s.id)"
                            + " order by md5(id::text || ?) limit 5",
                    Date.valueOf(from),
                    Date.valueOf(to),
                    round);
            jdbc.update(
                    "insert into revenue_line (customer_id, product_id, recognized_on, amount, currency,"
                            + " recurring, reverses_id, created_by)"
                            + " select customer_id, product_id, recognized_on, -amount, currency, recurring, id, 'test'"
                            + " from revenue_line l where recognized_on between ? and ? and reverses_id is null"
                            + " and not exists (select 1 from revenue_line r where r.reverses_id = l.id)"
                            + " order by md5(id::text || ?) limit 5",
                    Date.valueOf(from),
                    Date.valueOf(to),
                    round);

            // customer moves: single rows and one statement moving several at once
            for (int i = 0; i < 3; i++) {
                jdbc.update(
                        "update customer set segment_id = ?, region_id = ?, acquisition_campaign_id = ?,"
                                + " acquired_on = ? where id = ?",
                        pick(segments, false),
                        pick(regions, true),
                        pick(campaigns, true),
                        Date.valueOf(from.plusDays(random.nextInt(days))),
                        customers.get(random.nextInt(customers.size())));
            }
            jdbc.update("update customer set segment_id = ? where id = any(?)", pick(segments, false), new Long[] {
                customers.get(random.nextInt(customers.size())), customers.get(random.nextInt(customers.size()))
            });
            jdbc.update("update customer set name = name || '.' where id = ?", customers.get(0));

            // effective-dated moves: assignments from a random day of the range, each moving only the
            // facts from its day up to the next change (changeset 0025)
            for (int i = 0; i < 3; i++) {
                jdbc.update(
                        "insert into customer_assignment (customer_id, valid_from, segment_id, region_id,"
                                + " acquisition_campaign_id) values (?, ?, ?, ?, ?)",
                        customers.get(random.nextInt(customers.size())),
                        Date.valueOf(from.plusDays(random.nextInt(days))),
                        pick(segments, false),
                        pick(regions, true),
                        pick(campaigns, true));
            }

            // campaign retags: effective from a day of the range (each moving only the facts from its day
            // up to the next change), and a plain update of the columns (from the beginning)
            for (int i = 0; i < 2; i++) {
                jdbc.update(
                        "insert into campaign_assignment (campaign_id, valid_from, department_id, channel_id,"
                                + " segment_id, product_id, region_id) values (?, ?, ?, ?, ?, ?, ?)",
                        campaigns.get(random.nextInt(campaigns.size())),
                        Date.valueOf(from.plusDays(random.nextInt(days))),
                        departments.get(0),
                        pick(channels, false),
                        pick(segments, true),
                        pick(products, true),
                        pick(regions, true));
            }
            if (round % 2 == 1) {
                jdbc.update(
                        "update campaign set channel_id = ?, segment_id = ? where id = ?",
                        pick(channels, false),
                        pick(segments, true),
                        campaigns.get(random.nextInt(campaigns.size())));
            }

            // a rate inside the range, new or replacing one: the rated sums after it change
            jdbc.update(
                    "insert into fx_rate (currency, rate_date, rate) values (?, ?, ?)"
                            + " on conflict (currency, rate_date) do update set rate = excluded.rate",
                    random.nextBoolean() ? eur : gbp,
                    Date.valueOf(from.plusDays(random.nextInt(days))),
                    BigDecimal.valueOf(500_000_000_000L + random.nextInt(1_000_000_000), 12));

            assertRollupsEqualRawLines(from, to);
            assertServedPnlEqualsRawSql(from, to, round);
        }
    }

    private void assertRollupsEqualRawLines(LocalDate from, LocalDate to) {
        Integer spendDiff = jdbc.queryForObject(
                """
                with raw as (
                    select date_trunc('month', booked_on)::date as month, department_id, category, campaign_id,
                           campaign_assignment_id_on(campaign_id, booked_on) as assignment_id,
                           segment_id, product_id, region_id, currency, sum(amount) as amount,
                           sum(amount * coalesce(fx_table_rate(currency, booked_on), 0)) as rated, count(*) as lines
                    from spend_line where booked_on between ? and ? group by 1, 2, 3, 4, 5, 6, 7, 8, 9),
                rollup as (
                    select month, department_id, category, campaign_id, campaign_assignment_id, segment_id, product_id,
                           region_id, currency, amount, rated, lines from spend_rollup where month between ? and ?)
                select count(*)::int from ((select * from raw except all select * from rollup)
                                           union all (select * from rollup except all select * from raw)) d
                """, Integer.class, Date.valueOf(from), Date.valueOf(to), Date.valueOf(from), Date.valueOf(to));
        assertThat(spendDiff)
                .as("spend rollup rows differing from the raw lines")
                .isZero();
        Integer revenueDiff = jdbc.queryForObject(
                """
                with raw as (
                    select date_trunc('month', r.recognized_on)::date as month, a.segment_id, a.region_id,
                           a.acquisition_campaign_id as campaign_id,
                           campaign_assignment_id_on(a.acquisition_campaign_id, r.recognized_on) as assignment_id,
                           r.product_id, r.recurring, r.currency, sum(r.amount) as amount,
                           sum(r.amount * coalesce(fx_table_rate(r.currency, r.recognized_on), 0)) as rated,
                           count(*) as lines
                    from revenue_line r cross join lateral (
                        select * from customer_assignment x where x.customer_id = r.customer_id
                        and x.valid_from <= r.recognized_on order by x.valid_from desc, x.id desc limit 1) a
                    where r.recognized_on between ? and ? group by 1, 2, 3, 4, 5, 6, 7, 8),
                rollup as (
                    select month, segment_id, region_id, campaign_id, campaign_assignment_id, product_id, recurring,
                           currency, amount, rated, lines from revenue_rollup where month between ? and ?)
                select count(*)::int from ((select * from raw except all select * from rollup)
                                           union all (select * from rollup except all select * from raw)) d
                """, Integer.class, Date.valueOf(from), Date.valueOf(to), Date.valueOf(from), Date.valueOf(to));
        assertThat(revenueDiff)
                .as("revenue rollup rows differing from the raw lines")
                .isZero();
        Integer customerDiff = jdbc.queryForObject(
                """
                with raw as (
                    select date_trunc('month', c.acquired_on)::date as month, a.segment_id, a.region_id,
                           a.acquisition_campaign_id as campaign_id,
                           campaign_assignment_id_on(a.acquisition_campaign_id, c.acquired_on) as assignment_id,
                           count(*) as customers
                    from customer c cross join lateral (
                        select * from customer_assignment x where x.customer_id = c.id
                        and x.valid_from <= c.acquired_on order by x.valid_from desc, x.id desc limit 1) a
                    where c.acquired_on between ? and ? group by 1, 2, 3, 4, 5),
                rollup as (select month, segment_id, region_id, campaign_id, campaign_assignment_id, customers
                           from customer_rollup where month between ? and ?)
                select count(*)::int from ((select * from raw except all select * from rollup)
                                           union all (select * from rollup except all select * from raw)) d
                """, Integer.class, Date.valueOf(from), Date.valueOf(to), Date.valueOf(from), Date.valueOf(to));
        assertThat(customerDiff)
                .as("customer rollup rows differing from the customers")
                .isZero();
        Integer customerMonthDiff = jdbc.queryForObject(
                """
                with raw as (
                    select customer_id, date_trunc('month', recognized_on)::date as month, currency,
                           sum(amount) as amount,
                           sum(amount * coalesce(fx_table_rate(currency, recognized_on), 0)) as rated,
                           coalesce(sum(amount) filter (where recurring), 0) as recurring_amount,
                           coalesce(sum(amount * coalesce(fx_table_rate(currency, recognized_on), 0))
                               filter (where recurring), 0) as recurring_rated,
                           count(*) as lines, min(recognized_on) as first_day
                    from revenue_line where recognized_on between ? and ? group by 1, 2, 3),
                rollup as (
                    select customer_id, month, currency, amount, rated, recurring_amount, recurring_rated, lines,
                           first_day from customer_month_rollup where month between ? and ?)
                select count(*)::int from ((select * from raw except all select * from rollup)
                                           union all (select * from rollup except all select * from raw)) d
                """, Integer.class, Date.valueOf(from), Date.valueOf(to), Date.valueOf(from), Date.valueOf(to));
        assertThat(customerMonthDiff)
                .as("customer-month rollup rows differing from the raw lines")
                .isZero();

        // maintained MRR movements (0024, 0028): every customer with revenue in the range, its whole
        // history from the lines (MRR in USD, each line at its own day's rate), each month in the
        // segment of the assignment in force on its last day, against customer_mrr_month and, summed
        // per month, segment and the segment kept customers came from, against mrr_movement_rollup
        // (whose rows left without customers stay with every sum 0)
        String active = """
                with lines as (
                    select customer_id, date_trunc('month', recognized_on)::date as month,
                           sum(case when currency = 'USD' then amount
                                    else amount * coalesce(fx_table_rate(currency, recognized_on), 0) end)
                               filter (where recurring) as mrr
                    from revenue_line
                    where customer_id in (select customer_id from revenue_line where recognized_on between ? and ?)
                    group by 1, 2),
                placed as (
                    select l.customer_id, l.month, l.mrr,
                           (select a.segment_id from customer_assignment a
                            where a.customer_id = l.customer_id
                              and a.valid_from <= (l.month + interval '1 month')::date - 1
                            order by a.valid_from desc, a.id desc limit 1) as segment_id
                    from lines l where l.mrr > 0),
                active as (
                    select customer_id, month, segment_id, mrr, lag(month) over w as prev_month,
                           lag(mrr) over w as prev_mrr, lag(segment_id) over w as prev_segment_id
                    from placed
                    window w as (partition by customer_id order by month))
                """;
        Integer customerMrrDiff = jdbc.queryForObject(
                active + """
                , maintained as (
                    select customer_id, month, segment_id, mrr, prev_month, prev_mrr, prev_segment_id
                    from customer_mrr_month
                    where customer_id in (select customer_id from revenue_line where recognized_on between ? and ?))
                select count(*)::int from ((select * from active except all select * from maintained)
                                           union all (select * from maintained except all select * from active)) d
                """,
                Integer.class,
                Date.valueOf(from),
                Date.valueOf(to),
                Date.valueOf(from),
                Date.valueOf(to));
        assertThat(customerMrrDiff)
                .as("customer MRR months differing from the raw lines")
                .isZero();
        Integer movementDiff = jdbc.queryForObject(
                active + """
                , expected as (
                    select month, segment_id,
                           case when prev_month >= month - 31 then prev_segment_id else segment_id end
                               as from_segment_id,
                           sum(mrr) as end_mrr, count(*) as active,
                           coalesce(sum(mrr) filter (where prev_month is null), 0) as new_mrr,
                           coalesce(sum(mrr) filter (where prev_month < month - 31), 0) as reactivated,
                           coalesce(sum(mrr - prev_mrr) filter (where prev_month >= month - 31 and mrr > prev_mrr), 0)
                               as expansion,
                           coalesce(sum(prev_mrr - mrr) filter (where prev_month >= month - 31 and mrr < prev_mrr), 0)
                               as contraction,
                           coalesce(sum(prev_mrr) filter (where prev_month >= month - 31), 0) as kept_mrr,
                           count(*) filter (where prev_month >= month - 31) as kept
                    from active where month between ? and ? group by 1, 2, 3),
                maintained as (
                    select month, segment_id, from_segment_id, end_mrr, active, new_mrr, reactivated, expansion,
                           contraction, kept_mrr, kept from mrr_movement_rollup where month between ? and ? and active <> 0)
                select count(*)::int from ((select * from expected except all select * from maintained)
                                           union all (select * from maintained except all select * from expected)) d
                """,
                Integer.class,
                Date.valueOf(from),
                Date.valueOf(to),
                Date.valueOf(from),
                Date.valueOf(to),
                Date.valueOf(from),
                Date.valueOf(to));
        assertThat(movementDiff)
                .as("maintained MRR movement rows differing from the raw lines")
                .isZero();
        Integer emptyRowsWithSums = jdbc.queryForObject("""
                select count(*)::int from mrr_movement_rollup
                where active = 0 and (end_mrr <> 0 or new_mrr <> 0 or reactivated <> 0 or expansion <> 0
                                      or contraction <> 0 or kept_mrr <> 0 or kept <> 0)
                """, Integer.class);
        assertThat(emptyRowsWithSums)
                .as("maintained MRR movement rows without customers but with sums")
                .isZero();
    }

    /** The P&L by segment, department and channel per month, served, against the same figures in plain SQL over the lines. */
    private void assertServedPnlEqualsRawSql(LocalDate from, LocalDate to, int round) {
        Map<String, List<BigDecimal>> expected = new HashMap<>();
        jdbc.query(
                """
                with f as (
                    select date_trunc('month', r.recognized_on)::date as m, a.segment_id as seg, null::bigint as dep,
                           ca.channel_id as ch,
                           'REV' as kind, r.amount * fx_rate_on(r.currency, r.recognized_on, 'USD') as v, 0 as n
                    from revenue_line r
                    cross join lateral customer_assignment_on(r.customer_id, r.recognized_on) a
                    left join campaign_assignment ca
                        on ca.id = campaign_assignment_id_on(a.acquisition_campaign_id, r.recognized_on)
                    where r.recognized_on between ? and ?
                    union all
                    select date_trunc('month', s.booked_on)::date, coalesce(s.segment_id, ca.segment_id), s.department_id,
                           ca.channel_id, case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end,
                           s.amount * fx_rate_on(s.currency, s.booked_on, 'USD'), 0
                    from spend_line s
                    left join campaign_assignment ca on ca.id = campaign_assignment_id_on(s.campaign_id, s.booked_on)
                    where s.booked_on between ? and ?
                    union all
                    select date_trunc('month', c.acquired_on)::date, a.segment_id, null, ca.channel_id, 'NEW', 0, 1
                    from customer c
                    cross join lateral customer_assignment_on(c.id, c.acquired_on) a
                    left join campaign_assignment ca
                        on ca.id = campaign_assignment_id_on(a.acquisition_campaign_id, c.acquired_on)
                    where c.acquired_on between ? and ?)
                select f.m, coalesce(sg.code, '(unassigned)') as seg, coalesce(d.code, '(unassigned)') as dep,
                       coalesce(chn.code, '(unassigned)') as ch,
                       round(coalesce(sum(v) filter (where f.kind = 'REV'), 0), 2) as revenue,
                       round(coalesce(sum(v) filter (where f.kind = 'COGS'), 0), 2) as cogs,
                       round(coalesce(sum(v) filter (where f.kind = 'OPEX'), 0), 2) as opex,
                       sum(n) as new_customers
                from f left join segment sg on sg.id = f.seg left join department d on d.id = f.dep
                left join channel chn on chn.id = f.ch
                group by grouping sets ((f.m, sg.code, d.code, chn.code), ())
                """,
                rs -> {
                    String key = rs.getDate("m") == null
                            ? "total"
                            : rs.getDate("m") + "|" + rs.getString("seg") + "|" + rs.getString("dep") + "|"
                                    + rs.getString("ch");
                    expected.put(
                            key,
                            List.of(
                                    rs.getBigDecimal("revenue"),
                                    rs.getBigDecimal("cogs"),
                                    rs.getBigDecimal("opex"),
                                    rs.getBigDecimal("new_customers")));
                },
                Date.valueOf(from),
                Date.valueOf(to),
                Date.valueOf(from),
                Date.valueOf(to),
                Date.valueOf(from),
                Date.valueOf(to));

        var response = graphQl.documentName("profitAndLoss")
                .variable("from", from.toString())
                .variable("to", to.toString())
                .variable("groupBy", List.of("SEGMENT", "DEPARTMENT", "CHANNEL"))
                .execute();
        Map<String, List<BigDecimal>> served = new HashMap<>();
        for (Map<?, ?> row :
                response.path("profitAndLoss.rows").entityList(Map.class).get()) {
            served.put(
                    row.get("periodStart") + "|" + row.get("segmentCode") + "|" + row.get("departmentCode") + "|"
                            + row.get("channelCode"),
                    figures(row));
        }
        served.put(
                "total",
                figures(response.path("profitAndLoss.total").entity(Map.class).get()));
        assertThat(served.keySet()).as("slices in round %d", round).isEqualTo(expected.keySet());
        expected.forEach((key, figures) -> {
            for (int i = 0; i < figures.size(); i++) {
                assertThat(served.get(key).get(i))
                        .as("figure %d of %s in round %d", i, key, round)
                        .isEqualByComparingTo(figures.get(i));
            }
        });
    }

    private static List<BigDecimal> figures(Map<?, ?> row) {
        return List.of(
                new BigDecimal((String) row.get("revenue")),
                new BigDecimal((String) row.get("costOfService")),
                new BigDecimal((String) row.get("operatingExpenses")),
                BigDecimal.valueOf(((Number) row.get("newCustomers")).longValue()));
    }

    private BigDecimal amount() {
        BigDecimal value = BigDecimal.valueOf(random.nextInt(90_000_000) + 1, 4);
        return random.nextInt(5) == 0 ? value.negate() : value;
    }

    private long id(String table, String code) {
        return jdbc.queryForObject("select id from " + table + " where code = ?", Long.class, code);
    }

    private Long pick(List<Long> ids, boolean mayBeNull) {
        if (mayBeNull && random.nextInt(4) == 0) {
            return null;
        }
        return ids.get(random.nextInt(ids.size()));
    }
}
