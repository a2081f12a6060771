package dev.revgraph.shared.graphql;

import dev.revgraph.shared.db.DatabaseAvailability;
import dev.revgraph.shared.db.SqlStates;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a client sees while the database cannot be reached: a GraphQL error classified (and coded)
 * {@code UNAVAILABLE} with HTTP 503 for the whole request, at once rather than after the pool's
 * connection timeout, so that clients and load balancers retry instead of waiting. Writes are
 * idempotent by external id, so retrying a write that got this answer is safe.
 *
 * <p>Three places produce it: a filter in front of authentication (the API token lookup needs the
 * database too) answers every GraphQL request while {@link DatabaseAvailability} says the database
 * is away, and turns a lost connection during authentication into the same answer; an exception
 * resolver turns a lost connection inside a data fetcher into the error; the HTTP handler answers 503
 * for any response that carries one. A pool whose connections all stayed busy for its whole timeout
 * gets the same answer (the service is overloaded) without the database counting as away.
 */
@Configuration(proxyBeanMethods = false)
class Unavailable {

    private static final Logger log = LoggerFactory.getLogger(Unavailable.class);

    /** How a request that found the database away is classified; also its {@code extensions.code}. */
    static final ErrorClassification UNAVAILABLE = ErrorClassification.errorClassification("UNAVAILABLE");

    static final String MESSAGE = "the database is not available right now; retry in a few seconds (a write that"
            + " carries an external id is safe to retry)";

    static final String BUSY = "every database connection stayed busy; retry in a few seconds (a write that carries"
            + " an external id is safe to retry)";

    /** Just ahead of Spring Security's filter chain (order -100), which authenticates against the database. */
    static final int FILTER_ORDER = -110;

    /** Seconds a client is asked to wait before retrying. */
    static final String RETRY_AFTER_SECONDS = "1";

    @Bean
    DataFetcherExceptionResolver databaseUnavailable(DatabaseAvailability availability) {
        return DataFetcherExceptionResolver.forSingleError((exception, env) -> {
            if (SqlStates.unreachable(exception)) {
                availability.reportConnectionFailure(exception.getClass().getSimpleName() + " at "
                        + env.getExecutionStepInfo().getPath());
                return error(GraphqlErrorBuilder.newError(env), MESSAGE);
            }
            if (SqlStates.noConnection(exception)) {
                log.warn(
                        "{} found every database connection busy for the pool's whole timeout",
                        env.getExecutionStepInfo().getPath());
                return error(GraphqlErrorBuilder.newError(env), BUSY);
            }
            return null;
        });
    }

    private static GraphQLError error(GraphqlErrorBuilder<?> builder, String message) {
        return builder.errorType(UNAVAILABLE)
                .message(message)
                .extensions(Map.of("code", UNAVAILABLE.toString()))
                .build();
    }

    /** Spring's handler, answering 503 when any error of the response is {@code UNAVAILABLE}. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler) {
        return new GraphQlHttpHandler(handler) {
            @Override
            protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType responseMediaType) {
                for (ResponseError error : response.getErrors()) {
                    if (error.getErrorType() != null
                            && UNAVAILABLE
                                    .toString()
                                    .equals(error.getErrorType().toString())) {
                        response.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
                        return HttpStatus.SERVICE_UNAVAILABLE;
                    }
                }
                return super.selectResponseStatus(response, responseMediaType);
            }
        };
    }

    /** Only a web application has requests to answer; the import command runs without one. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<OncePerRequestFilter> databaseUnavailableFilter(
            DatabaseAvailability availability, @Value("${spring.graphql.http.path:/graphql}") String path) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new UnavailableFilter(availability));
        registration.addUrlPatterns(path);
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /** Answers GraphQL requests at once while the database is away, before they reach authentication. */
    private static final class UnavailableFilter extends OncePerRequestFilter {

        private static final byte[] BODY = ("{\"errors\":[{\"message\":\"" + MESSAGE
                        + "\",\"extensions\":{\"code\":\"UNAVAILABLE\",\"classification\":\"UNAVAILABLE\"}}]}")
                .getBytes(StandardCharsets.UTF_8);

        private final DatabaseAvailability availability;

        UnavailableFilter(DatabaseAvailability availability) {
            this.availability = availability;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!availability.isAvailable()) {
                answer(response);
                return;
            }
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException | ServletException e) {
                boolean unreachable = SqlStates.unreachable(e);
                if (!(unreachable || SqlStates.noConnection(e)) || response.isCommitted()) {
                    throw e;
                }
                if (unreachable) {
                    availability.reportConnectionFailure(
                            e.getClass().getSimpleName() + " before the request was executed");
                }
                log.debug("answered UNAVAILABLE", e);
                response.reset();
                answer(response);
            }
        }

        private static void answer(HttpServletResponse response) throws IOException {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        }
    }
}
