package dev.revgraph.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.WriteLoad.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The postmaster of an application's embedded PostgreSQL killed with SIGKILL in the middle of a
 * write load, and what must hold afterwards; shared by the in-process fault test and the one that
 * runs the packaged jar.
 */
public final class PostmasterKill {

    /** How soon after the kill a write must be acknowledged again. */
    public static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);

    /** Time to write an answer once the deadline passed (serialising it, a busy machine's scheduling). */
    public static final Duration ANSWER_GRACE = Duration.ofSeconds(1);

    /** What happened: every outcome, when the kill came, which postmaster died, readiness as polled. */
    public record Run(List<Outcome> outcomes, long killedAt, long deadPid, List<long[]> readiness) {

        /** When the first write that started after the kill was acknowledged (its end), or -1. */
        public long answeredAgain() {
            return firstAnswerAfter(outcomes, killedAt);
        }
    }

    private PostmasterKill() {}

    /** The PID in the data directory's {@code postmaster.pid} (its first line). */
    public static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    /** Whether {@code pid} still runs: not gone, and not a zombie waiting to be reaped. */
    public static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** The server's port, the fourth line of {@code postmaster.pid}. */
    public static int postmasterPort(Path dataDir) throws IOException {
        return Integer.parseInt(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).strip());
    }

    /**
     * Runs the load from four threads; once twenty writes are acknowledged and a second more has
     * passed, kills the postmaster; keeps the load running until a write started after the kill is
     * acknowledged (at most 30 s) and a second longer.
     */
    public static Run underLoad(WriteLoad load, Path dataDir) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> readiness = Collections.synchronizedList(new ArrayList<>());
        ExecutorService background = Executors.newFixedThreadPool(2);
        try {
            Future<?> writing = background.submit(() -> {
                load.run(4, stop);
                return null;
            });
            background.submit(() -> {
                while (!stop.get()) {
                    readiness.add(new long[] {System.nanoTime(), load.readinessStatus()});
                    Thread.sleep(100);
                }
                return null;
            });
            long loadStarted = System.nanoTime();
            while (load.outcomes().stream().filter(Outcome::acknowledged).count() < 20
                    && System.nanoTime() - loadStarted < Duration.ofSeconds(60).toNanos()) {
                Thread.sleep(100);
            }
            Thread.sleep(1_000);
            long deadPid = postmasterPid(dataDir);
            long killedAt = System.nanoTime();
            ProcessHandle.of(deadPid).orElseThrow().destroyForcibly();

            long giveUp = killedAt + Duration.ofSeconds(30).toNanos();
            while (firstAnswerAfter(load.outcomes(), killedAt) < 0 && System.nanoTime() - giveUp < 0) {
                Thread.sleep(50);
            }
            Thread.sleep(1_000);
            stop.set(true);
            writing.get(1, TimeUnit.MINUTES);
            return new Run(load.outcomes(), killedAt, deadPid, List.copyOf(readiness));
        } finally {
            stop.set(true);
            background.shutdownNow();
        }
    }

    /**
     * The API answered again soon, without waiting past any deadline, failed only with
     * {@code UNAVAILABLE} (HTTP 503), mostly at once, and readiness went DOWN and came back.
     * Returns the external ids acknowledged in the end: the failed writes retried with their own
     * external id until they are.
     */
    public static Set<String> assertRecovered(Run run, WriteLoad load, Duration requestTimeout) {
        List<Outcome> outcomes = run.outcomes();
        assertThat(run.answeredAgain())
                .as("an acknowledged write after the kill")
                .isPositive();
        assertThat(Duration.ofNanos(run.answeredAgain() - run.killedAt()))
                .as("the API answers again, without a restart of the application")
                .isLessThan(RECOVERY_LIMIT);
        assertThat(outcomes.stream().filter(o -> o.acknowledged() && o.startedNanos() < run.killedAt()))
                .as("writes acknowledged before the kill")
                .isNotEmpty();
        assertThat(outcomes)
                .as("no request waited past its deadline")
                .allSatisfy(o -> assertThat(o.took()).isLessThan(requestTimeout.plus(ANSWER_GRACE)));

        List<Outcome> failed = outcomes.stream().filter(o -> !o.acknowledged()).toList();
        assertThat(failed).as("the outage was seen").isNotEmpty();
        assertThat(failed)
                .as("every failure is a typed UNAVAILABLE with HTTP 503")
                .allSatisfy(o -> {
                    assertThat(o.classification()).isEqualTo("UNAVAILABLE");
                    assertThat(o.status()).isEqualTo(503);
                });
        // The requests caught by the kill fail as their connections break; one that starts once
        // the death is known (the supervisor looks every 200 ms) is answered without waiting.
        long known = run.killedAt() + Duration.ofSeconds(1).toNanos();
        assertThat(failed.stream().filter(o -> o.startedNanos() > known))
                .as("while the database is away requests are answered at once")
                .allSatisfy(o -> assertThat(o.took()).isLessThan(Duration.ofSeconds(2)));

        assertThat(run.readiness().stream().anyMatch(r -> r[0] > run.killedAt() && r[1] == 503))
                .as("readiness went DOWN during the outage")
                .isTrue();
        assertThat(load.readinessStatus()).as("and is UP again").isEqualTo(200);

        // A failed write may or may not have been committed (its answer was lost); the client
        // retries it with the same external id until it is acknowledged.
        Set<String> acknowledged = new LinkedHashSet<>();
        outcomes.stream().filter(Outcome::acknowledged).forEach(o -> acknowledged.add(o.externalId()));
        for (Outcome f : failed) {
            if (!acknowledged.contains(f.externalId())) {
                assertThat(load.write(f.externalId()).acknowledged())
                        .as("retry of " + f.externalId())
                        .isTrue();
                acknowledged.add(f.externalId());
            }
        }
        return acknowledged;
    }

    /** Every acknowledged write is stored exactly once, nothing else is, and each has its audit row. */
    public static void assertStoredExactlyOnce(Connection connection, String prefix, Set<String> acknowledged)
            throws SQLException {
        Map<String, Integer> stored = LedgerChecks.linesPerExternalId(connection, prefix);
        assertThat(stored.keySet()).as("every acknowledged write is there").containsAll(acknowledged);
        assertThat(stored)
                .as("each exactly once")
                .allSatisfy((id, count) -> assertThat(count).isOne());
        assertThat(stored.keySet()).as("and nothing else").isEqualTo(acknowledged);

        // AUDIT ROW: the audit trail is written after the change, in a transaction of its own (it is
        // being moved into the change's transaction). A write whose answer, or audit row, was lost
        // with the server is retried by the client, and the retry's row names it; so this holds
        // today as long as every failed write is retried.
        assertThat(LedgerChecks.auditedExternalIds(connection, prefix))
                .as("every line has its audit row")
                .containsAll(stored.keySet());
    }

    private static long firstAnswerAfter(List<Outcome> outcomes, long since) {
        return outcomes.stream()
                .filter(o -> o.acknowledged() && o.startedNanos() > since)
                .mapToLong(o -> o.startedNanos() + o.took().toNanos())
                .min()
                .orElse(-1);
    }
}
