package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the start-up schema inspection which Java records implement the {@code UserError}
 * interface, so that it checks their fields too instead of skipping them, and keeps its report
 * ({@link SchemaMappingReport}) so that a test fails on a field without a data fetcher instead of
 * a line in a log nobody reads.
 */
@Configuration(proxyBeanMethods = false)
class SchemaInspection {

    private static final Logger log = LoggerFactory.getLogger(SchemaInspection.class);

    @Bean
    SchemaMappingReport schemaMappingReport() {
        return new SchemaMappingReport();
    }

    @Bean
    GraphQlSourceBuilderCustomizer userErrorTypes(SchemaMappingReport holder) {
        return builder -> builder.inspectSchemaMappings(
                initializer -> {
                    for (Class<?> type : UserError.class.getPermittedSubclasses()) {
                        initializer.classMapping(type.getSimpleName(), type);
                    }
                },
                report -> {
                    holder.set(report);
                    log.info("{}", report);
                });
    }
}
