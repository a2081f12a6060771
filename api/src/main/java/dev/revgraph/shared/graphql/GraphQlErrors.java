package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.UserErrorCode;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * The one place where exceptions of queries become GraphQL errors. Expected failures keep
 * their message, code and field; anything unexpected falls through to Spring's default
 * handling, which answers INTERNAL_ERROR with no stack trace, SQL or class name.
 */
@ControllerAdvice
class GraphQlErrors {

    @GraphQlExceptionHandler
    List<GraphQLError> domain(DomainException exception, DataFetchingEnvironment env) {
        return exception.problems().stream()
                .map(problem -> {
                    Map<String, Object> extensions = new LinkedHashMap<>();
                    extensions.put("code", problem.code().name());
                    if (problem.field() != null) {
                        extensions.put("field", problem.path(null));
                    }
                    if (problem.month() != null) {
                        extensions.put("month", problem.month().toString());
                    }
                    if (problem.currency() != null) {
                        extensions.put("currency", problem.currency());
                        extensions.put("date", problem.date().toString());
                    }
                    return GraphqlErrorBuilder.newError(env)
                            .errorType(
                                    problem.code() == UserErrorCode.NOT_FOUND
                                            ? ErrorType.NOT_FOUND
                                            : ErrorType.BAD_REQUEST)
                            .message(problem.message())
                            .extensions(extensions)
                            .build();
                })
                .toList();
    }
}
