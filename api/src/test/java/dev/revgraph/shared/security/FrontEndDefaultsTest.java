package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults, over real HTTP: no origin is allowed cross-origin, any document is accepted, and a
 * trusted document may still be sent by its hash.
 */
class FrontEndDefaultsTest extends IntegrationTest {

    @Test
    void noOriginIsAllowedByDefault() {
        RawHttp http = new RawHttp(port);
        HttpResponse<String> preflight = http.preflight("https://app.example.test");
        // without Access-Control-Allow-Origin a browser refuses the cross-origin call
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        HttpResponse<String> request =
                http.graphQl(adminToken, "https://app.example.test", Map.of("query", "{ viewer { role } }"));
        assertThat(request.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anyDocumentIsAcceptedAndATrustedOneAlsoByHash() {
        RawHttp http = new RawHttp(port);
        String finance = issueToken(Role.FINANCE, List.of());
        assertThat(RawHttp.body(http.graphQl(finance, null, Map.of("query", "{ viewer { role } }"))))
                .isEqualTo(Map.of("data", Map.of("viewer", Map.of("role", "FINANCE"))));
        String hash = TrustedDocumentsTest.hashOf(RawHttp.typescriptManifest(), "query BudgetVsActual(");
        Map<String, Object> body = RawHttp.body(
                http.graphQl(finance, null, TrustedDocumentsTest.byHash(hash, TrustedDocumentsTest.JANUARY)));
        assertThat(body).doesNotContainKey("errors");
        assertThat(RawHttp.body(http.graphQl(finance, null, TrustedDocumentsTest.byHash("f".repeat(64), Map.of())))
                        .get("errors")
                        .toString())
                .contains("PERSISTED_QUERY_NOT_FOUND");
    }
}
