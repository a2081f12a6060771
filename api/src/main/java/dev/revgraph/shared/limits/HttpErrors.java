package dev.revgraph.shared.limits;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/** An error answered by the HTTP layer, shaped like a GraphQL response so clients read it the same way. */
final class HttpErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpErrors() {}

    static void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/graphql-response+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(Map.of("errors", List.of(Map.of(
                "message", message, "extensions", Map.of("code", code))))));
    }
}
