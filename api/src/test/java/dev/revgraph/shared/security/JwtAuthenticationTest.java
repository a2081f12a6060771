package dev.revgraph.shared.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.revgraph.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** JWTs of an identity provider, verified with the shared HMAC secret; role and departments from claims. */
class JwtAuthenticationTest extends IntegrationTest {

    private static String jwt(String secret, String subject, Object roles, List<String> departments, Instant expires)
            throws Exception {
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        if (departments != null) {
            claims.claim("departments", departments);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    @Test
    void rolesAndDepartmentsComeFromTheClaims() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        clientWithToken(jwt(JWT_SECRET, "alice@example.com", List.of("finance"), null, later))
                .document("{ viewer { name role departmentCodes } }")
                .execute()
                .path("viewer.name")
                .entity(String.class)
                .isEqualTo("alice@example.com")
                .path("viewer.role")
                .entity(String.class)
                .isEqualTo("FINANCE");
        String department = unique("JWT");
        api.department(department, "MARKETING");
        clientWithToken(jwt(JWT_SECRET, "bob@example.com", "DEPARTMENT", List.of(department), later))
                .documentName("recordSpendLine")
                .variable(
                        "input",
                        Map.of(
                                "departmentCode",
                                department,
                                "bookedOn",
                                "2026-06-01",
                                "amount",
                                "5",
                                "currency",
                                "USD",
                                "category",
                                "TOOLS"))
                .execute()
                .path("recordSpendLine.spendLine.createdBy")
                .entity(String.class)
                .isEqualTo("bob@example.com");
    }

    @Test
    void badJwtsAreRefused() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        unauthorized(jwt("another-secret-of-at-least-32-bytes-long!!", "eve", "ADMIN", null, later));
        unauthorized(jwt(JWT_SECRET, "eve", null, null, later));
        unauthorized(jwt(JWT_SECRET, "eve", "ADMIN", null, Instant.now().minusSeconds(600)));
    }

    private void unauthorized(String token) {
        WebTestClient.bindToServer(new JdkClientHttpConnector())
                .baseUrl("http://localhost:" + port)
                .build()
                .post()
                .uri("/graphql")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .bodyValue("{\"query\":\"{ viewer { role } }\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}
