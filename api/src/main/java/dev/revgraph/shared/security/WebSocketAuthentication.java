package dev.revgraph.shared.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Who a WebSocket connection (subscriptions, graphql-ws) is. A browser cannot set headers on a
 * WebSocket, so besides an {@code Authorization: Bearer} header on the handshake (checked by the
 * filter chain like any request) the token may come in the {@code connection_init} message's
 * payload, {@code {"Authorization": "Bearer <token>"}}, checked with the same authenticators.
 * A connection with neither is closed (4401 Unauthorized) before any subscription.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketAuthentication {

    private static final String ATTRIBUTE = WebSocketAuthentication.class.getName();

    /** The caller of a WebSocket request authenticated by its connection_init payload; null otherwise. */
    static Authentication of(WebGraphQlRequest request) {
        return request instanceof WebSocketGraphQlRequest webSocket
                        && webSocket.getSessionInfo().getAttributes().get(ATTRIBUTE) instanceof Authentication a
                ? a
                : null;
    }

    @Bean
    WebSocketGraphQlInterceptor connectionInitAuthentication(
            AuthenticationManagerResolver<HttpServletRequest> managers) {
        return new WebSocketGraphQlInterceptor() {

            @Override
            public Mono<Object> handleConnectionInitialization(
                    WebSocketSessionInfo session, Map<String, Object> payload) {
                Object header = payload.get("Authorization");
                if (header == null) {
                    // no token in the payload: the handshake must have carried one
                    return session.getPrincipal()
                            .switchIfEmpty(Mono.error(() ->
                                    new BadCredentialsException("send the bearer token in connection_init's payload as"
                                            + " {\"Authorization\": \"Bearer <token>\"}")))
                            .then(Mono.empty());
                }
                String value = header.toString();
                if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    return Mono.error(new BadCredentialsException("Authorization must be \"Bearer <token>\""));
                }
                try {
                    // the resolver answers the same manager for every request
                    Authentication authentication = managers.resolve(null)
                            .authenticate(new BearerTokenAuthenticationToken(
                                    value.substring(7).strip()));
                    session.getAttributes().put(ATTRIBUTE, authentication);
                    return Mono.empty();
                } catch (AuthenticationException e) {
                    return Mono.error(e);
                }
            }

            @Override
            public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
                Authentication authentication = of(request);
                if (authentication != null) {
                    SecurityContext context = new SecurityContextImpl(authentication);
                    // the key of Spring Security's thread-local accessor: the data fetchers run with it
                    return chain.next(request).contextWrite(c -> c.put(SecurityContext.class.getName(), context));
                }
                return chain.next(request);
            }
        };
    }
}
