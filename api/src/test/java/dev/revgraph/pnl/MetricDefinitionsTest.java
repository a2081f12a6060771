package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import graphql.schema.GraphQLObjectType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

class MetricDefinitionsTest extends IntegrationTest {

    @Autowired
    GraphQlSource source;

    @Test
    void everyDefinitionNamesFieldsThatExistAndHaveADescription() {
        List<Map> definitions = graphQl.document("{ metricDefinitions { name unit formula fields } }")
                .execute()
                .path("metricDefinitions")
                .entityList(Map.class)
                .get();
        assertThat(definitions).hasSizeGreaterThan(25);
        for (Map<?, ?> definition : definitions) {
            assertThat((String) definition.get("formula")).isNotBlank();
            for (Object field : (List<?>) definition.get("fields")) {
                String[] parts = ((String) field).split("\\.");
                GraphQLObjectType type = source.schema().getObjectType(parts[0]);
                assertThat(type).as("type of %s", field).isNotNull();
                assertThat(type.getFieldDefinition(parts[1]))
                        .as("field %s", field)
                        .isNotNull();
                assertThat(type.getFieldDefinition(parts[1]).getDescription())
                        .as("description of %s", field)
                        .isNotBlank();
            }
        }
    }
}
