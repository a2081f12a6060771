package dev.revgraph.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code revgraph.jar}, from the {@code revgraph.jar} system property
 * that failsafe sets) run as a user runs it: {@code java -jar}, with its own {@code HOME}, so that
 * its embedded database lives in {@code HOME/.revgraph/data}. Its output goes to a log file beside
 * that directory, named in every failure.
 */
final class RevgraphJarProcess implements AutoCloseable {

    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);

    private final Process process;
    private final int port;
    private final Path log;

    private RevgraphJarProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with {@code home} as its HOME and waits until readiness answers UP. */
    static RevgraphJarProcess start(Path home, String name, String... arguments) throws Exception {
        String jar = System.getProperty("revgraph.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the packaged jar is missing (system property revgraph.jar: " + jar
                    + "); run through maven-failsafe after package");
        }
        int port = freePort();
        Path log = home.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar", jar,
                "--server.port=" + port));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("SPRING_DATASOURCE_URL");
        RevgraphJarProcess started = new RevgraphJarProcess(builder.start(), port, log);
        started.awaitReady();
        return started;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue() + " while starting; "
                        + tail());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the application was not ready within " + STARTUP_LIMIT + "; " + tail());
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the application gets no chance to stop anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** SIGTERM: a normal stop; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the application did not stop within 2 minutes; " + tail());
        }
        return process.exitValue();
    }

    /** The end of the application's output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (IOException e) {
            return "no output in " + log;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }
}
