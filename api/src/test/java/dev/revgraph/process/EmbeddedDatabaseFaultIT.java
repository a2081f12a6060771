package dev.revgraph.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.LedgerChecks;
import dev.revgraph.support.PostmasterKill;
import dev.revgraph.support.WriteLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application with its embedded PostgreSQL, as processes: its postmaster killed
 * with SIGKILL under a write load is restarted without restarting the application and no
 * acknowledged write is lost or doubled; then the application itself is killed with SIGKILL, which
 * leaves its postmaster running, and started again on the same data directory: the first start
 * succeeds, stopping that leftover server, finds every row, and a normal stop takes the server
 * with it.
 */
class EmbeddedDatabaseFaultIT {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    /** Room for a first start (the schema's migration) and for crash recovery on a loaded machine. */
    static final Duration STARTUP = Duration.ofMinutes(4);

    @TempDir
    Path home;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void survivesItsPostmastersDeathAndItsOwnKill() throws Exception {
        Path dataDir = home.resolve(".revgraph/data");
        String prefix = "fault-it-" + System.nanoTime();
        Set<String> acknowledged;
        long survivingPid;
        try (RevgraphProcess first = RevgraphProcess.startHealthy(
                home, "first", STARTUP, "--revgraph.limits.request-timeout=" + REQUEST_TIMEOUT.toSeconds() + "s")) {
            String token =
                    Files.readString(home.resolve(".revgraph/admin-token")).strip();
            WriteLoad load = new WriteLoad(first.port(), token, "FAULT", prefix);
            load.createDepartment();

            PostmasterKill.Run run = PostmasterKill.underLoad(load, dataDir);
            acknowledged = PostmasterKill.assertRecovered(run, load, REQUEST_TIMEOUT);
            survivingPid = PostmasterKill.postmasterPid(dataDir);
            assertThat(survivingPid).as("a new postmaster").isNotEqualTo(run.deadPid());

            first.kill();
            assertThat(first.isAlive()).isFalse();
            Thread.sleep(500);
            assertThat(PostmasterKill.isRunning(survivingPid))
                    .as("the postmaster outlives the killed application")
                    .isTrue();
        }

        try (RevgraphProcess second = RevgraphProcess.startHealthy(home, "second", STARTUP)) {
            long pid = PostmasterKill.postmasterPid(dataDir);
            assertThat(pid).as("the leftover server was replaced").isNotEqualTo(survivingPid);
            assertThat(PostmasterKill.isRunning(survivingPid))
                    .as("the leftover server was stopped")
                    .isFalse();
            assertThat(Files.readString(second.log())).doesNotContain("already exists");

            String url = "jdbc:postgresql://localhost:" + PostmasterKill.postmasterPort(dataDir) + "/postgres";
            try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
                PostmasterKill.assertStoredExactlyOnce(connection, prefix, acknowledged);
                assertThat(LedgerChecks.setting(connection, "fsync")).isEqualTo("on");
                assertThat(LedgerChecks.setting(connection, "synchronous_commit"))
                        .isEqualTo("on");
                assertThat(LedgerChecks.setting(connection, "full_page_writes")).isEqualTo("on");
            }
            String token =
                    Files.readString(home.resolve(".revgraph/admin-token")).strip();
            WriteLoad reader = new WriteLoad(second.port(), token, "FAULT", prefix);
            assertThat(reader.write(prefix + "-after-restart").acknowledged())
                    .as("the API writes again")
                    .isTrue();

            assertThat(second.stop(Duration.ofMinutes(2))).as("a normal stop").isIn(0, 143);
            assertThat(PostmasterKill.isRunning(pid))
                    .as("the server stops with the application")
                    .isFalse();
        }
    }
}
