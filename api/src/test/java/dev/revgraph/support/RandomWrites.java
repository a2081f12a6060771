package dev.revgraph.support;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * The writes of the seeded property tests, each sent as is (a write the schema refuses, such as one
 * into a closed month, answers with its error and changes nothing), and their random values.
 */
public final class RandomWrites {

    private RandomWrites() {}

    /** Records one touchpoint of {@code customer} on {@code campaign} (codes). */
    public static GraphQlTester.Response touch(
            Api api, String customer, String campaign, String occurredAt, String kind) {
        return api.mutate(
                "recordTouchpoints",
                Map.of(
                        "touchpoints",
                        List.of(Map.of(
                                "customerExternalId",
                                customer,
                                "campaignCode",
                                campaign,
                                "occurredAt",
                                occurredAt,
                                "kind",
                                kind))));
    }

    /** Creates the customer {@code code} of {@code segment} acquired on {@code day} by {@code campaign} (codes). */
    public static GraphQlTester.Response customer(
            Api api, String code, String segment, LocalDate day, String campaign) {
        return api.mutate(
                "createCustomer",
                Map.of(
                        "externalId",
                        code,
                        "name",
                        "Customer " + code,
                        "segmentCode",
                        segment,
                        "acquiredOn",
                        day.toString(),
                        "acquisitionCampaignCode",
                        campaign));
    }

    /**
     * Reopens {@code month} when {@code closed} holds it, else closes it (a close the schema refuses
     * leaves it open), keeping {@code closed} in step.
     */
    public static void closeOrReopen(Api api, Set<YearMonth> closed, YearMonth month) {
        if (closed.contains(month)) {
            api.mutate("reopenMonth", Map.of("month", month.toString(), "reason", "random writes"));
            closed.remove(month);
        } else if (api.mutate("closeMonth", Map.of("month", month.toString()))
                .path("closeMonth.errors")
                .entityList(Object.class)
                .get()
                .isEmpty()) {
            closed.add(month);
        }
    }

    /** Sets {@code currency}'s rate on {@code day}. */
    public static GraphQlTester.Response rate(Api api, String currency, LocalDate day, String rate) {
        return api.mutate(
                "upsertFxRates",
                Map.of("rates", List.of(Map.of("currency", currency, "date", day.toString(), "rate", rate))));
    }

    /** Records a revenue line; its id, or null when refused (a closed month). */
    public static String revenueLine(
            Api api, String customer, LocalDate day, String amount, String currency, boolean recurring) {
        return api.revenueUnlessRefused(customer, day.toString(), amount, currency, recurring);
    }

    /** An instant from 30 days before the day to the day after it, on a few hours (so touches tie). */
    public static String instant(Random random, LocalDate day) {
        int[] hours = {0, 9, 9, 23};
        return day.minusDays(random.nextInt(31) - 1)
                .atTime(hours[random.nextInt(hours.length)], 0)
                .toInstant(ZoneOffset.UTC)
                .toString();
    }

    /** An amount from 1.00 to 9000.99. */
    public static String amount(Random random) {
        return (1 + random.nextInt(9000)) + "." + String.format("%02d", random.nextInt(100));
    }
}
