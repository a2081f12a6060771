package dev.revgraph.audit;

import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.DomainException.Problem;
import dev.revgraph.shared.graphql.InputChecks;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import tools.jackson.databind.json.JsonMapper;

/**
 * The boundary of every root field of the {@code Mutation} type. It refuses input no service
 * should see (a NUL character anywhere, a date outside 1900-01-01 to 2200-12-31) with typed
 * payload errors, then runs the mutation in one transaction that the service joins, and writes the
 * audit row (caller, arguments, payload) in that same transaction before it commits: a crash or a
 * failed insert leaves neither the change nor its row. A mutation that answers with errors or
 * fails has its transaction rolled back and is recorded as refused in a transaction of its own,
 * with only a bounded digest of its input. Token secrets and BI passwords are never recorded.
 *
 * <p>This needs the controller method to run on the thread that calls the data fetcher, which
 * {@link MutationsOnTheCallingThread} guarantees.
 */
@Component
class AuditInstrumentation extends SimplePerformantInstrumentation {

    private static final Logger log = LoggerFactory.getLogger(AuditInstrumentation.class);

    private static final JsonMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    private static final TransactionDefinition MUTATION =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRED);

    /** Arguments a mutation's service checks itself, naming more than the argument (the import names the cell). */
    private static final Map<String, Set<String>> CHECKED_BY_THE_SERVICE = Map.of("importCsv", Set.of("input.content"));

    private final AuditService audit;
    private final CurrentActor actor;
    private final PlatformTransactionManager transactions;

    AuditInstrumentation(AuditService audit, CurrentActor actor, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.actor = actor;
        this.transactions = transactions;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        DataFetchingEnvironment env = parameters.getEnvironment();
        if (!(env.getParentType() instanceof GraphQLObjectType parent)
                || !parent.getName().equals("Mutation")) {
            return dataFetcher;
        }
        return environment -> run(dataFetcher, environment);
    }

    /** The outcome of a mutation: its payload as the trail records it, and whether it changed anything. */
    private record Outcome(boolean succeeded, Map<String, Object> result) {}

    private Object run(DataFetcher<?> dataFetcher, DataFetchingEnvironment env) throws Exception {
        String who = actor.name();
        String action = env.getField().getName();
        Map<String, Object> arguments = env.getArguments();
        List<Problem> problems =
                InputChecks.problems(arguments, true, CHECKED_BY_THE_SERVICE.getOrDefault(action, Set.of()));
        if (!problems.isEmpty()) {
            Object payload;
            try {
                payload = refusal(env, problems);
            } catch (DomainException e) {
                recordRefusal(who, action, arguments, Map.<String, Object>of("errors", e.userErrors(null)));
                throw e;
            }
            recordRefusal(who, action, arguments, outcome(payload).result());
            return payload;
        }

        TransactionStatus transaction = transactions.getTransaction(MUTATION);
        Object value;
        Outcome outcome;
        try {
            value = dataFetcher.get(env);
            outcome = outcome(settled(action, value));
        } catch (Exception | Error e) {
            rollback(transaction);
            recordRefusal(who, action, arguments, failure(e));
            throw e;
        }
        if (!outcome.succeeded()) {
            rollback(transaction);
            recordRefusal(who, action, arguments, outcome.result());
            return value;
        }
        try {
            audit.recordChange(who, action, json(arguments), json(outcome.result()));
            transactions.commit(transaction);
        } catch (RuntimeException e) {
            if (!transaction.isCompleted()) {
                rollback(transaction);
            }
            log.error("{} by {} was rolled back: its audit row or its commit failed: {}", action, who, e.toString());
            recordRefusal(who, action, arguments, failure(e));
            throw e;
        }
        return value;
    }

    /**
     * The payload the data fetcher produced. Spring hands back a completed future when a controller
     * method's exception was resolved (or not); one still running would mean the method ran on
     * another thread, outside this transaction, so it is waited for and the anomaly logged.
     */
    private static Object settled(String action, Object value) throws Exception {
        if (!(value instanceof CompletionStage<?> stage)) {
            return value;
        }
        CompletableFuture<?> future = stage.toCompletableFuture();
        if (!future.isDone()) {
            log.warn("{} ran asynchronously: its change and its audit row may not share a transaction", action);
        }
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Outcome outcome(Object payload) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (payload instanceof DataFetcherResult<?> fetched) {
            if (!fetched.getErrors().isEmpty()) {
                result.put(
                        "errors",
                        fetched.getErrors().stream()
                                .map(error -> {
                                    Map<String, Object> e = new LinkedHashMap<>();
                                    e.put("message", error.getMessage());
                                    e.put("classification", String.valueOf(error.getErrorType()));
                                    return e;
                                })
                                .toList());
                return new Outcome(false, result);
            }
            payload = fetched.getData();
        }
        if (payload == null) {
            return new Outcome(false, result);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(payload, Map.class);
        map.remove("secret");
        map.remove("password");
        result.putAll(map);
        return new Outcome(!(map.get("errors") instanceof List<?> errors) || errors.isEmpty(), result);
    }

    private static Map<String, Object> failure(Throwable error) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("error", error.getClass().getSimpleName().replace("Exception", ""));
        return result;
    }

    /**
     * The mutation's payload carrying {@code problems} as typed errors, as a service refusal would:
     * every list the payload must have is empty and every other field null. A payload that cannot be
     * built that way gets the problems as GraphQL errors instead.
     */
    private static Object refusal(DataFetchingEnvironment env, List<Problem> problems) {
        if (!(GraphQLTypeUtil.unwrapNonNull(env.getFieldType()) instanceof GraphQLObjectType payload)) {
            throw new DomainException(problems);
        }
        GraphQLFieldDefinition errors = payload.getFieldDefinition("errors");
        if (errors == null || !(GraphQLTypeUtil.unwrapAll(errors.getType()) instanceof GraphQLInterfaceType)) {
            throw new DomainException(problems);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (GraphQLFieldDefinition field : payload.getFieldDefinitions()) {
            GraphQLType type = field.getType();
            if (field == errors) {
                map.put(
                        field.getName(),
                        problems.stream().map(p -> p.toUserError(null)).toList());
            } else if (!GraphQLTypeUtil.isNonNull(type)) {
                map.put(field.getName(), null);
            } else if (GraphQLTypeUtil.unwrapNonNull(type) instanceof GraphQLList) {
                map.put(field.getName(), List.of());
            } else if (GraphQLTypeUtil.unwrapNonNull(type) instanceof GraphQLScalarType scalar
                    && scalar.getName().equals("Boolean")) {
                map.put(field.getName(), false);
            } else {
                throw new DomainException(problems);
            }
        }
        return map;
    }

    private void recordRefusal(String who, String action, Map<String, Object> arguments, Map<String, Object> result) {
        audit.recordRefusal(who, action, AuditDigest.of(json(arguments), JSON), AuditDigest.of(json(result), JSON));
    }

    private void rollback(TransactionStatus transaction) {
        try {
            transactions.rollback(transaction);
        } catch (RuntimeException e) {
            log.warn("rolling back a mutation failed: {}", e.toString());
        }
    }

    /** The JSON of arguments or a payload; NUL characters, which jsonb cannot hold, become U+FFFD. */
    private static String json(Object value) {
        return JSON.writeValueAsString(withoutNul(value));
    }

    private static Object withoutNul(Object value) {
        if (value instanceof String s) {
            return InputChecks.hasNul(s) ? s.replace('\0', '\uFFFD') : s;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, withoutNul(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(withoutNul(v)));
            return copy;
        }
        return value;
    }
}
