package dev.revgraph.client;

import com.netflix.graphql.dgs.client.codegen.GraphQLQuery;
import graphql.GraphQLContext;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.graphql.client.DgsGraphQlClient;
import org.springframework.graphql.client.GraphQlClient;
import org.springframework.graphql.client.HttpSyncGraphQlClient;
import org.springframework.web.client.RestClient;
import reactor.core.publisher.Flux;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The typed Revgraph client: the generated query classes and projections
 * ({@code dev.revgraph.client.client}) sent through Spring's {@link DgsGraphQlClient} over HTTP.
 *
 * <p>It exists so that callers need not know how the contract's custom scalars travel: every one
 * of them ({@code Decimal}, {@code Date}, {@code DateTime}, {@code YearMonth}, {@code Currency}) is
 * a JSON string, and a {@link BigDecimal} argument must go out as {@code "12.50"}, never as a
 * binary double. The generated types map them to {@link BigDecimal}, {@link LocalDate},
 * {@link OffsetDateTime}, {@link YearMonth} and {@link String}.
 *
 * <p>Two ways to send a request. Every operation of the clients (one per root field of the schema,
 * {@link RevgraphOperations}) by its name, the variables written as strings where the schema wants
 * a string scalar, the root field's data read into a generated type:
 *
 * <pre>{@code
 * RevgraphClient revgraph = RevgraphClient.create("http://localhost:8080/graphql", token);
 * ProfitAndLossReport report = revgraph.execute("ProfitAndLoss",
 *         Map.of("from", LocalDate.of(2026, 1, 1), "to", LocalDate.of(2026, 3, 31)), ProfitAndLossReport.class);
 * }</pre>
 *
 * <p>Or a generated query class with a projection of one's own choice:
 *
 * <pre>{@code
 * ProfitAndLossReport report = revgraph.request(ProfitAndLossGraphQLQuery.newRequest()
 *                 .from(LocalDate.of(2026, 1, 1)).to(LocalDate.of(2026, 3, 31)).build())
 *         .projection(new ProfitAndLossProjectionRoot<>().currency().rows().period().revenue().operatingProfit())
 *         .retrieveSync("profitAndLoss")
 *         .toEntity(ProfitAndLossReport.class);
 * }</pre>
 */
public final class RevgraphClient {

    /** How each scalar's Java type is written into a request document: as a GraphQL string. */
    public static final Map<Class<?>, Coercing<?, ?>> SCALARS = Map.of(
            BigDecimal.class, new StringScalar<>(BigDecimal.class, BigDecimal::toPlainString),
            LocalDate.class, new StringScalar<>(LocalDate.class, LocalDate::toString),
            OffsetDateTime.class, new StringScalar<>(OffsetDateTime.class, OffsetDateTime::toString),
            YearMonth.class, new StringScalar<>(YearMonth.class, YearMonth::toString));

