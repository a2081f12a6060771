package dev.revgraph.shared.graphql;

import java.util.Optional;
import org.springframework.graphql.execution.SchemaReport;

/**
 * The start-up schema inspection's report of the running schema: fields without a data fetcher,
 * fetchers without a field, arguments no fetcher reads, nullness mismatches, skipped types.
 */
public final class SchemaMappingReport {

    private volatile SchemaReport report;

    void set(SchemaReport report) {
        this.report = report;
    }

    /** The report, once the schema has been built. */
    public Optional<SchemaReport> report() {
        return Optional.ofNullable(report);
    }
}
