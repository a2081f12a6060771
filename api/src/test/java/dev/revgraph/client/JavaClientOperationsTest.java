package dev.revgraph.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.client.types.CreateDepartmentInput;
import dev.revgraph.client.types.Department;
import dev.revgraph.client.types.DepartmentKind;
import dev.revgraph.client.types.DepartmentPayload;
import dev.revgraph.client.types.FiscalMonth;
import dev.revgraph.client.types.FiscalMonthPayload;
import dev.revgraph.client.types.PnlFilter;
import dev.revgraph.client.types.ProfitAndLossReport;
import dev.revgraph.client.types.RecordSpendLineInput;
import dev.revgraph.client.types.SpendCategory;
import dev.revgraph.client.types.SpendLineConnection;
import dev.revgraph.client.types.SpendLineFilter;
import dev.revgraph.client.types.SpendLinePayload;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;

/**
 * The Java client's operations by name (the clients' operation documents packed into its jar)
 * against the running application over HTTP and WebSocket: variables with BigDecimal and dates go
 * out exact, results come back into the generated types, and every query runs.
 *
 * <pre>
 * department D (MARKETING), month M (open, used by no other test), all in USD:
 *   day 5   ADVERTISING      1200.50
 *   day 20  COST_OF_SERVICE   300.25
 * SpendLines(D, M): 2 lines, total 1200.50 + 300.25 = 1500.75
 * ProfitAndLoss(M, department D): cost of service 300.25, operating expenses 1200.50,
 *   operating profit 0 - 300.25 - 1200.50 = -1500.75
 * </pre>
 */
class JavaClientOperationsTest extends IntegrationTest {

    private RevgraphClient revgraph;

    @BeforeEach
    void typedClient() {
        revgraph = RevgraphClient.create("http://localhost:" + port + "/graphql", adminToken);
    }

    @Test
    void writesAndReadsThroughTheOperationsByName() {
        String department = unique("JO");
        YearMonth month = Api.uniqueMonth();

        DepartmentPayload created = revgraph.execute(
                "CreateDepartment",
                Map.of(
                        "input",
                        CreateDepartmentInput.newBuilder()
                                .code(department)
                                .name("Operations by name")
                                .kind(DepartmentKind.MARKETING)
                                .build()),
                DepartmentPayload.class);
        assertThat(created.getErrors()).isEmpty();
        assertThat(created.getDepartment().getCode()).isEqualTo(department);

        for (Object[] line :
                new Object[][] {{5, "1200.50", SpendCategory.ADVERTISING}, {20, "300.25", SpendCategory.COST_OF_SERVICE}
                }) {
            SpendLinePayload recorded = revgraph.execute(
                    "RecordSpendLine",
                    Map.of(
                            "input",
                            RecordSpendLineInput.newBuilder()
                                    .departmentCode(department)
                                    .bookedOn(month.atDay((Integer) line[0]))
                                    .amount(new BigDecimal((String) line[1]))
                                    .currency("USD")
                                    .category((SpendCategory) line[2])
                                    .build()),
                    SpendLinePayload.class);
            assertThat(recorded.getErrors()).isEmpty();
            assertThat(recorded.getSpendLine().getAmount().getAmount()).isEqualTo(new BigDecimal((String) line[1]));
        }

        SpendLineConnection lines = revgraph.execute(
                "SpendLines",
                Map.of(
                        "filter",
                        SpendLineFilter.newBuilder()
                                .departmentCodes(List.of(department))
                                .from(month.atDay(1))
                                .to(month.atEndOfMonth())
                                .build()),
                SpendLineConnection.class);
        assertThat(lines.getTotalCount()).isEqualTo(2);
        assertThat(lines.getTotal().getAmount()).isEqualTo(new BigDecimal("1500.75"));

        ProfitAndLossReport pnl = revgraph.execute(
                "ProfitAndLoss",
                Map.of(
                        "from", month.atDay(1),
                        "to", month.atEndOfMonth(),
                        "filter",
                                PnlFilter.newBuilder()
                                        .departmentCodes(List.of(department))
                                        .build()),
                ProfitAndLossReport.class);
        assertThat(pnl.getRows()).singleElement().satisfies(row -> {
            assertThat(row.getCostOfService()).isEqualTo(new BigDecimal("300.25"));
            assertThat(row.getOperatingExpenses()).isEqualTo(new BigDecimal("1200.50"));
            assertThat(row.getOperatingProfit()).isEqualTo(new BigDecimal("-1500.75"));
        });

        assertThat(revgraph.executeList("Departments", Map.of(), Department.class))
                .extracting(Department::getCode)
                .contains(department);
    }

