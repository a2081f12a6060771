package dev.revgraph.pnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * Keeps docs/metrics.md and the served {@code metricDefinitions} one statement: every served
 * metric has a section headed by its key whose definition is the served formula word for word and
 * which names every field that serves it; the doc documents no metric the API does not serve; and
 * every figure of the reports is served by some definition, so a new field cannot ship undefined.
 */
class MetricsDocumentationTest extends IntegrationTest {

    /** The figures of the reports and ledgers; each must be named by a definition. */
    private static final List<String> FIGURE_TYPES = List.of(
            "PnlFigures",
            "PnlRow",
            "PnlChange",
            "PnlPlanFigures",
            "PnlPlanChange",
            "DepartmentAmount",
            "CategoryAmount",
            "SegmentEconomicsRow",
            "SegmentEconomicsChange",
            "MrrMovementRow",
            "CohortRetentionRow",
            "CustomerMonth",
            "CampaignPerformanceRow",
            "CampaignPerformanceTotal",
            "ExpansionAttributionRow",
            "ExpansionAttributionTotal",
            "AcquisitionEconomicsRow",
            "CampaignFunnelRow",
            "BudgetVsActualRow",
            "BudgetVsActualTotal",
            "TargetsVsActualRow",
            "AllocationRow",
            "AllocationPool",
            "DepartmentStatementRow",
            "ForecastRow",
            "ForecastDrivers",
            "ForecastDifference");

    /** Numbers of those types that are positions in a tree or a matrix, not figures. */
    private static final Set<String> NOT_FIGURES = Set.of(
            "SegmentEconomicsRow.depth",
            "CohortRetentionRow.monthsSinceAcquisition",
            "AllocationRow.step",
            "AllocationPool.step");

    /** Figures served outside the report rows. */
    private static final List<String> OTHER_FIGURES = List.of(
            "SpendLine.reportingAmount",
            "RevenueLine.reportingAmount",
            "SpendLineConnection.total",
            "RevenueLineConnection.total",
            "Customer.lifetimeRevenue",
            "Customer.tenureMonths");

    private static final Pattern HEADING = Pattern.compile("^(#{2,3}) (.+)$", Pattern.MULTILINE);

    @Autowired
    GraphQlSource source;

    List<Map<String, Object>> definitions;

    /** The text under each {@code ###} heading of docs/metrics.md, up to the next heading. */
    Map<String, String> sections;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void servedDefinitionsAndTheDocument() throws IOException {
        definitions = graphQl.documentName("metricDefinitions")
                .execute()
                .path("metricDefinitions")
                .entityList((Class<Map<String, Object>>) (Class<?>) Map.class)
                .get();
        sections = sections(Files.readString(document(), StandardCharsets.UTF_8));
    }

    @Test
    void everyServedMetricHasASectionHeadedByItsKeyAndLinksToIt() {
        assertThat(definitions).hasSizeGreaterThan(25);
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> definition : definitions) {
            String key = (String) definition.get("key");
            assertThat(key).as("key of %s", definition.get("name")).matches("[a-z][A-Za-z]*");
            assertThat(keys.add(key)).as("key %s is unique", key).isTrue();
            assertThat(sections)
                    .as("docs/metrics.md has a section `### %s`", key)
                    .containsKey(key);
            assertThat(definition.get("documentation")).isEqualTo("docs/metrics.md#" + key.toLowerCase());
        }
    }

    @Test
    void eachSectionStatesTheServedFormulaAndNamesItsFields() {
        for (Map<String, Object> definition : definitions) {
            String key = (String) definition.get("key");
            String section = sections.get(key);
            assertThat(section).as("section %s", key).isNotNull();
            assertThat(definitionParagraph(section))
                    .as("the definition of %s in docs/metrics.md", key)
                    .isEqualTo(normalised((String) definition.get("formula")));
            assertThat(section).as("section %s names its name", key).contains("**" + definition.get("name") + "**");
            for (Object field : (List<?>) definition.get("fields")) {
                assertThat(section).as("section %s names %s", key, field).contains("`" + field + "`");
            }
        }
    }

    @Test
    void theDocumentDefinesNoMetricTheApiDoesNotServe() {
        Set<String> served = new HashSet<>();
        definitions.forEach(d -> served.add((String) d.get("key")));
        assertThat(served).containsAll(sections.keySet());
    }

    @Test
    void everyFigureOfTheReportsIsServedByADefinition() {
        Set<String> defined = new HashSet<>();
        definitions.forEach(d -> ((List<?>) d.get("fields")).forEach(f -> defined.add((String) f)));
        Set<String> figures = new HashSet<>(OTHER_FIGURES);
        for (String typeName : FIGURE_TYPES) {
            GraphQLObjectType type = source.schema().getObjectType(typeName);
            assertThat(type).as("type %s", typeName).isNotNull();
            for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
                String name = ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(field.getType())).getName();
                String coordinate = typeName + "." + field.getName();
                if (Set.of("Decimal", "Int", "Money").contains(name) && !NOT_FIGURES.contains(coordinate)) {
                    figures.add(coordinate);
                }
            }
        }
        assertThat(defined).as("fields named by metricDefinitions").containsAll(figures);
    }

    /** docs/metrics.md, found from the api module (where Surefire runs) or the repository root. */
    static Path document() {
        Path[] candidates = {Path.of("..", MetricDefinitions.DOCUMENT), Path.of(MetricDefinitions.DOCUMENT)};
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("cannot find " + MetricDefinitions.DOCUMENT + " from "
                + Path.of("").toAbsolutePath());
    }

    private static Map<String, String> sections(String markdown) {
        Map<String, String> result = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(markdown);
        String key = null;
        int start = 0;
        while (m.find()) {
            if (key != null) {
                assertThat(result.put(key, markdown.substring(start, m.start())))
                        .as("one section %s", key)
                        .isNull();
            }
            key = m.group(1).length() == 3 ? m.group(2).trim() : null;
            start = m.end();
        }
        if (key != null) {
            result.put(key, markdown.substring(start));
        }
        return result;
    }

    /** The paragraph starting with {@code Definition:} (up to the next blank line), without that label. */
    private static String definitionParagraph(String section) {
        int at = section.indexOf("\nDefinition: ");
        assertThat(at).as("a Definition: paragraph in\n%s", section).isNotNegative();
        int end = section.indexOf("\n\n", at + 1);
        return normalised(section.substring(at + "\nDefinition: ".length(), end < 0 ? section.length() : end));
    }

    private static String normalised(String text) {
        return text.trim().replaceAll("\\s+", " ");
    }
}
