package dev.revgraph.shared.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access to the GraphQL endpoint from browser front-ends served elsewhere, under
 * {@code revgraph.cors}. No origin is allowed unless listed: by default a page of another origin
 * cannot call the API (the dashboard, served by the API itself, needs no CORS).
 *
 * @param allowedOrigins the origins allowed, exactly as a browser sends them
 *     ({@code https://app.example.com}, scheme, host and port); empty: none
 * @param allowedMethods the HTTP methods allowed from them
 * @param allowedHeaders the request headers allowed from them
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("revgraph.cors")
public record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue({"GET", "POST"}) List<String> allowedMethods,
        @DefaultValue({"Authorization", "Content-Type"}) List<String> allowedHeaders,
        @DefaultValue("30m") Duration maxAge) {}
