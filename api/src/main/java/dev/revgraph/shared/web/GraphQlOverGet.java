package dev.revgraph.shared.web;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import jakarta.servlet.ServletException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the GraphQL-over-HTTP specification asks of the endpoint beyond Spring for GraphQL 2.0's
 * POST handling (GET arrives in its 2.1): queries over {@code GET /graphql?query=...&variables=...
 * &operationName=...}, a mutation over GET refused with 405 and {@code Allow: POST}, and 406 for an
 * {@code Accept} header that admits neither {@code application/graphql-response+json} nor
 * {@code application/json} (Spring answers that with 415). A GET query runs through the same
 * handler, interceptors, limits and security as a POST.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class GraphQlOverGet {

    private static final List<MediaType> PRODUCED =
            List.of(MediaType.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> graphQlGetAndAccept(GraphQlHttpHandler handler, GraphQlProperties properties) {
        String path = properties.getHttp().getPath();
        return RouterFunctions.route()
                .route(
                        RequestPredicates.path(path).and(request -> !acceptable(request)),
                        request -> error(
                                HttpStatus.NOT_ACCEPTABLE,
                                "the endpoint answers "
                                        + "application/graphql-response+json or application/json; the Accept header admits "
                                        + "neither"))
                .GET(path, request -> get(request, handler))
                .build();
    }

    private static boolean acceptable(ServerRequest request) {
        List<MediaType> accepted = request.headers().accept();
        return accepted.isEmpty()
                || accepted.stream().anyMatch(a -> PRODUCED.stream().anyMatch(a::isCompatibleWith));
    }

    private static ServerResponse get(ServerRequest request, GraphQlHttpHandler handler) throws ServletException {
        Optional<String> query = request.param("query");
        if (query.isEmpty() || query.get().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "a GET request carries its document in the query parameter 'query'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query.get());
        Optional<String> operationName = request.param("operationName").filter(name -> !name.isBlank());
        operationName.ifPresent(name -> body.put("operationName", name));
        for (String name : List.of("variables", "extensions")) {
            Optional<String> json = request.param(name).filter(value -> !value.isBlank());
            if (json.isPresent()) {
                Object value;
                try {
                    value = JSON.readValue(json.get(), Object.class);
                } catch (JacksonException e) {
                    value = null;
                }
                if (!(value instanceof Map<?, ?>)) {
                    return error(HttpStatus.BAD_REQUEST, "the query parameter '" + name + "' must be a JSON object");
                }
                body.put(name, value);
            }
        }
        if (isMutationOrSubscription(query.get(), operationName.orElse(null))) {
            return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                    .allow(HttpMethod.POST)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(HttpErrors.body("METHOD_NOT_ALLOWED", "a mutation is sent with POST; GET runs queries only"));
        }
        ServerRequest post = ServerRequest.from(request)
                .method(HttpMethod.POST)
                .headers(headers -> headers.setContentType(MediaType.APPLICATION_JSON))
                .body(JSON.writeValueAsString(body))
                .build();
        return handler.handleRequest(post);
    }

    /**
     * Whether the operation the request selects is not a query. A document that does not parse,
     * or names no operation it holds, is left to the GraphQL engine, which reports it.
     */
    private static boolean isMutationOrSubscription(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment()
                    .document(query)
                    .parserOptions(ParserOptions.getDefaultOperationParserOptions())
                    .build());
        } catch (RuntimeException e) { // InvalidSyntaxException, or a parser limit
            return false;
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        return operations.stream()
                .filter(o -> operationName == null ? operations.size() == 1 : operationName.equals(o.getName()))
                .anyMatch(o -> o.getOperation() != OperationDefinition.Operation.QUERY);
    }

    private static ServerResponse error(HttpStatus status, String message) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(HttpErrors.body(status.name(), message));
    }
}
