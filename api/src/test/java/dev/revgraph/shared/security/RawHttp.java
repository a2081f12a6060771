package dev.revgraph.shared.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP requests to the running application, with the headers a browser or a front-end sends. */
final class RawHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final String base;

    RawHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A CORS preflight of a POST to {@code /graphql} from {@code origin}. */
    HttpResponse<String> preflight(String origin) {
        return send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
    }

    /** A POST of {@code body} (a GraphQL request) with a bearer token and, when not null, an Origin. */
    HttpResponse<String> graphQl(String token, String origin, Map<String, Object> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** The JSON body of a response as a map. */
    static Map<String, Object> body(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    /** The TypeScript client's manifest of trusted documents (hash {@code sha256:<hex>} to document). */
    static Map<String, String> typescriptManifest() {
        try (InputStream in = RawHttp.class.getResourceAsStream("/trusted-documents/typescript-client.json")) {
            if (in == null) {
                throw new IllegalStateException(
                        "trusted-documents/typescript-client.json is not on the classpath: build clients/typescript (needs Node)");
            }
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
