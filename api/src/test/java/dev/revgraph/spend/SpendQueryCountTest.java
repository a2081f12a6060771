package dev.revgraph.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every association of a spend line is batched: the statements per request do not grow with the page. */
class SpendQueryCountTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Test
    void statementsPerRequestStayFlatAsThePageGrowsTenfold() {
        String dept = unique("N1");
        api.department(dept, "MARKETING");
        String root = unique("NR");
        api.segment(root, null);
        String product = unique("NP");
        api.product(product);
        String region = unique("NG");
        api.region(region, null);
        for (int i = 0; i < 50; i++) {
            String segment = unique("NS");
            api.segment(segment, root);
            String id = api.spend(
                    dept,
                    "2026-06-" + (10 + i % 15),
                    "10",
                    "USD",
                    "ADVERTISING",
                    Map.of("segmentCode", segment, "productCode", product, "regionCode", region));
            if (i % 5 == 0) {
                api.mutate("reverseSpendLine", Map.of("lineId", id))
                        .path("reverseSpendLine.errors")
                        .entityList(Object.class)
                        .hasSize(0);
            }
        }

        int five = statementsFor(dept, 5);
        int fifty = statementsFor(dept, 50);
        assertThat(fifty).isEqualTo(five);
        // the API token lookup, page + totals + one batch each for department, segment, segment parent, product,
        // region,
        // reverses and reversedBy, plus resolving the filter's department code
        assertThat(five).isLessThanOrEqualTo(11);
    }

    @Test
    void aListRunsOnlyTheStatementsOfWhatItSelects() {
        String dept = unique("NQ");
        api.department(dept, "MARKETING");
        for (int i = 1; i <= 3; i++) {
            api.spend(dept, "2026-07-0" + i, "10.50", "USD", "TOOLS");
        }
        Map<String, Object> filter = Map.of("departmentCodes", List.of(dept));

        queries.reset();
        graphQl.documentName("spendLines")
                .variable("filter", filter)
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(3)
                .path("spendLines.total.amount")
                .entity(String.class)
                .isEqualTo("31.50");
        int everything = queries.count();

        // the first page without its count and total: the filter's totals are never computed
        queries.reset();
        graphQl.documentName("spendLinesPageOnly")
                .variable("filter", filter)
                .variable("first", 2)
                .execute()
                .path("spendLines.edges")
                .entityList(Object.class)
                .hasSize(2);
        List<String> pageOnly = queries.statements();
        assertThat(pageOnly).noneMatch(sql -> sql.toLowerCase().contains("count("));
        assertThat(pageOnly).hasSizeLessThan(everything);

        // the count and total without rows: no page is read
        queries.reset();
        graphQl.documentName("spendLinesTotalsOnly")
                .variable("filter", filter)
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(3)
                .path("spendLines.total.amount")
                .entity(String.class)
                .isEqualTo("31.50");
        List<String> totalsOnly = queries.statements();
        assertThat(totalsOnly).anyMatch(sql -> sql.toLowerCase().contains("count("));
        assertThat(totalsOnly).noneMatch(sql -> sql.toLowerCase().contains("limit"));
        assertThat(totalsOnly).hasSizeLessThan(everything);
    }

    private int statementsFor(String dept, int first) {
        queries.reset();
        graphQl.documentName("spendLines")
                .variable("filter", Map.of("departmentCodes", List.of(dept)))
                .variable("first", first)
                .execute()
                .path("spendLines.edges")
                .entityList(Object.class)
                .hasSize(first);
        return queries.count();
    }
}
