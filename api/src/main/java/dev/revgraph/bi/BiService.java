package dev.revgraph.bi;

import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * BI credentials (docs/bi.md): a PostgreSQL login role per BI tool that reads the views of the
 * schema {@code reporting} and nothing else, with a random 256-bit password shown once.
 */
@Service
@Transactional(readOnly = true)
public class BiService {

    /** A created role and its password, which exists only in this object and the caller's hands. */
    public record CreatedCredential(BiCredential credential, String password, String database) {}

    /**
     * A role name: lower-case letters, digits and '_', starting with a letter, 3 to 63 characters
     * (PostgreSQL's identifier limit), so it needs no quoting in a BI tool's connection form.
     */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{2,62}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BiRepository repository;
    private final CurrentActor actor;
    private final Duration statementTimeout;

    BiService(BiRepository repository, CurrentActor actor, RevgraphProperties properties) {
        this.repository = repository;
        this.actor = actor;
        this.statementTimeout = properties.bi().statementTimeout();
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public CreatedCredential create(String name) {
        checkName(name);
        repository.lock();
        if (!repository.mayCreateRoles()) {
            throw DomainException.insufficientPrivilege(
                    "name",
                    "the database user Revgraph connects as may not create roles: grant it CREATEROLE"
                            + " (ALTER ROLE <user> CREATEROLE) or create BI roles by hand as docs/bi.md shows");
        }
        repository.active(name).ifPresent(existing -> {
            throw DomainException.conflict("name", "BI credentials named " + name + " exist already", existing.id());
        });
        if (repository.roleExists(name)) {
            throw DomainException.conflict(
                    "name", "the database has a role named " + name + " already: choose another name", null);
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        repository.createRole(name, password, statementTimeout);
        long id = repository.insert(name, actor.name());
        return new CreatedCredential(repository.byId(id).orElseThrow(), password, repository.database());
    }

    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public BiCredential revoke(String name) {
        checkName(name);
        repository.lock();
        BiCredential credential = repository
                .active(name)
                .orElseThrow(() -> DomainException.notFound("name", "no active BI credentials are named " + name));
        if (!repository.mayCreateRoles()) {
            throw DomainException.insufficientPrivilege(
                    "name",
                    "the database user Revgraph connects as may not drop roles: grant it CREATEROLE"
                            + " (ALTER ROLE <user> CREATEROLE) or drop the role by hand");
        }
        repository.dropRole(name);
        repository.markRevoked(name, actor.name());
        return repository.byId(Long.parseLong(credential.id())).orElseThrow();
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<BiCredential> list() {
        return repository.all();
    }

    private static void checkName(String name) {
        new Validation()
                .check(
                        name != null && NAME.matcher(name).matches(),
                        "name",
                        "must be 3 to 63 lower-case letters, digits or '_', starting with a letter")
                .check(name == null || !name.startsWith("pg_"), "name", "must not start with pg_ (reserved)")
                .throwIfAny();
    }
}
