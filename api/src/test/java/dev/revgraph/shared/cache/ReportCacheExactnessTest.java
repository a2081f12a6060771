package dev.revgraph.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * No read ever returns a figure that differs from a fresh computation. One thread writes at random
 * (spend and revenue lines, their reversals, FX rates through the API and in SQL, budgets, closes and
 * reopens), the other reads five reports over random ranges of the same months, through the cache,
 * all the while. Between two writes the reader also checks: the cached answer, a fresh computation
 * (the same document and variables with one more, unused, variable that no other request sends, so
 * it can only be computed) and the cached answer again must be equal. The unchecked reads run
 * while writes commit, so results computed across a commit are put into the cache too: a stale one
 * would be served to a checked read.
 */
class ReportCacheExactnessTest extends IntegrationTest {

    static final int WRITES = 1000;
    static final String[] CATEGORIES = {"ADVERTISING", "SALARIES", "TOOLS", "COST_OF_SERVICE"};

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @Test
    void noReadEverDiffersFromAFreshComputation() throws Exception {
        YearMonth first = Api.uniqueMonths(3);
        List<YearMonth> months = List.of(first, first.plusMonths(1), first.plusMonths(2));
        String marketing = unique("XM");
        String sales = unique("XS");
        String segment = unique("XG");
        String currency = Api.uniqueCurrency();
        api.department(marketing, "MARKETING");
        api.department(sales, "SALES");
        api.segment(segment, null);
        api.currency(currency, first.atDay(1).toString(), "1.10");
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            customers.add(unique("XC"));
            api.customer(customers.get(i), segment, first.atDay(1).toString());
        }
        Reads reads = new Reads(months, marketing, sales, segment);
        double hitsBefore = meters.get("revgraph.report.cache.hits").counter().count();

        ReentrantLock betweenWrites = new ReentrantLock(true);
        AtomicBoolean writing = new AtomicBoolean(true);
        HttpGraphQlTester writer = clientWithToken(adminToken);
        HttpGraphQlTester reader = clientWithToken(adminToken);
        long started = System.nanoTime();

        CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
            try (Sql sql = new Sql(environment)) {
                Writes random = new Writes(writer, sql, new Random(22), months, marketing, sales, customers, currency);
                Random burst = new Random(3);
                for (int i = 0; i < WRITES; ) {
                    betweenWrites.lock();
                    try {
                        // one to three writes between two checks
                        for (int n = 1 + burst.nextInt(3); n > 0 && i < WRITES; n--, i++) {
                            random.one();
                        }
                    } finally {
                        betweenWrites.unlock();
                    }
                }
                return WRITES;
            } finally {
                writing.set(false);
            }
        });
        CompletableFuture<int[]> checks = CompletableFuture.supplyAsync(() -> {
            Random random = new Random(7);
            int checked = 0;
            int read = 0;
            while (writing.get()) {
                Read one = reads.any(random);
                one.run(reader, null);
                read++;
                betweenWrites.lock();
                try {
                    Object cached = one.run(reader, null);
                    Object fresh = one.run(reader, UUID.randomUUID().toString());
                    Object again = one.run(reader, null);
                    assertThat(cached)
                            .as("%s %s", one.document(), one.variables())
                            .isEqualTo(fresh);
                    assertThat(again)
                            .as("%s %s", one.document(), one.variables())
                            .isEqualTo(fresh);
                } finally {
                    betweenWrites.unlock();
                }
                read += 3;
                checked++;
            }
            return new int[] {checked, read};
        });

        int written = writes.get(5, TimeUnit.MINUTES);
        int[] done = checks.get(1, TimeUnit.MINUTES);
        double hits = meters.get("revgraph.report.cache.hits").counter().count() - hitsBefore;
        System.out.printf(
                "ReportCacheExactnessTest: %d writes, %d reads (%d checked against a fresh computation), %.0f hits,"
                        + " %d ms%n",
                written, done[1], done[0], hits, (System.nanoTime() - started) / 1_000_000);
        assertThat(done[0]).isGreaterThan(200);
        assertThat(hits).isGreaterThan(done[0]);
    }

    /** One report request: a document of the test documents and its variables. */
    record Read(String document, Map<String, Object> variables) {

        /** The report's answer; with a nonce, one more variable that makes the request a key of its own. */
        Object run(HttpGraphQlTester client, String nonce) {
            HttpGraphQlTester.Request<?> request = client.documentName(document).variables(variables);
            if (nonce != null) {
                request = request.variable("freshComputation", nonce);
            }
            return request.execute().path(document).entity(Object.class).get();
        }
    }

    /** The reports read, over a random range of the months. */
    record Reads(List<YearMonth> months, String marketing, String sales, String segment) {

        Read any(Random random) {
            int from = random.nextInt(months.size());
            int to = from + random.nextInt(months.size() - from);
            Map<String, Object> range = new HashMap<>();
            range.put("from", months.get(from).atDay(1).toString());
            range.put("to", months.get(to).atEndOfMonth().toString());
            return switch (random.nextInt(5)) {
                case 0 -> new Read("budgetVsActual", with(range, "departmentCodes", List.of(marketing, sales)));
                case 1 -> new Read("profitAndLoss", with(range, "groupBy", List.of("DEPARTMENT")));
                case 2 -> new Read("mrrMovements", with(range, "segmentCode", segment));
                case 3 -> new Read("segmentEconomics", with(range, "segmentCode", segment));
                default -> new Read("departmentStatement", with(range, "departmentCode", marketing));
            };
        }

        private static Map<String, Object> with(Map<String, Object> range, String name, Object value) {
            Map<String, Object> variables = new HashMap<>(range);
            variables.put(name, value);
            return variables;
        }
    }

    /** Random writes; a write into a closed month is refused, which is a write of the audit trail only. */
    static final class Writes {
        private final HttpGraphQlTester graphQl;
        private final Sql sql;
        private final Random random;
        private final List<YearMonth> months;
        private final List<String> departments;
        private final List<String> customers;
        private final String currency;
        private final List<String> spendLines = new ArrayList<>();
        private final List<String> revenueLines = new ArrayList<>();

        Writes(
                HttpGraphQlTester graphQl,
                Sql sql,
                Random random,
                List<YearMonth> months,
                String marketing,
                String sales,
                List<String> customers,
                String currency) {
            this.graphQl = graphQl;
            this.sql = sql;
            this.random = random;
            this.months = months;
            this.departments = List.of(marketing, sales);
            this.customers = customers;
            this.currency = currency;
        }

        void one() {
            int dice = random.nextInt(100);
            if (dice < 35) {
                Map<String, Object> input = new HashMap<>();
                input.put("departmentCode", pick(departments));
                input.put("bookedOn", date().toString());
                input.put("amount", amount());
                input.put("currency", random.nextBoolean() ? "USD" : currency);
                input.put("category", CATEGORIES[random.nextInt(CATEGORIES.length)]);
                keep(spendLines, mutate("recordSpendLine", input), "spendLine");
            } else if (dice < 65) {
                Map<String, Object> input = new HashMap<>();
                input.put("customerExternalId", pick(customers));
                input.put("recognizedOn", date().toString());
                input.put("amount", amount());
                input.put("currency", random.nextBoolean() ? "USD" : currency);
                input.put("recurring", random.nextInt(4) > 0);
                keep(revenueLines, mutate("recordRevenueLine", input), "revenueLine");
            } else if (dice < 75 && !spendLines.isEmpty()) {
                mutate("reverseSpendLine", Map.of("lineId", spendLines.remove(random.nextInt(spendLines.size()))));
            } else if (dice < 83 && !revenueLines.isEmpty()) {
                mutate(
                        "reverseRevenueLine",
                        Map.of("lineId", revenueLines.remove(random.nextInt(revenueLines.size()))));
            } else if (dice < 90) {
                mutate(
                        "upsertFxRates",
                        Map.of(
                                "rates",
                                List.of(Map.of("currency", currency, "date", date().toString(), "rate", rate()))));
            } else if (dice < 95) {
                // an operator's correction in SQL, bypassing the API
                sql.execute("update fx_rate set rate = " + rate() + " where currency = '" + currency
                        + "' and rate_date = '" + months.get(0).atDay(1) + "'");
            } else if (dice < 98) {
                mutate(
                        "setBudget",
                        Map.of(
                                "departmentCode", pick(departments),
                                "month", pick(months).toString(),
                                "amount", amount(),
                                "currency", "USD"));
            } else {
                YearMonth month = months.get(random.nextInt(2));
                if (random.nextBoolean()) {
                    mutate("closeMonth", Map.of("month", month.toString()));
                } else {
                    mutate("reopenMonth", Map.of("month", month.toString(), "reason", "a correction"));
                }
            }
        }

        private Map<?, ?> mutate(String document, Map<String, Object> input) {
            return graphQl.documentName(document)
                    .variable("input", input)
                    .execute()
                    .path(document)
                    .entity(Map.class)
                    .get();
        }

        private static void keep(List<String> ids, Map<?, ?> payload, String field) {
            if (payload.get(field) instanceof Map<?, ?> line) {
                ids.add((String) line.get("id"));
            }
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private LocalDate date() {
            YearMonth month = pick(months);
            return month.atDay(1 + random.nextInt(month.lengthOfMonth()));
        }

        private String amount() {
            return BigDecimal.valueOf(100 + random.nextInt(900_000), 2).toPlainString();
        }

        private String rate() {
            return BigDecimal.valueOf(50 + random.nextInt(150), 2).toPlainString();
        }
    }
}
