package dev.revgraph.shared.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error answered by the HTTP layer, before or beside GraphQL (limits, GET requests), shaped like
 * a GraphQL response so that clients read it the same way: {@code {"errors":[{"message": ...,
 * "extensions": {"code": ...}}]}}.
 */
public final class HttpErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpErrors() {}

    /** The response body of one error. */
    public static Map<String, Object> body(String code, String message) {
        return Map.of("errors", List.of(Map.of("message", message, "extensions", Map.of("code", code))));
    }

    /** Answers {@code status} with the body of one error, as {@code application/graphql-response+json}. */
    public static void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/graphql-response+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body(code, message)));
    }
}
