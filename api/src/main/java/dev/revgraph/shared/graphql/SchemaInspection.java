package dev.revgraph.shared.graphql;

import dev.revgraph.shared.error.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the start-up schema inspection which Java records implement the {@code UserError}
 * interface, so that it checks their fields too instead of skipping them.
 */
@Configuration(proxyBeanMethods = false)
class SchemaInspection {

    private static final Logger log = LoggerFactory.getLogger(SchemaInspection.class);

    @Bean
    GraphQlSourceBuilderCustomizer userErrorTypes() {
        return builder -> builder.inspectSchemaMappings(
                initializer -> {
                    for (Class<?> type : UserError.class.getPermittedSubclasses()) {
                        initializer.classMapping(type.getSimpleName(), type);
                    }
                },
                report -> log.info("{}", report));
    }
}
