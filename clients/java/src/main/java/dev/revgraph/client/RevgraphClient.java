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
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.graphql.client.DgsGraphQlClient;
import org.springframework.graphql.client.HttpSyncGraphQlClient;
import org.springframework.web.client.RestClient;

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
 * <pre>{@code
 * RevgraphClient revgraph = RevgraphClient.create("http://localhost:8080/graphql", token);
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

    private final DgsGraphQlClient client;

    private RevgraphClient(DgsGraphQlClient client) {
        this.client = client;
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
    public static RevgraphClient of(org.springframework.graphql.client.GraphQlClient graphQlClient) {
        return new RevgraphClient(DgsGraphQlClient.create(graphQlClient));
    }

    /** Starts a request of a generated query; add a projection, then retrieve or execute it. */
    public DgsGraphQlClient.RequestSpec request(GraphQLQuery query) {
        return client.request(query).coercing(SCALARS);
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
