package dev.revgraph.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started as a new user starts it: {@code java -jar revgraph.jar} with an empty
 * home directory and no setting at all. The first release's default data directory was the
 * literal text {@code ${user.home}/.revgraph/data} and failed exactly here, while every in-JVM
 * test passed because each one set the directory itself.
 */
class JarProcessIT {

    private static final Duration FIRST_START = Duration.ofMinutes(3);

    @TempDir
    Path home;

    @Test
    void aFirstRunFromAnEmptyHomeServesTheReadmeQueryAndARestartFindsItsData() throws Exception {
        Path token;
        String secret;
        try (RevgraphProcess app = RevgraphProcess.start(home, home.resolve("first.log"))) {
            app.awaitHealthy(FIRST_START);

            // The README's promises: data in ~/.revgraph/data, the token printed and saved beside it.
            assertThat(home.resolve(".revgraph/data/PG_VERSION")).exists();
            token = home.resolve(".revgraph/admin-token");
            assertThat(token).exists();
            secret = Files.readString(token).strip();
            assertThat(app.printedToken()).contains(secret);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                    .isEqualTo("rw-------");
            assertThat(home.resolve("${user.home}")).doesNotExist();

            assertThat(app.graphQl(secret, "{ viewer { role } }", Map.of())
                            .data("viewer.role")
                            .asString())
                    .isEqualTo("ADMIN");
            assertThat(app.graphQl(
                                    secret,
                                    """
                    mutation($input: CreateDepartmentInput!) {
                      createDepartment(input: $input) { department { code } errors { message } }
                    }""",
                                    Map.of("input", Map.of("code", "FIRST", "name", "First run", "kind", "GENERAL")))
                            .data("createDepartment.department.code")
                            .asString())
                    .isEqualTo("FIRST");

            assertThat(app.stop(Duration.ofSeconds(60)))
                    .as("exit code after SIGTERM")
                    .isIn(0, 130, 143);
        }

        try (RevgraphProcess app = RevgraphProcess.start(home, home.resolve("second.log"))) {
            app.awaitHealthy(FIRST_START);
            assertThat(app.printedToken())
                    .as("a second start prints no new token")
                    .isEmpty();
            assertThat(Files.readString(token).strip()).isEqualTo(secret);
            assertThat(app.graphQl(secret, "{ departments { code name } }", Map.of())
                            .data("departments")
                            .toString())
                    .contains("\"code\":\"FIRST\"", "\"name\":\"First run\"");
            app.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void aDataDirectoryWithSpacesAndPunctuationWorks() throws Exception {
        Path dataDir = home.resolve("Revgraph data & co; (it's #1)").resolve("pg");
        try (RevgraphProcess app =
                RevgraphProcess.start(home, home.resolve("spaces.log"), "--revgraph.embedded.data-dir=" + dataDir)) {
            app.awaitHealthy(FIRST_START);
            assertThat(dataDir.resolve("PG_VERSION")).exists();
            String secret =
                    Files.readString(dataDir.getParent().resolve("admin-token")).strip();
            assertThat(app.graphQl(secret, "{ viewer { role } }", Map.of())
                            .data("viewer.role")
                            .asString())
                    .isEqualTo("ADMIN");
            app.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void aDataDirectoryTheShellWouldInterpretIsRefusedBeforePostgresStarts() throws Exception {
        Path dataDir = home.resolve("$HOME").resolve("data");
        try (RevgraphProcess app =
                RevgraphProcess.start(home, home.resolve("refused.log"), "--revgraph.embedded.data-dir=" + dataDir)) {
            assertThat(app.awaitExit(Duration.ofMinutes(1))).isNotZero();
            assertThat(app.output())
                    .contains("revgraph.embedded.data-dir")
                    .contains("must not contain the character $");
            assertThat(dataDir).doesNotExist();
        }
    }
}
