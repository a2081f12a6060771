package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * CORS of the GraphQL endpoint over real HTTP, with one origin allowed ({@code revgraph.cors.*}):
 * its preflight and its request are answered with the CORS headers, another origin's are refused.
 * (The same settings as {@link TrustedDocumentsTest}, so both share one application.)
 */
@TestPropertySource(
        properties = {
            "revgraph.cors.allowed-origins=https://app.example.test",
            "revgraph.graphql.trusted-documents-only=true"
        })
class CorsTest extends IntegrationTest {

    static final String ALLOWED = "https://app.example.test";
    static final String REFUSED = "https://elsewhere.example.test";

    @Test
    void aPreflightFromTheAllowedOriginIsAnsweredWithTheAllowedMethodsAndHeaders() {
        HttpResponse<String> response = new RawHttp(port).preflight(ALLOWED);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                .contains("POST")
                .contains("GET");
        assertThat(response.headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElseThrow()
                        .toLowerCase())
                .contains("authorization")
                .contains("content-type");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).contains("1800");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        HttpResponse<String> response = new RawHttp(port).preflight(REFUSED);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theEndpointAnswersTheAllowedOriginWithItsHeaderAndRefusesAnother() {
        RawHttp http = new RawHttp(port);
        // ADMIN: any document, trusted or not
        Map<String, Object> request = Map.of("query", "{ viewer { role } }");
        HttpResponse<String> allowed = http.graphQl(adminToken, ALLOWED, request);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
        assertThat(RawHttp.body(allowed)).isEqualTo(Map.of("data", Map.of("viewer", Map.of("role", "ADMIN"))));

        HttpResponse<String> refused = http.graphQl(adminToken, REFUSED, request);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.body()).doesNotContain("ADMIN");

        // without an Origin (not a browser): no CORS at all
        HttpResponse<String> server = http.graphQl(adminToken, null, request);
        assertThat(server.statusCode()).isEqualTo(200);
        assertThat(server.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
