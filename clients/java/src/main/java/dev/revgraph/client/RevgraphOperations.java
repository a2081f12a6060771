package dev.revgraph.client;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The operation documents of the clients ({@code clients/typescript/src/operations/*.graphql}, one
 * file per area of the schema), packed into this jar under {@value #LOCATION}: one named operation
 * per root field of {@code Query}, {@code Mutation} and {@code Subscription}, each with the
 * fragments it uses. {@link RevgraphClient#execute} sends them by name.
 *
 * <p>Each document is printed as the TypeScript client's build prints it into its trusted
 * documents' manifest ({@code persisted-documents.json}), so that a server accepting only trusted
 * documents accepts the Java client's too.
 */
public final class RevgraphOperations {

    /** Where the documents are on the classpath. */
    public static final String LOCATION = "dev/revgraph/client/operations/";

    /**
     * One operation: its name, kind, the root field it selects (the path of its data) and the
     * document sent for it (the operation and the fragments it uses, printed as in the trusted
     * documents' manifest).
     */
    public record Operation(String name, OperationDefinition.Operation kind, String rootField, String document) {}

    private static volatile RevgraphOperations packaged;

    private final Map<String, Operation> operations;

    private RevgraphOperations(Map<String, Operation> operations) {
        this.operations = Collections.unmodifiableMap(operations);
    }

    /** The operations packed into this jar (read once). */
    public static RevgraphOperations packaged() {
        RevgraphOperations result = packaged;
        if (result == null) {
            result = load(RevgraphOperations.class.getClassLoader());
            packaged = result;
        }
        return result;
    }

    /** The operations of every {@code *.graphql} file under {@value #LOCATION} of a class loader. */
    public static RevgraphOperations load(ClassLoader classLoader) {
        Map<String, String> files = new TreeMap<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(classLoader)
                    .getResources("classpath*:" + LOCATION + "*.graphql");
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    files.put(resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the operation documents under " + LOCATION, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No operation documents under " + LOCATION + " on the classpath");
        }
        return parse(files);
    }

    /** The operations of documents given by file name and text (names of operations and fragments are global). */
    public static RevgraphOperations parse(Map<String, String> files) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        List<OperationDefinition> definitions = new ArrayList<>();
        Map<String, String> fileOf = new LinkedHashMap<>();
        new TreeMap<>(files).forEach((file, text) -> {
            Document document = Parser.parse(text);
            for (Definition<?> definition : document.getDefinitions()) {
                if (definition instanceof FragmentDefinition fragment) {
                    if (fragments.put(fragment.getName(), fragment) != null) {
                        throw new IllegalStateException(
                                "Fragment " + fragment.getName() + " is defined twice (" + file + ")");
                    }
                } else if (definition instanceof OperationDefinition operation) {
                    if (operation.getName() == null) {
                        throw new IllegalStateException("An operation of " + file + " has no name");
                    }
                    String before = fileOf.put(operation.getName(), file);
                    if (before != null) {
                        throw new IllegalStateException(
                                "Operation " + operation.getName() + " is defined in " + before + " and " + file);
                    }
                    definitions.add(operation);
                }
            }
        });
        Map<String, Operation> operations = new TreeMap<>();
        for (OperationDefinition definition : definitions) {
            List<Field> roots = definition.getSelectionSet().getSelectionsOfType(Field.class);
            if (roots.size() != 1) {
                throw new IllegalStateException("Operation " + definition.getName() + " must select one root field");
            }
            Set<String> used = new LinkedHashSet<>();
            collectFragments(definition.getSelectionSet(), fragments, used);
            Field root = roots.get(0);
            String path = root.getAlias() != null ? root.getAlias() : root.getName();
            String document = TrustedPrinter.print(
                    definition, used.stream().map(fragments::get).toList());
            operations.put(
                    definition.getName(),
                    new Operation(definition.getName(), definition.getOperation(), path, document));
        }
        return new RevgraphOperations(operations);
    }

    private static void collectFragments(
            SelectionSet selectionSet, Map<String, FragmentDefinition> fragments, Set<String> used) {
        if (selectionSet == null) {
            return;
        }
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                collectFragments(field.getSelectionSet(), fragments, used);
            } else if (selection instanceof InlineFragment inline) {
                collectFragments(inline.getSelectionSet(), fragments, used);
            } else if (selection instanceof FragmentSpread spread && used.add(spread.getName())) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment == null) {
                    throw new IllegalStateException("Fragment " + spread.getName() + " is used but not defined");
                }
                collectFragments(fragment.getSelectionSet(), fragments, used);
            }
        }
    }

    /** The operation of that name; an {@link IllegalArgumentException} when there is none. */
    public Operation get(String name) {
        Operation operation = operations.get(name);
        if (operation == null) {
            throw new IllegalArgumentException("No operation named " + name + " (see RevgraphOperations.names())");
        }
        return operation;
    }

    /** Every operation name, sorted. */
    public Set<String> names() {
        return operations.keySet();
    }

    /** Every operation, sorted by name. */
    public Collection<Operation> all() {
        return operations.values();
    }
}
