package dev.revgraph.attribution;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Touchpoints: idempotent on (customer, campaign, time), all or nothing, and a customer's campaign side. */
class TouchpointTest extends IntegrationTest {

    String a;
    String b;
    String customer;

    @BeforeEach
    void campaignsAndACustomer() {
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("TD", "MARKETING")
                .channel("TC", true)
                .segment("TS", null)
                .campaign("A", "TD", "TC", "2026-05-01")
                .campaign("B", "TD", "TC", "2026-05-01")
                .customer("TCU", "TS", null, "2026-05-20", "B")
                .build();
        a = company.code("A");
        b = company.code("B");
        customer = company.code("TCU");
    }

    private static Map<String, Object> touch(String customer, String campaign, String at, String kind) {
        return Map.of("customerExternalId", customer, "campaignCode", campaign, "occurredAt", at, "kind", kind);
    }

    @Test
    void recordingTheSameTouchpointAgainChangesNothing() {
        var first = api.mutate(
                "recordTouchpoints",
                Map.of(
                        "touchpoints",
                        List.of(
                                touch(customer, b, "2026-05-03T09:00:00Z", "EMAIL"),
                                touch(customer, a, "2026-05-03T09:00:00Z", "CLICK"))));
        first.path("recordTouchpoints.errors").entityList(Object.class).hasSize(0);
        List<String> ids = first.path("recordTouchpoints.touchpoints[*].id")
                .entityList(String.class)
                .get();
        // the same instant written with another offset is the same key
        api.mutate(
                        "recordTouchpoints",
                        Map.of("touchpoints", List.of(touch(customer, b, "2026-05-03T11:00:00+02:00", "EMAIL"))))
                .path("recordTouchpoints.touchpoints[*].id")
                .entityList(String.class)
                .containsExactly(ids.get(0));
        api.mutate(
                        "recordTouchpoints",
                        Map.of("touchpoints", List.of(touch(customer, b, "2026-05-03T09:00:00Z", "DEMO"))))
                .path("recordTouchpoints.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("recordTouchpoints.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(ids.get(0))
                .path("recordTouchpoints.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "touchpoints", "0", "kind");

        // attribution order: time, then campaign code (A before B at the same instant)
        graphQl.documentName("customerCampaigns")
                .variable("externalId", customer)
                .execute()
                .path("customer.acquisitionCampaign.code")
                .entity(String.class)
                .isEqualTo(b)
                .path("customer.touchpoints[*].campaign.code")
                .entityList(String.class)
                .containsExactly(a, b)
                .path("customer.touchpoints[*].kind")
                .entityList(String.class)
                .containsExactly("CLICK", "EMAIL");
    }

    @Test
    void anUnknownCustomerOrCampaignWritesNothing() {
        api.mutate(
                        "recordTouchpoints",
                        Map.of(
                                "touchpoints",
                                List.of(
                                        touch(customer, a, "2026-05-04T09:00:00Z", "CLICK"),
                                        touch("NO-SUCH-CUSTOMER", a, "2026-05-04T09:00:00Z", "CLICK"),
                                        touch(customer, "NO-SUCH-CAMPAIGN", "2026-05-05T09:00:00Z", "FORM"))))
                .path("recordTouchpoints.touchpoints")
                .entityList(Object.class)
                .hasSize(0)
                .path("recordTouchpoints.errors[*].__typename")
                .entityList(String.class)
                .containsExactly("NotFoundError", "NotFoundError")
                .path("recordTouchpoints.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "touchpoints", "1", "customerExternalId")
                .path("recordTouchpoints.errors[0].message")
                .entity(String.class)
                .isEqualTo("no customer has external id NO-SUCH-CUSTOMER")
                .path("recordTouchpoints.errors[1].field")
                .entityList(String.class)
                .containsExactly("input", "touchpoints", "2", "campaignCode");
        graphQl.documentName("customerCampaigns")
                .variable("externalId", customer)
                .execute()
                .path("customer.touchpoints")
                .entityList(Object.class)
                .hasSize(0);
    }
}