    @Test
    void aMutationsExpectedFailureIsDataNamingTheField() {
        SpendLinePayload refused = revgraph.execute(
                "RecordSpendLine",
                Map.of(
                        "input",
                        RecordSpendLineInput.newBuilder()
                                .departmentCode(unique("NONE"))
                                .bookedOn(Api.uniqueMonth().atDay(1))
                                .amount(new BigDecimal("10.00"))
                                .currency("USD")
                                .category(SpendCategory.TOOLS)
                                .build()),
                SpendLinePayload.class);
        assertThat(refused.getSpendLine()).isNull();
        assertThat(refused.getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getField()).containsExactly("input", "departmentCode"));
    }

    /**
     * Every query operation of the clients runs as ADMIN without a GraphQL error: required
     * variables get January 2026 (dates and months) or a code no row has, which a lookup answers
     * with null and a report with the one error it may give, NOT_FOUND naming that variable.
     */
    @Test
    void everyQueryOperationRuns() {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (RevgraphOperations.Operation operation : revgraph.operations().all()) {
            if (operation.kind() != OperationDefinition.Operation.QUERY) {
                continue;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            OperationDefinition definition = Parser.parse(operation.document())
                    .getDefinitionsOfType(OperationDefinition.class)
                    .get(0);
            for (VariableDefinition variable : definition.getVariableDefinitions()) {
                if (variable.getType() instanceof NonNullType required && variable.getDefaultValue() == null) {
                    variables.put(variable.getName(), sample(variable.getName(), required.getType()));
                }
            }
            ClientGraphQlResponse response =
                    revgraph.operation(operation.name(), variables).executeSync();
            ran++;
            boolean onlyTheUnknownCode = response.getErrors().stream()
                    .allMatch(error -> "NOT_FOUND".equals(error.getExtensions().get("code"))
                            && error.getExtensions().get("field") instanceof List<?> field
                            && field.size() == 1
                            && "NO-SUCH-CODE".equals(variables.get(String.valueOf(field.get(0)))));
            if (!onlyTheUnknownCode) {
                failures.add(operation.name() + " " + variables + ": " + response.getErrors());
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(49);
        assertThat(failures).isEmpty();
    }

    private static Object sample(String name, Type<?> type) {
        String typeName = ((TypeName) type).getName();
        return switch (typeName) {
            case "Date" -> name.equals("to") ? "2026-01-31" : "2026-01-01";
            case "YearMonth" -> "2026-01";
            case "Currency" -> "USD";
            case "ID" -> "0";
            case "String" -> "NO-SUCH-CODE";
            default -> throw new IllegalStateException("no sample value for " + name + ": " + typeName);
        };
    }

    @Test
    void subscribesOverWebSocketByName() throws Exception {
        RevgraphClient live = RevgraphClient.of(
                WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql-ws", new StandardWebSocketClient())
                        .header("Authorization", "Bearer " + adminToken)
                        .build());
        BlockingQueue<FiscalMonth> closed = new LinkedBlockingQueue<>();
        Disposable subscription =
                live.subscribe("MonthClosed", Map.of(), FiscalMonth.class).subscribe(closed::add);
        try {
            // live once an event arrives: close months of this run's own until one does
            FiscalMonth event = null;
            YearMonth month = null;
            for (int attempt = 0; attempt < 40 && event == null; attempt++) {
                month = Api.uniqueMonth();
                FiscalMonthPayload payload = revgraph.execute(
                        "CloseMonth", Map.of("input", Map.of("month", month)), FiscalMonthPayload.class);
                assertThat(payload.getErrors()).isEmpty();
                event = closed.poll(500, TimeUnit.MILLISECONDS);
            }
            assertThat(event).isNotNull();
            YearMonth last = month;
            // the event of the last close arrives, whichever came first
            while (event != null && !event.getMonth().equals(last)) {
                event = closed.poll(5, TimeUnit.SECONDS);
            }
            assertThat(event).isNotNull();
            assertThat(event.getStatus()).hasToString("CLOSED");
        } finally {
            subscription.dispose();
        }
    }
}
