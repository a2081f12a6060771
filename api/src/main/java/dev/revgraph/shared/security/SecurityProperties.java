package dev.revgraph.shared.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings, under {@code revgraph.security}. JWTs from an identity provider are
 * verified with Spring's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri}, or with a shared HMAC secret for small setups.
 *
 * @param jwtHmacSecret a shared secret (at least 32 bytes) to verify HS256 JWTs; empty: not used
 * @param rolesClaim the JWT claim holding the role (a string or a list; the first known role wins)
 * @param departmentsClaim the JWT claim holding the department codes of a DEPARTMENT caller
 */
@ConfigurationProperties("revgraph.security")
public record SecurityProperties(
        @DefaultValue("") String jwtHmacSecret,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("departments") String departmentsClaim) {}
