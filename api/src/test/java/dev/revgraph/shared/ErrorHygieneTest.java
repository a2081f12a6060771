package dev.revgraph.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Malformed requests get well-formed GraphQL errors with no stack trace, SQL or class name. */
class ErrorHygieneTest extends IntegrationTest {

    private static final List<String> LEAKS =
            List.of("Exception", "java.", "org.", "SELECT", "select ", "insert ", "PSQL", "jooq", "at dev.");

    @Test
    void malformedDocumentsAndVariablesLeakNothing() {
        WebTestClient http = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + adminToken)
                .build();
        List<String> bodies = List.of(
                "{\"query\":\"{ spendLines(first: 10, after: \\\"'; drop table spend_line; --\\\") { totalCount } }\"}",
                "{\"query\":\"{ department(code: \\\"' or 1=1 --\\\") { code } }\"}",
                "{\"query\":\"{ spendLines(filter: {from: \\\"2026-02-30\\\"}) { totalCount } }\"}",
                "{\"query\":\"mutation { recordSpendLine(input: {departmentCode: \\\"x\\\", bookedOn: \\\"2026-01-01\\\", amount: \\\"99999999999999999999999999999999999\\\", currency: \\\"USD\\\", category: TOOLS}) { errors { message } } }\"}",
                "{\"query\":\"{ nope }\"}",
                "{\"query\":\"{ spendLines { edges { node { id \"}",
                "not json at all");
        for (String body : bodies) {
            String response = http.post()
                    .uri("/graphql")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(response).as(body).isNotNull();
            for (String leak : LEAKS) {
                assertThat(response).as(body).doesNotContain(leak);
            }
        }
    }
}
