package dev.revgraph.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revgraph.client.client.CreateDepartmentGraphQLQuery;
import dev.revgraph.client.client.CreateDepartmentProjectionRoot;
import dev.revgraph.client.client.ProfitAndLossGraphQLQuery;
import dev.revgraph.client.client.ProfitAndLossProjectionRoot;
import dev.revgraph.client.client.RecordSpendLineGraphQLQuery;
import dev.revgraph.client.client.RecordSpendLineProjectionRoot;
import dev.revgraph.client.client.SpendLinesGraphQLQuery;
import dev.revgraph.client.client.SpendLinesProjectionRoot;
import dev.revgraph.client.types.CreateDepartmentInput;
import dev.revgraph.client.types.DepartmentKind;
import dev.revgraph.client.types.DepartmentPayload;
import dev.revgraph.client.types.NotFoundError;
import dev.revgraph.client.types.PnlFilter;
import dev.revgraph.client.types.ProfitAndLossReport;
import dev.revgraph.client.types.RecordSpendLineInput;
import dev.revgraph.client.types.SpendCategory;
import dev.revgraph.client.types.SpendLineConnection;
import dev.revgraph.client.types.SpendLinePayload;
import dev.revgraph.client.types.UserErrorCode;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;

/**
 * The generated Java client (clients/java) against the running application over HTTP: typed
 * inputs with BigDecimal and LocalDate go out as strings, typed results come back exact.
 *
 * <pre>
 * department D (MARKETING), month M (open, used by no other test), all in USD:
 *   day 3   ADVERTISING       1200.50
 *   day 17  COST_OF_SERVICE    300.25
 * spendLines(D, M):   2 lines, total 1200.50 + 300.25 = 1500.75
 * profitAndLoss(M, department D): revenue 0, cost of service 300.25, gross profit -300.25,
 *   operating expenses 1200.50, operating profit -300.25 - 1200.50 = -1500.75, margins null
 * </pre>
 */
class JavaClientTest extends IntegrationTest {

    private RevgraphClient revgraph;

    @BeforeEach
    void typedClient() {
        revgraph = RevgraphClient.create("http://localhost:" + port + "/graphql", adminToken);
    }

    @Test
    void sendsTheBearerTokenTheApiRequires() {
        RevgraphClient anonymous = RevgraphClient.create("http://localhost:" + port + "/graphql", null);
        assertThatThrownBy(() -> anonymous
                        .request(ProfitAndLossGraphQLQuery.newRequest()
                                .from(LocalDate.of(2026, 1, 1))
                                .to(LocalDate.of(2026, 1, 31))
                                .build())
                        .projection(new ProfitAndLossProjectionRoot<>().currency())
                        .retrieveSync("profitAndLoss")
                        .toEntity(ProfitAndLossReport.class))
                .isInstanceOf(HttpClientErrorException.Unauthorized.class);
    }

