package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.RandomWrites;
import dev.revgraph.support.Sql;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The maintained attribution credits (changeset 0052) are always a fresh computation: after every
 * batch of random writes (seeded, so a failure repeats) each customer's stored credits under every
 * model equal the credits the schema's {@code attribution_credits} computes from the live tables,
 * exactly (numerator and denominator), and what campaignPerformance reads for a range
 * ({@code attribution_credits_stored}, closed months as their close stored them) equals what it
 * read before the credits were stored, under both close versions.
 *
 * <p>The writes: touchpoints recorded through the API and deleted or moved in time by plain SQL, new
 * customers, acquisition days and acquisition campaigns changed (a plain update of the customer
 * row, a dated assignment row), segment moves from a date, revenue lines and their reversals, FX
 * rates, and months closed and reopened; a write the schema refuses (a closed month) changes
 * nothing. Campaign performance served over HTTP equals, in its credited figures, the sum of the
 * fresh credits.
 */
class StoredCreditsExactnessTest extends IntegrationTest {

    private static final long SEED = 20261201L;
    private static final List<String> MODELS =
            List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY");
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final int BATCHES = 10;

    @Autowired
    Environment environment;

    @Test
    void storedCreditsEqualAFreshComputationAfterRandomWrites() {
        Random random = new Random(SEED);
        // the three months before the range hold the rate and the campaigns' start: reserved too, so that
        // no other test's close can refuse them
        YearMonth first = Api.uniqueMonths(7).plusMonths(3);
        LocalDate from = first.atDay(1);
        LocalDate to = first.plusMonths(3).atEndOfMonth();
        String prefix = unique("SC");
        CompanyBuilder company = new CompanyBuilder(graphQl, prefix)
                .currency("K", first.minusMonths(3).atDay(1).toString(), "1.25")
                .department("XM", "MARKETING")
                .channel("XC", true)
                .segment("XS", null)
                .segment("XT", null);
        for (String letter : LETTERS) {
            company.campaign(letter, "XM", "XC", first.minusMonths(3).atDay(1).toString());
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "X" + i;
            LocalDate acquiredOn = randomDay(random, first);
            company.customer(name, "XS", null, acquiredOn.toString(), random.nextInt(3) == 0 ? null : letter(random));
            customers.add(name);
            for (int t = random.nextInt(5); t > 0; t--) {
                company.touches(name, letter(random), RandomWrites.instant(random, acquiredOn));
            }
            company.revenue(
                    name, acquiredOn.toString(), RandomWrites.amount(random), random.nextBoolean() ? "K" : "USD", true);
        }
        company.build();
        Set<YearMonth> closed = new HashSet<>();

        try (Sql sql = new Sql(environment)) {
            // the application reads the stored TIME_DECAY credits for the half-life the schema stores
            assertThat(sql.count("select attribution_stored_half_life()"))
                    .isEqualTo(AttributionModel.STORED_HALF_LIFE_DAYS);
            assertExact(sql, prefix, from, to, company);
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int w = 0; w < 6; w++) {
                    String customer = company.code(customers.get(random.nextInt(customers.size())));
                    switch (random.nextInt(11)) {
                        case 0, 1 ->
                            RandomWrites.touch(
                                    api,
                                    customer,
                                    company.code(letter(random)),
                                    RandomWrites.instant(random, acquiredOn(sql, customer)),
                                    "CLICK");
                        case 2 ->
                            quietly(
                                    sql,
                                    "delete from touchpoint where id = (select t.id from touchpoint t"
                                            + " join customer c on c.id = t.customer_id where c.external_id = '"
                                            + customer
                                            + "' order by t.occurred_at limit 1)");
                        case 3 ->
                            quietly(
                                    sql,
                                    "update touchpoint set occurred_at = occurred_at - interval '"
                                            + (1 + random.nextInt(20))
                                            + " days' where id = (select t.id from touchpoint t"
                                            + " join customer c on c.id = t.customer_id where c.external_id = '"
                                            + customer
                                            + "' order by t.occurred_at desc limit 1)");
                        case 4 ->
                            quietly(
                                    sql,
                                    "update customer set acquired_on = date '" + randomDay(random, first)
                                            + "' where external_id = '" + customer + "'");
                        case 5 ->
                            quietly(
                                    sql,
                                    "update customer set acquisition_campaign_id = (select id from campaign"
                                            + " where code = '" + company.code(letter(random))
                                            + "') where external_id = '"
                                            + customer + "'");
                        case 6 ->
                            quietly(
                                    sql,
                                    "insert into customer_assignment (customer_id, valid_from, segment_id,"
                                            + " region_id, acquisition_campaign_id) select c.id, date '"
                                            + randomDay(random, first)
                                            + "', c.segment_id, c.region_id, (select id from campaign where code = '"
                                            + company.code(letter(random))
                                            + "') from customer c where c.external_id = '"
                                            + customer + "'");
                        case 7 -> {
                            String line = RandomWrites.revenueLine(
                                    api, customer, randomDay(random, first), RandomWrites.amount(random), "USD", true);
                            if (line != null && random.nextBoolean()) {
                                api.mutate("reverseRevenueLine", Map.of("lineId", line));
                            }
                        }
                        case 8 ->
                            RandomWrites.rate(
                                    api, company.code("K"), randomDay(random, first), "1." + (10 + random.nextInt(80)));
                        case 9 ->
                            api.mutate(
                                    "updateCustomer",
                                    Map.of(
                                            "externalId",
                                            customer,
                                            "segmentCode",
                                            company.code(random.nextBoolean() ? "XS" : "XT"),
                                            "effectiveFrom",
                                            randomDay(random, first).toString()));
                        default -> {
                            // a new customer and a touch (each refused when its month is closed)
                            String code = company.code("N" + batch + "_" + w);
                            LocalDate day = randomDay(random, first);
                            RandomWrites.customer(api, code, company.code("XS"), day, company.code(letter(random)));
                            RandomWrites.touch(
                                    api, code, company.code(letter(random)), RandomWrites.instant(random, day), "FORM");
                        }
                    }
                }
                // close or reopen a month of the range
                YearMonth month = first.plusMonths(random.nextInt(4));
                RandomWrites.closeOrReopen(api, closed, month);
                assertExact(sql, prefix, from, to, company);
            }
        }
    }

    /** The stored credits of the test's customers equal a fresh computation, and the report's reads equal the old ones. */
    @SuppressWarnings("unchecked")
    private void assertExact(Sql sql, String prefix, LocalDate from, LocalDate to, CompanyBuilder company) {
        String mine = "(select id from customer where external_id like '" + prefix + "-%')";
        for (String model : MODELS) {
            // every stored row is a fresh one and every fresh one is stored (multisets, exact numerics)
            // the stored rows as a model reads them (no close version: every month from the stored rows)
            String stored = "select customer_id, acquired_on, campaign_id, num, den"
                    + " from attribution_credits_stored(date '1900-01-01', date '2200-12-31', '" + model
                    + "', null) where customer_id in " + mine;
            String fresh = "select customer_id, acquired_on, campaign_id, sum(num), den"
                    + " from attribution_credits(date '1900-01-01', date '2200-12-31', '" + model
                    + "', attribution_stored_half_life(), null) where customer_id in " + mine
                    + " group by customer_id, acquired_on, campaign_id, den";
            assertThat(sql.differences(stored, fresh))
                    .as("%s stored vs fresh", model)
                    .isZero();
            assertThat(sql.count("select count(*) from (" + stored + ") s"))
                    .as(model)
                    .isPositive();
            for (String version : List.of("false", "true")) {
                String read = "select customer_id, acquired_on, campaign_id, sum(num), den"
                        + " from attribution_credits_stored(date '" + from + "', date '" + to + "', '" + model
                        + "', " + version + ") group by 1, 2, 3, 5";
                String before = "select customer_id, acquired_on, campaign_id, sum(num), den"
                        + " from attribution_credits(date '" + from + "', date '" + to + "', '" + model
                        + "', attribution_stored_half_life(), " + version + ") group by 1, 2, 3, 5";
                assertThat(sql.differences(read, before))
                        .as("%s report reads (first reported: %s)", model, version)
                        .isZero();
            }
        }
        // served: each campaign's credited customers are its fresh credits summed, rounded half-up
        for (String model : MODELS) {
            List<Map<String, Object>> rows = graphQl.documentName("campaignPerformance")
                    .variable("from", from.toString())
                    .variable("to", to.toString())
                    .variable("model", model)
                    .execute()
                    .path("campaignPerformance.rows")
                    .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                    .get();
            for (String letter : LETTERS) {
                Object expected = sql.value("select coalesce(round(sum(c.num / c.den), 4), 0.0000)::text"
                        + " from attribution_credits(date '"
                        + from + "', date '" + to + "', '" + model
                        + "', attribution_stored_half_life(), false) c"
                        + " join campaign k on k.id = c.campaign_id where k.code = '" + company.code(letter) + "'");
                Object served = rows.stream()
                        .filter(r -> company.code(letter).equals(r.get("code")))
                        .map(r -> r.get("customers"))
                        .findFirst()
                        .orElse("0.0000");
                assertThat(served).as("%s %s", model, letter).isEqualTo(expected);
            }
        }
    }

    /** A statement the schema may refuse (a closed month, a touchpoint's key taken): refused, it writes nothing. */
    private static void quietly(Sql sql, String statement) {
        try {
            sql.execute(statement);
        } catch (IllegalStateException refused) {
            assertThat(refused.getCause().getMessage()).containsAnyOf("is closed", "duplicate key");
        }
    }

    private static LocalDate acquiredOn(Sql sql, String customer) {
        return LocalDate.parse(sql.value("select acquired_on::text from customer where external_id = ?", customer)
                .toString());
    }

    private static String letter(Random random) {
        return LETTERS.get(random.nextInt(LETTERS.size()));
    }

    private static LocalDate randomDay(Random random, YearMonth first) {
        YearMonth month = first.plusMonths(random.nextInt(4));
        return month.atDay(1 + random.nextInt(month.lengthOfMonth()));
    }
}
