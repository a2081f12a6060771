package dev.revgraph.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * One query model (docs/queries.md, "One query model"): every report (a root query field returning
 * a {@code ...Report}) takes {@code where: ReportFilter} and {@code currency: Currency}, and every
 * report over a period {@code compareTo: Comparison}, each with the same type, except the reports
 * listed below, which docs/metrics.md ("Not yet served") names. A list names only reports that
 * still lack the argument, so it shrinks as they gain it, and a new report starts with all three.
 */
class ReportArgumentsTest extends IntegrationTest {

    /** Reports that do not take {@code where} yet. */
    static final Set<String> WITHOUT_WHERE = Set.of();

    /** Reports that do not take {@code currency} yet. */
    static final Set<String> WITHOUT_CURRENCY = Set.of();

    /** Reports that do not take {@code compareTo} yet. */
    static final Set<String> WITHOUT_COMPARE_TO = Set.of();

    private static final Map<String, String> TYPES =
            Map.of("where", "ReportFilter", "currency", "Currency", "compareTo", "Comparison");

    @Autowired
    GraphQlSource source;

    @Test
    void everyReportTakesTheSameArguments() {
        List<String> missing = new ArrayList<>();
        List<String> listedButPresent = new ArrayList<>();
        List<String> wrongType = new ArrayList<>();
        for (GraphQLFieldDefinition report : reports()) {
            for (var entry : Map.of(
                            "where", WITHOUT_WHERE, "currency", WITHOUT_CURRENCY, "compareTo", WITHOUT_COMPARE_TO)
                    .entrySet()) {
                GraphQLArgument argument = report.getArgument(entry.getKey());
                boolean listed = entry.getValue().contains(report.getName());
                if (argument == null && !listed) {
                    missing.add(report.getName() + "." + entry.getKey());
                }
                if (argument != null && listed) {
                    listedButPresent.add(report.getName() + "." + entry.getKey());
                }
                if (argument != null) {
                    String type = ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(argument.getType())).getName();
                    if (!type.equals(TYPES.get(entry.getKey())) || GraphQLTypeUtil.isNonNull(argument.getType())) {
                        wrongType.add(report.getName() + "." + entry.getKey() + ": " + argument.getType());
                    }
                }
            }
        }
        assertThat(missing).as("report arguments missing").isEmpty();
        assertThat(listedButPresent)
                .as("listed as missing but served: take them off the lists")
                .isEmpty();
        assertThat(wrongType).as("optional, of the one type").isEmpty();
    }

    @Test
    void theListsNameOnlyReports() {
        Set<String> names = new TreeSet<>();
        reports().forEach(r -> names.add(r.getName()));
        assertThat(names).contains("profitAndLoss", "segmentEconomics", "budgetVsActual", "mrrMovements");
        assertThat(names)
                .containsAll(WITHOUT_WHERE)
                .containsAll(WITHOUT_CURRENCY)
                .containsAll(WITHOUT_COMPARE_TO);
    }

    private List<GraphQLFieldDefinition> reports() {
        return source.schema().getQueryType().getFieldDefinitions().stream()
                .filter(f -> ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(f.getType()))
                        .getName()
                        .endsWith("Report"))
                .toList();
    }
}
