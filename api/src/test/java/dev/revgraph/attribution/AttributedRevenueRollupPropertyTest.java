package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import dev.revgraph.support.RandomWrites;
import dev.revgraph.support.Sql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Campaign performance's attributed revenue reads whole months from the customer-month rollup and
 * its assignments through written-out spans; its figures are those of the per-line formula. After
 * every batch of random writes (seeded, so a failure repeats: revenue lines and their reversals in
 * the reporting currency and another, touchpoints, acquisition days and campaigns changed, FX rates,
 * campaigns moved to another channel from a day, campaign spend, months closed and reopened) every
 * model's rows by campaign and by channel, over ranges starting and ending inside months and on
 * their edges, equal the figures computed here from the lines one by one: each credit
 * ({@code attribution_credits_stored}) times its customer's revenue lines from the acquisition day
 * to the range's end at each line's rate ({@code fx_rate_on}), closed months from the day amounts
 * their close stored, under the campaign's assignment of the acquisition day
 * ({@code campaign_assignment_id_on}); spend likewise from the spend lines. The report's statement
 * count does not grow with the data. Year 2090 is this test's alone.
 */
class AttributedRevenueRollupPropertyTest extends IntegrationTest {

    private static final long SEED = 20901201L;
    private static final List<String> MODELS =
            List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY");
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final YearMonth FIRST = YearMonth.of(2090, 1);
    private static final int MONTHS = 6;
    private static final int BATCHES = 8;
    private static final List<LocalDate[]> RANGES = List.of(
            new LocalDate[] {LocalDate.of(2090, 1, 1), LocalDate.of(2090, 6, 30)},
            new LocalDate[] {LocalDate.of(2090, 1, 15), LocalDate.of(2090, 4, 20)},
            new LocalDate[] {LocalDate.of(2090, 2, 1), LocalDate.of(2090, 3, 31)},
            new LocalDate[] {LocalDate.of(2090, 3, 10), LocalDate.of(2090, 3, 25)});

    @Autowired
    Environment environment;

    @Autowired
    QueryCounter queries;

    private CompanyBuilder company;
    private String reporting;
    private Integer statements;

