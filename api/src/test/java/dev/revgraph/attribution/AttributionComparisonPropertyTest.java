package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * compareTo on acquisitionEconomics, campaignFunnel and expansionAttribution: for a random company
 * (seeded; 2072-2073, which no other test writes to), in the reporting currency and in another, each
 * row's comparison is, field by field, the row of the same code in the same report asked for the
 * earlier range (the range shifted back by Comparison.monthsBack), or an empty row when that report
 * has none; a row of the earlier report alone is served with empty current figures; each change is
 * the difference of the two.
 */
class AttributionComparisonPropertyTest extends IntegrationTest {

    static CompanyBuilder company;

    private static final String[] MONTHS = {"2072-10", "2072-11", "2072-12", "2073-01", "2073-02", "2073-03"};

    @BeforeEach
    void randomCompany() {
        if (company != null) {
            return;
        }
        Random random = new Random(20730301L);
        CompanyBuilder c = new CompanyBuilder(graphQl)
                .currency("K", "2072-01-01", "2.00", "2072-12-16", "2.50", "2073-02-10", "1.60")
                .segment("S", null)
                .department("MK", "MARKETING")
                .department("OP", "OPERATIONS")
                .channel("P", true)
                .channel("O", false)
                .campaign("C1", "MK", "P", "2072-10-01")
                .campaign("C2", "MK", "O", "2072-10-01")
                .campaign("C3", "MK", "P", "2073-02-01");
        String[] campaigns = {"C1", "C2", "C3"};
        for (String month : MONTHS) {
            LocalDate first = LocalDate.parse(month + "-01");
            for (String k : campaigns) {
                if (k.equals("C3") && first.isBefore(LocalDate.parse("2073-02-01"))) {
                    continue;
                }
                if (random.nextInt(4) > 0) {
                    String day = first.plusDays(random.nextInt(28)).toString();
                    c.spend(
                            "MK",
                            day,
                            amount(random),
                            random.nextBoolean() ? "USD" : "K",
                            "ADVERTISING",
                            Tags.campaign(k));
                    c.results(
                            k,
                            day,
                            100 + random.nextInt(900),
                            10 + random.nextInt(90),
                            1 + random.nextInt(9),
                            random.nextInt(3));
                }
            }
            c.spend("OP", first.plusDays(27).toString(), amount(random), "USD", "COST_OF_SERVICE", Tags.NONE);
        }
        for (int i = 0; i < 14; i++) {
            String name = "u" + i;
            String month = MONTHS[random.nextInt(MONTHS.length)];
            LocalDate acquired = LocalDate.parse(month + "-01").plusDays(random.nextInt(28));
            String campaign = random.nextInt(3) == 0 ? null : (random.nextBoolean() ? "C1" : "C2");
            c.customer(name, "S", null, acquired.toString(), campaign);
            if (random.nextBoolean()) {
                c.touches(
                        name, random.nextBoolean() ? "C1" : "C2", acquired.minusDays(random.nextInt(9)) + "T09:00:00Z");
            }
            // touches after the acquisition: expansion and reactivation credits
            for (int t = 0; t < 2; t++) {
                LocalDate after = acquired.plusDays(1 + random.nextInt(100));
                if (after.isBefore(LocalDate.parse("2073-04-01"))) {
                    String k = campaigns[random.nextInt(after.isBefore(LocalDate.parse("2073-02-01")) ? 2 : 3)];
                    c.touches(name, k, after + "T12:00:00Z");
                }
            }
            for (LocalDate m = acquired.withDayOfMonth(1);
                    m.isBefore(LocalDate.parse("2073-04-01"));
                    m = m.plusMonths(1)) {
                if (random.nextInt(5) > 0) { // a month without revenue now and then: churn, reactivation
                    LocalDate day = m.plusDays(random.nextInt(m.lengthOfMonth()));
                    if (day.isBefore(acquired)) {
                        day = acquired;
                    }
                    c.revenue(name, day.toString(), amount(random), random.nextInt(3) == 0 ? "K" : "USD", true);
                }
            }
        }
        company = c.build();
    }

