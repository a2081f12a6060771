package dev.revgraph.support;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Setup steps the tests share, each one real GraphQL mutation over HTTP that must succeed. Tests
 * of a mutation's own rules call {@link #mutate} and inspect the payload themselves.
 */
public final class Api {

    private static final AtomicInteger CURRENCIES = new AtomicInteger();
    private static final AtomicInteger MONTHS = new AtomicInteger();

    private final GraphQlTester graphQl;

    Api(GraphQlTester graphQl) {
        this.graphQl = graphQl;
    }

    /** A fictional ISO-shaped currency code (QAA, QAB, ...) no other test uses. */
    public static String uniqueCurrency() {
        int n = CURRENCIES.getAndIncrement();
        return "Q" + (char) ('A' + n / 26 % 26) + (char) ('A' + n % 26);
    }

    /**
     * A month in the far future that no other test closes or posts into, nor the month after it:
     * from 2100 on, two months a call, above every year a test names (the latest is 2080) and below
     * the last date the API accepts (2200-12-31) for 600 calls.
     */
    public static YearMonth uniqueMonth() {
        return YearMonth.of(2100, 1).plusMonths(2L * MONTHS.getAndIncrement());
    }

    /** The first of {@code count} consecutive months that no other test closes or posts into (as above). */
    public static YearMonth uniqueMonths(int count) {
        return YearMonth.of(2100, 1).plusMonths(2L * MONTHS.getAndAdd((count + 1) / 2));
    }

    /** Runs a mutation document with {@code input} and returns its payload after checking the response has no GraphQL errors. */
    public GraphQlTester.Response mutate(String document, Map<String, Object> input) {
        return graphQl.documentName(document).variable("input", input).execute();
    }

    /** Runs a mutation that must succeed, returning the payload's object at {@code field}. */
    public Map<String, Object> ok(String document, String field, Map<String, Object> input) {
        GraphQlTester.Response response = mutate(document, input);
        response.path(document + ".errors").entityList(Object.class).hasSize(0);
        return response.path(document + "." + field).entity(Map.class).get();
    }

    public void department(String code, String kind) {
        ok("createDepartment", "department", Map.of("code", code, "name", "Department " + code, "kind", kind));
    }

    public void segment(String code, String parentCode) {
        Map<String, Object> input = new LinkedHashMap<>(Map.of("code", code, "name", "Segment " + code));
        input.put("parentCode", parentCode);
        ok("createSegment", "segment", input);
    }

    public void product(String code) {
        ok("createProduct", "product", Map.of("code", code, "name", "Product " + code));
    }

    public void region(String code, String parentCode) {
        Map<String, Object> input = new LinkedHashMap<>(Map.of("code", code, "name", "Region " + code));
        input.put("parentCode", parentCode);
        ok("createRegion", "region", input);
    }

    /** Registers a currency with rates given as alternating date and rate strings. */
    public void currency(String code, String... datesAndRates) {
        ok("upsertCurrency", "currency", Map.of("code", code, "name", "Currency " + code));
        if (datesAndRates.length > 0) {
            List<Map<String, Object>> rates = new java.util.ArrayList<>();
            for (int i = 0; i < datesAndRates.length; i += 2) {
                rates.add(Map.of("currency", code, "date", datesAndRates[i], "rate", datesAndRates[i + 1]));
            }
            mutate("upsertFxRates", Map.of("rates", rates))
                    .path("upsertFxRates.errors")
                    .entityList(Object.class)
                    .hasSize(0);
        }
    }

    /** Records a spend line that must succeed; returns its id. */
    public String spend(
            String department,
            String bookedOn,
            String amount,
            String currency,
            String category,
            Map<String, Object> extra) {
        Map<String, Object> input = new LinkedHashMap<>(extra);
        input.put("departmentCode", department);
        input.put("bookedOn", bookedOn);
        input.put("amount", amount);
        input.put("currency", currency);
        input.put("category", category);
        return (String) ok("recordSpendLine", "spendLine", input).get("id");
    }

    public String spend(String department, String bookedOn, String amount, String currency, String category) {
        return spend(department, bookedOn, amount, currency, category, Map.of());
    }

    public void budget(String department, String month, String category, String amount, String currency) {
        Map<String, Object> input = new LinkedHashMap<>(
                Map.of("departmentCode", department, "month", month, "amount", amount, "currency", currency));
        input.put("category", category);
        ok("setBudget", "budget", input);
    }

    public void customer(String externalId, String segment, String acquiredOn) {
        ok(
                "createCustomer",
                "customer",
                Map.of(
                        "externalId",
                        externalId,
                        "name",
                        "Customer " + externalId,
                        "segmentCode",
                        segment,
                        "acquiredOn",
                        acquiredOn));
    }

    /** Records a revenue line that must succeed; returns its id. */
    public String revenue(String customer, String recognizedOn, String amount, String currency, boolean recurring) {
        return (String) ok(
                        "recordRevenueLine",
                        "revenueLine",
                        revenueInput(customer, recognizedOn, amount, currency, recurring))
                .get("id");
    }

    private static Map<String, Object> revenueInput(
            String customer, String recognizedOn, String amount, String currency, boolean recurring) {
        return Map.of(
                "customerExternalId",
                customer,
                "recognizedOn",
                recognizedOn,
                "amount",
                amount,
                "currency",
                currency,
                "recurring",
                recurring);
    }

    /** Records a revenue line the schema may refuse (a closed month): its id, or null when refused. */
    public String revenueUnlessRefused(
            String customer, String recognizedOn, String amount, String currency, boolean recurring) {
        GraphQlTester.Response response =
                mutate("recordRevenueLine", revenueInput(customer, recognizedOn, amount, currency, recurring));
        return response.path("recordRevenueLine.errors")
                        .entityList(Object.class)
                        .get()
                        .isEmpty()
                ? response.path("recordRevenueLine.revenueLine.id")
                        .entity(String.class)
                        .get()
                : null;
    }

    public void close(YearMonth month) {
        ok("closeMonth", "fiscalMonth", Map.of("month", month.toString()));
    }

    /** Creates a forecast scenario of {@code overrides} (each made by {@link #override}). */
    public void scenario(String code, String name, List<Map<String, Object>> overrides) {
        ok("createScenario", "scenario", Map.of("code", code, "name", name, "overrides", overrides));
    }

    /** One driver override of a scenario: {@code value} ABSOLUTE or RELATIVE, over {@code from}..{@code to}. */
    public static Map<String, Object> override(
            String segment, String driver, YearMonth from, YearMonth to, String value, String mode) {
        Map<String, Object> o = new java.util.HashMap<>();
        o.put("segmentCode", segment);
        o.put("driver", driver);
        o.put("fromMonth", from.toString());
        o.put("toMonth", to.toString());
        o.put("value", value);
        o.put("mode", mode);
        return o;
    }
}
