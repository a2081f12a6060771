package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.DomainException.Problem;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Refuses a NUL character in any argument of a field that is not a mutation (a filter, say) with
 * an INVALID error naming the argument, before the value reaches PostgreSQL, which cannot store it
 * in text. Mutations are checked at their own boundary, which answers with payload errors.
 */
@Component
class QueryInputChecks extends SimplePerformantInstrumentation {

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        DataFetchingEnvironment env = parameters.getEnvironment();
        if (env.getFieldDefinition().getArguments().isEmpty()
                || env.getParentType() instanceof GraphQLObjectType parent
                        && parent.getName().equals("Mutation")) {
            return dataFetcher;
        }
        return environment -> {
            List<Problem> problems = InputChecks.problems(environment.getArguments(), false, Set.of());
            if (!problems.isEmpty()) {
                throw new DomainException(problems);
            }
            return dataFetcher.get(environment);
        };
    }
}