    @Test
    void recordsSpendAndReadsLedgerAndPnlThroughTheTypedClient() {
        String department = unique("JC");
        YearMonth month = Api.uniqueMonth();

        DepartmentPayload created = revgraph.request(CreateDepartmentGraphQLQuery.newRequest()
                        .input(CreateDepartmentInput.newBuilder()
                                .code(department)
                                .name("Java client")
                                .kind(DepartmentKind.MARKETING)
                                .build())
                        .build())
                .projection(new CreateDepartmentProjectionRoot<>()
                        .department()
                        .code()
                        .kind()
                        .parent()
                        .parent()
                        .errors()
                        .message())
                .retrieveSync("createDepartment")
                .toEntity(DepartmentPayload.class);
        assertThat(created.getErrors()).isEmpty();
        assertThat(created.getDepartment().getKind()).isEqualTo(DepartmentKind.MARKETING);

        SpendLinePayload advertising = record(department, month.atDay(3), "1200.50", SpendCategory.ADVERTISING);
        assertThat(advertising.getErrors()).isEmpty();
        assertThat(advertising.getSpendLine().getReportingAmount().getAmount()).isEqualByComparingTo("1200.50");
        assertThat(advertising.getSpendLine().getBookedOn()).isEqualTo(month.atDay(3));
        assertThat(record(department, month.atDay(17), "300.25", SpendCategory.COST_OF_SERVICE)
                        .getErrors())
                .isEmpty();

        SpendLineConnection lines = revgraph.request(SpendLinesGraphQLQuery.newRequest()
                        .filter(dev.revgraph.client.types.SpendLineFilter.newBuilder()
                                .departmentCodes(List.of(department))
                                .from(month.atDay(1))
                                .to(month.atEndOfMonth())
                                .build())
                        .first(10)
                        .build())
                .projection(new SpendLinesProjectionRoot<>()
                        .totalCount()
                        .total()
                        .amount()
                        .currency()
                        .parent()
                        .edges()
                        .node()
                        .bookedOn()
                        .category()
                        .parent()
                        .amount()
                        .amount()
                        .parent()
                        .parent()
                        .parent()
                        .pageInfo()
                        .hasNextPage())
                .retrieveSync("spendLines")
                .toEntity(SpendLineConnection.class);
        assertThat(lines.getTotalCount()).isEqualTo(2);
        assertThat(lines.getTotal().getAmount()).isEqualTo(new BigDecimal("1500.75"));
        assertThat(lines.getTotal().getCurrency()).isEqualTo("USD");
        assertThat(lines.getEdges())
                .extracting(edge -> edge.getNode().getCategory())
                .containsExactly(SpendCategory.ADVERTISING, SpendCategory.COST_OF_SERVICE);
        assertThat(lines.getPageInfo().getHasNextPage()).isFalse();

        ProfitAndLossReport pnl = revgraph.request(ProfitAndLossGraphQLQuery.newRequest()
                        .from(month.atDay(1))
                        .to(month.atEndOfMonth())
                        .filter(PnlFilter.newBuilder()
                                .departmentCodes(List.of(department))
                                .build())
                        .build())
                .projection(new ProfitAndLossProjectionRoot<>()
                        .currency()
                        .rows()
                        .period()
                        .revenue()
                        .costOfService()
                        .grossProfit()
                        .grossMargin()
                        .operatingExpenses()
                        .operatingProfit()
                        .operatingMargin()
                        .parent()
                        .total()
                        .operatingProfit())
                .retrieveSync("profitAndLoss")
                .toEntity(ProfitAndLossReport.class);
        assertThat(pnl.getCurrency()).isEqualTo("USD");
        assertThat(pnl.getRows()).singleElement().satisfies(row -> {
            assertThat(row.getPeriod()).isEqualTo(month.toString());
            assertThat(row.getRevenue()).isEqualTo(new BigDecimal("0.00"));
            assertThat(row.getCostOfService()).isEqualTo(new BigDecimal("300.25"));
            assertThat(row.getGrossProfit()).isEqualTo(new BigDecimal("-300.25"));
            assertThat(row.getOperatingExpenses()).isEqualTo(new BigDecimal("1200.50"));
            assertThat(row.getOperatingProfit()).isEqualTo(new BigDecimal("-1500.75"));
            assertThat(row.getGrossMargin()).isNull();
            assertThat(row.getOperatingMargin()).isNull();
        });
        assertThat(pnl.getTotal().getOperatingProfit()).isEqualTo(new BigDecimal("-1500.75"));
    }

    @Test
    void typedUserErrorsComeBackAsTheirOwnClasses() {
        SpendLinePayload payload = record(unique("NONE"), Api.uniqueMonth().atDay(1), "10", SpendCategory.TOOLS);
        assertThat(payload.getSpendLine()).isNull();
        assertThat(payload.getErrors()).singleElement().isInstanceOfSatisfying(NotFoundError.class, error -> {
            assertThat(error.getCode()).isEqualTo(UserErrorCode.NOT_FOUND);
            assertThat(error.getField()).containsExactly("input", "departmentCode");
        });
    }

    private SpendLinePayload record(String department, LocalDate bookedOn, String amount, SpendCategory category) {
        return revgraph.request(RecordSpendLineGraphQLQuery.newRequest()
                        .input(RecordSpendLineInput.newBuilder()
                                .departmentCode(department)
                                .bookedOn(bookedOn)
                                .amount(new BigDecimal(amount))
                                .currency("USD")
                                .category(category)
                                .build())
                        .build())
                .projection(new RecordSpendLineProjectionRoot<>()
                        .spendLine()
                        .bookedOn()
                        .reportingAmount()
                        .amount()
                        .currency()
                        .parent()
                        .parent()
                        .errors()
                        .__typename()
                        .message()
                        .field()
                        .code()
                        .parent())
                .retrieveSync("recordSpendLine")
                .toEntity(SpendLinePayload.class);
    }
}
