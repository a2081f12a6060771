package dev.revgraph.shared.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP layer, under {@code revgraph.http}, enforced before a request body is read
 * or a document is parsed, so that neither a huge body nor a flood of requests reaches the GraphQL
 * engine or the database (docs/settings.md).
 *
 * @param maxBodySize the largest request body; a larger one is answered 413 without being read
 * @param maxImportBodySize the largest request body of a caller whose role may import (ADMIN,
 *     FINANCE): {@code importCsv} carries a whole CSV file in its variables
 * @param rateLimit requests per token
 */
@ConfigurationProperties("revgraph.http")
public record HttpProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("32MB") DataSize maxImportBodySize,
        @DefaultValue RateLimit rateLimit) {

    /**
     * At most {@code requests} requests per token within any {@code period}, refilled evenly (a
     * token bucket of {@code requests} requests); 0 turns the limit off.
     *
     * @param requests requests a token may send per period; 0 for no limit
     * @param period the period over which {@code requests} are allowed
     */
    public record RateLimit(
            @DefaultValue("0") int requests,
            @DefaultValue("1m") Duration period) {}
}
