package dev.revgraph.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A customer's segment and region hold from a date (changeset 0025): a move in an open month after
 * a closed one changes no figure of the closed month and moves only the facts from its date on.
 *
 * <pre>
 * month m (closed)    k: acquired day 5, revenue 100.00 day 10     j: acquired day 6, revenue 50.00 day 10
 *                     both in segment A, no region
 * month m+1 (open)    k: revenue 100.00 day 10, 130.00 day 25      j: revenue 50.00 day 10
 * k moves to segment B, region R, effective m+1 day 20:
 *   m    by segment   A 150.00 (100 + 50), 2 new customers: unchanged
 *   m+1  by segment   A 150.00 (k's 100 of day 10 + j's 50), B 130.00 (k's line of day 25)
 *   m+1  by region    (unassigned) 150.00, R 130.00
 * </pre>
 */
class EffectiveDatedCustomerTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aMoveInAnOpenMonthLeavesTheClosedMonthAndTheFactsBeforeItsDateWhereTheyWere() {
        YearMonth closed = Api.uniqueMonth();
        YearMonth open = closed.plusMonths(1);
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .segment("A", null)
                .segment("B", null)
                .customer("k", "A", closed.atDay(5).toString())
                .customer("j", "A", closed.atDay(6).toString())
                .recurring(
                        "k",
                        "100.00",
                        closed.atDay(10).toString(),
                        open.atDay(10).toString())
                .recurring("k", "130.00", open.atDay(25).toString())
                .recurring(
                        "j",
                        "50.00",
                        closed.atDay(10).toString(),
                        open.atDay(10).toString());
        String region = unique("ER");
        api.region(region, null);
        company.close(closed);
        Map<String, Object> before = closedMonthFigures(closed);

        // a date inside the closed month is refused, naming the month and the field; nothing written
        long assignments = assignments(company.code("k"));
        api.mutate(
                        "updateCustomer",
                        Map.of(
                                "externalId", company.code("k"),
                                "segmentCode", company.code("B"),
                                "effectiveFrom", closed.atDay(20).toString()))
                .path("updateCustomer.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("updateCustomer.errors[0].month")
                .entity(String.class)
                .isEqualTo(closed.toString())
                .path("updateCustomer.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "effectiveFrom");
        // from a day before the closed month: the closed month's lines would move, refused as well
        api.mutate(
                        "updateCustomer",
                        Map.of(
                                "externalId", company.code("k"),
                                "segmentCode", company.code("B"),
                                "effectiveFrom", closed.minusMonths(1).atDay(1).toString()))
                .path("updateCustomer.errors[0].month")
                .entity(String.class)
                .isEqualTo(closed.toString())
                .path("updateCustomer.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "effectiveFrom");
        assertThat(assignments(company.code("k"))).isEqualTo(assignments);

        api.mutate(
                        "updateCustomer",
                        Map.of(
                                "externalId", company.code("k"),
                                "segmentCode", company.code("B"),
                                "regionCode", region,
                                "effectiveFrom", open.atDay(20).toString()))
                .path("updateCustomer.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("updateCustomer.customer.segment.code")
                .entity(String.class)
                .isEqualTo(company.code("B"));
        assertThat(assignments(company.code("k"))).isEqualTo(assignments + 1);

        assertThat(closedMonthFigures(closed))
                .as("every figure of the closed month")
                .isEqualTo(before);
        var history = graphQl.documentName("customerAssignments")
                .variable("externalId", company.code("k"))
                .variable("date", open.atDay(19).toString())
                .execute();
        history.path("customer.assignmentHistory[*].validFrom")
                .entityList(String.class)
                .containsExactly("1900-01-01", open.atDay(20).toString())
                .path("customer.assignmentHistory[0].validTo")
                .entity(String.class)
                .isEqualTo(open.atDay(19).toString())
                .path("customer.assignmentHistory[*].segment.code")
                .entityList(String.class)
                .containsExactly(company.code("A"), company.code("B"))
                .path("customer.assignmentHistory[1].region.code")
                .entity(String.class)
                .isEqualTo(region)
                .path("customer.assignmentHistory[1].validTo")
                .valueIsNull()
                .path("customer.assignmentOn.segment.code")
                .entity(String.class)
                .isEqualTo(company.code("A"));
        assertThat(revenueBy("SEGMENT", "segmentCode", open))
                .containsExactlyInAnyOrderEntriesOf(Map.of(company.code("A"), "150.00", company.code("B"), "130.00"));
        assertThat(revenueBy("REGION", "regionCode", open))
                .containsExactlyInAnyOrderEntriesOf(Map.of("(unassigned)", "150.00", region, "130.00"));
        assertThat(revenueBy("SEGMENT", "segmentCode", closed))
                .containsExactlyInAnyOrderEntriesOf(Map.of(company.code("A"), "150.00"));
    }

    private Map<String, Object> closedMonthFigures(YearMonth month) {
        Map<String, Object> figures = new HashMap<>();
        for (String dimension : List.of("SEGMENT", "REGION", "CHANNEL")) {
            figures.put(
                    dimension,
                    graphQl.documentName("profitAndLoss")
                            .variable("from", month.atDay(1).toString())
                            .variable("to", month.atEndOfMonth().toString())
                            .variable("groupBy", List.of(dimension))
                            .execute()
                            .path("profitAndLoss.rows")
                            .entityList(Map.class)
                            .get());
        }
        return figures;
    }

    private Map<String, String> revenueBy(String dimension, String codeField, YearMonth month) {
        Map<String, String> revenue = new HashMap<>();
        for (Map<?, ?> row : graphQl.documentName("profitAndLoss")
                .variable("from", month.atDay(1).toString())
                .variable("to", month.atEndOfMonth().toString())
                .variable("groupBy", List.of(dimension))
                .execute()
                .path("profitAndLoss.rows")
                .entityList(Map.class)
                .get()) {
            Object code = row.get(codeField);
            String amount = (String) row.get("revenue");
            if (amount != null && !amount.equals("0.00")) {
                revenue.put((String) code, amount);
            }
        }
        return revenue;
    }

    private long assignments(String externalId) {
        return jdbc.queryForObject(
                "select count(*) from customer_assignment a join customer c on c.id = a.customer_id"
                        + " where c.external_id = ?",
                Long.class,
                externalId);
    }
}
