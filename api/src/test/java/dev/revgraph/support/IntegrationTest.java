package dev.revgraph.support;

import dev.revgraph.shared.security.Role;
import dev.revgraph.token.ApiTokenService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the integration tests: the whole application on a random port, real HTTP GraphQL
 * requests, one real PostgreSQL shared by the run. Each test makes its own codes with {@link #unique}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "revgraph.security.jwt-hmac-secret=" + IntegrationTest.JWT_SECRET)
@Import(QueryCounter.Config.class)
public abstract class IntegrationTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The shared HMAC secret the test context verifies JWTs with. */
    public static final String JWT_SECRET = "test-only-hmac-secret-of-at-least-32-bytes!!";

    @LocalServerPort
    protected int port;

    protected HttpGraphQlTester graphQl;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    /** An ADMIN token of the shared test database, issued once for the run. */
    protected static String adminToken;

    @Autowired
    ApiTokenService tokens;

    @BeforeEach
    void client() {
        synchronized (IntegrationTest.class) {
            if (adminToken == null) {
                adminToken = tokens.issue("test admin", Role.ADMIN, List.of(), null, "test")
                        .secret();
            }
        }
        graphQl = clientWithToken(adminToken);
        api = new Api(graphQl);
    }

    /** A new API token of {@code role}, scoped to {@code departmentCodes}; returns its secret. */
    protected String issueToken(Role role, List<String> departmentCodes) {
        return tokens.issue(unique("test " + role), role, departmentCodes, null, "test")
                .secret();
    }

    /** A GraphQL client over HTTP that sends {@code token} as its bearer token (none when null). */
    protected HttpGraphQlTester clientWithToken(String token) {
        WebTestClient.Builder builder = WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port + "/graphql")
                // the server's own request timeout (30 s) is the limit under test, not the client's 5 s default
                .responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024));
        if (token != null) {
            builder.defaultHeader("Authorization", "Bearer " + token);
        }
        return HttpGraphQlTester.create(builder.build());
    }

    /** A code no other test uses, for isolation in the shared database. */
    protected static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }
}
