package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.token.ApiTokenService;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A DEPARTMENT token over real HTTP: it writes campaign results, touchpoints and spend only on
 * campaigns its departments own, reaches no customer through a mutation's payload, and a clash of
 * external ids tells it nothing about a line it may not read.
 */
class DepartmentScopeTest extends IntegrationTest {

    /**
     * Months of this test's own year: the shared {@code Api.uniqueMonth} sequence runs into the
     * years other tests fix (2045) once the suite has taken thirty of it.
     */
    private static final AtomicInteger MONTHS = new AtomicInteger();

    @Autowired
    ApiTokenService tokenService;

    String own;
    String other;
    String ownCampaign;
    String otherCampaign;
    String customer;
    YearMonth month;
    HttpGraphQlTester department;

    @BeforeEach
    void twoDepartmentsWithACampaignEach() {
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("DSO", "MARKETING")
                .department("DSX", "SALES")
                .channel("DSC", true)
                .campaign("DSCO", "DSO", "DSC", "2026-01-01")
                .campaign("DSCX", "DSX", "DSC", "2026-01-01")
                .segment("DSS", null)
                .customer("DSCU", "DSS", "2026-01-20")
                .recurring("DSCU", "4321.00", "2026-01-25")
                .build();
        own = company.code("DSO");
        other = company.code("DSX");
        ownCampaign = company.code("DSCO");
        otherCampaign = company.code("DSCX");
        customer = company.code("DSCU");
        month = YearMonth.of(2071, 1).plusMonths(MONTHS.getAndIncrement());
        department = clientWithToken(tokenService
                .issue("scope test", Role.DEPARTMENT, List.of(own), null, "test")
                .secret());
    }

    private static Consumer<List<ResponseError>> forbidden() {
        return errors -> assertThat(errors)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN"));
    }

    private static Map<String, Object> touch(String customer, String campaign, String at) {
        return Map.of("customerExternalId", customer, "campaignCode", campaign, "occurredAt", at, "kind", "CLICK");
    }

    private List<Object> touchpointsOfTheCustomer() {
        return graphQl.documentName("customerCampaigns")
                .variable("externalId", customer)
                .execute()
                .path("customer.touchpoints")
                .entityList(Object.class)
                .get();
    }

