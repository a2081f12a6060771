package dev.revgraph.shared.limits;

import graphql.ExecutionResult;
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
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * The request limits: parse-time token and character caps, depth and complexity, aliases and root
 * fields, and a request timeout. Each trips with a GraphQL error that says which limit and its value.
 */
@Configuration(proxyBeanMethods = false)
class RequestLimits {

    RequestLimits(LimitsProperties limits) {
        ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions().transform(
                options -> options.maxTokens(limits.maxTokens()).maxCharacters(limits.maxCharacters())));
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
                        int rootFields = operation.getSelectionSet().getSelections().size();
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
                    throw new AbortExecutionException("the document uses " + aliases + " aliases; the limit is "
                            + limits.maxAliases());
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

    @Bean
    WebGraphQlInterceptor requestTimeout(LimitsProperties limits) {
        return (request, chain) -> chain.next(request)
                .timeout(limits.requestTimeout())
                .onErrorResume(TimeoutException.class, e -> Mono.just(new WebGraphQlResponse(
                        new DefaultExecutionGraphQlResponse(request.toExecutionInput(), ExecutionResult.newExecutionResult()
                                .addError(GraphqlErrorBuilder.newError()
                                        .errorType(ErrorType.INTERNAL_ERROR)
                                        .message("the request ran longer than the limit of "
                                                + limits.requestTimeout().toSeconds() + " s and was stopped")
                                        .build())
                                .build()))));
    }
}