    /**
     * How variables are written: {@link BigDecimal} as a string ({@code "12.50"}, never a binary
     * double), dates and months as ISO strings, enums by name; a generated input type's unset
     * (null) fields are left out.
     */
    private static final JsonMapper VARIABLES = JsonMapper.builder()
            .withConfigOverride(
                    BigDecimal.class,
                    override -> override.setFormat(com.fasterxml.jackson.annotation.JsonFormat.Value.forShape(
                            com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)))
            .changeDefaultPropertyInclusion(inclusion ->
                    inclusion.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private final GraphQlClient graphQlClient;
    private final DgsGraphQlClient client;
    private final RevgraphOperations operations;

    private RevgraphClient(GraphQlClient graphQlClient, RevgraphOperations operations) {
        this.graphQlClient = graphQlClient;
        this.client = DgsGraphQlClient.create(graphQlClient);
        this.operations = operations;
    }

    /**
     * A client of the endpoint (for example {@code http://localhost:8080/graphql}); {@code bearerToken}
     * may be null, otherwise it is sent as {@code Authorization: Bearer <token>}.
     */
    public static RevgraphClient create(String endpoint, String bearerToken) {
        RestClient.Builder rest = RestClient.builder().baseUrl(endpoint);
        if (bearerToken != null && !bearerToken.isBlank()) {
            rest.defaultHeaders(headers -> headers.setBearerAuth(bearerToken));
        }
        return of(HttpSyncGraphQlClient.create(rest.build()));
    }

    /** A client over any configured Spring GraphQL client (another transport, extra headers, interceptors). */
    public static RevgraphClient of(GraphQlClient graphQlClient) {
        return new RevgraphClient(graphQlClient, RevgraphOperations.packaged());
    }

    /** The operations this client sends by name. */
    public RevgraphOperations operations() {
        return operations;
    }

    /**
     * Starts a request of the named operation (for example {@code "ProfitAndLoss"}) with its
     * variables, written as {@link #execute} writes them; retrieve or execute it.
     */
    public GraphQlClient.RequestSpec operation(String name, Map<String, ?> variables) {
        RevgraphOperations.Operation operation = operations.get(name);
        return graphQlClient
                .document(operation.document())
                .operationName(operation.name())
                .variables(variables(variables));
    }

    /**
     * Runs the named query or mutation and reads its root field's data as {@code type} (a generated
     * type of {@code dev.revgraph.client.types}); a GraphQL error, or data missing at the root
     * field, throws Spring's {@code FieldAccessException}. A mutation's expected failures are data:
     * the payload's {@code errors}.
     */
    public <T> T execute(String name, Map<String, ?> variables, Class<T> type) {
        return operation(name, variables)
                .retrieveSync(operations.get(name).rootField())
                .toEntity(type);
    }

    /**
     * Runs the named query whose root field is a list and reads each element as {@code type}.
     */
    public <T> java.util.List<T> executeList(String name, Map<String, ?> variables, Class<T> type) {
        return operation(name, variables)
                .retrieveSync(operations.get(name).rootField())
                .toEntityList(type);
    }

    /**
     * Opens the named subscription ({@code "MonthClosed"}, {@code "MonthReopened"},
     * {@code "ImportFinished"}): each event's root field as {@code type}. Needs a client made by
     * {@link #of} over a transport that streams, such as Spring's {@code WebSocketGraphQlClient}
     * (spring-webflux) on {@code ws://host:8080/graphql-ws}; over HTTP it fails.
     */
    public <T> Flux<T> subscribe(String name, Map<String, ?> variables, Class<T> type) {
        return operation(name, variables)
                .retrieveSubscription(operations.get(name).rootField())
                .toEntity(type);
    }

    /** The variables as they are sent (see {@link #VARIABLES}). */
    static Map<String, Object> variables(Map<String, ?> variables) {
        if (variables == null || variables.isEmpty()) {
            return Map.of();
        }
        // Map.of refuses nulls: copy, so that an explicit null variable stays a null
        Map<String, Object> copy = new LinkedHashMap<>(variables);
        return VARIABLES.convertValue(copy, new TypeReference<Map<String, Object>>() {});
    }

    /** Starts a request of a generated query; add a projection, then retrieve or execute it. */
    public DgsGraphQlClient.RequestSpec request(GraphQLQuery query) {
        return client.request(query).coercing(SCALARS);
    }

    /** The underlying Spring GraphQL client, for any other document. */
    public GraphQlClient graphQlClient() {
        return graphQlClient;
    }

    /** The underlying DGS client, for what {@link #request} does not cover. */
    public DgsGraphQlClient dgsClient() {
        return client;
    }

    /** Writes a value of a string scalar as a GraphQL string literal. */
    private static final class StringScalar<T> implements Coercing<T, String> {

        private final Class<T> type;
        private final Function<T, String> text;

        StringScalar(Class<T> type, Function<T, String> text) {
            this.type = type;
            this.text = text;
        }

        @Override
        public String serialize(Object input, GraphQLContext context, Locale locale) {
            return text.apply(type.cast(input));
        }

        @Override
        @SuppressWarnings("deprecation")
        public String serialize(Object input) {
            return text.apply(type.cast(input));
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(text.apply(type.cast(input)));
        }

        @Override
        @SuppressWarnings("deprecation")
        public Value<?> valueToLiteral(Object input) {
            return StringValue.of(text.apply(type.cast(input)));
        }
    }
}
