package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Served figures of the rational attribution models are the exact values rounded half-up. Each
 * case is a figure whose exact value is a tie at the served scale (or next to one), so a credit
 * carried as a decimal with 16 to 34 digits (0.0666..67, 0.3333..33, 0.3333..34) or a quotient
 * rounded to 34 digits before the served rounding lands on the wrong side.
 *
 * <p>Each case has its own month R (range d1 .. end of R), one customer acquired on d20, its touches
 * at noon UTC in the order given, spend booked on d10 in USD, revenue recognised on d20.
 *
 * <pre>
 * case            touches (campaign per position)   credit of the campaign          figure: exact          served  a decimal credit gives
 * POSITION_BASED  F X M X L  (5 touches)             X: 2 x 0.2/3 = 2/15            cac 7,803.27 / (2/15)  58,524.53  0.13333..33 (20 digits)
 *                                                    F .4, M 1/15, L .4                  = 58,524.525                     -> 58,524.5249.. = 58,524.52
 * LINEAR          Y Z Y      (3 touches)             Y: 2/3 (first and last)        cac 10.01 / (2/3)      15.02      .33..33 + .33..34 = .66..67
 *                                                                                        = 15.015                         -> 15.0149.. = 15.01
 *                 revenue 20.01 K at 1.50 = 30.015   Z: 1/3 (middle)                attributedRevenue      10.01      30.015 x .33..33
 *                                                                                        30.015 / 3 = 10.005              = 10.00499.. -> 10.00
 * LINEAR ratios   R S T      (3 touches)             R: 1/3 (first)                 revenue 740.73 / 3 = 246.91
 *                 spend on R 200.00                                                 roas 246.91 / 200      1.2346     246.9099..975 / 200
 *                                                                                        = 1.23455                        = 1.2345499.. -> 1.2345
 *                                                                                   roi 46.91 / 200        0.2346     0.2345499.. -> 0.2345
 *                                                                                        = 0.23455
 *                                                                                   cac 200 / (1/3) = 600  600.00
 * </pre>
 */
class ExactCreditsTest extends IntegrationTest {

    CompanyBuilder company;

    @BeforeEach
    void dimensions() {
        company = new CompanyBuilder(graphQl)
                .department("XM", "MARKETING")
                .channel("XC", true)
                .segment("XS", null);
    }

    @Test
    void positionBasedMiddleCreditsGiveTheExactCac() {
        YearMonth r = month();
        campaigns(r, "F", "X", "M", "L");
        company.spend("XM", r.atDay(10).toString(), "7803.27", "USD", "ADVERTISING", Tags.campaign("X"));
        customerTouchedBy(r, "F", "X", "M", "X", "L");
        company.build();

        Map<String, Map<String, Object>> rows = rows(report(r, "POSITION_BASED"));
        assertThat(pick(rows.get(company.code("X")), "spend", "customers", "cac"))
                .containsExactly("7803.27", "0.1333", "58524.53");
        assertThat(pick(rows.get(company.code("F")), "customers")).containsExactly("0.4000");
        assertThat(pick(rows.get(company.code("M")), "customers")).containsExactly("0.0667");
        assertThat(pick(rows.get(company.code("L")), "customers")).containsExactly("0.4000");
    }

    @Test
    void linearThirdsGiveTheExactCacAndAttributedRevenue() {
        YearMonth r = month();
        company.currency("K", r.minusMonths(1).atDay(1).toString(), "1.50");
        campaigns(r, "Y", "Z");
        company.spend("XM", r.atDay(10).toString(), "10.01", "USD", "ADVERTISING", Tags.campaign("Y"));
        String customer = customerTouchedBy(r, "Y", "Z", "Y");
        company.revenue(customer, r.atDay(20).toString(), "20.01", "K", true).build();

        Map<String, Map<String, Object>> rows = rows(report(r, "LINEAR"));
        assertThat(pick(rows.get(company.code("Y")), "customers", "attributedRevenue", "cac"))
                .containsExactly("0.6667", "20.01", "15.02");
        assertThat(pick(rows.get(company.code("Z")), "customers", "attributedRevenue", "cac"))
                .containsExactly("0.3333", "10.01", "0.00");
    }

    @Test
    void linearThirdsGiveTheExactRoasAndRoi() {
        YearMonth r = month();
        campaigns(r, "R", "S", "T");
        company.spend("XM", r.atDay(10).toString(), "200.00", "USD", "ADVERTISING", Tags.campaign("R"));
        String customer = customerTouchedBy(r, "R", "S", "T");
        company.recurring(customer, "740.73", r.atDay(20).toString()).build();

        GraphQlTester.Response response = report(r, "LINEAR");
        assertThat(pick(rows(response).get(company.code("R")), "customers", "attributedRevenue", "cac", "roas", "roi"))
                .containsExactly("0.3333", "246.91", "600.00", "1.2346", "0.2346");
        // the total: spend 200.00, revenue 740.73, roas 3.70365 -> 3.7037, roi 2.70365 -> 2.7037
        Map<String, Object> total =
                response.path("campaignPerformance.total").entity(Map.class).get();
        assertThat(pick(total, "customers", "attributedRevenue", "cac", "roas", "roi"))
                .containsExactly("1.0000", "740.73", "200.00", "3.7037", "2.7037");
    }

    private static YearMonth month() {
        return Api.uniqueMonth();
    }

    /** Campaigns named by letter (code order = letter order), each running from the month before R. */
    private void campaigns(YearMonth r, String... letters) {
        for (String letter : letters) {
            company.campaign(letter, "XM", "XC", r.minusMonths(1).atDay(1).toString());
        }
    }

    /** A customer acquired on d20 of R whose touches are the campaigns in order, on d1, d2, ... at noon UTC. */
    private String customerTouchedBy(YearMonth r, String... campaigns) {
        company.customer("XK", "XS", r.atDay(20).toString());
        for (int i = 0; i < campaigns.length; i++) {
            company.touches("XK", campaigns[i], r.atDay(i + 1) + "T12:00:00Z");
        }
        return "XK";
    }

    private GraphQlTester.Response report(YearMonth r, String model) {
        return graphQl.documentName("campaignPerformance")
                .variable("from", r.atDay(1).toString())
                .variable("to", r.atEndOfMonth().toString())
                .variable("model", model)
                .execute();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rows(GraphQlTester.Response response) {
        return response
                .path("campaignPerformance.rows")
                .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                .get()
                .stream()
                .filter(row -> row.get("code") != null)
                .collect(Collectors.toMap(row -> (String) row.get("code"), row -> row));
    }

    private static List<Object> pick(Map<String, Object> row, String... fields) {
        return Arrays.stream(fields).map(row::get).collect(Collectors.toList());
    }
}
