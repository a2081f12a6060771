package dev.revgraph.shared.security;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedOutputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.GraphQLUnionType;
import graphql.schema.SelectedField;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import java.util.List;
import java.util.Set;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Authorises every edge of the graph, not only the root fields the services guard. When the
 * schema is built, each field whose type is (or wraps) a type with a {@link TypeReaders} rule gets
 * its data fetcher wrapped in a check of the caller's role, whatever object the field sits on: a
 * query, a mutation's payload, a nested association, or a field added later. A refused field is a
 * {@code FORBIDDEN} error and null, never the data.
 *
 * <p>A mutation is checked whole before it runs: if its selection reaches a type the caller may
 * not read, it is refused and writes nothing, rather than writing and then hiding the answer.
 *
 * <p>The wrappers are installed as a type visitor, before Spring's own decorator, so they run
 * with the request's security context in place.
 */
@Configuration(proxyBeanMethods = false)
class FieldAuthorization {

    private static final String MUTATION = "Mutation";

    @Bean
    GraphQlSourceBuilderCustomizer guardRestrictedTypes() {
        return builder -> builder.typeVisitors(List.of(new Guards()));
    }

    private static Role callerRole() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof RevgraphAuthentication caller ? caller.role() : null;
    }

    private static String typeName(GraphQLFieldDefinition field) {
        return ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(field.getType())).getName();
    }

    private static void requireReadable(Role role, String typeName) {
        if (!TypeReaders.mayRead(role, typeName)) {
            throw new AccessDeniedException(typeName + " is not readable by " + role);
        }
    }

    /** Wraps the data fetchers of guarded fields, and refuses a schema that would expose a guarded type through an abstract one. */
    private static final class Guards extends GraphQLTypeVisitorStub {

        @Override
        public TraversalControl visitGraphQLFieldDefinition(
                GraphQLFieldDefinition field, TraverserContext<GraphQLSchemaElement> context) {
            if (!(context.getParentNode() instanceof GraphQLObjectType parent)) {
                return TraversalControl.CONTINUE; // interface fields have no data fetchers of their own
            }
            String type = typeName(field);
            boolean mutation = parent.getName().equals(MUTATION);
            if (TypeReaders.of(type) == null && !mutation) {
                return TraversalControl.CONTINUE;
            }
            GraphQLCodeRegistry.Builder registry = context.getVarFromParents(GraphQLCodeRegistry.Builder.class);
            FieldCoordinates coordinates = FieldCoordinates.coordinates(parent, field);
            DataFetcher<?> fetcher = registry.getDataFetcher(coordinates, field);
            registry.dataFetcher(
                    coordinates, mutation ? new GuardedMutation(fetcher, type) : new GuardedField(fetcher, type));
            return TraversalControl.CONTINUE;
        }

        @Override
        public TraversalControl visitGraphQLObjectType(
                GraphQLObjectType type, TraverserContext<GraphQLSchemaElement> context) {
            for (GraphQLNamedOutputType abstractType : type.getInterfaces()) {
                requireAsClosed(abstractType.getName(), type.getName());
            }
            return TraversalControl.CONTINUE;
        }

        @Override
        public TraversalControl visitGraphQLUnionType(
                GraphQLUnionType union, TraverserContext<GraphQLSchemaElement> context) {
            for (GraphQLNamedOutputType member : union.getTypes()) {
                requireAsClosed(union.getName(), member.getName());
            }
            return TraversalControl.CONTINUE;
        }

        /** A field returning an interface or union is guarded by that type's rule, so it must be at least the member's. */
        private static void requireAsClosed(String abstractType, String member) {
            Set<Role> memberReaders = TypeReaders.of(member);
            if (memberReaders == null) {
                return;
            }
            Set<Role> abstractReaders = TypeReaders.of(abstractType);
            if (abstractReaders == null || !memberReaders.containsAll(abstractReaders)) {
                throw new IllegalStateException(member + " has a read rule, so " + abstractType
                        + ", which can return it, needs one at least as strict in TypeReaders");
            }
        }
    }

    /** A field of a guarded type: the caller's role must be allowed to read the type. */
    private record GuardedField(DataFetcher<?> delegate, String type) implements DataFetcher<Object> {

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            requireReadable(callerRole(), type);
            return delegate.get(environment);
        }
    }

    /** A mutation: refused before it runs when its payload or anything selected below it is not readable. */
    private record GuardedMutation(DataFetcher<?> delegate, String type) implements DataFetcher<Object> {

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            Role role = callerRole();
            requireReadable(role, type);
            for (SelectedField selected : environment.getSelectionSet().getFields()) {
                for (GraphQLFieldDefinition definition : selected.getFieldDefinitions()) {
                    requireReadable(role, typeName(definition));
                }
            }
            return delegate.get(environment);
        }
    }
}
