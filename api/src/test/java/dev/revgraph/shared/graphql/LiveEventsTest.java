package dev.revgraph.shared.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * The subscriptions over a real WebSocket (graphql-ws at {@code /graphql-ws}, the token in the
 * handshake): an event after its mutation has committed, none for a refused write, and the role
 * rules of each subscription.
 */
class LiveEventsTest extends IntegrationTest {

    private final Disposable.Composite subscriptions = Disposables.composite();

    @AfterEach
    void unsubscribe() {
        subscriptions.dispose();
    }

    private WebSocketGraphQlClient webSocket(String token) {
        WebSocketGraphQlClient.Builder<?> builder =
                WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql-ws", new StandardWebSocketClient());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    /** A client that sends its token as a browser does: in graphql-ws's connection_init payload. */
    private WebSocketGraphQlClient webSocketWithInitPayload(String token) {
        return WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql-ws", new StandardWebSocketClient())
                .interceptor(new WebSocketGraphQlClientInterceptor() {
                    @Override
                    public Mono<Object> connectionInitPayload() {
                        return Mono.just(Map.of("Authorization", "Bearer " + token));
                    }
                })
                .build();
    }

    /** Subscribes to {@code field} and collects what arrives, errors included (as the exception). */
    private BlockingQueue<Object> subscribe(WebSocketGraphQlClient client, String field, String selection) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        subscriptions.add(client.document("subscription { " + field + " " + selection + " }")
                .retrieveSubscription(field)
                .toEntity(Map.class)
                .subscribe(received::add, received::add));
        return received;
    }

    private Map<String, Object> close(YearMonth month) {
        return api.ok("closeMonth", "fiscalMonth", Map.of("month", month.toString()));
    }

    /**
     * The subscription is live once the server sends an event for it; until then, close throwaway
     * months of their own (each unique to this run) and wait for the first event.
     */
    private void awaitLive(BlockingQueue<Object> received) throws InterruptedException {
        for (int attempt = 0; attempt < 40; attempt++) {
            YearMonth probe = Api.uniqueMonth();
            close(probe);
            Object event = received.poll(500, TimeUnit.MILLISECONDS);
            if (event != null) {
                assertThat(event).isInstanceOf(Map.class);
                received.clear();
                return;
            }
        }
        throw new AssertionError("the subscription never received an event");
    }

    @Test
    void aClientReceivesMonthClosedAfterCloseMonthCommitsAndMonthReopenedAfterReopen() throws Exception {
        // every role reads the fiscal calendar: an ANALYST may subscribe (its token in connection_init)
        WebSocketGraphQlClient analyst = webSocketWithInitPayload(issueToken(Role.ANALYST, List.of()));
        BlockingQueue<Object> closed = subscribe(analyst, "monthClosed", "{ month status fiscalYear }");
        BlockingQueue<Object> reopened = subscribe(analyst, "monthReopened", "{ month status }");
        awaitLive(closed);

        YearMonth month = Api.uniqueMonth();
        close(month);
        Object event = closed.poll(10, TimeUnit.SECONDS);
        assertThat(event)
                .isEqualTo(Map.of("month", month.toString(), "status", "CLOSED", "fiscalYear", month.getYear()));
        assertThat(reopened.poll(1, TimeUnit.SECONDS))
                .as("a close is not a reopen")
                .isNull();

        // a refused close (the month is closed already) sends nothing
        api.mutate("closeMonth", Map.of("month", month.toString()))
                .path("closeMonth.errors[0].code")
                .entity(String.class)
                .isEqualTo("CLOSED_PERIOD");
        assertThat(closed.poll(1, TimeUnit.SECONDS)).isNull();

        api.ok("reopenMonth", "fiscalMonth", Map.of("month", month.toString(), "reason", "late invoice"));
        assertThat(reopened.poll(10, TimeUnit.SECONDS)).isEqualTo(Map.of("month", month.toString(), "status", "OPEN"));
    }

    @Test
    void financeReceivesImportFinishedAfterAnImportAndNothingForARefusedFile() throws Exception {
        WebSocketGraphQlClient finance = webSocket(issueToken(Role.FINANCE, List.of()));
        BlockingQueue<Object> imports = subscribe(finance, "importFinished", "{ file rows inserted skipped }");
        BlockingQueue<Object> closed = subscribe(finance, "monthClosed", "{ month }");
        awaitLive(closed); // both subscriptions of the connection are live once one is
        String prefix = unique("LE").replace("-", "");

        // a refused file (a bad kind) writes nothing and sends nothing
        api.mutate("importCsv", Map.of("file", "DEPARTMENTS", "content", "code,name,kind\n" + prefix + "X,X,NOPE\n"))
                .path("importCsv.errors")
                .entityList(Object.class)
                .hasSizeGreaterThan(0);
        assertThat(imports.poll(1, TimeUnit.SECONDS)).isNull();

        api.mutate(
                        "importCsv",
                        Map.of(
                                "file",
                                "DEPARTMENTS",
                                "content",
                                "code,name,kind\n" + prefix + "A,Alpha,MARKETING\n" + prefix + "B,Beta,SALES\n"))
                .path("importCsv.errors")
                .entityList(Object.class)
                .hasSize(0);
        assertThat(imports.poll(10, TimeUnit.SECONDS))
                .isEqualTo(Map.of("file", "DEPARTMENTS", "rows", 2, "inserted", 2, "skipped", 0));
    }

    @Test
    void importFinishedIsRefusedToRolesThatDoNotImportAndEverythingToAClientWithoutAToken() throws Exception {
        for (Role role : List.of(Role.DEPARTMENT, Role.ANALYST)) {
            String department = unique("LED");
            api.department(department, "MARKETING");
            BlockingQueue<Object> received = subscribe(
                    webSocket(issueToken(role, role == Role.DEPARTMENT ? List.of(department) : List.of())),
                    "importFinished",
                    "{ file rows }");
            Object outcome = received.poll(10, TimeUnit.SECONDS);
            assertThat(outcome).as(role + " is refused").isInstanceOf(Throwable.class);
            assertThat(outcome.toString()).contains("FORBIDDEN");
        }
        BlockingQueue<Object> anonymous = subscribe(webSocket(null), "monthClosed", "{ month }");
        assertThat(anonymous.poll(10, TimeUnit.SECONDS))
                .as("no token, no subscription")
                .isInstanceOf(Throwable.class);
        BlockingQueue<Object> unknown =
                subscribe(webSocketWithInitPayload("rg_not-a-token"), "monthClosed", "{ month }");
        assertThat(unknown.poll(10, TimeUnit.SECONDS)).as("an unknown token").isInstanceOf(Throwable.class);
        // a DEPARTMENT token in connection_init is refused importFinished like one in the header
        String department = unique("LED");
        api.department(department, "MARKETING");
        BlockingQueue<Object> scoped = subscribe(
                webSocketWithInitPayload(issueToken(Role.DEPARTMENT, List.of(department))),
                "importFinished",
                "{ file }");
        assertThat(scoped.poll(10, TimeUnit.SECONDS).toString()).contains("FORBIDDEN");
    }
}
