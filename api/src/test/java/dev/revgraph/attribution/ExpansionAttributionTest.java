package dev.revgraph.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.HandWorkedCompanies;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expansion attribution (docs/metrics.md, "Expansion attribution") on {@link
 * HandWorkedCompanies#objectives} over March and April 2064.
 *
 * <pre>
 * movements of existing customers, each with the touches of its window (the day after the
 * customer's acquisition up to the end of the movement's month), in attribution order:
 *   c1 March expansion 150 - 100 = 50    touches KE 02-20, KR 03-03 (KA 01-02 is before c1's
 *                                        acquisition, KB 01-05 on its acquisition day: left out)
 *   c1 April expansion 170 - 150 = 20    touches KE 02-20, KR 03-03, KE 04-10
 *   c2 April reactivated 300             touches KR 03-15, KB 04-01
 *   c3 April expansion 120 - 80 = 40     no touches: unattributed
 * spend on the campaigns in March and April: KA 600 + 30 + 50 = 680, KR 200, KE 66, KB 100 = 1046
 *
 * LINEAR       expansion                            reactivated   credited   spend   ROI
 *   KA         0.00                                 0.00            0.00     680.00  (0 - 680) / 680 = -1.0000
 *   KB         0.00                                 300 / 2 = 150   150.00   100.00  (150 - 100) / 100 = 0.5000
 *   KE         50 / 2 + 20 x 2/3 = 38.333.. 38.33   0.00           38.33      66.00  (38.333.. - 66) / 66 = -0.41919.. -0.4192
 *   KR         50 / 2 + 20 / 3 = 31.666.. 31.67     300 / 2 = 150  181.67    200.00  (181.666.. - 200) / 200 = -0.091666.. -0.0917
 *   unattr.    40.00                                0.00           40.00       0.00  null
 *   total      110.00                               300.00        410.00    1046.00  (410 - 1046) / 1046 = -0.60803.. -0.6080
 * LAST_TOUCH
 *   KA         0.00                                 0.00            0.00     680.00  -1.0000
 *   KB         0.00                                 300.00        300.00     100.00  (300 - 100) / 100 = 2.0000
 *   KE         20.00 (c1 April's last touch)        0.00           20.00      66.00  (20 - 66) / 66 = -0.69696.. -0.6970
 *   KR         50.00 (c1 March's last touch)        0.00           50.00     200.00  (50 - 200) / 200 = -0.7500
 *   unattr.    40.00                                0.00           40.00       0.00  null
 *   total      110.00                               300.00        410.00    1046.00  -0.6080
 * by CHANNEL (every campaign on CH), LINEAR: CH 70.00 + 300.00 = 370.00 credited, spend 1046.00,
 *   ROI (370 - 1046) / 1046 = -0.64627.. -0.6463; unattributed 40.00
 * where objectives RETENTION or EXPANSION, LINEAR: KE and KR; total expansion 38.33.. + 31.66.. =
 *   70.00, reactivated 150.00, credited 220.00, spend 66 + 200 = 266.00, ROI (220 - 266) / 266 =
 *   -0.17293.. -0.1729
 * where unassigned CAMPAIGN: the unattributed row alone: 40.00, total spend 0.00, ROI null
 * </pre>
 */
class ExpansionAttributionTest extends IntegrationTest {

    private static final int YEAR = 2064;

    @Test
    void expansionAndReactivationMovementsAreCreditedToTheTouchesAfterAcquisitionToTheCent() {
        CompanyBuilder company = HandWorkedCompanies.objectives(graphQl, YearMonth.of(YEAR, 1));

        Map<String, List<Object>> linear = rows(company, "LINEAR", "CAMPAIGN");
        assertThat(linear)
                .containsEntry("KA", List.of("0.00", "0.00", "0.00", "680.00", "-1.0000"))
                .containsEntry("KB", List.of("0.00", "150.00", "150.00", "100.00", "0.5000"))
                .containsEntry("KE", List.of("38.33", "0.00", "38.33", "66.00", "-0.4192"))
                .containsEntry("KR", List.of("31.67", "150.00", "181.67", "200.00", "-0.0917"))
                .containsEntry("(unattributed)", listOf("40.00", "0.00", "40.00", "0.00", null))
                .containsEntry("(total)", List.of("110.00", "300.00", "410.00", "1046.00", "-0.6080"))
                .hasSize(6);

        Map<String, List<Object>> last = rows(company, "LAST_TOUCH", "CAMPAIGN");
        assertThat(last)
                .containsEntry("KA", List.of("0.00", "0.00", "0.00", "680.00", "-1.0000"))
                .containsEntry("KB", List.of("0.00", "300.00", "300.00", "100.00", "2.0000"))
                .containsEntry("KE", List.of("20.00", "0.00", "20.00", "66.00", "-0.6970"))
                .containsEntry("KR", List.of("50.00", "0.00", "50.00", "200.00", "-0.7500"))
                .containsEntry("(unattributed)", listOf("40.00", "0.00", "40.00", "0.00", null))
                .containsEntry("(total)", List.of("110.00", "300.00", "410.00", "1046.00", "-0.6080"))
                .hasSize(6);

        Map<String, List<Object>> kept =
                rows(company, "LINEAR", "CAMPAIGN", Map.of("objectives", List.of("RETENTION", "EXPANSION")));
        assertThat(kept)
                .containsEntry("KE", List.of("38.33", "0.00", "38.33", "66.00", "-0.4192"))
                .containsEntry("KR", List.of("31.67", "150.00", "181.67", "200.00", "-0.0917"))
                .containsEntry("(total)", List.of("70.00", "150.00", "220.00", "266.00", "-0.1729"))
                .hasSize(3);
        assertThat(rows(company, "LINEAR", "CAMPAIGN", Map.of("unassigned", List.of("CAMPAIGN"))))
                .containsEntry("(unattributed)", listOf("40.00", "0.00", "40.00", "0.00", null))
                .containsEntry("(total)", listOf("40.00", "0.00", "40.00", "0.00", null))
                .hasSize(2);

        Map<String, List<Object>> byChannel = rows(company, "LINEAR", "CHANNEL");
        assertThat(byChannel)
                .containsEntry("CH", List.of("70.00", "300.00", "370.00", "1046.00", "-0.6463"))
                .containsEntry("(unattributed)", listOf("40.00", "0.00", "40.00", "0.00", null))
                .hasSize(3);

        // the same movements as mrrMovements serves them
        List<Map<String, Object>> movements = graphQl.documentName("objectiveMovements")
                .variable("from", YEAR + "-03-01")
                .variable("to", YEAR + "-04-30")
                .execute()
                .path("mrrMovements.rows")
                .entityList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .get();
        assertThat(movements)
                .extracting(r -> r.get("expansion"), r -> r.get("reactivated"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("50.00", "0.00"),
                        org.assertj.core.groups.Tuple.tuple("60.00", "300.00"));
    }

    /** The report's rows keyed by name (codes turned back into names), plus the total. */
    private Map<String, List<Object>> rows(CompanyBuilder company, String model, String groupBy) {
        return rows(company, model, groupBy, null);
    }

    private Map<String, List<Object>> rows(
            CompanyBuilder company, String model, String groupBy, Map<String, Object> where) {
        Map<String, Object> report = graphQl.documentName("expansionAttribution")
                .variable("from", YEAR + "-03-01")
                .variable("to", YEAR + "-04-30")
                .variable("model", model)
                .variable("groupBy", groupBy)
                .variable("where", where)
                .execute()
                .path("expansionAttribution")
                .entity(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .get();
        Map<String, String> names = new HashMap<>();
        for (String name : List.of("KA", "KB", "KE", "KR", "CH")) {
            names.put(company.code(name), name);
        }
        Map<String, List<Object>> result = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("rows");
        for (Map<String, Object> row : rows) {
            String key = Boolean.TRUE.equals(row.get("unattributed"))
                    ? "(unattributed)"
                    : names.getOrDefault((String) row.get("code"), (String) row.get("code"));
            result.put(key, figures(row));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) report.get("total");
        result.put("(total)", figures(total));
        return result;
    }

    private static List<Object> figures(Map<String, Object> row) {
        return listOf(
                row.get("expansionMrr"),
                row.get("reactivatedMrr"),
                row.get("creditedMrr"),
                row.get("spend"),
                row.get("roi"));
    }

    private static List<Object> listOf(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
