package dev.revgraph.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revgraph.client.types.RecordSpendLineInput;
import dev.revgraph.client.types.SpendCategory;
import graphql.ParseAndValidate;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The clients' operations (clients/typescript/src/operations, packed into this jar) against the
 * committed schema snapshot: every root field of Query, Mutation and Subscription has an operation
 * that passes each of its arguments, and every operation validates against the snapshot. Each
 * fails naming what is wrong.
 */
class OperationsCoverageTest {

    static final Path SNAPSHOT = Path.of("../../schema/snapshot/schema.graphqls");

    static GraphQLSchema schema;
    static RevgraphOperations operations;

    @BeforeAll
    static void load() throws IOException {
        schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Files.readString(SNAPSHOT)));
        operations = RevgraphOperations.packaged();
    }

    /** "Query.profitAndLoss", ... for every root field of the snapshot without an operation. */
    static Set<String> uncovered(GraphQLSchema schema, RevgraphOperations operations) {
        Set<String> covered = operations.all().stream()
                .map(o -> rootType(o.kind()) + "." + rootFieldName(o))
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (GraphQLObjectType root :
                List.of(schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType())) {
            for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
                String key = root.getName() + "." + field.getName();
                if (!covered.contains(key)) {
                    missing.add(key);
                }
            }
        }
        return missing;
    }

    private static String rootType(OperationDefinition.Operation kind) {
        return switch (kind) {
            case QUERY -> "Query";
            case MUTATION -> "Mutation";
            case SUBSCRIPTION -> "Subscription";
        };
    }

    /** The root field's name (not its alias). */
    private static String rootFieldName(RevgraphOperations.Operation operation) {
        OperationDefinition definition = Parser.parse(operation.document())
                .getDefinitionsOfType(OperationDefinition.class)
                .get(0);
        return definition
                .getSelectionSet()
                .getSelectionsOfType(graphql.language.Field.class)
                .get(0)
                .getName();
    }

    /** "Operation: error" for every operation that does not validate against the schema. */
    static List<String> invalid(GraphQLSchema schema, RevgraphOperations operations) {
        List<String> problems = new ArrayList<>();
        for (RevgraphOperations.Operation operation : operations.all()) {
            Document document = Parser.parse(operation.document());
            for (ValidationError error : ParseAndValidate.validate(schema, document)) {
                problems.add(operation.name() + ": " + error.getMessage());
            }
        }
        return problems;
    }

    @Test
    void everyRootFieldOfTheSnapshotHasAnOperation() {
        assertThat(uncovered(schema, operations))
                .as("root fields of schema/snapshot/schema.graphqls without an operation in"
                        + " clients/typescript/src/operations (add one to the file of its area)")
                .isEmpty();
    }

    @Test
    void everyOperationValidatesAgainstTheSnapshot() {
        assertThat(invalid(schema, operations))
                .as("operations of clients/typescript/src/operations that do not validate against"
                        + " schema/snapshot/schema.graphqls")
                .isEmpty();
    }

    @Test
    void everyArgumentOfTheRootFieldIsPassed() {
        // a variable for every argument, so that a client can use all the field offers
        List<String> missing = new ArrayList<>();
        for (RevgraphOperations.Operation operation : operations.all()) {
            graphql.language.Field root = Parser.parse(operation.document())
                    .getDefinitionsOfType(OperationDefinition.class)
                    .get(0)
                    .getSelectionSet()
                    .getSelectionsOfType(graphql.language.Field.class)
                    .get(0);
            GraphQLObjectType type = switch (operation.kind()) {
                case QUERY -> schema.getQueryType();
                case MUTATION -> schema.getMutationType();
                case SUBSCRIPTION -> schema.getSubscriptionType();
            };
            Set<String> passed = root.getArguments().stream()
                    .map(graphql.language.Argument::getName)
                    .collect(Collectors.toSet());
            type.getFieldDefinition(root.getName()).getArguments().stream()
                    .filter(argument -> !passed.contains(argument.getName()))
                    .forEach(argument -> missing.add(operation.name() + ": " + argument.getName()));
        }
        assertThat(missing)
                .as("arguments of a root field its operation does not pass")
                .isEmpty();
    }

    @Test
    void aMissingRootFieldIsNamed() {
        GraphQLSchema wider = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser()
                .parse("type Query { a: Int b(x: Int): Int }\ntype Mutation { m: Int }\ntype Subscription { s: Int }"));
        RevgraphOperations some = RevgraphOperations.parse(Map.of("x.graphql", "query A { a }\nsubscription S { s }"));
        assertThat(uncovered(wider, some)).containsExactly("Mutation.m", "Query.b");
    }

    @Test
    void anOperationThatNoLongerValidatesIsNamed() {
        RevgraphOperations stale = RevgraphOperations.parse(Map.of(
                "x.graphql", "query Viewer { viewer { name role } }\nquery Stale { viewer { name removedField } }"));
        assertThat(invalid(schema, stale))
                .singleElement()
                .asString()
                .startsWith("Stale: ")
                .contains("removedField");
    }

    @Test
    void eachDocumentCarriesTheFragmentsItUsesAndNoOther() {
        RevgraphOperations.Operation createCampaign = operations.get("CreateCampaign");
        assertThat(createCampaign.kind()).isEqualTo(OperationDefinition.Operation.MUTATION);
        assertThat(createCampaign.rootField()).isEqualTo("createCampaign");
        assertThat(createCampaign.document())
                .contains("mutation CreateCampaign(")
                .contains("fragment CampaignFields on Campaign")
                .contains("fragment UserErrorFields on UserError")
                .doesNotContain("fragment CustomerFields");
        assertThatThrownBy(() -> operations.get("NoSuchOperation"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoSuchOperation");
    }

    /**
     * Each document is the text of its entry in the TypeScript build's trusted documents' manifest,
     * under the SHA-256 of that text (skipped where that build did not run: no Node).
     */
    @Test
    void eachDocumentIsItsTrustedDocument() throws Exception {
        Path manifestFile = Path.of("../typescript/src/gql/persisted-documents.json");
        Assumptions.assumeTrue(Files.exists(manifestFile), "no TypeScript build (Node) here");
        Map<String, String> manifest = JsonMapper.builder()
                .build()
                .readValue(Files.readString(manifestFile), new TypeReference<Map<String, String>>() {});
        List<String> differing = new ArrayList<>();
        for (RevgraphOperations.Operation operation : operations.all()) {
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(operation.document().getBytes(StandardCharsets.UTF_8)));
            if (!operation.document().equals(manifest.get("sha256:" + hash))) {
                differing.add(operation.name() + ": " + operation.document());
            }
        }
        assertThat(differing).isEmpty();
        assertThat(manifest).hasSameSizeAs(operations.all());
    }

    @Test
    void printsAsTheManifestDoes() {
        // what graphql-tools' printExecutableGraphQLDocument prints for these documents: fragments
        // first, variables and selections sorted, arguments past 80 characters as graphql-js wraps
        // them, white space made one space
        RevgraphOperations printed = RevgraphOperations.parse(Map.of("x.graphql", """
                fragment F on T { z a }
                mutation M($b: Int = 1, $a: [String!]! = ["x"]) { second(b: $b) { y x ...F ... on U { c } } }
                query Q($aVeryLongVariableName: String, $anotherVeryLongVariableName: Int) {
                  someField(aVeryLongArgumentName: $aVeryLongVariableName, another: $anotherVeryLongVariableName) { b a }
                }
                """));
        assertThat(printed.get("M").document())
                .isEqualTo("fragment F on T { a z } mutation M($a: [String!]! = [\"x\"], $b: Int = 1)"
                        + " { second(b: $b) { x y ...F ... on U { c } } }");
        assertThat(printed.get("Q").document())
                .isEqualTo(
                        "query Q($aVeryLongVariableName: String, $anotherVeryLongVariableName: Int) { someField("
                                + " aVeryLongArgumentName: $aVeryLongVariableName another: $anotherVeryLongVariableName ) { a b } }");
    }

    @Test
    void operationAndFragmentNamesAreUnique() {
        assertThatThrownBy(() ->
                        RevgraphOperations.parse(Map.of("a.graphql", "query A { a }", "b.graphql", "query A { b }")))
                .hasMessageContaining("Operation A is defined in a.graphql and b.graphql");
    }

    @Test
    void variablesGoOutAsTheSchemaWantsThem() {
        // what RevgraphClient.operation(...) sends: a BigDecimal stays exact, as a string; dates and
        // months as ISO strings; an explicit null stays; a generated input's unset fields are left out
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("amount", new BigDecimal("1200.50"));
        input.put("bookedOn", LocalDate.of(2026, 4, 20));
        input.put("month", YearMonth.of(2026, 4));
        input.put("memo", null);
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("input", input);
        written.put("first", 10);
        written.put(
                "typed",
                RecordSpendLineInput.newBuilder()
                        .departmentCode("MKT")
                        .amount(new BigDecimal("0.10"))
                        .category(SpendCategory.ADVERTISING)
                        .build());
        assertThat(RevgraphClient.variables(written))
                .isEqualTo(Map.of(
                        "input",
                        mapWithNull(Map.of("amount", "1200.50", "bookedOn", "2026-04-20", "month", "2026-04"), "memo"),
                        "first",
                        10,
                        "typed",
                        Map.of("departmentCode", "MKT", "amount", "0.10", "category", "ADVERTISING")));
    }

    private static Map<String, Object> mapWithNull(Map<String, Object> values, String nullKey) {
        Map<String, Object> map = new LinkedHashMap<>(values);
        map.put(nullKey, null);
        return map;
    }
}