    @Test
    void aDepartmentTokenRecordsTouchpointsOnItsOwnCampaignsWithoutSeeingTheCustomer() {
        department
                .document("""
                        mutation($input: RecordTouchpointsInput!) {
                          recordTouchpoints(input: $input) { touchpoints { id kind campaign { code } } errors { message } }
                        }""")
                .variable("input", Map.of("touchpoints", List.of(touch(customer, ownCampaign, "2026-01-10T09:00:00Z"))))
                .execute()
                .path("recordTouchpoints.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("recordTouchpoints.touchpoints[0].campaign.code")
                .entity(String.class)
                .isEqualTo(ownCampaign);
        assertThat(touchpointsOfTheCustomer()).hasSize(1);
    }

    @Test
    void aDepartmentTokenReadsNoCustomerThroughTheTouchpointsPayload() {
        GraphQlTester.Response response = department
                .document("""
                        mutation($input: RecordTouchpointsInput!) {
                          recordTouchpoints(input: $input) {
                            touchpoints {
                              id
                              customer {
                                externalId name lifetimeRevenue { amount }
                                mrrHistory(from: "2026-01", to: "2026-01") { mrr }
                              }
                            }
                            errors { message }
                          }
                        }""")
                .variable("input", Map.of("touchpoints", List.of(touch(customer, ownCampaign, "2026-01-11T09:00:00Z"))))
                .execute();
        response.errors().satisfy(forbidden());
        response.path("recordTouchpoints").pathDoesNotExist(); // the payload is non-null, so data is null
        // refused before it ran: the mutation asked for what the caller may not read, so nothing is written
        assertThat(touchpointsOfTheCustomer()).isEmpty();
    }

    @Test
    void aDepartmentTokenRecordsNoTouchpointOnAnotherDepartmentsCampaign() {
        department
                .document("""
                        mutation($input: RecordTouchpointsInput!) {
                          recordTouchpoints(input: $input) { touchpoints { id } errors { message } }
                        }""")
                .variable(
                        "input",
                        Map.of(
                                "touchpoints",
                                List.of(
                                        touch(customer, ownCampaign, "2026-01-12T09:00:00Z"),
                                        touch(customer, otherCampaign, "2026-01-12T10:00:00Z"))))
                .execute()
                .errors()
                .satisfy(forbidden())
                .path("recordTouchpoints")
                .pathDoesNotExist();
        assertThat(touchpointsOfTheCustomer()).isEmpty();
    }

    private GraphQlTester.Response results(HttpGraphQlTester client, String campaign, int impressions) {
        return client.documentName("upsertCampaignResults")
                .variable(
                        "input",
                        Map.of(
                                "results",
                                List.of(Map.of(
                                        "campaignCode",
                                        campaign,
                                        "day",
                                        "2026-01-05",
                                        "impressions",
                                        impressions,
                                        "clicks",
                                        1,
                                        "leads",
                                        0,
                                        "opportunities",
                                        0))))
                .execute();
    }

    private int impressions(String campaign) {
        return graphQl.documentName("campaignResults")
                .variable("campaignCode", campaign)
                .variable("from", "2026-01-05")
                .variable("to", "2026-01-05")
                .execute()
                .path("campaignResults[0].impressions")
                .entity(Integer.class)
                .get();
    }

    @Test
    void aDepartmentTokenOverwritesNoResultsOfAnotherDepartmentsCampaign() {
        results(graphQl, otherCampaign, 100)
                .path("upsertCampaignResults.errors")
                .entityList(Object.class)
                .hasSize(0);
        results(department, otherCampaign, 1).errors().satisfy(forbidden());
        assertThat(impressions(otherCampaign)).isEqualTo(100);
        // a load that mixes its own campaign with another's is refused whole
        department
                .document("""
                        mutation($input: UpsertCampaignResultsInput!) {
                          upsertCampaignResults(input: $input) { results { day } errors { message } }
                        }""")
                .variable(
                        "input",
                        Map.of(
                                "results",
                                List.of(
                                        Map.of(
                                                "campaignCode",
                                                ownCampaign,
                                                "day",
                                                "2026-01-05",
                                                "impressions",
                                                7,
                                                "clicks",
                                                0,
                                                "leads",
                                                0,
                                                "opportunities",
                                                0),
                                        Map.of(
                                                "campaignCode",
                                                otherCampaign,
                                                "day",
                                                "2026-01-06",
                                                "impressions",
                                                7,
                                                "clicks",
                                                0,
                                                "leads",
                                                0,
                                                "opportunities",
                                                0))))
                .execute()
                .errors()
                .satisfy(forbidden());
        assertThat(impressions(otherCampaign)).isEqualTo(100);
        results(department, ownCampaign, 5)
                .path("upsertCampaignResults.errors")
                .entityList(Object.class)
                .hasSize(0);
        assertThat(impressions(ownCampaign)).isEqualTo(5);
    }

    private GraphQlTester.Response spend(
            HttpGraphQlTester client, String departmentCode, String campaign, String externalId, String amount) {
        Map<String, Object> input = new java.util.LinkedHashMap<>(Map.of(
                "departmentCode",
                departmentCode,
                "bookedOn",
                month.atDay(4).toString(),
                "amount",
                amount,
                "currency",
                "USD",
                "category",
                "ADVERTISING"));
        input.put("campaignCode", campaign);
        input.put("externalId", externalId);
        return client.documentName("recordSpendLine").variable("input", input).execute();
    }

    private int linesOfCampaign(String campaign) {
        return graphQl.documentName("spendLines")
                .variable("filter", Map.of("campaignCode", campaign))
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .get();
    }

    @Test
    void aDepartmentTokenBooksNoSpendOnAnotherDepartmentsCampaign() {
        spend(department, own, otherCampaign, null, "50.00").errors().satisfy(forbidden());
        assertThat(linesOfCampaign(otherCampaign)).isZero();
        spend(department, own, ownCampaign, null, "50.00")
                .path("recordSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0);
        assertThat(linesOfCampaign(ownCampaign)).isOne();
        // finance books any department's spend on any campaign
        spend(graphQl, own, otherCampaign, null, "10.00")
                .path("recordSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0);
    }

    @Test
    void aConflictOnAnExternalIdRevealsNoLineOutsideTheCallersScope() {
        String externalId = unique("DSEXT");
        String hidden = spend(graphQl, other, null, externalId, "777.77")
                .path("recordSpendLine.spendLine.id")
                .entity(String.class)
                .get();
        GraphQlTester.Response clash = spend(department, own, null, externalId, "1.00");
        clash.path("recordSpendLine.spendLine")
                .valueIsNull()
                .path("recordSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("recordSpendLine.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "externalId")
                .path("recordSpendLine.errors[0].existingId")
                .valueIsNull()
                .path("recordSpendLine.errors[0].message")
                .entity(String.class)
                .satisfies(message -> {
                    assertThat(message).contains(externalId);
                    // the caller's own key aside, no trace of the other department's line
                    assertThat(message.replace(externalId, ""))
                            .doesNotContain(other, "777")
                            .doesNotContainPattern("\\b" + hidden + "\\b");
                });
        // nothing was written under the caller's department
        assertThat(department
                        .documentName("spendLines")
                        .variable("filter", Map.of("departmentCodes", List.of(own)))
                        .execute()
                        .path("spendLines.totalCount")
                        .entity(Integer.class)
                        .get())
                .isZero();

        // a clash with a line the caller may read still names it
        String ownExternalId = unique("DSEXT");
        String mine = spend(department, own, null, ownExternalId, "2.00")
                .path("recordSpendLine.spendLine.id")
                .entity(String.class)
                .get();
        spend(department, own, null, ownExternalId, "3.00")
                .path("recordSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("recordSpendLine.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(mine);
    }
}
