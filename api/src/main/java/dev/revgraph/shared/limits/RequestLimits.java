package dev.revgraph.shared.limits;

import dev.revgraph.shared.db.SqlStates;
import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.parser.ParserOptions;
import graphql.validation.ValidationError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * The request limits: parse-time token and character caps, depth and complexity, aliases and root
 * fields, and a request timeout that also bounds every SQL statement the request runs. Each trips
 * with a GraphQL error that says which limit and its value.
 */
@Configuration(proxyBeanMethods = false)
class RequestLimits {

    private static final Logger log = LoggerFactory.getLogger(RequestLimits.class);

    /** How a timed-out request is classified; also its {@code extensions.code}. */
    static final ErrorClassification TIMEOUT = ErrorClassification.errorClassification("TIMEOUT");

    RequestLimits(LimitsProperties limits) {
        ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions()
                .transform(options -> options.maxTokens(limits.maxTokens()).maxCharacters(limits.maxCharacters())));
    }

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(LimitsProperties limits) {
        return new MaxQueryDepthInstrumentation(limits.maxDepth());
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(LimitsProperties limits) {
        return new MaxQueryComplexityInstrumentation(limits.maxComplexity());
    }

    @Bean
    SimplePerformantInstrumentation aliasAndRootFieldLimits(LimitsProperties limits) {
        return new SimplePerformantInstrumentation() {
            @Override
            public InstrumentationContext<List<ValidationError>> beginValidation(
                    InstrumentationValidationParameters parameters, InstrumentationState state) {
                Document document = parameters.getDocument();
                int aliases = 0;
                for (Node<?> definition : document.getDefinitions()) {
                    if (definition instanceof OperationDefinition operation) {
                        int rootFields =
                                operation.getSelectionSet().getSelections().size();
                        if (rootFields > limits.maxRootFields()) {
                            throw new AbortExecutionException("the operation selects " + rootFields
                                    + " root fields; the limit is " + limits.maxRootFields());
                        }
                    }
                    if (definition instanceof OperationDefinition || definition instanceof FragmentDefinition) {
                        aliases += countAliases(definition);
                    }
                }
                if (aliases > limits.maxAliases()) {
                    throw new AbortExecutionException(
                            "the document uses " + aliases + " aliases; the limit is " + limits.maxAliases());
                }
                return super.beginValidation(parameters, state);
            }
        };
    }

    private static int countAliases(Node<?> node) {
        int count = node instanceof Field field && field.getAlias() != null ? 1 : 0;
        for (Node<?> child : node.getChildren()) {
            count += countAliases(child);
        }
        return count;
    }

    /**
     * Answers a request still running at the timeout with the timeout error. That answer cannot go
     * out while a data fetcher holds the request's thread waiting on PostgreSQL, and the statement
     * would hold its pooled connection regardless; so the data layer gets a {@link RequestDeadline}
     * a little earlier ({@link #databaseBudget}): PostgreSQL cancels the statement, its transaction
     * rolls back, the connection returns to the pool, and the answer names the field that ran out
     * of time.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 1) // around the report cache, so a request waiting on it times out too
    WebGraphQlInterceptor requestTimeout(LimitsProperties limits) {
        Duration timeout = limits.requestTimeout();
        Duration databaseBudget = databaseBudget(timeout);
        return (request, chain) -> chain.next(request)
                .contextWrite(context -> RequestDeadline.start(context, databaseBudget))
                .timeout(timeout)
                .onErrorResume(
                        TimeoutException.class,
                        e -> Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
                                request.toExecutionInput(),
                                ExecutionResult.newExecutionResult()
                                        .addError(timeoutError(GraphqlErrorBuilder.newError(), timeout))
                                        .build()))));
    }

    /** The data layer's share of the request timeout: all of it but a tenth, at most a second, kept to answer. */
    static Duration databaseBudget(Duration timeout) {
        Duration reserve = timeout.dividedBy(10);
        return timeout.minus(reserve.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : reserve);
    }

    /** Limits every jOOQ statement of a web request to the request's remaining time. */
    @Bean
    ExecuteListenerProvider statementTimeouts() {
        return new DefaultExecuteListenerProvider(new StatementTimeouts());
    }

    /**
     * A statement PostgreSQL cancelled (SQLSTATE 57014, whatever wraps it: jOOQ, Spring's translation,
     * a failed commit) becomes the timeout error, not INTERNAL_ERROR; its transaction has rolled back.
     * Matched on the SQLSTATE rather than an exception type, which is why it is a resolver and not a
     * handler in {@code GraphQlErrors}; anything else falls through to the other handlers.
     */
    @Bean
    DataFetcherExceptionResolver statementCancelled(LimitsProperties limits) {
        return DataFetcherExceptionResolver.forSingleError((exception, env) -> {
            if (!SqlStates.is(exception, SqlStates.QUERY_CANCELED)) {
                return null;
            }
            log.warn(
                    "{} ran out of the request's time; PostgreSQL cancelled its statement",
                    env.getExecutionStepInfo().getPath());
            return timeoutError(GraphqlErrorBuilder.newError(env), limits.requestTimeout());
        });
    }

    /**
     * The one timeout error, whether the request was answered at the timeout or PostgreSQL cancelled
     * a statement first: classification and {@code extensions.code} {@code TIMEOUT}.
     */
    private static GraphQLError timeoutError(GraphqlErrorBuilder<?> builder, Duration timeout) {
        return builder.errorType(TIMEOUT)
                .message("the request ran longer than the limit of " + seconds(timeout) + " and was stopped")
                .extensions(Map.of("code", TIMEOUT.toString()))
                .build();
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() / 1000.0 + " s";
    }
}
