package dev.revgraph.bi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revgraph.Application;
import dev.revgraph.shared.security.Role;
import dev.revgraph.token.ApiTokenService;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's own embedded PostgreSQL with {@code revgraph.bi.listen-address} and
 * {@code revgraph.bi.port}: it listens on that port, a BI role made by {@code createBiCredentials}
 * connects with its password and not without it, and the application's {@code postgres} still
 * connects from this machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBiListenTest {

    Path home;
    ConfigurableApplicationContext app;
    int pgPort;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("revgraph-bi-listen");
        try (ServerSocket socket = new ServerSocket(0)) {
            pgPort = socket.getLocalPort();
        }
        app = new SpringApplicationBuilder(Application.class)
                .properties(Map.of(
                        "server.port",
                        "0",
                        "revgraph.embedded.data-dir",
                        home.resolve("data").toString(),
                        "revgraph.bi.listen-address",
                        "127.0.0.1",
                        "revgraph.bi.port",
                        String.valueOf(pgPort)))
                .run();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        try (var files = Files.walk(home)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aBiRoleConnectsOnTheChosenPortWithItsPasswordOnly() throws Exception {
        String token = app.getBean(ApiTokenService.class)
                .issue("bi listen test", Role.ADMIN, List.of(), null, "test")
                .secret();
        String httpPort = app.getEnvironment().getProperty("local.server.port");
        String body = "{\"query\":\"mutation { createBiCredentials(input: {name: \\\"listen_test\\\"})"
                + " { password database errors { message } } }\"}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/graphql"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Map<?, ?> payload = (Map<?, ?>) ((Map<?, ?>) JsonMapper.builder()
                        .build()
                        .readValue(response.body(), Map.class)
                        .get("data"))
                .get("createBiCredentials");
        assertThat((List<?>) payload.get("errors")).isEmpty();
        String password = (String) payload.get("password");
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + payload.get("database");

        try (Connection bi = DriverManager.getConnection(url, "listen_test", password)) {
            assertThat(ReportingSchemaTest.rows(bi, "select current_user as who"))
                    .containsExactly(Map.of("who", "listen_test"));
            assertThat(ReportingSchemaTest.rows(bi, "select count(*) as n from reporting.pnl_monthly"))
                    .hasSize(1);
        }
        assertThatThrownBy(() ->
                        DriverManager.getConnection(url, "listen_test", "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        try (Connection owner = DriverManager.getConnection(url, "postgres", "")) {
            assertThat(ReportingSchemaTest.rows(owner, "show listen_addresses"))
                    .containsExactly(Map.of("listen_addresses", "localhost,127.0.0.1"));
        }
    }
}
