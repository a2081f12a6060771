package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code revgraph.graphql.trusted-documents-only=true}, over real HTTP: a FINANCE caller runs
 * the TypeScript client's operations by hash (or as their exact text) and nothing else; ADMIN runs
 * anything, GraphiQL included. The manifest is the one the client's build emitted.
 */
@TestPropertySource(
        properties = {
            "revgraph.cors.allowed-origins=https://app.example.test",
            "revgraph.graphql.trusted-documents-only=true"
        })
class TrustedDocumentsTest extends IntegrationTest {

    @Autowired
    QueryCounter queries;

    static String hashOf(Map<String, String> manifest, String operation) {
        return manifest.entrySet().stream()
                .filter(e -> e.getValue().contains(operation))
                .map(e -> e.getKey().substring("sha256:".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(operation + " is not in the manifest"));
    }

    static Map<String, Object> byHash(String hash, Map<String, Object> variables) {
        return Map.of(
                "variables",
                variables,
                "extensions",
                Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
    }

    static final Map<String, Object> JANUARY = Map.of("from", "2026-01-01", "to", "2026-01-31");

    @Test
    void aFinanceCallerRunsATrustedDocumentByItsHash() {
        Map<String, String> manifest = RawHttp.typescriptManifest();
        String hash = hashOf(manifest, "query BudgetVsActual(");
        assertThat(TrustedDocuments.sha256(manifest.get("sha256:" + hash))).isEqualTo(hash);
        HttpResponse<String> response =
                new RawHttp(port).graphQl(issueToken(Role.FINANCE, List.of()), null, byHash(hash, JANUARY));
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = RawHttp.body(response);
        assertThat(body).doesNotContainKey("errors");
        assertThat(body.get("data"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKey("budgetVsActual");
    }

    @Test
    void aTrustedDocumentRepeatedByItsHashIsAnsweredFromTheResultCache() {
        Map<String, String> manifest = RawHttp.typescriptManifest();
        String hash = hashOf(manifest, "query BudgetVsActual(");
        String token = issueToken(Role.FINANCE, List.of());
        RawHttp http = new RawHttp(port);
        Map<String, Object> first = RawHttp.body(http.graphQl(token, null, byHash(hash, JANUARY)));
        assertThat(first).doesNotContainKey("errors");

        queries.reset();
        Map<String, Object> second = RawHttp.body(http.graphQl(token, null, byHash(hash, JANUARY)));
        assertThat(second).isEqualTo(first);
        // the token lookup and the data version only: the cache keys the document the hash named
        assertThat(queries.statements()).allSatisfy(sql -> assertThat(sql).containsAnyOf("api_token", "data_version"));
    }

    @Test
    void theExactTextOfATrustedDocumentIsTrustedToo() {
        Map<String, String> manifest = RawHttp.typescriptManifest();
        String document = manifest.get("sha256:" + hashOf(manifest, "query BudgetVsActual("));
        Map<String, Object> body = RawHttp.body(new RawHttp(port)
                .graphQl(issueToken(Role.ANALYST, List.of()), null, Map.of("query", document, "variables", JANUARY)));
        assertThat(body).doesNotContainKey("errors");
    }

    @Test
    void anyOtherDocumentIsRefusedForEveryRoleButAdmin() {
        RawHttp http = new RawHttp(port);
        Map<String, Object> other = Map.of("query", "{ viewer { role } }");
        for (Role role : List.of(Role.FINANCE, Role.ANALYST)) {
            Map<String, Object> body = RawHttp.body(http.graphQl(issueToken(role, List.of()), null, other));
            assertThat(body.get("data")).isNull();
            assertThat(body.get("errors").toString())
                    .contains("TRUSTED_DOCUMENT_REQUIRED")
                    .contains("accepts only trusted documents from " + role + " callers")
                    .contains("extensions.persistedQuery.sha256Hash");
        }
        assertThat(RawHttp.body(http.graphQl(adminToken, null, other)))
                .isEqualTo(Map.of("data", Map.of("viewer", Map.of("role", "ADMIN"))));
    }

    @Test
    void anUnknownHashOrATextThatIsNotItsDocumentIsRefused() {
        RawHttp http = new RawHttp(port);
        String finance = issueToken(Role.FINANCE, List.of());
        Map<String, Object> unknown = RawHttp.body(http.graphQl(finance, null, byHash("0".repeat(64), Map.of())));
        assertThat(unknown.get("errors").toString()).contains("PERSISTED_QUERY_NOT_FOUND");
        assertThat(unknown.get("data")).isNull();

        String hash = hashOf(RawHttp.typescriptManifest(), "query BudgetVsActual(");
        Map<String, Object> request = Map.of(
                "query",
                "{ viewer { role } }",
                "extensions",
                Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
        Map<String, Object> mismatch = RawHttp.body(http.graphQl(finance, null, request));
        assertThat(mismatch.get("errors").toString()).contains("PERSISTED_QUERY_HASH_MISMATCH");
        assertThat(mismatch.get("data")).isNull();
    }

    @Test
    void graphiqlStillWorksForAdmin() {
        RawHttp http = new RawHttp(port);
        assertThat(http.get("/graphiql").statusCode()).isIn(200, 302, 307);
        Map<String, Object> introspection =
                RawHttp.body(http.graphQl(adminToken, null, Map.of("query", "{ __schema { queryType { name } } }")));
        assertThat(introspection)
                .isEqualTo(Map.of("data", Map.of("__schema", Map.of("queryType", Map.of("name", "Query")))));
    }
}
