package dev.revgraph.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar started as a separate process, the way a user starts it: {@code java -jar},
 * a home directory of the test's choosing, and an environment cleared of every Revgraph and
 * Spring setting, so nothing a test runner sets can hide a default that fails for a user.
 */
public final class RevgraphProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PRINTED_TOKEN = Pattern.compile("^\\s+(rg_[A-Za-z0-9_-]+)\\s*$", Pattern.MULTILINE);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RevgraphProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The jar {@code package} built; failsafe passes its path as {@code revgraph.jar}. */
    public static Path jar() {
        String configured = System.getProperty("revgraph.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "revgraph.jar");
        assertThat(jar)
                .as("the packaged jar (run the tests through `./mvnw verify`)")
                .exists();
        return jar.toAbsolutePath();
    }

    /**
     * Starts {@code java -jar revgraph.jar} with {@code HOME} set to {@code home}, the working
     * directory {@code home}, output going to {@code log}, on a free HTTP port given as
     * {@code SERVER_PORT} (the only setting), plus any {@code args}.
     */
    public static RevgraphProcess start(Path home, Path log, String... args) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(key -> key.startsWith("REVGRAPH_")
                        || key.startsWith("SPRING_")
                        || key.startsWith("SERVER_")
                        || key.equals("JAVA_TOOL_OPTIONS")
                        || key.equals("JDK_JAVA_OPTIONS"));
        env.put("HOME", home.toString());
        env.put("SERVER_PORT", Integer.toString(port));
        try {
            return new RevgraphProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /**
     * {@link #start} named {@code name} (its output in {@code home/name.log}), then waits until it
     * is healthy; a start that fails is stopped before the error is thrown.
     */
    public static RevgraphProcess startHealthy(Path home, String name, Duration timeout, String... args)
            throws InterruptedException {
        RevgraphProcess app = start(home, home.resolve(name + ".log"), args);
        try {
            return app.awaitHealthy(timeout);
        } catch (RuntimeException | Error | InterruptedException e) {
            app.close();
            throw e;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file the process writes its output to. */
    public Path log() {
        return log;
    }

    /** SIGKILL: the application gets no chance to stop anything, its embedded server included. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /actuator/health} answers UP; fails with the output if the process dies or time runs out. */
    public RevgraphProcess awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive())
                    .as("the process exited early; its output:%n%s", output())
                    .isTrue();
            Optional<String> body = get("/actuator/health");
            if (body.isPresent() && body.get().contains("\"status\":\"UP\"")) {
                return this;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not healthy within " + timeout + "; output:\n" + output());
    }

    /** Waits for the process to exit by itself (a refused start) and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("the process should have exited; its output:%n%s", output())
                .isTrue();
        return process.exitValue();
    }

    /** The first-run token printed in the output, if one was printed. */
    public Optional<String> printedToken() {
        Matcher matcher = PRINTED_TOKEN.matcher(output());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private Optional<String> get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Optional.of(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** POSTs a GraphQL document with the bearer token; returns the HTTP status and the parsed body. */
    public GraphQlResponse graphQl(String token, String document, Map<String, Object> variables) {
        try {
            String body = JSON.writeValueAsString(Map.of("query", document, "variables", variables));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/graphql-response+json, application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new GraphQlResponse(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the application the way a terminal's Ctrl-C or a service manager does (SIGTERM) and waits. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("did not stop within " + timeout + " of SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A GraphQL response over HTTP. */
    public record GraphQlResponse(int status, JsonNode body) {

        /** The data at a dotted path, after checking the response carries no errors. */
        public JsonNode data(String path) {
            assertThat(status).as("HTTP status of %s", body).isEqualTo(200);
            assertThat(body.path("errors").isMissingNode()
                            || body.path("errors").isEmpty())
                    .as("GraphQL errors: %s", body.path("errors"))
                    .isTrue();
            JsonNode node = body.path("data");
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }
    }
}
