package dev.revgraph.shared.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The exact result cache of the reports, under {@code revgraph.report-cache} (docs/settings.md).
 *
 * @param enabled false serves every report from the database, as if there were no cache
 * @param maxEntries most results kept at once
 * @param maxBytes most memory the kept results may take, measured as their JSON size; a result larger
 *     than a quarter of it is not kept
 */
@ConfigurationProperties("revgraph.report-cache")
public record ReportCacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") int maxEntries,
        @DefaultValue("64MB") DataSize maxBytes) {

    public ReportCacheProperties {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(
                    "revgraph.report-cache.max-entries must be at least 1, not " + maxEntries);
        }
        if (maxBytes.toBytes() < 1024) {
            throw new IllegalArgumentException("revgraph.report-cache.max-bytes must be at least 1KB, not " + maxBytes);
        }
    }
}
