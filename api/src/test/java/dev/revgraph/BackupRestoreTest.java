package dev.revgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The backup of docs/operations.md, run as written: with the application stopped, the whole
 * {@code ~/.revgraph} directory (data and admin token) goes into one archive; unpacked into another
 * home, the application starts on it with every row and the same token.
 */
class BackupRestoreTest {

    /** docs/operations.md, "Back up": run in the home directory with the application stopped. */
    static final String BACKUP = "tar -C \"$HOME\" -czf revgraph-backup.tar.gz .revgraph";

    /** docs/operations.md, "Restore": into a home without a {@code .revgraph} directory. */
    static final String RESTORE = "tar -C \"$HOME\" -xzf revgraph-backup.tar.gz";

    @TempDir
    Path original;

    @TempDir
    Path restored;

    @Test
    void anArchiveOfTheStoppedDataDirectoryRestoresEveryRow() throws Exception {
        try (ConfigurableApplicationContext app = start(original)) {
            client(app, original)
                    .documentName("createDepartment")
                    .variable("input", Map.of("code", "SAFE", "name", "Backed up", "kind", "GENERAL"))
                    .execute()
                    .path("createDepartment.errors")
                    .entityList(Object.class)
                    .hasSize(0);
            client(app, original)
                    .documentName("recordSpendLine")
                    .variable(
                            "input",
                            Map.of(
                                    "departmentCode",
                                    "SAFE",
                                    "bookedOn",
                                    "2026-02-03",
                                    "amount",
                                    "7.70",
                                    "currency",
                                    "USD",
                                    "category",
                                    "TOOLS",
                                    "externalId",
                                    "backed-up-1"))
                    .execute()
                    .path("recordSpendLine.errors")
                    .entityList(Object.class)
                    .hasSize(0);
        }
        shell(original, BACKUP);
        Files.move(original.resolve("revgraph-backup.tar.gz"), restored.resolve("revgraph-backup.tar.gz"));
        shell(restored, RESTORE);

        try (ConfigurableApplicationContext app = start(restored)) {
            client(app, restored)
                    .documentName("spendLines")
                    .execute()
                    .path("spendLines.totalCount")
                    .entity(Integer.class)
                    .isEqualTo(1)
                    .path("spendLines.edges[0].node.externalId")
                    .entity(String.class)
                    .isEqualTo("backed-up-1")
                    .path("spendLines.edges[0].node.department.name")
                    .entity(String.class)
                    .isEqualTo("Backed up")
                    .path("spendLines.total.amount")
                    .entity(String.class)
                    .isEqualTo("7.70");
        }
        assertThat(Files.readString(restored.resolve(".revgraph/admin-token")))
                .isEqualTo(Files.readString(original.resolve(".revgraph/admin-token")));
    }

    private static void shell(Path home, String command) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("sh", "-c", command).directory(home.toFile()).inheritIO();
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(command).isZero();
    }

    private static ConfigurableApplicationContext start(Path home) {
        return new SpringApplicationBuilder(Application.class)
                .properties(Map.of(
                        "server.port",
                        "0",
                        "revgraph.embedded.data-dir",
                        home.resolve(".revgraph/data").toString()))
                .run();
    }

    private static HttpGraphQlTester client(ConfigurableApplicationContext app, Path home) {
        String port = app.getEnvironment().getProperty("local.server.port");
        String token;
        try {
            token = Files.readString(home.resolve(".revgraph/admin-token")).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return HttpGraphQlTester.create(WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port + "/graphql")
                .defaultHeader("Authorization", "Bearer " + token)
                .build());
    }
}
