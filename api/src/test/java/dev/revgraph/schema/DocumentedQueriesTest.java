package dev.revgraph.schema;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every GraphQL document shown in the README and in {@code docs/} is valid against the committed
 * schema snapshot, so a renamed field or argument cannot leave the documentation behind.
 */
class DocumentedQueriesTest {

    @Test
    void everyDocumentedQueryValidatesAgainstTheSchema() throws IOException {
        Path root = SchemaSnapshot.file().getParent().getParent().getParent();
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(SchemaSnapshot.file(), StandardCharsets.UTF_8)));
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }

        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```graphql")) {
                    continue;
                }
                int start = i + 1;
                StringBuilder block = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                    block.append(lines.get(i)).append('\n');
                }
                documents++;
                String where = root.relativize(file) + ":" + start;
                try {
                    Document document = Parser.parse(block.toString());
                    for (ValidationError error : new Validator().validateDocument(schema, document, Locale.ENGLISH)) {
                        problems.add(where + ": " + error.getMessage());
                    }
                } catch (RuntimeException e) {
                    problems.add(where + ": does not parse: " + e.getMessage());
                }
            }
        }
        assertThat(documents).as("GraphQL blocks found in README.md and docs/").isGreaterThan(10);
        assertThat(problems).as("documented GraphQL that the schema refuses").isEmpty();
    }
}
