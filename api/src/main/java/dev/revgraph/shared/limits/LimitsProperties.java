package dev.revgraph.shared.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits that keep any single request, however large or malformed, from taking the service down;
 * under {@code revgraph.limits}. Page sizes are capped at 500 by each connection.
 *
 * @param maxDepth deepest field nesting of a document
 * @param maxComplexity most fields a document may select, counted through fragments
 * @param maxTokens most grammar tokens the parser reads before giving up
 * @param maxCharacters longest document the parser reads
 * @param maxAliases most aliased fields in a document
 * @param maxRootFields most fields at the root of an operation
 * @param requestTimeout longest a request may run before it is answered with an error; every SQL
 *     statement the request runs gets PostgreSQL's {@code statement_timeout} from what is left of it
 */
@ConfigurationProperties("revgraph.limits")
public record LimitsProperties(
        @DefaultValue("15") int maxDepth,
        @DefaultValue("600") int maxComplexity,
        @DefaultValue("10000") int maxTokens,
        @DefaultValue("100000") int maxCharacters,
        @DefaultValue("30") int maxAliases,
        @DefaultValue("20") int maxRootFields,
        @DefaultValue("30s") Duration requestTimeout) {}
