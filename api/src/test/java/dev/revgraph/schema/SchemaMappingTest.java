package dev.revgraph.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.graphql.SchemaMappingReport;
import dev.revgraph.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.SchemaReport;

/**
 * Every field of the served schema has a data fetcher and every fetcher a field: a field added to
 * a {@code .graphqls} file without its controller method answers null at run time, which only
 * this inspection notices.
 */
class SchemaMappingTest extends IntegrationTest {

    @Autowired
    SchemaMappingReport mapping;

    @Test
    void everyFieldHasADataFetcherAndEveryFetcherAField() {
        SchemaReport report = mapping.report().orElseThrow();
        assertThat(report.unmappedFields()).as("fields without a data fetcher").isEmpty();
        assertThat(report.unmappedRegistrations())
                .as("data fetchers without a field")
                .isEmpty();
        assertThat(report.unmappedArguments())
                .as("arguments no data fetcher reads")
                .isEmpty();
        assertThat(report.fieldNullnessErrors())
                .as("non-null fields a fetcher may answer null")
                .isEmpty();
        assertThat(report.argumentNullnessErrors()).as("nullness of arguments").isEmpty();
        assertThat(report.skippedTypes())
                .as("types the inspection could not check")
                .isEmpty();
    }
}
