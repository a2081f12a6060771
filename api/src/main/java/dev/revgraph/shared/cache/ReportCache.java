package dev.revgraph.shared.cache;

import dev.revgraph.shared.security.RevgraphAuthentication;
import dev.revgraph.shared.security.Role;
import graphql.ExecutionResult;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exact result cache of the reports (docs/performance.md, "The exact result cache"). A query
 * whose root fields are all reports is answered from a kept response when one was kept under the
 * same document, variables and caller scope ({@link ReportKey}) and the same data version
 * ({@link DataVersion}); anything else runs as usual.
 *
 * <p>Why a kept response is never stale: the version is read in a statement of its own before the
 * request runs, and every statement of the reports starts later, so the response reflects at least
 * every write committed before that read. Every commit that writes raises the version in its own
 * transaction (changeset 0050's triggers), visible at the same instant as the write. A later request
 * that reads the same version therefore knows that nothing was committed since the first read: the
 * kept response shows the data as they are. A write that committed while the response was computed
 * raised the version, so the response, kept under the version read before, is never served again;
 * the data version itself is a row, not a sequence, so its new value is never visible before the
 * write's. Errors are not kept, nor are mutations or subscriptions.
 */
@Configuration(proxyBeanMethods = false)
class ReportCache {

    private static final Logger log = LoggerFactory.getLogger(ReportCache.class);

    /**
     * The root fields whose answers depend only on the data, today's date and the caller's scope:
     * the aggregated reports.
     */
    static final Set<String> REPORTS = Set.of(
            "acquisitionEconomics",
            "budgetVsActual",
            "campaignFunnel",
            "campaignPerformance",
            "cohortRetention",
            "compareScenarios",
            "departmentStatement",
            "expansionAttribution",
            "forecast",
            "mrrMovements",
            "profitAndLoss",
            "segmentEconomics",
            "targetsVsActual");

    /** Documents longer than this are not kept (nor is their shape remembered). */
    static final int MAX_DOCUMENT_CHARACTERS = 20_000;

    /** Documents whose shape (cacheable or not, printed form) is remembered; when full it starts over. */
    static final int MAX_SHAPES = 500;

    @Bean
    ReportResults reportResults(ReportCacheProperties properties, ObjectProvider<MeterRegistry> registry) {
        return new ReportResults(
                properties.maxEntries(),
                properties.maxBytes().toBytes(),
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Puts the data version's trigger on tables that later changesets add (changeset 0050 did the rest). */
    @Bean
    SmartInitializingSingleton dataVersionOnEveryTable(DataVersionRepository versions) {
        return () -> {
            try {
                int added = versions.watchAllTables();
                if (added > 0) {
                    log.info("The data version now watches {} more table(s)", added);
                }
            } catch (RuntimeException e) {
                log.warn("Could not check the data version's triggers: {}", e.getMessage());
            }
        };
    }

    /** Runs after the other interceptors, so it sees the document a trusted document's hash named. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebGraphQlInterceptor reportCacheInterceptor(
            ReportCacheProperties properties, DataVersionRepository versions, ReportResults results) {
        if (!properties.enabled()) {
            log.info("The report result cache is off (revgraph.report-cache.enabled=false)");
            return (request, chain) -> chain.next(request);
        }
        return new Interceptor(versions, results);
    }

    static final class Interceptor implements WebGraphQlInterceptor {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        private final DataVersionRepository versions;
        private final ReportResults results;
        private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

        /**
         * The reports being computed, by key and data version. A request that misses while the same
         * report is being computed under the same version waits for that computation and answers
         * with its kept result, so a burst of identical requests after a write costs one computation,
         * not one per request; when the computation kept nothing (an error, a response too large,
         * a cancelled request) each waiting request computes for itself.
         */
        private final Map<Flight, Sinks.Empty<Void>> flights = new ConcurrentHashMap<>();

        /** A report's key and the data version it is computed under. */
        private record Flight(ReportKey key, DataVersion version) {}

        Interceptor(DataVersionRepository versions, ReportResults results) {
            this.versions = versions;
            this.results = results;
        }

        @Override
        public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
            if (request instanceof WebSocketGraphQlRequest) {
                return chain.next(request);
            }
            ReportKey key = keyOf(request);
            if (key == null) {
                return chain.next(request);
            }
            DataVersion version;
            try {
                version = versions.current();
            } catch (RuntimeException e) {
                // the request runs as usual and answers the database's state in its own errors
                return chain.next(request);
            }
            Map<String, Object> kept = results.peek(key, version);
            if (kept != null) {
                results.hit();
                return Mono.just(answer(request, kept));
            }
            // the flight is registered when the answer is subscribed to, so one that never runs is never waited on
            return Mono.defer(() -> {
                Flight flight = new Flight(key, version);
                Sinks.Empty<Void> mine = Sinks.empty();
                Sinks.Empty<Void> running = flights.putIfAbsent(flight, mine);
                if (running != null) {
                    // the same report under the same version is being computed for another request:
                    // its answer is this one's too (nothing was committed between the two version reads)
                    results.joined();
                    return running.asMono().then(Mono.defer(() -> {
                        Map<String, Object> done = results.peek(key, version);
                        return done != null ? Mono.just(answer(request, done)) : chain.next(request);
                    }));
                }
                results.missed();
                return chain.next(request)
                        .doOnNext(response -> keep(key, version, response))
                        .doFinally(signal -> {
                            flights.remove(flight, mine);
                            mine.tryEmitEmpty();
                        });
            });
        }

        private void keep(ReportKey key, DataVersion version, WebGraphQlResponse response) {
            if (!response.isValid() || !response.getErrors().isEmpty()) {
                return;
            }
            Map<String, Object> map = response.toMap();
            if (map.containsKey("errors")) {
                return;
            }
            byte[] json = JSON.writeValueAsBytes(map);
            results.put(key, version, frozen(map), json.length);
        }

        @SuppressWarnings("unchecked")
        private static WebGraphQlResponse answer(WebGraphQlRequest request, Map<String, Object> kept) {
            ExecutionResult.Builder<?> result = ExecutionResult.newExecutionResult();
            result.data(kept.get("data"));
            if (kept.get("extensions") instanceof Map<?, ?> extensions) {
                result.extensions((Map<Object, Object>) extensions);
            }
            return new WebGraphQlResponse(
                    new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result.build()));
        }

        /** The key of a request the cache may answer, or null when it may not. */
        ReportKey keyOf(WebGraphQlRequest request) {
            if (!(SecurityContextHolder.getContext().getAuthentication() instanceof RevgraphAuthentication caller)) {
                return null;
            }
            String query = request.toExecutionInput().getQuery();
            if (query == null
                    || query.isBlank()
                    || query.length() > MAX_DOCUMENT_CHARACTERS
                    || query.equals("PersistedQueryMarker")) {
                return null;
            }
            String operationName = request.getOperationName();
            Shape shape = shapes.get(shapeKey(query, operationName));
            if (shape == null) {
                shape = Shape.of(query, operationName);
                if (shapes.size() >= MAX_SHAPES) {
                    shapes.clear();
                }
                shapes.put(shapeKey(query, operationName), shape);
            }
            if (shape.printed() == null) {
                return null;
            }
            List<String> departments = caller.role() == Role.DEPARTMENT
                    ? caller.departmentCodes().stream().sorted().toList()
                    : List.of();
            return new ReportKey(
                    shape.printed(),
                    operationName,
                    JSON.writeValueAsString(canonical(request.getVariables())),
                    caller.role().name(),
                    departments);
        }

        private static String shapeKey(String query, String operationName) {
            return operationName == null ? query : operationName + "\u0000" + query;
        }

        /** Maps with their keys sorted, all the way down, so that equal variables print alike. */
        private static Object canonical(Object value) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
                return sorted;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(Interceptor::canonical).toList();
            }
            return value;
        }

        /** A deep copy no later code can change, since it is handed to every request that hits it. */
        @SuppressWarnings("unchecked")
        private static <T> T frozen(T value) {
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, frozen(v)));
                return (T) Collections.unmodifiableMap(copy);
            }
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(frozen(v)));
                return (T) Collections.unmodifiableList(copy);
            }
            return value;
        }
    }

    /** A document's printed form when the chosen operation is a query of reports only, or null. */
    record Shape(String printed) {

        static Shape of(String query, String operationName) {
            Document document;
            try {
                document = Parser.parse(query);
            } catch (RuntimeException e) {
                return new Shape(null);
            }
            List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
            OperationDefinition operation = null;
            for (OperationDefinition candidate : operations) {
                if (operationName == null ? operations.size() == 1 : operationName.equals(candidate.getName())) {
                    operation = candidate;
                }
            }
            if (operation == null || operation.getOperation() != OperationDefinition.Operation.QUERY) {
                return new Shape(null);
            }
            Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
            document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
            boolean reportsOnly = reportsOnly(operation.getSelectionSet(), fragments, new HashSet<>());
            return new Shape(reportsOnly ? AstPrinter.printAstCompact(document) : null);
        }

        private static boolean reportsOnly(
                SelectionSet selections, Map<String, FragmentDefinition> fragments, Set<String> seen) {
            boolean any = false;
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    if (field.getName().equals("__typename")) {
                        continue;
                    }
                    if (!REPORTS.contains(field.getName())) {
                        return false;
                    }
                    any = true;
                } else if (selection instanceof InlineFragment inline) {
                    if (!reportsOnly(inline.getSelectionSet(), fragments, seen)) {
                        return false;
                    }
                    any = true;
                } else if (selection instanceof FragmentSpread spread) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment == null || !seen.add(spread.getName())) {
                        return false;
                    }
                    if (!reportsOnly(fragment.getSelectionSet(), fragments, seen)) {
                        return false;
                    }
                    any = true;
                } else {
                    return false;
                }
            }
            return any;
        }
    }
}
