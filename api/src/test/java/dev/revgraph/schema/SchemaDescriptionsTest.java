package dev.revgraph.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import graphql.Directives;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * BI tools and client developers read the contract through introspection: every type, field,
 * argument, enum value and input field of the served schema has a description, and everything
 * deprecated says why and what to use instead.
 */
class SchemaDescriptionsTest extends IntegrationTest {

    private static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");

    @Autowired
    GraphQlSource source;

    @Test
    void everyElementOfTheServedSchemaHasADescription() {
        assertThat(undescribed(source.schema()))
                .as("schema elements without a description")
                .isEmpty();
    }

    @Test
    void everyDeprecationGivesAReason() {
        List<String> missing = new ArrayList<>();
        forEachElement(source.schema(), (path, element, description) -> {
            if (element instanceof GraphQLDirectiveContainer container
                    && container.hasAppliedDirective(Directives.DeprecatedDirective.getName())) {
                Object reason = container
                        .getAppliedDirective(Directives.DeprecatedDirective.getName())
                        .getArgument("reason")
                        .getValue();
                if (reason == null || reason.toString().isBlank() || Directives.NO_LONGER_SUPPORTED.equals(reason)) {
                    missing.add(path);
                }
            }
        });
        assertThat(missing)
                .as("deprecated without @deprecated(reason: \"...\")")
                .isEmpty();
    }

    static List<String> undescribed(GraphQLSchema schema) {
        List<String> missing = new ArrayList<>();
        forEachElement(schema, (path, element, description) -> {
            if (description == null || description.isBlank()) {
                missing.add(path);
            }
        });
        return missing;
    }

    interface ElementVisitor {
        void visit(String path, Object element, String description);
    }

    static void forEachElement(GraphQLSchema schema, ElementVisitor visitor) {
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            String name = type.getName();
            if (name.startsWith("__") || (type instanceof GraphQLScalarType && BUILT_IN_SCALARS.contains(name))) {
                continue;
            }
            visitor.visit(name, type, type.getDescription());
            if (type instanceof GraphQLFieldsContainer container) {
                for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
                    String path = name + "." + field.getName();
                    visitor.visit(path, field, field.getDescription());
                    for (GraphQLArgument argument : field.getArguments()) {
                        visitor.visit(path + "(" + argument.getName() + ")", argument, argument.getDescription());
                    }
                }
            }
            if (type instanceof GraphQLInputObjectType input) {
                for (GraphQLInputObjectField field : input.getFieldDefinitions()) {
                    visitor.visit(name + "." + field.getName(), field, field.getDescription());
                }
            }
            if (type instanceof GraphQLEnumType enumType) {
                for (GraphQLEnumValueDefinition value : enumType.getValues()) {
                    visitor.visit(name + "." + value.getName(), value, value.getDescription());
                }
            }
        }
    }
}
