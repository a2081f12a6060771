package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/**
 * Expansion attribution's rows add up: for a random company (customers billing on and off over six
 * months of 2063, touches before and after their acquisition, four campaigns on two channels), under
 * every model and grouping, the rows and the unattributed row sum to the report's total, and the total
 * is every expansion and reactivation movement of the range's months as mrrMovements serves them.
 * Rounded rows can differ from the total by half a cent each; under FIRST_TOUCH and LAST_TOUCH every
 * credit is 0 or 1, so the rows add up to the cent.
 */
class ExpansionAttributionPropertyTest extends IntegrationTest {

    private static final int YEAR = 2063;
    private static final List<String> MODELS =
            List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY");
    private static final List<String> AMOUNTS = List.of("0", "0", "50", "80", "100", "150", "220");

    @Test
    void rowsAndTheUnattributedRowSumToEveryExpansionAndReactivationMovement() {
        Random random = new Random(18);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("S", null)
                .department("MK", "MARKETING")
                .channel("H1", true)
                .channel("H2", false);
        List<String> campaigns = List.of("K1", "K2", "K3", "K4");
        for (int i = 0; i < campaigns.size(); i++) {
            company.campaign(campaigns.get(i), "MK", i < 2 ? "H1" : "H2", YEAR + "-01-01");
        }
        Set<String> touches = new HashSet<>();
        for (int c = 0; c < 14; c++) {
            String name = "q" + c;
            LocalDate acquired = LocalDate.of(YEAR, 1, 1 + random.nextInt(10));
            company.customer(name, "S", acquired.toString());
            for (int month = 1; month <= 6; month++) {
                String amount = AMOUNTS.get(random.nextInt(AMOUNTS.size()));
                if (!amount.equals("0")) {
                    company.recurring(
                            name,
                            amount,
                            YearMonth.of(YEAR, month).atEndOfMonth().toString());
                }
            }
            int n = random.nextInt(5);
            for (int t = 0; t < n; t++) {
                String campaign = campaigns.get(random.nextInt(campaigns.size()));
                String at = LocalDate.of(YEAR, 1, 1).plusDays(random.nextInt(180)) + "T"
                        + String.format("%02d:%02d:00Z", random.nextInt(24), random.nextInt(60));
                if (touches.add(name + campaign + at)) {
                    company.touches(name, campaign, at);
                }
            }
        }
        for (String campaign : campaigns) {
            for (int month = 2; month <= 6; month++) {
                if (random.nextBoolean()) {
                    company.spend(
                            "MK",
                            YearMonth.of(YEAR, month).atDay(15).toString(),
                            (10 + random.nextInt(300)) + ".25",
                            "USD",
                            "ADVERTISING",
                            Tags.campaign(campaign));
                }
            }
        }
        company.build();
        String from = YEAR + "-02-01";
        String to = YEAR + "-06-30";

        BigDecimal expansion = BigDecimal.ZERO;
        BigDecimal reactivated = BigDecimal.ZERO;
        for (Map<String, Object> month : graphQl.documentName("objectiveMovements")
                .variable("from", from)
                .variable("to", to)
                .execute()
                .path("mrrMovements.rows")
                .entityList(new ParameterizedTypeReference<Map<String, Object>>() {})
                .get()) {
            expansion = expansion.add(new BigDecimal((String) month.get("expansion")));
            reactivated = reactivated.add(new BigDecimal((String) month.get("reactivated")));
        }
        assertThat(expansion.add(reactivated)).as("the company has movements").isPositive();

        for (String model : MODELS) {
            for (String groupBy : List.of("CAMPAIGN", "CHANNEL", "SEGMENT")) {
                Map<String, Object> report = graphQl.documentName("expansionAttribution")
                        .variable("from", from)
                        .variable("to", to)
                        .variable("model", model)
                        .variable("groupBy", groupBy)
                        .variable("halfLifeDays", 5)
                        .execute()
                        .path("expansionAttribution")
                        .entity(new ParameterizedTypeReference<Map<String, Object>>() {})
                        .get();
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
                @SuppressWarnings("unchecked")
                Map<String, Object> total = (Map<String, Object>) report.get("total");
                String as = model + " by " + groupBy;
                assertThat(new BigDecimal((String) total.get("expansionMrr")))
                        .as(as + ": total expansion")
                        .isEqualByComparingTo(expansion);
                assertThat(new BigDecimal((String) total.get("reactivatedMrr")))
                        .as(as + ": total reactivated")
                        .isEqualByComparingTo(reactivated);
                BigDecimal tolerance = exact(model)
                        ? BigDecimal.ZERO
                        : new BigDecimal("0.005").multiply(BigDecimal.valueOf(rows.size()));
                for (String figure : List.of("expansionMrr", "reactivatedMrr", "creditedMrr", "spend")) {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (Map<String, Object> row : rows) {
                        sum = sum.add(new BigDecimal((String) row.get(figure)));
                    }
                    BigDecimal expected = new BigDecimal((String) total.get(figure));
                    assertThat(sum.subtract(expected).abs())
                            .as("%s: rows' %s %s against the total %s", as, figure, sum, expected)
                            .isLessThanOrEqualTo(figure.equals("spend") ? BigDecimal.ZERO : tolerance);
                }
                List<Object> unattributed = new ArrayList<>();
                rows.stream()
                        .filter(r -> Boolean.TRUE.equals(r.get("unattributed")))
                        .forEach(unattributed::add);
                assertThat(unattributed)
                        .as(as + ": one unattributed row at most")
                        .hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    private static boolean exact(String model) {
        return model.equals("FIRST_TOUCH") || model.equals("LAST_TOUCH");
    }
}
