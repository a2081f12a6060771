package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.token.ApiTokenService;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The role matrix over real HTTP: for every role an allowed and a denied call of each kind (read
 * lines, read aggregates, post spend, close a month, manage tokens), plus expired, revoked and
 * missing tokens.
 */
class AccessControlTest extends IntegrationTest {

    @Autowired
    ApiTokenService tokenService;

    String own;
    String other;
    YearMonth month;

    @BeforeEach
    void departments() {
        own = unique("OWN");
        other = unique("OTHER");
        api.department(own, "MARKETING");
        api.department(other, "SALES");
        month = Api.uniqueMonth();
    }

    private String token(String role, List<String> departments) {
        return (String) graphQl.document("""
                        mutation($input: CreateApiTokenInput!) {
                          createApiToken(input: $input) { secret apiToken { role active } errors { message } }
                        }""")
                .variable("input", Map.of("name", "test " + role, "role", role, "departmentCodes", departments))
                .execute()
                .path("createApiToken.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("createApiToken.secret")
                .entity(String.class)
                .get();
    }

    private static Consumer<List<org.springframework.graphql.ResponseError>> forbidden() {
        return errors -> assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN"));
    }

    private GraphQlTester.Response readLines(HttpGraphQlTester client, String department) {
        return client.documentName("spendLines")
                .variable("filter", Map.of("departmentCodes", List.of(department)))
                .execute();
    }

    private GraphQlTester.Response readAggregate(HttpGraphQlTester client) {
        return client.documentName("budgetVsActual")
                .variable("from", "2026-01-01")
                .variable("to", "2026-01-31")
                .variable("departmentCodes", List.of(own))
                .execute();
    }

    private GraphQlTester.Response post(HttpGraphQlTester client, String department) {
        return client.documentName("recordSpendLine")
                .variable(
                        "input",
                        Map.of(
                                "departmentCode",
                                department,
                                "bookedOn",
                                month.atDay(3).toString(),
                                "amount",
                                "1.00",
                                "currency",
                                "USD",
                                "category",
                                "TOOLS"))
                .execute();
    }

    private GraphQlTester.Response close(HttpGraphQlTester client) {
        return client.documentName("closeMonth")
                .variable("input", Map.of("month", month.toString()))
                .execute();
    }

    private GraphQlTester.Response listTokens(HttpGraphQlTester client) {
        return client.document("{ apiTokens { id name role active } }").execute();
    }

    @Test
    void adminMayDoEverything() {
        HttpGraphQlTester admin = clientWithToken(token("ADMIN", List.of()));
        readLines(admin, own)
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(0);
        readAggregate(admin)
                .path("budgetVsActual.rows")
                .entityList(Object.class)
                .hasSize(1);
        post(admin, own).path("recordSpendLine.errors").entityList(Object.class).hasSize(0);
        close(admin).path("closeMonth.fiscalMonth.status").entity(String.class).isEqualTo("CLOSED");
        listTokens(admin).path("apiTokens").entityList(Object.class).hasSizeGreaterThan(1);
        admin.document("{ viewer { name role } }")
                .execute()
                .path("viewer.role")
                .entity(String.class)
                .isEqualTo("ADMIN");
    }

    @Test
    void financeReadsAndPostsEverythingAndClosesMonthsButManagesNoTokens() {
        HttpGraphQlTester finance = clientWithToken(token("FINANCE", List.of()));
        readLines(finance, other)
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(0);
        readAggregate(finance)
                .path("budgetVsActual.rows")
                .entityList(Object.class)
                .hasSize(1);
        post(finance, other)
                .path("recordSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0);
        close(finance)
                .path("closeMonth.fiscalMonth.status")
                .entity(String.class)
                .isEqualTo("CLOSED");
        listTokens(finance).errors().satisfy(forbidden());
        finance.document("""
                        mutation { createApiToken(input: {name: "x", role: ADMIN}) { secret errors { message } } }""").execute().errors().satisfy(forbidden());
    }

    @Test
    void aDepartmentTokenStaysInsideItsDepartments() {
        HttpGraphQlTester department = clientWithToken(token("DEPARTMENT", List.of(own)));
        post(department, own)
                .path("recordSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0);
        post(department, other).errors().satisfy(forbidden());
        readLines(department, own)
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(1);
        readLines(department, other).errors().satisfy(forbidden());
        // without a department filter it sees its own lines only
        post(clientWithToken(adminToken), other)
                .path("recordSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0);
        department
                .documentName("spendLines")
                .variable(
                        "filter",
                        Map.of(
                                "from",
                                month.atDay(1).toString(),
                                "to",
                                month.atEndOfMonth().toString()))
                .execute()
                .path("spendLines.edges[*].node.department.code")
                .entityList(String.class)
                .containsExactly(own);
        readAggregate(department)
                .path("budgetVsActual.rows")
                .entityList(Object.class)
                .hasSize(1);
        close(department).errors().satisfy(forbidden());
        listTokens(department).errors().satisfy(forbidden());
        // nothing was written by the refused calls
        readLines(clientWithToken(adminToken), other)
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(1);
    }

    @Test
    void anAnalystReadsAggregatesAndTheSchemaOnly() {
        HttpGraphQlTester analyst = clientWithToken(token("ANALYST", List.of()));
        readAggregate(analyst)
                .path("budgetVsActual.rows")
                .entityList(Object.class)
                .hasSize(1);
        analyst.document("{ __schema { queryType { name } } }")
                .execute()
                .path("__schema.queryType.name")
                .entity(String.class)
                .isEqualTo("Query");
        readLines(analyst, own).errors().satisfy(forbidden());
        post(analyst, own).errors().satisfy(forbidden());
        close(analyst).errors().satisfy(forbidden());
        listTokens(analyst).errors().satisfy(forbidden());
    }

    @Test
    void aDepartmentTokenNeedsDepartmentsAndOtherTokensMustNotHaveThem() {
        graphQl.document("""
                        mutation { createApiToken(input: {name: "x", role: DEPARTMENT}) {
                          secret errors { field message } } }""")
                .execute()
                .path("createApiToken.secret")
                .valueIsNull()
                .path("createApiToken.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "departmentCodes");
    }

    @Test
    void missingUnknownExpiredAndRevokedTokensAreRefused() {
        expectUnauthorized(null);
        expectUnauthorized("rg_not-a-real-token");
        expectUnauthorized("not.a.jwt");
        String expired = tokenService
                .issue("expired", Role.ADMIN, List.of(), OffsetDateTime.now().minusMinutes(1), "test")
                .secret();
        expectUnauthorized(expired);

        String revoked = token("FINANCE", List.of());
        clientWithToken(revoked)
                .document("{ viewer { role } }")
                .execute()
                .path("viewer.role")
                .entity(String.class)
                .isEqualTo("FINANCE");
        String id = graphQl.document("{ apiTokens { id name active } }")
                .execute()
                .path("apiTokens[0].id")
                .entity(String.class)
                .get();
        graphQl.document("mutation($id: ID!) { revokeApiToken(input: {id: $id}) { apiToken { active revokedAt } } }")
                .variable("id", id)
                .execute()
                .path("revokeApiToken.apiToken.active")
                .entity(Boolean.class)
                .isEqualTo(false);
        expectUnauthorized(revoked);
    }

    private void expectUnauthorized(String token) {
        WebTestClient.Builder builder =
                WebTestClient.bindToServer(new JdkClientHttpConnector()).baseUrl("http://localhost:" + port);
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        builder.build()
                .post()
                .uri("/graphql")
                .header("Content-Type", "application/json")
                .bodyValue("{\"query\":\"{ settings { reportingCurrency } }\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void everyMutationLandsInTheAuditTrail() {
        String code = unique("AUD");
        api.department(code, "GENERAL");
        api.mutate("createDepartment", Map.of("code", code, "name", "Other name", "kind", "GENERAL"));
        graphQl.document("""
                        { auditEvents(action: "createDepartment", first: 2) {
                            edges { node { actor action succeeded input result } } } }""")
                .execute()
                .path("auditEvents.edges[0].node.succeeded")
                .entity(Boolean.class)
                .isEqualTo(false)
                .path("auditEvents.edges[1].node.succeeded")
                .entity(Boolean.class)
                .isEqualTo(true)
                .path("auditEvents.edges[1].node.actor")
                .entity(String.class)
                .isEqualTo("token:test admin")
                .path("auditEvents.edges[1].node.input")
                .entity(String.class)
                .satisfies(input -> assertThat(input).contains(code))
                .path("auditEvents.edges[0].node.result")
                .entity(String.class)
                .satisfies(result -> assertThat(result).contains("\"code\": \"CONFLICT\""));
        String secretCall = token("ANALYST", List.of());
        graphQl.document("{ auditEvents(action: \"createApiToken\", first: 1) { edges { node { result } } } }")
                .execute()
                .path("auditEvents.edges[0].node.result")
                .entity(String.class)
                .satisfies(
                        result -> assertThat(result).doesNotContain(secretCall).contains("ANALYST"));
        clientWithToken(token("DEPARTMENT", List.of(code)))
                .document("{ auditEvents { edges { node { id } } } }")
                .execute()
                .errors()
                .satisfy(forbidden());
    }
}
