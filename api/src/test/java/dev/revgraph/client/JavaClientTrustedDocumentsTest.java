package dev.revgraph.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.client.types.BudgetVsActualReport;
import dev.revgraph.shared.security.Role;
import dev.revgraph.support.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code revgraph.graphql.trusted-documents-only=true}, over real HTTP: the Java client's
 * operations are the TypeScript build's trusted documents (the same text), so a FINANCE caller runs
 * them by name; a document of its own is refused.
 */
@TestPropertySource(properties = "revgraph.graphql.trusted-documents-only=true")
class JavaClientTrustedDocumentsTest extends IntegrationTest {

    @Test
    void aFinanceCallerRunsTheJavaClientsOperationsByName() {
        RevgraphClient finance =
                RevgraphClient.create("http://localhost:" + port + "/graphql", issueToken(Role.FINANCE, List.of()));
        BudgetVsActualReport report = finance.execute(
                "BudgetVsActual",
                Map.of("from", LocalDate.of(2026, 1, 1), "to", LocalDate.of(2026, 1, 31)),
                BudgetVsActualReport.class);
        assertThat(report.getCurrency()).isNotBlank();

        ClientGraphQlResponse other =
                finance.graphQlClient().document("{ viewer { role } }").executeSync();
        assertThat(other.getErrors())
                .singleElement()
                .satisfies(
                        error -> assertThat(error.getExtensions()).containsEntry("code", "TRUSTED_DOCUMENT_REQUIRED"));
    }
}
