package dev.revgraph.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CustomersAndRevenueTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    @Test
    void customersAreIdempotentOnTheExternalId() {
        String segment = unique("CS");
        api.segment(segment, null);
        String id = unique("crm");
        Map<String, Object> input =
                Map.of("externalId", id, "name", "Acme", "segmentCode", segment, "acquiredOn", "2032-01-05");
        String first = (String) api.ok("createCustomer", "customer", input).get("id");
        assertThat(api.ok("createCustomer", "customer", input).get("id")).isEqualTo(first);

        Map<String, Object> other = new HashMap<>(input);
        other.put("acquiredOn", "2032-01-06");
        api.mutate("createCustomer", other)
                .path("createCustomer.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("createCustomer.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(first);

        String moved = unique("CS2");
        api.segment(moved, null);
        assertThat(api.ok("updateCustomer", "customer", Map.of("externalId", id, "segmentCode", moved)))
                .containsEntry("segment", Map.of("code", moved));
    }

    @Test
    void badCustomersAndRevenueLinesGetTypedErrorsAndWriteNothing() {
        api.mutate(
                        "createCustomer",
                        Map.of(
                                "externalId",
                                unique("x"),
                                "name",
                                "X",
                                "segmentCode",
                                "NOPE",
                                "acquiredOn",
                                "2032-01-01"))
                .path("createCustomer.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("createCustomer.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "segmentCode");

        api.mutate(
                        "recordRevenueLine",
                        Map.of(
                                "customerExternalId",
                                "nobody",
                                "recognizedOn",
                                "2032-01-31",
                                "amount",
                                "10",
                                "currency",
                                "USD",
                                "recurring",
                                true))
                .path("recordRevenueLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError")
                .path("recordRevenueLine.errors[0].message")
                .entity(String.class)
                .isEqualTo("no customer has external id nobody");

        String segment = unique("CS");
        api.segment(segment, null);
        String customer = unique("crm");
        api.customer(customer, segment, "2032-01-01");
        YearMonth closed = Api.uniqueMonth();
        api.close(closed);
        api.mutate(
                        "recordRevenueLine",
                        Map.of(
                                "customerExternalId",
                                customer,
                                "recognizedOn",
                                closed.atDay(5).toString(),
                                "amount",
                                "10",
                                "currency",
                                "USD",
                                "recurring",
                                true))
                .path("recordRevenueLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("recordRevenueLine.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "recognizedOn");
        api.mutate(
                        "recordRevenueLine",
                        Map.of(
                                "customerExternalId",
                                customer,
                                "recognizedOn",
                                "2032-01-31",
                                "amount",
                                "0",
                                "currency",
                                "USD",
                                "recurring",
                                true))
                .path("recordRevenueLine.errors[0].message")
                .entity(String.class)
                .isEqualTo("amount must not be zero");

        graphQl.documentName("revenueLines")
                .variable("filter", Map.of("customerExternalId", customer))
                .execute()
                .path("revenueLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(0);
    }

    @Test
    void revenueLinesAreIdempotentReversibleAndTotalledInTheReportingCurrency() {
        String segment = unique("CS");
        api.segment(segment, null);
        String customer = unique("crm");
        api.customer(customer, segment, "2032-02-01");
        String currency = Api.uniqueCurrency();
        api.currency(currency, "2032-02-01", "0.8");
        Map<String, Object> input = Map.of(
                "externalId",
                unique("inv"),
                "customerExternalId",
                customer,
                "recognizedOn",
                "2032-02-28",
                "amount",
                "125.00",
                "currency",
                currency,
                "recurring",
                true);
        String id = (String) api.ok("recordRevenueLine", "revenueLine", input).get("id");
        assertThat(api.ok("recordRevenueLine", "revenueLine", input).get("id")).isEqualTo(id);
        api.revenue(customer, "2032-02-10", "40.005", "USD", false);

        // 125.00 x 0.8 = 100.00, plus 40.005 one-off: 140.005 -> 140.01
        graphQl.documentName("revenueLines")
                .variable("filter", Map.of("customerExternalId", customer))
                .execute()
                .path("revenueLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(2)
                .path("revenueLines.total.amount")
                .entity(String.class)
                .isEqualTo("140.01");
        graphQl.documentName("revenueLines")
                .variable("filter", Map.of("segmentCode", segment, "recurring", true))
                .execute()
                .path("revenueLines.total.amount")
                .entity(String.class)
                .isEqualTo("100.00");

        api.mutate("reverseRevenueLine", Map.of("lineId", id))
                .path("reverseRevenueLine.revenueLine.amount.amount")
                .entity(String.class)
                .isEqualTo("-125.00")
                .path("reverseRevenueLine.revenueLine.reverses.id")
                .entity(String.class)
                .isEqualTo(id);
        api.mutate("reverseRevenueLine", Map.of("lineId", id))
                .path("reverseRevenueLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError");
        graphQl.documentName("revenueLines")
                .variable("filter", Map.of("customerExternalId", customer))
                .execute()
                .path("revenueLines.total.amount")
                .entity(String.class)
                .isEqualTo("40.01");
    }

    @Test
    void customerPagesLoadTheirFieldsInBatchesWhateverTheirSize() {
        String segment = unique("CQ");
        api.segment(segment, null);
        String region = unique("RG");
        api.region(region, null);
        for (int i = 0; i < 30; i++) {
            String customer = unique("q");
            api.ok(
                    "createCustomer",
                    "customer",
                    Map.of(
                            "externalId",
                            customer,
                            "name",
                            "Q",
                            "segmentCode",
                            segment,
                            "regionCode",
                            region,
                            "acquiredOn",
                            "2033-01-01"));
            api.revenue(customer, "2033-01-31", "10", "USD", true);
        }
        int three = statements(segment, 3);
        int thirty = statements(segment, 30);
        assertThat(thirty).isEqualTo(three);
    }

    private int statements(String segment, int first) {
        queries.reset();
        graphQl.documentName("customers")
                .variable("filter", Map.of("segmentCode", segment))
                .variable("first", first)
                .variable("asOf", "2033-01")
                .execute()
                .path("customers.edges")
                .entityList(Object.class)
                .hasSize(first)
                .path("customers.edges[*].node.status")
                .entityList(String.class)
                .satisfies(statuses -> assertThat(statuses).containsOnly("NEW"))
                .path("customers.edges[0].node.lifetimeRevenue.amount")
                .entity(String.class)
                .isEqualTo("10.00");
        return queries.count();
    }
}
