package dev.revgraph.shared.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Every GraphQL request carries {@code Authorization: Bearer <token>}: either an API token
 * ({@code rg_...}, checked against the stored hashes) or a JWT of the company's identity provider
 * (issuer URI or JWK set URI through Spring's resource-server settings, or a shared HMAC secret).
 * Roles are enforced in the services with method security; the endpoint only requires a caller.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** Only a web application has an endpoint to protect; the import command runs without one. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain api(
            HttpSecurity http,
            AuthenticationManagerResolver<HttpServletRequest> managers,
            CorsProperties cors,
            GraphQlProperties graphQl)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .cors(c ->
                        c.configurationSource(corsSource(cors, graphQl.getHttp().getPath())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                "/graphiql",
                                "/graphiql/**",
                                "/dashboard",
                                "/dashboard/**",
                                "/error")
                        .permitAll()
                        // the other actuator endpoints (metrics) show the service's internals: ADMIN only
                        .requestMatchers("/actuator/**")
                        .hasRole("ADMIN")
                        // subscriptions: a browser sends its token in graphql-ws's connection_init, checked
                        // there (WebSocketAuthentication); a token in the handshake's header is checked here
                        .requestMatchers(webSocketPath(graphQl))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.authenticationManagerResolver(managers));
        return http.build();
    }

    private static String webSocketPath(GraphQlProperties graphQl) {
        String path = graphQl.getWebsocket().getPath();
        return path == null || path.isBlank() ? graphQl.getHttp().getPath() + "-ws" : path;
    }

    /**
     * The CORS rules of the GraphQL endpoint ({@code revgraph.cors.*}): none unless origins are
     * listed. A preflight or a request from an origin not listed is answered 403 and runs nothing;
     * bearer tokens travel in a header, so credentials (cookies) are never allowed.
     */
    static CorsConfigurationSource corsSource(CorsProperties cors, String graphQlPath) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (cors.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(cors.allowedMethods());
        configuration.setAllowedHeaders(cors.allowedHeaders());
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(cors.maxAge());
        source.registerCorsConfiguration(graphQlPath, configuration);
        source.registerCorsConfiguration(graphQlPath + "/**", configuration);
        return source;
    }

    @Bean
    AuthenticationManagerResolver<HttpServletRequest> authenticationManagers(
            ApiTokenAuthenticator tokens, ObjectProvider<JwtDecoder> decoders, SecurityProperties properties) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiTokenProvider(tokens));
        JwtDecoder decoder = properties.jwtHmacSecret().isBlank()
                ? decoders.getIfAvailable()
                : NimbusJwtDecoder.withSecretKey(new SecretKeySpec(
                                properties.jwtHmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                        .build();
        if (decoder != null) {
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(decoder);
            jwt.setJwtAuthenticationConverter(token -> fromJwt(token, properties));
            providers.add(jwt);
        }
        AuthenticationManager manager = new ProviderManager(providers);
        return request -> manager;
    }

    private static RevgraphAuthentication fromJwt(Jwt jwt, SecurityProperties properties) {
        Object roles = jwt.getClaims().get(properties.rolesClaim());
        Collection<?> values = roles instanceof Collection<?> c ? c : roles == null ? List.of() : List.of(roles);
        Role role = values.stream()
                .map(v -> v.toString().toUpperCase().replaceFirst("^ROLE_", ""))
                .filter(v -> Set.of("ADMIN", "FINANCE", "DEPARTMENT", "ANALYST").contains(v))
                .map(Role::valueOf)
                .findFirst()
                .orElseThrow(() -> new BadCredentialsException(
                        "the token carries no Revgraph role in claim " + properties.rolesClaim()));
        Object departments = jwt.getClaims().get(properties.departmentsClaim());
        Set<String> codes = departments instanceof Collection<?> c
                ? c.stream().map(Object::toString).collect(Collectors.toSet())
                : departments == null ? Set.of() : Set.of(departments.toString());
        return new RevgraphAuthentication(jwt.getSubject() == null ? "jwt" : jwt.getSubject(), role, codes);
    }

    /** Authenticates API tokens; leaves any other bearer token to the JWT provider. */
    private record ApiTokenProvider(ApiTokenAuthenticator tokens) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            String secret = ((BearerTokenAuthenticationToken) authentication).getToken();
            if (!tokens.recognizes(secret)) {
                return null;
            }
            return tokens.authenticate(secret)
                    .orElseThrow(() -> new BadCredentialsException("the API token is unknown, revoked or expired"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
