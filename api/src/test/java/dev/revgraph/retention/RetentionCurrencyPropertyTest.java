package dev.revgraph.retention;

import static dev.revgraph.support.Json.list;
import static dev.revgraph.support.Json.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.MovementFields;
import dev.revgraph.support.QueryCounter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A property check of the retention reports' {@code currency} on generated data (fixed seed; the
 * year 2087, which no other test uses): customers of a segment tree in two regions billing in USD
 * (the reporting currency) and in K, whose rate changes on random days, pausing and coming back,
 * some moving segment; the currency P is worth exactly 1 USD on every day.
 *
 * <ul>
 *   <li>naming the reporting currency gives the report without {@code currency}, row for row;
 *   <li>P gives it too, in every amount and count: the customer-months converted from the lines
 *       (each at rate(line currency) / rate(P) = rate(line currency)) and the movements, cohorts and
 *       pooled inputs formed from them equal the maintained figures in the reporting currency, for
 *       every grouping, with and without an activity window;
 *   <li>in K, grouped rows add up to the ungrouped figures: counts exactly, amounts within the
 *       rounding of the rows summed (half a cent each);
 *   <li>a report in K runs as many SQL statements over one month as over the year.
 * </ul>
 */
class RetentionCurrencyPropertyTest extends IntegrationTest {

    private static final List<List<String>> GROUPINGS =
            List.of(List.of(), List.of("SEGMENT"), List.of("REGION"), List.of("REGION", "SEGMENT"));

    private static final List<String> COHORT_FIGURES = List.of("cohortSize", "activeCustomers", "mrr");

    private static CompanyBuilder company;

    @Autowired
    QueryCounter queries;

    @BeforeEach
    void generatedCompany() {
        if (company != null) {
            return;
        }
        Random random = new Random(2067_18L);
        CompanyBuilder c = new CompanyBuilder(graphQl)
                .segment("R", null)
                .segment("RA", "R")
                .segment("RB", "R")
                .region("N", null)
                .region("S", null)
                .currency("P", "2086-11-01", "1.00");
        List<String> rates = new ArrayList<>(List.of("2086-11-01", "1.50"));
        for (int month = 1; month <= 12; month += 2) {
            rates.add(LocalDate.of(2087, month, 1 + random.nextInt(28)).toString());
            rates.add("1." + (10 + random.nextInt(90)));
        }
        c.currency("K", rates.toArray(String[]::new));
        List<String> segments = List.of("R", "RA", "RB");
        List<String> regions = Arrays.asList("N", "S", null);
        List<String> moves = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            String name = "c" + i;
            LocalDate acquired = LocalDate.of(2087, 1 + random.nextInt(8), 1 + random.nextInt(28));
            c.customer(
                    name, segments.get(random.nextInt(3)), regions.get(random.nextInt(3)), acquired.toString(), null);
            boolean active = random.nextInt(4) > 0;
            for (LocalDate m = acquired.withDayOfMonth(1); m.getYear() == 2087; m = m.plusMonths(1)) {
                if (random.nextInt(5) == 0) {
                    active = !active;
                }
                if (active) {
                    // one or two lines on different days, each in USD or K
                    for (int line = 0; line < 1 + random.nextInt(2); line++) {
                        c.revenue(
                                name,
                                m.plusDays(random.nextInt(28)).toString(),
                                (10 + random.nextInt(90)) + "." + (10 + random.nextInt(90)),
                                random.nextBoolean() ? "USD" : "K",
                                true);
                    }
                }
                if (random.nextInt(8) == 0) {
                    c.revenue(name, m.plusDays(3).toString(), "25.50", "K", false);
                }
            }
            if (random.nextInt(4) == 0) {
                moves.add(name + "|" + segments.get(random.nextInt(3)) + "|"
                        + LocalDate.of(2087, 9 + random.nextInt(3), 1 + random.nextInt(28)));
            }
        }
        c.build();
        for (String move : moves) {
            String[] m = move.split("\\|");
            api.ok(
                    "updateCustomer",
                    "customer",
                    Map.of("externalId", c.code(m[0]), "segmentCode", c.code(m[1]), "effectiveFrom", m[2]));
        }
        company = c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, Object> report(String document, String field, Map<String, Object> variables) {
        var request = graphQl.documentName(document);
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return (Map) request.execute().path(field).entity(Map.class).get();
    }

