package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each request limit trips with a clear error, and a few hundred malformed or hostile documents
 * and variables all get well-formed GraphQL errors without internals while the server keeps serving.
 */
class RequestLimitsTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> LEAKS = List.of(
            "Exception",
            "java.",
            "org.jooq",
            "org.springframework",
            "PSQL",
            "SQL [",
            "select ",
            "insert into",
            "at dev.",
            "dev.revgraph");

    private void expectError(String document, String message) {
        graphQl.document(document)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .isNotEmpty()
                        .anySatisfy(e -> assertThat(e.getMessage()).contains(message)));
    }

    @Test
    void aDeepQueryIsRefused() {
        StringBuilder deep = new StringBuilder("{ segments { ");
        for (int i = 0; i < 20; i++) {
            deep.append("children { ");
        }
        deep.append("code").append(" }".repeat(21)).append(" }");
        expectError(deep.toString(), "maximum query depth exceeded");
    }

    @Test
    void aCostlyQueryIsRefused() {
        expectError("{ settings { " + "reportingCurrency ".repeat(700) + "} }", "maximum query complexity exceeded");
    }

    @Test
    void aHugeDocumentIsRefusedAtParseTime() {
        expectError("{ settings { " + "a ".repeat(11_000) + "} }", "tokens have been presented");
        expectError("{ settings { reportingCurrency } }" + " ".repeat(120_000), "characters have been presented");
    }

    @Test
    void aliasAndRootFieldFloodsAreRefused() {
        StringBuilder aliases = new StringBuilder("{ settings { ");
        for (int i = 0; i < 40; i++) {
            aliases.append("a").append(i).append(": reportingCurrency ");
        }
        expectError(aliases.append("} }").toString(), "the document uses 40 aliases; the limit is 30");
        expectError(
                "{ " + "settings { reportingCurrency } ".repeat(25) + "}",
                "the operation selects 25 root fields; the limit is 20");
    }

    @Test
    void anOversizePageIsRefused() {
        expectError("{ customers(first: 10000) { totalCount } }", "first must be between 1 and 500");
    }

    @Test
    void hostileDocumentsGetCleanErrorsAndTheServerKeepsServing() {
        WebTestClient http = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + adminToken)
                .build();
        Random random = new Random(7);
        List<String> templates = List.of(
                "{ department(code: %s) { code } }",
                "{ spendLines(filter: {from: %s}) { totalCount } }",
                "mutation { recordSpendLine(input: {departmentCode: %s, bookedOn: \"2026-01-01\", amount: \"1\","
                        + " currency: \"USD\", category: TOOLS}) { errors { message } } }",
                "{ profitAndLoss(from: %s, to: \"2026-12-31\") { total { revenue } } }",
                "{ customers(first: %s) { totalCount } }",
                "{ spendLines(after: %s) { totalCount } }");
        List<String> values = List.of(
                "\"' or 1=1; --\"",
                "\"'; drop table spend_line; --\"",
                "99999999999999999999999",
                "-1",
                "1e309",
                "\"\\u0000\"",
                "null",
                "true",
                "[1,2,3]",
                "{a: 1}",
                "\"2026-02-30\"",
                "\"" + "x".repeat(5000) + "\"",
                "$undeclared",
                "\"<script>alert(1)</script>\"",
                "\"../../etc/passwd\"",
                "0.1");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            switch (i % 5) {
                case 0 ->
                    bodies.add(JSON.writeValueAsString(Map.of(
                            "query",
                            String.format(
                                    templates.get(random.nextInt(templates.size())),
                                    values.get(random.nextInt(values.size()))))));
                case 1 -> {
                    byte[] bytes = new byte[1 + random.nextInt(300)];
                    random.nextBytes(bytes);
                    bodies.add(JSON.writeValueAsString(
                            Map.of("query", new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))));
                }
                case 2 ->
                    bodies.add(JSON.writeValueAsString(Map.of(
                            "query", "{" + "a {".repeat(random.nextInt(3000)) + "}".repeat(random.nextInt(3000)))));
                case 3 ->
                    bodies.add(JSON.writeValueAsString(Map.of(
                            "query",
                            "query($a: Decimal!, $d: Date!) { spendLines(filter: {from: $d}) { totalCount } "
                                    + "budgets(from: \"2026-01\", to: \"2026-02\") { month } }",
                            "variables",
                            Map.of("a", List.of(1, 2), "d", values.get(random.nextInt(values.size()))))));
                default -> {
                    byte[] bytes = new byte[1 + random.nextInt(200)];
                    random.nextBytes(bytes);
                    bodies.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        for (String body : bodies) {
            var result = http.post()
                    .uri("/graphql")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody(String.class)
                    .returnResult();
            int status = result.getStatus().value();
            String response = result.getResponseBody();
            assertThat(status).as(body).isIn(200, 400);
            if (status == 200) {
                // a well-formed GraphQL response: errors, or data for the odd document that happens to be valid
                assertThat(response).as(body).startsWith("{").containsAnyOf("\"errors\"", "\"data\"");
            }
            if (response != null) {
                for (String leak : LEAKS) {
                    assertThat(response).as(body).doesNotContain(leak);
                }
            }
        }
        graphQl.document("{ settings { reportingCurrency } }")
                .execute()
                .path("settings.reportingCurrency")
                .entity(String.class)
                .isEqualTo("USD");
    }
}
