package dev.revgraph.token;

import dev.revgraph.dimension.DimensionService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.db.ReadWithoutTransaction;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.security.ApiTokenAuthenticator;
import dev.revgraph.shared.security.RevgraphAuthentication;
import dev.revgraph.shared.security.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: random 256-bit secrets prefixed {@code rg_}, stored only as their SHA-256 hash, with
 * a role, an optional department scope, an optional expiry, and revocation.
 */
@Service
@Transactional(readOnly = true)
public class ApiTokenService implements ApiTokenAuthenticator {

    /** A created token and its secret, which exists only in this object and the caller's hands. */
    public record CreatedToken(ApiToken token, String secret) {}

    static final String PREFIX = "rg_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository repository;
    private final DimensionService dimensions;
    private final CurrentActor actor;

    ApiTokenService(ApiTokenRepository repository, DimensionService dimensions, CurrentActor actor) {
        this.repository = repository;
        this.dimensions = dimensions;
        this.actor = actor;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public CreatedToken create(String name, Role role, List<String> departmentCodes, OffsetDateTime expiresAt) {
        new Validation()
                .name("name", name)
                .check(
                        role != Role.DEPARTMENT || !departmentCodes.isEmpty(),
                        "departmentCodes",
                        "must name at least one department for a DEPARTMENT token")
                .check(
                        role == Role.DEPARTMENT || departmentCodes.isEmpty(),
                        "departmentCodes",
                        "must be empty for a " + role + " token")
                .check(
                        expiresAt == null || expiresAt.isAfter(OffsetDateTime.now()),
                        "expiresAt",
                        "must be in the future")
                .throwIfAny();
        if (!departmentCodes.isEmpty()) {
            dimensions.departmentIds("departmentCodes", departmentCodes);
        }
        return issue(name.strip(), role, departmentCodes, expiresAt, actor.name());
    }

    /** Issues a token without an authenticated caller: the first-run admin token and test fixtures. */
    @Transactional
    public CreatedToken issue(
            String name, Role role, List<String> departmentCodes, OffsetDateTime expiresAt, String createdBy) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = repository.insert(name, hash(secret), role, List.copyOf(departmentCodes), expiresAt, createdBy);
        return new CreatedToken(repository.byId(id).orElseThrow(), secret);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<ApiToken> list() {
        return repository.all();
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public ApiToken revoke(String id) {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw DomainException.notFound("id", "no API token has id " + id);
        }
        repository.byId(key).orElseThrow(() -> DomainException.notFound("id", "no API token has id " + id));
        repository.revoke(key, actor.name());
        return repository.byId(key).orElseThrow();
    }

    @Override
    public boolean recognizes(String bearerToken) {
        return bearerToken.startsWith(PREFIX);
    }

    /** The caller an active token with this secret stands for: named after the token, with its role and scope. */
    @Override
    @ReadWithoutTransaction
    public Optional<RevgraphAuthentication> authenticate(String secret) {
        return repository
                .byHash(hash(secret))
                .filter(ApiToken::active)
                .map(token -> new RevgraphAuthentication(
                        "token:" + token.name(), token.role(), Set.copyOf(token.departmentCodes())));
    }

    public boolean anyToken() {
        return repository.any();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
