package dev.revgraph.shared.audit;

import dev.revgraph.shared.CurrentActor;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wraps every root field of the {@code Mutation} type: once it has produced its payload, the
 * caller, the arguments and the payload go to the audit trail (a payload without errors counts as
 * a change). Token secrets are never recorded.
 */
@Component
class AuditInstrumentation extends SimplePerformantInstrumentation {

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final AuditService audit;
    private final CurrentActor actor;

    AuditInstrumentation(AuditService audit, CurrentActor actor) {
        this.audit = audit;
        this.actor = actor;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        DataFetchingEnvironment env = parameters.getEnvironment();
        if (!(env.getParentType() instanceof GraphQLObjectType parent) || !parent.getName().equals("Mutation")) {
            return dataFetcher;
        }
        return environment -> {
            String who = actor.name();
            String action = environment.getField().getName();
            Object value = dataFetcher.get(environment);
            if (value instanceof CompletionStage<?> stage) {
                return stage.whenComplete((result, error) -> record(who, action, environment.getArguments(), result,
                        error));
            }
            record(who, action, environment.getArguments(), value, null);
            return value;
        };
    }

    private void record(String who, String action, Map<String, Object> arguments, Object payload, Throwable error) {
        Map<String, Object> result = new LinkedHashMap<>();
        boolean succeeded = false;
        if (error != null) {
            result.put("error", error.getClass().getSimpleName().replace("Exception", ""));
        } else if (payload != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(payload, Map.class);
            map.remove("secret");
            result.putAll(map);
            succeeded = !(map.get("errors") instanceof List<?> errors) || errors.isEmpty();
        }
        audit.record(who, action, succeeded, JSON.writeValueAsString(arguments), JSON.writeValueAsString(result));
    }
}
