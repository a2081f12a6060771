package dev.revgraph.shared.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dashboards and BI tools send the same few documents again and again: parsing and validating
 * them once saves that work on every later request. Only documents that parsed and validated
 * without errors are kept (a rejected document is checked again each time, limits included), only
 * small ones, and at most {@link #MAX_ENTRIES}; when full the cache starts over, which is cheap and
 * keeps memory bounded without a cache library.
 */
@Configuration(proxyBeanMethods = false)
class ParsedDocumentCache {

    static final int MAX_ENTRIES = 500;
    static final int MAX_DOCUMENT_CHARACTERS = 20_000;

    @Bean
    GraphQlSourceBuilderCustomizer cacheParsedDocuments() {
        Provider provider = new Provider();
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(provider));
    }

    static final class Provider implements PreparsedDocumentProvider {

        private final Map<String, PreparsedDocumentEntry> entries = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
                ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            String query = input.getQuery();
            PreparsedDocumentEntry cached = entries.get(query);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
            PreparsedDocumentEntry entry = parseAndValidate.apply(input);
            if (!entry.hasErrors() && query.length() <= MAX_DOCUMENT_CHARACTERS) {
                if (entries.size() >= MAX_ENTRIES) {
                    entries.clear();
                }
                entries.put(query, entry);
            }
            return CompletableFuture.completedFuture(entry);
        }
    }
}
