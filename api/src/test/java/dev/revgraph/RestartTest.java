package dev.revgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The default setup a new user gets: no database configured, so the app runs its own embedded
 * PostgreSQL in a data directory; stopping and starting it again keeps every row.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartKeepsEveryRowAndTheFirstRunAdminToken() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            client(app)
                    .documentName("createDepartment")
                    .variable("input", Map.of("code", "KEEP", "name", "Kept", "kind", "GENERAL"))
                    .execute()
                    .path("createDepartment.errors")
                    .entityList(Object.class)
                    .hasSize(0);
            client(app)
                    .documentName("recordSpendLine")
                    .variable(
                            "input",
                            Map.of(
                                    "departmentCode",
                                    "KEEP",
                                    "bookedOn",
                                    "2026-01-05",
                                    "amount",
                                    "42.42",
                                    "currency",
                                    "USD",
                                    "category",
                                    "TOOLS",
                                    "externalId",
                                    "keep-1"))
                    .execute()
                    .path("recordSpendLine.errors")
                    .entityList(Object.class)
                    .hasSize(0);
        }
        assertThat(dataDir.resolve("data/PG_VERSION")).exists();
        try (ConfigurableApplicationContext app = start()) {
            client(app)
                    .documentName("spendLines")
                    .execute()
                    .path("spendLines.totalCount")
                    .entity(Integer.class)
                    .isEqualTo(1)
                    .path("spendLines.edges[0].node.externalId")
                    .entity(String.class)
                    .isEqualTo("keep-1")
                    .path("spendLines.edges[0].node.department.name")
                    .entity(String.class)
                    .isEqualTo("Kept")
                    .path("spendLines.total.amount")
                    .entity(String.class)
                    .isEqualTo("42.42");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(Application.class)
                .properties(Map.of(
                        "server.port",
                        "0",
                        "revgraph.embedded.data-dir",
                        dataDir.resolve("data").toString()))
                .run();
    }

    /** A client with the admin token the first run wrote beside the data directory. */
    private HttpGraphQlTester client(ConfigurableApplicationContext app) {
        String port = app.getEnvironment().getProperty("local.server.port");
        String token;
        try {
            token = java.nio.file.Files.readString(dataDir.resolve("admin-token"))
                    .strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(token).startsWith("rg_");
        return HttpGraphQlTester.create(WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port + "/graphql")
                .defaultHeader("Authorization", "Bearer " + token)
                .build());
    }
}