    private static String amount(Random random) {
        return new BigDecimal(1000 + random.nextInt(50000)).movePointLeft(2).toPlainString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> report(
            String document,
            String field,
            LocalDate from,
            LocalDate to,
            String groupBy,
            Object currency,
            String compareTo) {
        return graphQl.documentName(document)
                .variable("from", from.toString())
                .variable("to", to.toString())
                .variable("groupBy", groupBy)
                .variable("model", "LINEAR")
                .variable("currency", currency)
                .variable("compareTo", compareTo)
                .execute()
                .path(field)
                .entity(Map.class)
                .get();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("rows");
    }

    private static String key(Map<String, Object> row) {
        return Boolean.TRUE.equals(row.get("unattributed")) ? "-" : String.valueOf(row.get("code"));
    }

    /** A row's own figures: without its comparison and change. */
    private static Map<String, Object> own(Map<String, Object> row) {
        Map<String, Object> own = new LinkedHashMap<>(row);
        own.remove("comparison");
        own.remove("change");
        return own;
    }

    /** The figures of a row that has none in its period: zero amounts and counts, null ratios. */
    private static boolean isEmpty(Map<String, Object> row, List<String> zeros) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (List.of("code", "name", "unattributed").contains(e.getKey())) {
                continue;
            }
            Object v = e.getValue();
            if (zeros.contains(e.getKey())) {
                if (new BigDecimal(String.valueOf(v)).signum() != 0) {
                    return false;
                }
            } else if (v != null) {
                return false;
            }
        }
        return true;
    }

    /** Checks every range and comparison; returns how many rows met their earlier row (so the data is not trivial). */
    private int checkComparison(
            String document, String field, String groupBy, List<String> zeros, Object currency, boolean withTotal) {
        LocalDate[][] ranges = {
            {LocalDate.parse("2073-02-01"), LocalDate.parse("2073-03-31")},
            {LocalDate.parse("2073-02-10"), LocalDate.parse("2073-03-20")},
            {LocalDate.parse("2073-03-01"), LocalDate.parse("2073-03-31")}
        };
        int met = 0;
        for (LocalDate[] range : ranges) {
            for (String compareTo : List.of("PREVIOUS_PERIOD", "PREVIOUS_YEAR")) {
                int shift = compareTo.equals("PREVIOUS_YEAR")
                        ? 12
                        : (range[1].getYear() * 12 + range[1].getMonthValue())
                                - (range[0].getYear() * 12 + range[0].getMonthValue())
                                + 1;
                Map<String, Object> compared =
                        report(document, field, range[0], range[1], groupBy, currency, compareTo);
                Map<String, Object> now = report(document, field, range[0], range[1], groupBy, currency, null);
                Map<String, Object> earlier = report(
                        document,
                        field,
                        range[0].minusMonths(shift),
                        range[1].plusDays(1).minusMonths(shift).minusDays(1),
                        groupBy,
                        currency,
                        null);
                String what = field + " " + groupBy + " " + currency + " " + compareTo + " " + range[0];
                Map<String, Map<String, Object>> nowByKey = new HashMap<>();
                rows(now).forEach(r -> nowByKey.put(key(r), own(r)));
                Map<String, Map<String, Object>> earlierByKey = new HashMap<>();
                rows(earlier).forEach(r -> earlierByKey.put(key(r), own(r)));
                assertThat(rows(compared)).as(what).hasSizeGreaterThanOrEqualTo(nowByKey.size());
                int matched = 0;
                for (Map<String, Object> row : rows(compared)) {
                    String key = key(row);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> comparison = (Map<String, Object>) row.get("comparison");
                    Map<String, Object> current = own(row);
                    if (nowByKey.containsKey(key)) {
                        assertThat(current).as(what + " " + key).isEqualTo(nowByKey.get(key));
                    } else {
                        assertThat(isEmpty(current, zeros))
                                .as(what + " " + key + " " + current)
                                .isTrue();
                    }
                    if (earlierByKey.containsKey(key)) {
                        matched++;
                        assertThat(comparison).as(what + " " + key).isEqualTo(earlierByKey.get(key));
                    } else {
                        assertThat(isEmpty(comparison, zeros))
                                .as(what + " " + key + " " + comparison)
                                .isTrue();
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> change = (Map<String, Object>) row.get("change");
                    for (String figure : zeros) {
                        if (change.containsKey(figure)) {
                            assertThat(new BigDecimal(String.valueOf(change.get(figure))))
                                    .as(what + " " + key + " " + figure)
                                    .isEqualByComparingTo(new BigDecimal(String.valueOf(current.get(figure)))
                                            .subtract(new BigDecimal(String.valueOf(comparison.get(figure)))));
                        }
                    }
                }
                assertThat(matched).as(what).isEqualTo(earlierByKey.size());
                met += matched;
                if (withTotal) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> total = (Map<String, Object>) compared.get("total");
                    assertThat(own(total)).as(what).isEqualTo(own((Map<String, Object>) now.get("total")));
                    assertThat(total.get("comparison")).as(what).isEqualTo(own((Map<String, Object>)
                            earlier.get("total")));
                }
            }
        }
        return met;
    }

    @Test
    void campaignPerformanceComparesWithTheSameReportOfTheEarlierRange() {
        int met = 0;
        for (Object currency : new Object[] {null, company.code("K")}) {
            for (String groupBy : List.of("CAMPAIGN", "CHANNEL")) {
                met += checkComparison(
                        "campaignPerformanceIn",
                        "campaignPerformance",
                        groupBy,
                        List.of(
                                "spend",
                                "impressions",
                                "clicks",
                                "leads",
                                "opportunities",
                                "customers",
                                "attributedRevenue"),
                        currency,
                        true);
            }
        }
        assertThat(met).isGreaterThan(8);
    }

    @Test
    void acquisitionEconomicsComparesWithTheSameReportOfTheEarlierRange() {
        int met = 0;
        for (Object currency : new Object[] {null, company.code("K")}) {
            for (String groupBy : List.of("CAMPAIGN", "CHANNEL")) {
                met += checkComparison(
                        "acquisitionEconomicsIn",
                        "acquisitionEconomics",
                        groupBy,
                        List.of("customers", "spend"),
                        currency,
                        false);
            }
        }
        assertThat(met).isGreaterThan(8);
    }

    @Test
    void campaignFunnelComparesWithTheSameReportOfTheEarlierRange() {
        int met = 0;
        for (Object currency : new Object[] {null, company.code("K")}) {
            for (String groupBy : List.of("CAMPAIGN", "CHANNEL")) {
                met += checkComparison(
                        "campaignFunnelIn",
                        "campaignFunnel",
                        groupBy,
                        List.of(
                                "spend",
                                "impressions",
                                "clicks",
                                "leads",
                                "opportunities",
                                "customers",
                                "firstTouchCustomers"),
                        currency,
                        false);
            }
        }
        assertThat(met).isGreaterThan(8);
    }

    @Test
    void expansionAttributionComparesWithTheSameReportOfTheEarlierRange() {
        int met = 0;
        for (Object currency : new Object[] {null, company.code("K")}) {
            for (String groupBy : List.of("CAMPAIGN", "CHANNEL")) {
                met += checkComparison(
                        "expansionAttributionIn",
                        "expansionAttribution",
                        groupBy,
                        List.of("expansionMrr", "reactivatedMrr", "creditedMrr", "spend"),
                        currency,
                        true);
            }
        }
        assertThat(met).isGreaterThan(8);
    }

    @Test
    void aPlanIsRefusedOnCompareTo() {
        for (String document : List.of("acquisitionEconomicsIn", "campaignFunnelIn", "expansionAttributionIn")) {
            graphQl.documentName(document)
                    .variable("from", "2073-02-01")
                    .variable("to", "2073-02-28")
                    .variable("compareTo", "BUDGET")
                    .execute()
                    .errors()
                    .satisfy(errors -> assertThat(errors)
                            .singleElement()
                            .satisfies(e ->
                                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("compareTo"))));
        }
    }
}
