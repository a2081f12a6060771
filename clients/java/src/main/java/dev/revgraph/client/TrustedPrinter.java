package dev.revgraph.client;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints an operation with its fragments the way the TypeScript client's build prints each entry
 * of its trusted documents' manifest (graphql-codegen's persisted documents: graphql-tools'
 * {@code printExecutableGraphQLDocument}): fragments first, by name, then the operation; variables
 * by name; every selection set sorted (fields by name, then fragment spreads, then inline fragments)
 * except a mutation's root, whose order is the order of execution; directives and their arguments
 * by name; field arguments as written; graphql-js's printing with every run of white space made one
 * space (so a field whose arguments pass 80 characters prints them as {@code f( a: $a b: $b )}).
 */
final class TrustedPrinter {

    private static final int MAX_LINE_LENGTH = 80;

    private TrustedPrinter() {}

    static String print(OperationDefinition operation, List<FragmentDefinition> fragments) {
        List<String> parts = new ArrayList<>();
        fragments.stream()
                .sorted(Comparator.comparing(FragmentDefinition::getName))
                .forEach(fragment -> parts.add(join(
                        " ",
                        "fragment " + fragment.getName() + " on "
                                + fragment.getTypeCondition().getName(),
                        directives(fragment.getDirectives()),
                        selectionSet(fragment.getSelectionSet(), true))));
        String variables = operation.getVariableDefinitions().isEmpty()
                ? ""
                : operation.getVariableDefinitions().stream()
                        .sorted(Comparator.comparing(VariableDefinition::getName))
                        .map(TrustedPrinter::variable)
                        .collect(Collectors.joining(", ", "(", ")"));
        String kind = operation.getOperation().name().toLowerCase(java.util.Locale.ROOT);
        boolean sortRoot = operation.getOperation() != OperationDefinition.Operation.MUTATION;
        parts.add(join(
                " ",
                kind + " " + operation.getName() + variables,
                directives(operation.getDirectives()),
                selectionSet(operation.getSelectionSet(), sortRoot)));
        return String.join(" ", parts);
    }

    private static String variable(VariableDefinition variable) {
        return join(
                " ",
                "$" + variable.getName() + ": " + type(variable.getType())
                        + (variable.getDefaultValue() == null ? "" : " = " + value(variable.getDefaultValue())),
                directives(variable.getDirectives()));
    }

    private static String type(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return type(nonNull.getType()) + "!";
        }
        if (type instanceof ListType list) {
            return "[" + type(list.getType()) + "]";
        }
        return ((TypeName) type).getName();
    }

    private static String selectionSet(SelectionSet selectionSet, boolean sort) {
        List<Selection> selections = new ArrayList<>(selectionSet.getSelections());
        if (sort) {
            // a stable sort, as graphql-tools' sortExecutableNodes
            selections.sort(Comparator.comparing(TrustedPrinter::sortKey));
        }
        return selections.stream().map(TrustedPrinter::selection).collect(Collectors.joining(" ", "{ ", " }"));
    }

    private static String sortKey(Selection<?> selection) {
        if (selection instanceof Field field) {
            return "0" + field.getName();
        }
        if (selection instanceof FragmentSpread spread) {
            return "1" + spread.getName();
        }
        InlineFragment inline = (InlineFragment) selection;
        String condition = inline.getTypeCondition() == null
                ? ""
                : inline.getTypeCondition().getName();
        String inner = selectionSet(inline.getSelectionSet(), true);
        return "2" + condition + inner.substring(2, inner.length() - 2);
    }

    private static String selection(Selection<?> selection) {
        if (selection instanceof Field field) {
            String prefix = (field.getAlias() == null ? "" : field.getAlias() + ": ") + field.getName();
            String arguments = "";
            if (!field.getArguments().isEmpty()) {
                List<String> printed = field.getArguments().stream()
                        .map(TrustedPrinter::argument)
                        .toList();
                int length = printed.stream().mapToInt(String::length).sum() + 2 * (printed.size() - 1);
                arguments = prefix.length() + length + 2 > MAX_LINE_LENGTH
                        ? "( " + String.join(" ", printed) + " )"
                        : "(" + String.join(", ", printed) + ")";
            }
            return join(
                    " ",
                    prefix + arguments,
                    directives(field.getDirectives()),
                    field.getSelectionSet() == null ? "" : selectionSet(field.getSelectionSet(), true));
        }
        if (selection instanceof FragmentSpread spread) {
            return join(" ", "..." + spread.getName(), directives(spread.getDirectives()));
        }
        InlineFragment inline = (InlineFragment) selection;
        return join(
                " ",
                "...",
                inline.getTypeCondition() == null
                        ? ""
                        : "on " + inline.getTypeCondition().getName(),
                directives(inline.getDirectives()),
                selectionSet(inline.getSelectionSet(), true));
    }

    private static String argument(Argument argument) {
        return argument.getName() + ": " + value(argument.getValue());
    }

    private static String directives(List<Directive> directives) {
        return directives.stream()
                .sorted(Comparator.comparing(Directive::getName))
                .map(directive -> "@" + directive.getName()
                        + (directive.getArguments().isEmpty()
                                ? ""
                                : directive.getArguments().stream()
                                        .sorted(Comparator.comparing(Argument::getName))
                                        .map(TrustedPrinter::argument)
                                        .collect(Collectors.joining(", ", "(", ")"))))
                .collect(Collectors.joining(" "));
    }

    private static String value(Value<?> value) {
        if (value instanceof VariableReference variable) {
            return "$" + variable.getName();
        }
        if (value instanceof IntValue number) {
            return number.getValue().toString();
        }
        if (value instanceof FloatValue number) {
            return number.getValue().toString();
        }
        if (value instanceof StringValue string) {
            return quote(string.getValue());
        }
        if (value instanceof BooleanValue bool) {
            return Boolean.toString(bool.isValue());
        }
        if (value instanceof NullValue) {
            return "null";
        }
        if (value instanceof EnumValue enumValue) {
            return enumValue.getName();
        }
        if (value instanceof ArrayValue list) {
            return list.getValues().stream().map(TrustedPrinter::value).collect(Collectors.joining(", ", "[", "]"));
        }
        ObjectValue object = (ObjectValue) value;
        return object.getObjectFields().stream()
                .map(field -> field.getName() + ": " + value(field.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** A string literal as graphql-js prints it, its white space then made one space. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString().replaceAll("\\s+", " ");
    }

    private static String join(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty()) {
                present.add(part);
            }
        }
        return String.join(separator, present);
    }
}