    private static Map<String, Object> vars(Object... keysAndValues) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("from", "2087-01-01");
        vars.put("to", "2087-12-31");
        vars.put("segmentCode", company.code("R"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            vars.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return vars;
    }

    private static Object rows(Map<String, Object> report) {
        return report.get("rows");
    }

    @Test
    void theReportingCurrencyAndACurrencyAtOneGiveTheMaintainedMovements() {
        for (List<String> groupBy : GROUPINGS) {
            for (Integer window : Arrays.asList(null, 2)) {
                Map<String, Object> plain =
                        report("mrrMovementsCurrency", "mrrMovements", vars("groupBy", groupBy, "window", window));
                assertThat(list(rows(plain)).stream()
                                .mapToInt(r -> (Integer) r.get("activeCustomers"))
                                .sum())
                        .isPositive();
                Map<String, Object> usd = report(
                        "mrrMovementsCurrency",
                        "mrrMovements",
                        vars("groupBy", groupBy, "window", window, "currency", "USD"));
                assertThat(usd).as("USD %s %s", groupBy, window).isEqualTo(plain);
                Map<String, Object> p = report(
                        "mrrMovementsCurrency",
                        "mrrMovements",
                        vars("groupBy", groupBy, "window", window, "currency", company.code("P")));
                assertThat(p.get("currency")).isEqualTo(company.code("P"));
                assertThat(rows(p)).as("P %s %s", groupBy, window).isEqualTo(rows(plain));
            }
        }
    }

    @Test
    void theReportingCurrencyAndACurrencyAtOneGiveTheSameCohortsAndEconomics() {
        for (List<String> groupBy : GROUPINGS) {
            for (Integer window : Arrays.asList(null, 2)) {
                Map<String, Object> v = vars("groupBy", groupBy, "window", window, "basis", "REVENUE");
                Map<String, Object> plain = report("cohortRetentionCurrency", "cohortRetention", v);
                v.put("currency", "USD");
                assertThat(report("cohortRetentionCurrency", "cohortRetention", v))
                        .isEqualTo(plain);
                v.put("currency", company.code("P"));
                assertThat(rows(report("cohortRetentionCurrency", "cohortRetention", v)))
                        .as("P %s %s", groupBy, window)
                        .isEqualTo(rows(plain));
            }
            Map<String, Object> v = vars("groupBy", groupBy);
            Map<String, Object> plain = report("segmentEconomicsCurrency", "segmentEconomics", v);
            v.put("currency", "USD");
            assertThat(report("segmentEconomicsCurrency", "segmentEconomics", v))
                    .isEqualTo(plain);
            v.put("currency", company.code("P"));
            assertThat(rows(report("segmentEconomicsCurrency", "segmentEconomics", v)))
                    .as("P %s", groupBy)
                    .isEqualTo(rows(plain));
        }
    }

    @Test
    void groupedRowsInAnotherCurrencyAddUpToTheUngroupedRows() {
        String k = company.code("K");
        for (Integer window : Arrays.asList(null, 2)) {
            List<Map<String, Object>> whole =
                    list(rows(report("mrrMovementsCurrency", "mrrMovements", vars("window", window, "currency", k))));
            assertThat(whole).hasSize(12);
            for (List<String> groupBy : GROUPINGS.subList(1, GROUPINGS.size())) {
                List<Map<String, Object>> grouped = list(rows(report(
                        "mrrMovementsCurrency",
                        "mrrMovements",
                        vars("groupBy", groupBy, "window", window, "currency", k))));
                assertAddsUp(grouped, whole, List.of("month"), MovementFields.ALL, "mrrMovements " + groupBy);
            }
            List<Map<String, Object>> cohorts = list(rows(report(
                    "cohortRetentionCurrency",
                    "cohortRetention",
                    vars("window", window, "currency", k, "basis", "REVENUE"))));
            for (List<String> groupBy : GROUPINGS.subList(1, GROUPINGS.size())) {
                List<Map<String, Object>> grouped = list(rows(report(
                        "cohortRetentionCurrency",
                        "cohortRetention",
                        vars("groupBy", groupBy, "window", window, "currency", k, "basis", "REVENUE"))));
                assertAddsUp(
                        grouped,
                        cohorts,
                        List.of("cohortMonth", "monthsSinceAcquisition"),
                        COHORT_FIGURES,
                        "cohortRetention " + groupBy);
            }
        }
    }

    @Test
    void aReportInAnotherCurrencyRunsAsManyStatementsOverOneMonthAsOverTheYear() {
        for (String[] report : new String[][] {
            {"mrrMovementsCurrency", "mrrMovements"},
            {"cohortRetentionCurrency", "cohortRetention"},
            {"segmentEconomicsCurrency", "segmentEconomics"}
        }) {
            int[] counts = new int[2];
            String[] ends = {"2087-01-31", "2087-12-31"};
            for (int i = 0; i < 2; i++) {
                queries.reset();
                report(
                        report[0],
                        report[1],
                        vars("to", ends[i], "currency", company.code("K"), "groupBy", List.of("REGION")));
                counts[i] = queries.count();
            }
            assertThat(counts[1]).as(report[1]).isEqualTo(counts[0]);
        }
    }

    /**
     * The grouped rows summed per key equal the ungrouped row of the key: counts exactly, amounts
     * within half a cent per row summed (each row is rounded on its own).
     */
    private static void assertAddsUp(
            List<Map<String, Object>> grouped,
            List<Map<String, Object>> whole,
            List<String> keys,
            List<String> figures,
            String what) {
        Map<String, Map<String, BigDecimal>> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Map<String, Object> row : grouped) {
            String key = key(row, keys);
            counts.merge(key, 1, Integer::sum);
            Map<String, BigDecimal> s = sums.computeIfAbsent(key, x -> new HashMap<>());
            for (String f : figures) {
                s.merge(f, new BigDecimal(String.valueOf(row.get(f))), BigDecimal::add);
            }
        }
        for (Map<String, Object> row : whole) {
            String key = key(row, keys);
            Map<String, BigDecimal> s = sums.getOrDefault(key, Map.of());
            BigDecimal tolerance = new BigDecimal("0.005").multiply(BigDecimal.valueOf(counts.getOrDefault(key, 0)));
            for (String f : figures) {
                BigDecimal total = new BigDecimal(String.valueOf(row.get(f)));
                BigDecimal sum = s.getOrDefault(f, BigDecimal.ZERO);
                if (row.get(f) instanceof Integer) {
                    assertThat(sum).as("%s %s %s", what, key, f).isEqualByComparingTo(total);
                } else {
                    assertThat(sum.subtract(total).abs())
                            .as("%s %s %s: %s against %s", what, key, f, sum, total)
                            .isLessThanOrEqualTo(tolerance);
                }
            }
        }
        assertThat(whole.stream().map(r -> key(r, keys)).toList()).as(what).containsAll(sums.keySet());
        assertThat(map(whole.get(0))).isNotEmpty();
    }

    private static String key(Map<String, Object> row, List<String> keys) {
        return keys.stream().map(k -> String.valueOf(row.get(k))).reduce("", (a, b) -> a + "|" + b);
    }
}
