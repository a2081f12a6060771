package dev.revgraph.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revgraph.Application;
import dev.revgraph.support.LedgerChecks;
import dev.revgraph.support.PostmasterKill;
import dev.revgraph.support.WriteLoad;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application's own embedded PostgreSQL, on a data directory of its own (not the test run's
 * shared database): it runs durably, and when its postmaster is killed with SIGKILL in the middle
 * of a write load the application notices, answers UNAVAILABLE (HTTP 503) meanwhile, restarts the
 * server on the same data directory and serves again within seconds, without losing or doubling an
 * acknowledged write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDatabaseFaultTest {

    /** The request deadline for this application; short, so that "no request waited past it" says something. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    Path home;
    ConfigurableApplicationContext app;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("revgraph-fault");
        app = new SpringApplicationBuilder(Application.class)
                .properties(Map.of(
                        "server.port",
                        "0",
                        "revgraph.embedded.data-dir",
                        dataDir().toString(),
                        "revgraph.limits.request-timeout",
                        REQUEST_TIMEOUT.toSeconds() + "s"))
                .run();
    }

    @AfterAll
    void stop() throws Exception {
        long pid = Postmasters.recordedPid(dataDir()).orElse(-1);
        if (app != null) {
            app.close();
        }
        assertThat(pid > 0 && Postmasters.running(pid))
                .as("the server stops with the application")
                .isFalse();
        try (var files = Files.walk(home)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    @Test
    @Order(1)
    void theApplicationsOwnServerRunsDurably() throws Exception {
        try (Connection connection = app.getBean(DataSource.class).getConnection()) {
            assertThat(LedgerChecks.setting(connection, "fsync")).isEqualTo("on");
            assertThat(LedgerChecks.setting(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(LedgerChecks.setting(connection, "full_page_writes")).isEqualTo("on");
            // room for bulk loads, durability unchanged
            assertThat(LedgerChecks.setting(connection, "max_wal_size")).isEqualTo("8GB");
            assertThat(LedgerChecks.setting(connection, "checkpoint_timeout")).isEqualTo("15min");
        }
    }

    @Test
    @Order(2)
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aKilledPostmasterIsRestartedAndNoAcknowledgedWriteIsLostOrDoubled() throws Exception {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        String token = Files.readString(home.resolve("admin-token")).strip();
        String prefix = "fault-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        WriteLoad load = new WriteLoad(port, token, "FAULT", prefix);
        load.createDepartment();

        PostmasterKill.Run run = PostmasterKill.underLoad(load, dataDir());
        Set<String> acknowledged = PostmasterKill.assertRecovered(run, load, REQUEST_TIMEOUT);

        long newPid = Postmasters.recordedPid(dataDir()).orElseThrow();
        assertThat(newPid).as("a new postmaster").isNotEqualTo(run.deadPid());
        assertThat(Postmasters.isPostmasterOf(newPid, dataDir())).isTrue();
        try (Connection connection = app.getBean(DataSource.class).getConnection()) {
            PostmasterKill.assertStoredExactlyOnce(connection, prefix, acknowledged);
            assertThat(LedgerChecks.setting(connection, "fsync")).isEqualTo("on");
            assertThat(LedgerChecks.setting(connection, "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    @Order(3)
    void aServerLeftBehindByAKilledRunIsStoppedBeforeTheNextStart() throws Exception {
        Path other = home.resolve("leftover");
        EmbeddedPostgres leftover = EmbeddedPostgres.builder()
                .setDataDirectory(other)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start();
        long pid = Postmasters.recordedPid(other).orElseThrow();
        assertThat(Postmasters.isPostmasterOf(pid, other)).isTrue();
        assertThat(Postmasters.isPostmasterOf(pid, dataDir()))
                .as("only a server of that directory")
                .isFalse();

        assertThatThrownBy(() -> Postmasters.stopLeftover(other, Duration.ofSeconds(30)))
                .as("a server whose application still runs (and holds the lock) is not touched")
                .hasMessageContaining("still running");
        assertThat(Postmasters.running(pid)).isTrue();

        // the application dies: the operating system drops its lock (here: the lock file goes)
        Files.delete(other.resolve(Postmasters.OWNER_LOCK));
        assertThat(Postmasters.stopLeftover(other, Duration.ofSeconds(30))).isTrue();
        assertThat(Postmasters.running(pid)).isFalse();
        leftover.close();
    }
}
