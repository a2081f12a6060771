package dev.revgraph.schema;

import graphql.Directives;
import graphql.schema.GraphQLSchema;
import graphql.schema.diff.DiffEvent;
import graphql.schema.diff.SchemaDiff;
import graphql.schema.diff.SchemaDiffSet;
import graphql.schema.diff.reporting.CapturingReporter;
import graphql.schema.idl.DirectiveInfo;
import graphql.schema.idl.SchemaPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Prints the schema the running application serves (the source files plus what Spring adds at
 * start-up, such as connection types) in the one form the committed snapshot and the generated
 * clients use: descriptions kept, no introspection types, no definitions of the spec's own
 * directives, and of the directives only those a client must see.
 */
final class SchemaSnapshot {

    /** The committed snapshot, relative to the repository root. */
    static final String FILE = "schema/snapshot/schema.graphqls";

    /** Set to {@code true} ({@code -Drevgraph.schema.update=true}) to rewrite the snapshot from the running schema. */
    static final String UPDATE_PROPERTY = "revgraph.schema.update";

    private static final Set<String> PRINTED_DIRECTIVES = Set.of(
            Directives.DeprecatedDirective.getName(),
            Directives.SpecifiedByDirective.getName(),
            Directives.OneOfDirective.getName());

    private SchemaSnapshot() {}

    static String print(GraphQLSchema schema) {
        SchemaPrinter.Options options = SchemaPrinter.Options.defaultOptions()
                .includeIntrospectionTypes(false)
                .includeScalarTypes(true)
                .includeSchemaDefinition(false)
                .includeDirectiveDefinition(name -> !DirectiveInfo.isGraphqlSpecifiedDirective(name))
                .includeDirectives(PRINTED_DIRECTIVES::contains);
        return new SchemaPrinter(options).print(schema).strip() + "\n";
    }

    /** The snapshot file, found from the api module (where Surefire runs) or the repository root. */
    static Path file() {
        for (Path candidate : new Path[] {Path.of("..", FILE), Path.of(FILE)}) {
            if (Files.isDirectory(candidate.getParent().getParent())) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "cannot find the schema module from " + Path.of("").toAbsolutePath());
    }

    /**
     * The changes from {@code before} to {@code after} that break a client written against
     * {@code before}: a removed type, field, argument, enum value or input field, a changed type,
     * a new required argument or input field (graphql-java's schema diff, BREAKING level).
     */
    static List<DiffEvent> breakingChanges(String before, String after) {
        CapturingReporter reporter = new CapturingReporter();
        new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromSdl(before, after), reporter);
        return reporter.getBreakages();
    }

    static boolean updateRequested() {
        return Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY, "false"));
    }
}
