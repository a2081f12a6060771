package dev.revgraph.shared.db;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postmaster of a data directory as the operating system sees it. The embedded server is
 * started through {@code pg_ctl}, so its postmaster is not a child of the application: it outlives
 * a killed JVM, and its only trace is the first line of {@code postmaster.pid}. A PID in that file
 * is trusted only when {@code /proc} shows a {@code postgres} process of the same data directory,
 * since a PID left by a dead server may since belong to something else, and the server is stopped
 * only when no running application holds the directory's lock ({@link #ownerGone}): the import
 * command, started beside a running server, must refuse rather than stop it.
 */
final class Postmasters {

    private static final Logger log = LoggerFactory.getLogger(Postmasters.class);

    static final String PID_FILE = "postmaster.pid";

    /** The lock file zonky keeps locked in the data directory while its server is in use. */
    static final String OWNER_LOCK = "epg-lock";

    private Postmasters() {}

    /** The PID written in the data directory's {@code postmaster.pid}, if the file is there and readable. */
    static OptionalLong recordedPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code pid} is a running process (a zombie, killed but not yet reaped, is not running). */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String text = Files.readString(stat);
                // pid (comm) state ...: the state follows the last ')', since comm may hold one.
                int close = text.lastIndexOf(')');
                char state = text.charAt(close + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether {@code pid} runs a {@code postgres} server with {@code -D dataDir}, as far as {@code /proc} tells. */
    static boolean isPostmasterOf(long pid, Path dataDir) {
        Optional<List<String>> arguments = commandLine(pid);
        if (arguments.isEmpty()) {
            return false;
        }
        List<String> args = arguments.get();
        if (args.isEmpty() || !Path.of(args.get(0)).getFileName().toString().startsWith("postgres")) {
            return false;
        }
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("-D") && sameDirectory(Path.of(args.get(i + 1)), dataDir)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<List<String>> commandLine(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(bytes, StandardCharsets.UTF_8);
            return Optional.of(Arrays.asList(text.split("\0")));
        } catch (IOException e) {
            return ProcessHandle.of(pid)
                    .flatMap(handle -> handle.info().command().map(command -> {
                        String[] rest = handle.info().arguments().orElse(new String[0]);
                        List<String> all = new ArrayList<>(List.of(command));
                        all.addAll(List.of(rest));
                        return all;
                    }));
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /**
     * Stops a postmaster of {@code dataDir} that an earlier run of the application left behind
     * (killed before it could stop its server), so that this run can start its own. It is asked to
     * shut down as PostgreSQL intends: SIGTERM first (smart: it waits for its sessions, and a dead
     * application has none), SIGINT (fast: it ends them) when that takes too long; never SIGKILL,
     * which would leave the shared memory of its backends behind. Returns whether one was stopped.
     */
    static boolean stopLeftover(Path dataDir, Duration patience) {
        OptionalLong recorded = recordedPid(dataDir);
        if (recorded.isEmpty()) {
            return false;
        }
        long pid = recorded.getAsLong();
        if (!running(pid) || !isPostmasterOf(pid, dataDir)) {
            return false;
        }
        if (!ownerGone(dataDir)) {
            throw new IllegalStateException("The PostgreSQL server of " + dataDir + " (PID " + pid + ") belongs to a"
                    + " Revgraph that is still running; stop that one first, or give this one another"
                    + " revgraph.embedded.data-dir");
        }
        log.warn("A PostgreSQL server (PID {}) left by an earlier run still holds {}; stopping it", pid, dataDir);
        signal(pid, "TERM");
        if (awaitExit(pid, patience)) {
            return true;
        }
        log.warn(
                "The PostgreSQL server PID {} did not stop within {} s; asking for a fast shutdown",
                pid,
                patience.toSeconds());
        signal(pid, "INT");
        if (awaitExit(pid, patience)) {
            return true;
        }
        throw new IllegalStateException("The PostgreSQL server PID " + pid + " of " + dataDir
                + " did not stop; stop it (kill -INT " + pid + ") and start Revgraph again");
    }

    /**
     * Removes {@code postmaster.pid} when the PID in it is no running server of {@code dataDir}.
     * Call only once no server of the directory runs and the backends of a dead one are gone: the
     * file is also PostgreSQL's guard against two servers on one data directory.
     */
    static void removeStalePidFile(Path dataDir) {
        OptionalLong recorded = recordedPid(dataDir);
        if (recorded.isEmpty()) {
            return;
        }
        long pid = recorded.getAsLong();
        if (running(pid) && isPostmasterOf(pid, dataDir)) {
            return;
        }
        removeStaleSocketLock(dataDir, pid);
        try {
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
            log.info("Removed the stale {} of {} (PID {} is no server of it)", PID_FILE, dataDir, pid);
        } catch (IOException e) {
            log.warn("Could not remove the stale {} of {}: {}", PID_FILE, dataDir, e.getMessage());
        }
    }

    /**
     * The dead server's Unix socket lock ({@code <socket dir>/.s.PGSQL.<port>.lock}, from lines 5 and
     * 4 of {@code postmaster.pid}) guards the port the same way and names the same PID.
     */
    private static void removeStaleSocketLock(Path dataDir, long pid) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
            if (lines.size() < 5 || lines.get(4).isBlank()) {
                return;
            }
            Path lock = Path.of(lines.get(4).strip(), ".s.PGSQL." + lines.get(3).strip() + ".lock");
            List<String> lockLines = Files.exists(lock) ? Files.readAllLines(lock, StandardCharsets.UTF_8) : List.of();
            if (!lockLines.isEmpty() && lockLines.get(0).strip().equals(Long.toString(pid))) {
                Files.deleteIfExists(lock);
                log.info("Removed the stale socket lock {} (PID {} is gone)", lock, pid);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not check the socket lock of {}: {}", dataDir, e.getMessage());
        }
    }

    /**
     * Whether no running application owns the data directory's server. The application that
     * started it holds an operating-system lock on {@link #OWNER_LOCK} for as long as it runs (zonky
     * takes it), and the lock goes with the process; a server whose lock can be taken is a leftover.
     */
    static boolean ownerGone(Path dataDir) {
        try (FileChannel channel =
                FileChannel.open(dataDir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            log.warn("Could not check the lock {} of {}: {}", OWNER_LOCK, dataDir, e.getMessage());
            return false;
        }
    }

    /** Asks the server {@code pid} for a fast shutdown (SIGINT) and waits for it; whether it stopped in time. */
    static boolean fastShutdown(long pid, Duration patience) {
        if (!running(pid)) {
            return true;
        }
        signal(pid, "INT");
        return awaitExit(pid, patience);
    }

    /** Waits until {@code pid} has exited; whether it did within {@code patience}. */
    static boolean awaitExit(long pid, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (running(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Sends a signal by name through {@code kill}: Java itself can send only SIGTERM and SIGKILL. */
    private static void signal(long pid, String name) {
        if (name.equals("TERM")) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            kill.getInputStream().transferTo(OutputStream.nullOutputStream());
            kill.waitFor();
        } catch (IOException e) {
            log.warn("Could not send SIG{} to PID {}: {}", name, pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