    @Test
    void attributedRevenueEqualsThePerLineFormulaAfterRandomWrites() {
        Random random = new Random(SEED);
        String prefix = unique("AR");
        company = new CompanyBuilder(graphQl, prefix)
                .currency("K", "2089-12-01", "1.25", "2090-02-10", "1.3333")
                .department("XM", "MARKETING")
                .channel("XC", true)
                .channel("XD", false)
                .segment("XS", null);
        for (String letter : LETTERS) {
            company.campaign(letter, "XM", random.nextBoolean() ? "XC" : "XD", "2089-12-01");
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            String name = "X" + i;
            LocalDate acquiredOn = randomDay(random, 4);
            company.customer(name, "XS", null, acquiredOn.toString(), random.nextInt(3) == 0 ? null : letter(random));
            customers.add(name);
            for (int t = random.nextInt(4); t > 0; t--) {
                company.touches(name, letter(random), RandomWrites.instant(random, acquiredOn));
            }
            for (int r = 1 + random.nextInt(5); r > 0; r--) {
                company.revenue(
                        name,
                        randomDay(random, MONTHS).toString(),
                        RandomWrites.amount(random),
                        random.nextBoolean() ? "K" : "USD",
                        random.nextBoolean());
            }
        }
        for (int s = 0; s < 10; s++) {
            company.spend(
                    "XM",
                    randomDay(random, MONTHS).toString(),
                    RandomWrites.amount(random),
                    random.nextBoolean() ? "K" : "USD",
                    "ADVERTISING",
                    CompanyBuilder.Tags.NONE.andCampaign(letter(random)));
        }
        company.build();
        Set<YearMonth> closed = new HashSet<>();

        try (Sql sql = new Sql(environment)) {
            assertSameFigures(sql);
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int w = 0; w < 8; w++) {
                    write(sql, random, customers, batch, w);
                }
                // close or reopen one of the first three months
                YearMonth month = FIRST.plusMonths(random.nextInt(3));
                RandomWrites.closeOrReopen(api, closed, month);
                assertSameFigures(sql);
            }
        }
    }

    private void write(Sql sql, Random random, List<String> customers, int batch, int w) {
        String customer = company.code(customers.get(random.nextInt(customers.size())));
        switch (random.nextInt(10)) {
            case 0 ->
                RandomWrites.touch(
                        api,
                        customer,
                        company.code(letter(random)),
                        RandomWrites.instant(random, randomDay(random, 4)),
                        "CLICK");
            case 1 ->
                quietly(
                        sql,
                        "update customer set acquired_on = date '" + randomDay(random, 4) + "' where external_id = '"
                                + customer + "'");
            case 2 ->
                quietly(
                        sql,
                        "update customer set acquisition_campaign_id = (select id from campaign where code = '"
                                + company.code(letter(random)) + "') where external_id = '" + customer + "'");
            case 3, 4 -> {
                String line = RandomWrites.revenueLine(
                        api,
                        customer,
                        randomDay(random, MONTHS),
                        RandomWrites.amount(random),
                        random.nextBoolean() ? company.code("K") : "USD",
                        random.nextBoolean());
                if (line != null && random.nextBoolean()) {
                    api.mutate("reverseRevenueLine", Map.of("lineId", line));
                }
            }
            case 5 ->
                RandomWrites.rate(
                        api, company.code("K"), randomDay(random, MONTHS), "1." + (100 + random.nextInt(900)));
            case 6 ->
                api.mutate(
                        "updateCampaign",
                        Map.of(
                                "code",
                                company.code(letter(random)),
                                "channelCode",
                                company.code(random.nextBoolean() ? "XC" : "XD"),
                                "effectiveFrom",
                                randomDay(random, MONTHS).toString()));
            case 7 ->
                api.mutate(
                        "recordSpendLine",
                        Map.of(
                                "departmentCode",
                                company.code("XM"),
                                "bookedOn",
                                randomDay(random, MONTHS).toString(),
                                "amount",
                                RandomWrites.amount(random),
                                "currency",
                                random.nextBoolean() ? company.code("K") : "USD",
                                "category",
                                "ADVERTISING",
                                "campaignCode",
                                company.code(letter(random))));
            default -> {
                // a new customer with a touch and a line (each refused when its month is closed)
                String code = company.code("N" + batch + "_" + w);
                LocalDate day = randomDay(random, 4);
                RandomWrites.customer(api, code, company.code("XS"), day, company.code(letter(random)));
                RandomWrites.touch(api, code, company.code(letter(random)), RandomWrites.instant(random, day), "FORM");
                api.mutate(
                        "recordRevenueLine",
                        Map.of(
                                "customerExternalId",
                                code,
                                "recognizedOn",
                                day.plusDays(random.nextInt(60)).toString(),
                                "amount",
                                RandomWrites.amount(random),
                                "currency",
                                "USD",
                                "recurring",
                                true));
            }
        }
    }

    /** Every model's served rows over every range equal the per-line formula's, to the cent. */
    @SuppressWarnings("unchecked")
    private void assertSameFigures(Sql sql) {
        for (LocalDate[] range : RANGES) {
            for (String model : MODELS) {
                for (String groupBy : range == RANGES.get(0) ? List.of("CAMPAIGN", "CHANNEL") : List.of("CAMPAIGN")) {
                    queries.reset();
                    var response = graphQl.documentName("campaignPerformance")
                            .variable("from", range[0].toString())
                            .variable("to", range[1].toString())
                            .variable("model", model)
                            .variable("groupBy", groupBy)
                            .execute();
                    if (statements == null) {
                        statements = queries.count();
                    }
                    assertThat(queries.count()).as("statements of one report").isEqualTo(statements);
                    if (reporting == null) {
                        reporting = response.path("campaignPerformance.currency")
                                .entity(String.class)
                                .get();
                    }
                    List<Map<String, Object>> rows = response.path("campaignPerformance.rows")
                            .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                            .get();
                    Map<String, Object> total = response.path("campaignPerformance.total")
                            .entity((Class<Map<String, Object>>) (Class<?>) Map.class)
                            .get();
                    Map<String, BigDecimal[]> expected = expected(sql, range[0], range[1], model, groupBy);
                    String what = model + " " + groupBy + " " + range[0] + ".." + range[1];
                    Map<String, String> served = new TreeMap<>();
                    for (Map<String, Object> row : rows) {
                        String code = (String) row.get("code");
                        if (code == null || code.startsWith(company.code(""))) {
                            served.put(
                                    String.valueOf(code),
                                    row.get("attributedRevenue") + " " + row.get("customers") + " " + row.get("spend"));
                        }
                    }
                    Map<String, String> computed = new TreeMap<>();
                    expected.forEach((code, f) -> computed.put(
                            code,
                            money(f[0], f[3]) + " " + f[1].divide(f[3], 4, RoundingMode.HALF_UP) + " "
                                    + f[2].setScale(2, RoundingMode.HALF_UP)));
                    // a campaign running in the range without any fact has a row of zeros
                    served.keySet().forEach(code -> computed.putIfAbsent(code, "0.00 0.0000 0.00"));
                    assertThat(served).as(what).isEqualTo(computed);
                    // the total: every row's exact fractions added
                    BigDecimal revenue = BigDecimal.ZERO;
                    BigDecimal spend = BigDecimal.ZERO;
                    BigDecimal common = expected.values().stream()
                            .map(f -> f[3])
                            .reduce(BigDecimal.ONE, AttributedRevenueRollupPropertyTest::lcm);
                    for (BigDecimal[] f : expected.values()) {
                        revenue = revenue.add(f[0].multiply(common.divide(f[3])));
                        spend = spend.add(f[2]);
                    }
                    assertThat(total.get("attributedRevenue"))
                            .as(what + " total")
                            .isEqualTo(money(revenue, common));
                    assertThat(total.get("spend"))
                            .as(what + " total spend")
                            .isEqualTo(spend.setScale(2, RoundingMode.HALF_UP).toPlainString());
                }
            }
        }
    }

    private static String money(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, 2, RoundingMode.HALF_UP).toPlainString();
    }

    private static BigDecimal lcm(BigDecimal a, BigDecimal b) {
        BigInteger x = a.toBigIntegerExact();
        BigInteger y = b.toBigIntegerExact();
        return new BigDecimal(x.divide(x.gcd(y)).multiply(y));
    }

    /**
     * The rows by the per-line formula, keyed by code ("null": the unattributed row): attributed revenue
     * and customers as exact fractions over one denominator per row {revenue, customers, spend,
     * denominator}; only this test's codes.
     */
    private Map<String, BigDecimal[]> expected(Sql sql, LocalDate from, LocalDate to, String model, String groupBy) {
        String f = "date '" + from + "'";
        String t = "date '" + to + "'";
        String rowCode = "case when '" + groupBy + "' = 'CAMPAIGN' then k.code else ch.code end";
        String credits = """
                with closed as materialized (
                    select month, close_version_id as id from reported_close_version(%1$s, %2$s, false)
                ),
                cr as (
                    select customer_id, acquired_on, campaign_id, num, den
                    from attribution_credits_stored(%1$s, %2$s, '%3$s', false)
                ),
                cu as (select distinct customer_id, acquired_on from cr),
                rev as (
                    select cu.customer_id,
                           coalesce((select sum(r.amount * fx_rate_on(r.currency, r.recognized_on, '%4$s'))
                                     from revenue_line r
                                     where r.customer_id = cu.customer_id
                                       and r.recognized_on between cu.acquired_on and %2$s
                                       and not exists (select 1 from closed m
                                                       where m.month = date_trunc('month', r.recognized_on)::date)), 0)
                           + coalesce((select sum(case when d.currency = '%4$s' then d.amount else d.rated end)
                                       from closed_customer_day_revenue d join closed m on m.id = d.close_version_id
                                       where d.customer_id = cu.customer_id
                                         and d.day between cu.acquired_on and %2$s), 0) as revenue
                    from cu
                )
                select case when cr.campaign_id is null then null else %5$s end, cr.num, cr.den, rev.revenue
                from cr
                join rev on rev.customer_id = cr.customer_id
                left join campaign k on k.id = cr.campaign_id
                left join campaign_assignment ca on ca.id = campaign_assignment_id_on(cr.campaign_id, cr.acquired_on)
                left join channel ch on ch.id = ca.channel_id
                """.formatted(f, t, model, reporting, rowCode);
        String spend = """
                with closed as materialized (
                    select month, close_version_id as id from reported_close_version(%1$s, %2$s, false)
                )
                select %4$s, sum(x.value)
                from (select l.campaign_id, l.booked_on as day, l.amount * fx_rate_on(l.currency, l.booked_on, '%3$s')
                                 as value
                      from spend_line l
                      where l.campaign_id is not null and l.booked_on between %1$s and %2$s
                        and not exists (select 1 from closed m where m.month = date_trunc('month', l.booked_on)::date)
                      union all
                      select s.campaign_id, s.day, case when s.currency = '%3$s' then s.amount else s.rated end
                      from closed m join closed_campaign_spend s on s.close_version_id = m.id
                      where s.day between %1$s and %2$s) x
                join campaign k on k.id = x.campaign_id
                join campaign_assignment ca on ca.id = campaign_assignment_id_on(x.campaign_id, x.day)
                join channel ch on ch.id = ca.channel_id
                group by 1
                """.formatted(f, t, reporting, rowCode);
        // per row: the denominators' least common multiple, then the exact sums over it
        Map<String, List<BigDecimal[]>> credited = new TreeMap<>();
        Map<String, BigDecimal[]> rows = new TreeMap<>();
        String mine = company.code("");
        try (Statement s = sql.connection().createStatement()) {
            try (ResultSet r = s.executeQuery(credits)) {
                while (r.next()) {
                    String code = r.getString(1);
                    if (code == null || code.startsWith(mine)) {
                        credited.computeIfAbsent(String.valueOf(code), c -> new ArrayList<>())
                                .add(new BigDecimal[] {r.getBigDecimal(2), r.getBigDecimal(3), r.getBigDecimal(4)});
                    }
                }
            }
            try (ResultSet r = s.executeQuery(spend)) {
                while (r.next()) {
                    String code = r.getString(1);
                    if (code.startsWith(mine)) {
                        rows.put(code, new BigDecimal[] {
                            BigDecimal.ZERO, BigDecimal.ZERO, r.getBigDecimal(2), BigDecimal.ONE
                        });
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        credited.forEach((code, list) -> {
            BigDecimal common =
                    list.stream().map(c -> c[1]).reduce(BigDecimal.ONE, AttributedRevenueRollupPropertyTest::lcm);
            BigDecimal revenue = BigDecimal.ZERO;
            BigDecimal customers = BigDecimal.ZERO;
            for (BigDecimal[] c : list) {
                BigDecimal times = common.divide(c[1]);
                revenue = revenue.add(c[0].multiply(c[2]).multiply(times));
                customers = customers.add(c[0].multiply(times));
            }
            BigDecimal spendOf = rows.containsKey(code) ? rows.get(code)[2] : BigDecimal.ZERO;
            rows.put(code, new BigDecimal[] {revenue, customers, spendOf, common});
        });
        return rows;
    }

    /** A statement the schema may refuse (a closed month): refused, it writes nothing. */
    private static void quietly(Sql sql, String statement) {
        try {
            sql.execute(statement);
        } catch (IllegalStateException refused) {
            assertThat(refused.getCause().getMessage()).contains("is closed");
        }
    }

    private static String letter(Random random) {
        return LETTERS.get(random.nextInt(LETTERS.size()));
    }

    /** A day of the first {@code months} months of 2090. */
    private static LocalDate randomDay(Random random, int months) {
        YearMonth month = FIRST.plusMonths(random.nextInt(months));
        return month.atDay(1 + random.nextInt(month.lengthOfMonth()));
    }
}
