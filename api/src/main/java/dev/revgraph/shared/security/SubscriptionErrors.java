package dev.revgraph.shared.security;

import graphql.GraphqlErrorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolver;
import org.springframework.security.access.AccessDeniedException;

/**
 * A subscription the caller's role may not open (its service's {@code @PreAuthorize} refuses the
 * stream) ends with a FORBIDDEN error, as a refused query field does, not an internal error.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionErrors {

    @Bean
    SubscriptionExceptionResolver forbiddenSubscriptions() {
        return SubscriptionExceptionResolver.forSingleError(exception -> exception instanceof AccessDeniedException
                ? GraphqlErrorBuilder.newError()
                        .errorType(ErrorType.FORBIDDEN)
                        .message("Forbidden: this subscription is not open to your role")
                        .build()
                : null);
    }
}
