package dev.revgraph.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What {@link SchemaSnapshotTest} counts as breaking, checked on small schemas: removals and type
 * changes break clients, additions do not.
 */
class SchemaCompatibilityTest {

    private static final String BEFORE = """
            type Query {
              report(from: String!, limit: Int): Report
            }
            type Report {
              revenue: String!
              kind: Kind
            }
            enum Kind { A B }
            input Filter { code: String }
            type Mutation { run(filter: Filter): Int }
            """;

    @Test
    void removedFieldBreaks() {
        assertThat(SchemaSnapshot.breakingChanges(BEFORE, BEFORE.replace("  revenue: String!\n", "")))
                .isNotEmpty();
    }

    @Test
    void removedTypeBreaks() {
        String after = BEFORE.replace("  kind: Kind\n", "").replace("enum Kind { A B }\n", "");
        assertThat(SchemaSnapshot.breakingChanges(BEFORE, after)).isNotEmpty();
    }

    @Test
    void removedEnumValueBreaks() {
        assertThat(SchemaSnapshot.breakingChanges(BEFORE, BEFORE.replace("enum Kind { A B }", "enum Kind { A }")))
                .isNotEmpty();
    }

    @Test
    void changedFieldTypeBreaks() {
        assertThat(SchemaSnapshot.breakingChanges(BEFORE, BEFORE.replace("revenue: String!", "revenue: Int!")))
                .isNotEmpty();
    }

    @Test
    void newRequiredArgumentBreaks() {
        assertThat(SchemaSnapshot.breakingChanges(BEFORE, BEFORE.replace("limit: Int)", "limit: Int, to: String!)")))
                .isNotEmpty();
    }

    @Test
    void newRequiredInputFieldBreaks() {
        assertThat(SchemaSnapshot.breakingChanges(
                        BEFORE,
                        BEFORE.replace("input Filter { code: String }", "input Filter { code: String, x: Int! }")))
                .isNotEmpty();
    }

    @Test
    void additionsDoNotBreak() {
        String after = BEFORE.replace("  kind: Kind\n", "  kind: Kind\n  cost: String\n")
                .replace("enum Kind { A B }", "enum Kind { A B C }")
                .replace("limit: Int)", "limit: Int, to: String)");
        assertThat(SchemaSnapshot.breakingChanges(BEFORE, after)).isEmpty();
    }
}
