package dev.revgraph.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP layer in front of GraphQL: the body cap (with the import's larger one), a {@code null}
 * body, queries over GET, mutations refused over GET, and 406 for an Accept header the endpoint
 * cannot satisfy. Real HTTP requests, sent the way a client would.
 */
class HttpLimitsTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebTestClient http(String token) {
        return WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static String body(String query, Map<String, Object> variables) {
        return JSON.writeValueAsString(Map.of("query", query, "variables", variables));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        String analyst = issueToken(Role.ANALYST, List.of());
        String big = body(
                "mutation($input: CreateProductInput!) { createProduct(input: $input) { errors { message } } }",
                Map.of("input", Map.of("code", unique("BIG"), "name", "n".repeat(2 * 1024 * 1024))));
        String answer = http(analyst)
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(big)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).contains("larger than the limit of 1048576 bytes");
    }

    @Test
    void aBodyWithoutALengthIsCutOffAtTheLimitToo() {
        String analyst = issueToken(Role.ANALYST, List.of());
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        Flux<DataBuffer> chunks = Flux.range(0, 64).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
        http(analyst)
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void aCallerWhoMayImportSendsFilesLargerThanTheGeneralLimit() {
        String code = unique("BIGIMP");
        // about 1.5 MB: a header, one row, and blank lines, which the format skips
        String content = "code,name,kind\n" + code + ",Big file,GENERAL\n" + "\n".repeat(1_500_000);
        String body = body(
                "mutation($input: ImportCsvInput!) { importCsv(input: $input) {"
                        + " result { inserted } errors { message } } }",
                Map.of("input", Map.of("file", "DEPARTMENTS", "content", content)));
        assertThat(body.length()).isGreaterThan(1024 * 1024);
        http(adminToken)
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.data.importCsv.errors")
                .isEmpty()
                .jsonPath("$.data.importCsv.result.inserted")
                .isEqualTo(1);
    }

    @Test
    void aNullBodyIsABadRequest() {
        String answer = http(adminToken)
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("null")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).contains("must be a JSON object").doesNotContain("Exception");
    }

    @Test
    void queriesRunOverGet() {
        http(adminToken)
                .get()
                .uri(
                        "/graphql?query={q}&variables={v}",
                        "query($c: String!) { department(code: $c) { code } settings { reportingCurrency } }",
                        "{\"c\": \"no-such-department\"}")
                .accept(MediaType.APPLICATION_GRAPHQL_RESPONSE)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.data.settings.reportingCurrency")
                .isEqualTo("USD")
                .jsonPath("$.data.department")
                .doesNotExist();
    }

    @Test
    void mutationsAreRefusedOverGetWith405() {
        String code = unique("GETMUT");
        http(adminToken)
                .get()
                .uri(
                        "/graphql?query={q}",
                        "mutation { createProduct(input: {code: \"" + code
                                + "\", name: \"x\"}) { errors { message } } }")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader()
                .valueEquals("Allow", "POST");
        graphQl.document("{ products { code } }")
                .execute()
                .path("products[*].code")
                .entityList(String.class)
                .doesNotContain(code);
    }

    @Test
    void anUnacceptableAcceptHeaderGets406() {
        http(adminToken)
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_HTML)
                .bodyValue("{\"query\":\"{ settings { reportingCurrency } }\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        http(adminToken)
                .get()
                .uri("/graphql?query={q}", "{ settings { reportingCurrency } }")
                .accept(MediaType.APPLICATION_XML)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        http(adminToken)
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.ALL)
                .bodyValue("{\"query\":\"{ settings { reportingCurrency } }\"}")
                .exchange()
                .expectStatus()
                .isOk();
    }
}
