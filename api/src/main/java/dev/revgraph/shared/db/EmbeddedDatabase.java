package dev.revgraph.shared.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's own PostgreSQL, run durably and kept running.
 *
 * <p>Durable: zonky's builder is made for tests; it starts the server with {@code -F} (fsync off)
 * and {@code synchronous_commit=off}, which loses acknowledged commits when the server dies. The
 * server options it passes end with our {@code -c} settings, and PostgreSQL applies command-line
 * options in order, so {@link #DURABLE_SETTINGS} win over {@code -F}.
 *
 * <p>Kept running: a supervisor thread checks every {@link #CHECK_INTERVAL} that the postmaster
 * lives. When it has died it marks the database unavailable (requests get {@code UNAVAILABLE} at
 * once), waits for the dead server's backends to go, and starts a new server on the same data
 * directory and port, which recovers from its write-ahead log; {@link DatabaseAvailability}'s probe
 * then finds it and requests are served again, with no restart of the application.
 *
 * <p>Started through {@code pg_ctl}, the postmaster is no child of the application and outlives a
 * killed JVM; a start first stops such a leftover server of the same data directory
 * ({@link Postmasters#stopLeftover}), and {@link #close()} stops the server with the application.
 */
final class EmbeddedDatabase implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** What the application's server must never run without; only the test suite's own server turns them off. */
    static final Map<String, String> DURABLE_SETTINGS =
            Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

    /**
     * Before it replays the WAL after a crash, PostgreSQL makes sure every file of the data
     * directory is on disk; {@code syncfs} does that with one call per file system instead of one
     * {@code fsync} per file, which took seconds of a restart on a busy machine.
     */
    static final Map<String, String> RECOVERY_SETTINGS = Map.of("recovery_init_sync_method", "syncfs");

    /**
     * Room for bulk writes, durability unchanged (docs/performance.md, "Bulk import"): a larger
     * cache keeps the ledgers' indexes in memory while an import inserts millions of lines, and
     * checkpoints a few gigabytes of WAL apart write each page image once per load instead of
     * once per gigabyte ({@code full_page_writes}); a longer crash recovery is the price.
     * {@code temp_buffers} holds an import's staging table (a session takes it only as it uses it).
     */
    static Map<String, String> bulkSettings(long totalMemory) {
        long mb = 1L << 20;
        long sharedBuffers = Math.max(128 * mb, Math.min(totalMemory / 8, 2048 * mb));
        long tempBuffers = Math.max(8 * mb, Math.min(totalMemory / 32, 512 * mb));
        return Map.of(
                "shared_buffers", sharedBuffers / mb + "MB",
                "wal_buffers", "64MB",
                "max_wal_size", "8GB",
                "checkpoint_timeout", "15min",
                "maintenance_work_mem", "256MB",
                "temp_buffers", tempBuffers / mb + "MB");
    }

    /** The machine's memory, or a small figure when the JVM cannot tell. */
    private static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 1L << 30;
    }

    static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    /** Room for crash recovery of a large data directory before the application's start counts as failed. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

    /**
     * How long a restart waits for the server to accept connections before it tries again; a
     * server still recovering then is adopted by the next round rather than started twice.
     */
    static final Duration RESTART_WAIT = Duration.ofSeconds(15);

    /** How long a leftover server gets for each step of its shutdown. */
    static final Duration LEFTOVER_PATIENCE = Duration.ofSeconds(30);

    /** How long the killed backends of a dead postmaster get to be gone. */
    static final Duration ORPHAN_PATIENCE = Duration.ofSeconds(5);

    private final Path dataDir;
    private final String listenAddress;
    private final DatabaseAvailability availability;
    private final Object lifecycle = new Object();
    private final Thread supervisor;
    private volatile EmbeddedPostgres postgres;
    private volatile long pid;
    private volatile boolean closed;

    private EmbeddedDatabase(
            Path dataDir, String listenAddress, DatabaseAvailability availability, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.listenAddress = listenAddress;
        this.availability = availability;
        this.postgres = postgres;
        this.pid = postmasterPid();
        this.supervisor = new Thread(this::supervise, "embedded-postgres-supervisor");
        this.supervisor.setDaemon(true);
    }

    /** Starts the server of {@code dataDir} (stopping one an earlier run left) and its supervisor. */
    static EmbeddedDatabase start(Path dataDir, int port, DatabaseAvailability availability) throws IOException {
        return start(dataDir, port, null, availability);
    }

    /**
     * Starts the server of {@code dataDir}, also listening on {@code listenAddress} for BI tools when
     * it is not null (see {@link #BI_HBA}).
     */
    static EmbeddedDatabase start(Path dataDir, int port, String listenAddress, DatabaseAvailability availability)
            throws IOException {
        try {
            clearTheWay(dataDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing " + dataDir, e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(
                dataDir, listenAddress, availability, startServer(dataDir, port, listenAddress, STARTUP_WAIT));
        database.supervisor.start();
        return database;
    }

    /**
     * The client authentication of a server that listens beyond localhost for BI tools: the
     * application's superuser {@code postgres} connects from this machine without a password, as
     * always; every other role, from anywhere, only with its password (SCRAM); {@code postgres}
     * from elsewhere never (it has no password). Written at each such start, before the server
     * takes a connection from elsewhere (initdb's file accepts localhost only).
     */
    static final String BI_HBA = """
            # Written by Revgraph at every start while revgraph.bi.listen-address is set (docs/bi.md).
            local   all   postgres                  trust
            host    all   postgres   127.0.0.1/32   trust
            host    all   postgres   ::1/128        trust
            local   all   all                       scram-sha-256
            host    all   all        all            scram-sha-256
            """;

    private static EmbeddedPostgres startServer(Path dataDir, int port, String listenAddress, Duration wait)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // The application stops the server when it stops; a second hook of zonky's own would
                // stop it under the running application during a shutdown.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(wait);
        bulkSettings(totalMemory()).forEach(builder::setServerConfig);
        DURABLE_SETTINGS.forEach(builder::setServerConfig);
        RECOVERY_SETTINGS.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        if (listenAddress == null) {
            return builder.start();
        }
        builder.setServerConfig("listen_addresses", "*".equals(listenAddress) ? "*" : "localhost," + listenAddress);
        EmbeddedPostgres started = builder.start();
        // initdb's own file accepts localhost only, so nothing from elsewhere got in before this
        Files.writeString(dataDir.resolve("pg_hba.conf"), BI_HBA);
        try (Connection c = started.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            started.close();
            throw new IOException("could not reload the client authentication for revgraph.bi.listen-address", e);
        }
        return started;
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    Path dataDirectory() {
        return dataDir;
    }

    private long postmasterPid() {
        OptionalLong recorded = Postmasters.recordedPid(dataDir);
        return recorded.isPresent() ? recorded.getAsLong() : -1;
    }

    private void supervise() {
        while (!closed) {
            try {
                Thread.sleep(CHECK_INTERVAL.toMillis());
                if (!closed && pid > 0 && !Postmasters.running(pid)) {
                    restart();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("The embedded PostgreSQL supervisor failed a round; it tries again", e);
            }
        }
    }

    /** Starts a new server after the postmaster {@link #pid} died, trying until it runs or the application stops. */
    private void restart() throws InterruptedException {
        long dead = pid;
        availability.markUnavailable("the embedded PostgreSQL (PID " + dead + ") stopped");
        log.error("The embedded PostgreSQL of {} (PID {}) has stopped; starting it again", dataDir, dead);
        int port = postgres.getPort();
        Duration pause = Duration.ofMillis(250);
        while (!closed) {
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                long running = postmasterPid();
                if (running != dead
                        && running > 0
                        && Postmasters.running(running)
                        && Postmasters.isPostmasterOf(running, dataDir)) {
                    // an earlier attempt's server came up after that start was given up on
                    pid = running;
                    log.info("The embedded PostgreSQL of {} runs again (PID {}, port {})", dataDir, pid, port);
                    return;
                }
                releaseLock();
                try {
                    clearTheWay(dataDir);
                    postgres = startServer(dataDir, port, listenAddress, RESTART_WAIT);
                    pid = postmasterPid();
                    log.info("The embedded PostgreSQL of {} runs again (PID {}, port {})", dataDir, pid, port);
                    return;
                } catch (IOException | RuntimeException e) {
                    log.warn(
                            "The embedded PostgreSQL of {} did not start again ({}); retrying in {} ms",
                            dataDir,
                            e.getMessage(),
                            pause.toMillis());
                }
            }
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                    ? Duration.ofSeconds(5)
                    : pause.multipliedBy(2);
        }
    }

    /**
     * Lets go of zonky's handle on the dead server. Its lock on the data directory's lock file (a
     * start that failed keeps one too) would refuse the next start in this JVM: removing the file
     * lets the next start lock a new one. The handle is not closed: its close runs {@code pg_ctl
     * stop} on the data directory, which finds no server now but would stop the new one if it ran
     * any later; the one file descriptor it keeps is the price of a restart.
     */
    private void releaseLock() {
        try {
            Files.deleteIfExists(dataDir.resolve(Postmasters.OWNER_LOCK));
        } catch (IOException e) {
            log.debug("removing {}: {}", Postmasters.OWNER_LOCK, e.getMessage());
        }
    }

    /**
     * Makes sure a new server can start on {@code dataDir}: a server left by a killed application
     * is stopped, the backends of a dead one are gone, and a {@code postmaster.pid} naming a process
     * that is no server of this directory (dead, a zombie its parent never reaped, or a PID since
     * reused) is removed, since PostgreSQL refuses to start while that PID exists at all.
     */
    private static void clearTheWay(Path dataDir) throws InterruptedException {
        Postmasters.stopLeftover(dataDir, LEFTOVER_PATIENCE);
        awaitOrphanedBackends(dataDir);
        Postmasters.removeStalePidFile(dataDir);
    }

    /**
     * Ends the backends of a dead postmaster and waits until they are gone. They are doomed (a
     * backend notices its postmaster's death only at its next wait, and one busy with a statement
     * runs on for as long as it takes, holding its client's request), and a new server must not
     * run beside them: killing them is what PostgreSQL itself does to its backends after a crash,
     * and the new server recovers from the WAL.
     */
    private static void awaitOrphanedBackends(Path dataDir) throws InterruptedException {
        List<ProcessHandle> left = orphanedBackends(dataDir);
        if (!left.isEmpty()) {
            log.warn("Ending {} backend(s) of the dead PostgreSQL server", left.size());
            left.forEach(ProcessHandle::destroyForcibly);
        }
        long deadline = System.nanoTime() + ORPHAN_PATIENCE.toNanos();
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            left = orphanedBackends(dataDir);
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A {@code postgres} process: the server binary, or a backend showing {@code postgres: ...} as its title. */
    private static boolean isPostgres(String commandLine) {
        String first = commandLine.split("[\\s\\x00]", 2)[0];
        return first.startsWith("postgres") || first.endsWith("/postgres");
    }

    /**
     * The {@code postgres} processes other than this one whose working directory is the data
     * directory: after the postmaster's death, its backends.
     */
    private static List<ProcessHandle> orphanedBackends(Path dataDir) {
        List<ProcessHandle> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        long candidate = Long.parseLong(p.getFileName().toString());
                        if (candidate == self || !Postmasters.running(candidate)) {
                            return;
                        }
                        try {
                            if (Files.isSameFile(Files.readSymbolicLink(p.resolve("cwd")), dataDir)
                                    && isPostgres(Files.readString(p.resolve("cmdline")))) {
                                ProcessHandle.of(candidate).ifPresent(found::add);
                            }
                        } catch (IOException | RuntimeException e) {
                            // gone meanwhile, or not ours to read
                        }
                    });
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    /**
     * Stops the supervisor, then the server: a fast shutdown through {@code pg_ctl}, which gives up
     * waiting after 5 s, so a server still shutting down then is waited for (and asked again).
     */
    @Override
    public void close() throws IOException {
        synchronized (lifecycle) {
            closed = true;
        }
        supervisor.interrupt();
        postgres.close();
        long last = pid;
        if (last > 0
                && Postmasters.running(last)
                && Postmasters.isPostmasterOf(last, dataDir)
                && !Postmasters.fastShutdown(last, LEFTOVER_PATIENCE)) {
            log.error("The embedded PostgreSQL of {} (PID {}) did not stop; the next start stops it", dataDir, last);
        }
    }
}
