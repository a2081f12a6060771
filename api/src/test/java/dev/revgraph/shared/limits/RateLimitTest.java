package dev.revgraph.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The rate limit counts per token: three requests an hour here, so the fourth of one token is
 * answered 429 with a Retry-After, while another token still gets its own three.
 */
@TestPropertySource(properties = {"revgraph.http.rate-limit.requests=3", "revgraph.http.rate-limit.period=1h"})
class RateLimitTest extends IntegrationTest {

    private WebTestClient.ResponseSpec ask(String token) {
        return WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .responseTimeout(Duration.ofSeconds(60))
                .build()
                .post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ settings { reportingCurrency } }\"}")
                .exchange();
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfterAndOthersGoOn() {
        String first = issueToken(Role.ANALYST, List.of());
        String second = issueToken(Role.ANALYST, List.of());
        for (int i = 0; i < 3; i++) {
            ask(first).expectStatus().isOk();
        }
        String answer = ask(first)
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .value(
                        "Retry-After",
                        value -> assertThat(Long.parseLong(value))
                                .as("an hour for 3 requests: the next one in about 20 minutes")
                                .isBetween(1_100L, 1_200L))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).contains("more than 3 requests");
        ask(second).expectStatus().isOk();
    }
}
