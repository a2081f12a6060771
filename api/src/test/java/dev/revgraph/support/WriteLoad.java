package dev.revgraph.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A steady write load over real HTTP GraphQL for the fault tests: spend lines with unique external
 * ids, each request's answer, HTTP status and duration kept. A write counts as acknowledged only
 * when its payload names the line and carries no error; anything else is a failure to retry with
 * the same external id (writes are idempotent by it).
 */
public final class WriteLoad {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request and how it ended. */
    public record Outcome(
            String externalId,
            boolean acknowledged,
            int status,
            String classification,
            long startedNanos,
            Duration took) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI graphQl;
    private final URI readiness;
    private final String token;
    private final String departmentCode;
    private final String prefix;
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sequence = new AtomicInteger();

    public WriteLoad(int port, String token, String departmentCode, String prefix) {
        this.graphQl = URI.create("http://localhost:" + port + "/graphql");
        this.readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
        this.token = token;
        this.departmentCode = departmentCode;
        this.prefix = prefix;
    }

    /** Creates the department the lines are booked to; fails unless it is acknowledged. */
    public void createDepartment() {
        JsonNode answer = post(
                        "createDepartment",
                        Map.of("input", Map.of("code", departmentCode, "name", "Fault load", "kind", "GENERAL")))
                .body();
        JsonNode errors = answer.path("data").path("createDepartment").path("errors");
        if (answer.has("errors") || !errors.isArray() || !errors.isEmpty()) {
            throw new IllegalStateException("could not create the load's department: " + answer);
        }
    }

    /** Writes one spend line with {@code externalId}; its outcome is kept and returned. */
    public Outcome write(String externalId) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("departmentCode", departmentCode);
        input.put("bookedOn", "2026-01-15");
        input.put("amount", "12.34");
        input.put("currency", "USD");
        input.put("category", "TOOLS");
        input.put("externalId", externalId);
        long started = System.nanoTime();
        Answer answer;
        try {
            answer = post("recordSpendLine", Map.of("input", input));
        } catch (UncheckedIOException e) {
            Outcome failed = new Outcome(
                    externalId,
                    false,
                    -1,
                    "NO_ANSWER: " + e.getCause(),
                    started,
                    Duration.ofNanos(System.nanoTime() - started));
            outcomes.add(failed);
            return failed;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        JsonNode payload = answer.body().path("data").path("recordSpendLine");
        boolean acknowledged = answer.status() == 200
                && !answer.body().has("errors")
                && externalId.equals(
                        payload.path("spendLine").path("externalId").asString(""))
                && payload.path("errors").isArray()
                && payload.path("errors").isEmpty();
        String classification = acknowledged
                ? null
                : answer.body()
                        .path("errors")
                        .path(0)
                        .path("extensions")
                        .path("classification")
                        .asString("none");
        Outcome outcome = new Outcome(externalId, acknowledged, answer.status(), classification, started, took);
        outcomes.add(outcome);
        return outcome;
    }

    /** Writes new lines from {@code threads} threads until {@code stop} is set; returns when all have ended. */
    public void run(int threads, AtomicBoolean stop) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        write(prefix + "-" + sequence.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every outcome so far, in the order they ended. */
    public List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** The HTTP status of the readiness probe, or -1 when nothing answered. */
    public int readinessStatus() {
        try {
            return http.send(
                            HttpRequest.newBuilder(readiness)
                                    .timeout(Duration.ofSeconds(5))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A query's JSON answer, for checks after the load. */
    public JsonNode query(String documentName, Map<String, Object> variables) {
        return post(documentName, variables).body();
    }

    private record Answer(int status, JsonNode body) {}

    private Answer post(String documentName, Map<String, Object> variables) {
        Map<String, Object> request = Map.of("query", document(documentName), "variables", variables);
        HttpRequest httpRequest = HttpRequest.newBuilder(graphQl)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build();
        try {
            HttpResponse<String> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String document(String name) {
        try (InputStream in = WriteLoad.class.getResourceAsStream("/graphql-test/" + name + ".graphql")) {
            if (in == null) {
                throw new IllegalArgumentException("no test document " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
