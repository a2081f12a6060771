package dev.revgraph.token;

import static dev.revgraph.db.Tables.API_TOKEN;

import dev.revgraph.shared.security.Role;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes API tokens. */
@Repository
class ApiTokenRepository {

    private final DSLContext dsl;

    ApiTokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    private static ApiToken token(dev.revgraph.db.tables.records.ApiTokenRecord r) {
        return new ApiToken(
                r.getId(),
                r.getName(),
                Role.valueOf(r.getRole()),
                Arrays.asList(r.getDepartmentCodes()),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getExpiresAt(),
                r.getRevokedAt());
    }

    long insert(
            String name, String hash, Role role, List<String> departments, OffsetDateTime expiresAt, String createdBy) {
        return dsl.insertInto(API_TOKEN)
                .set(API_TOKEN.NAME, name)
                .set(API_TOKEN.TOKEN_HASH, hash)
                .set(API_TOKEN.ROLE, role.name())
                .set(API_TOKEN.DEPARTMENT_CODES, departments.toArray(String[]::new))
                .set(API_TOKEN.EXPIRES_AT, expiresAt)
                .set(API_TOKEN.CREATED_BY, createdBy)
                .returning(API_TOKEN.ID)
                .fetchSingle(API_TOKEN.ID);
    }

    Optional<ApiToken> byHash(String hash) {
        return dsl.selectFrom(API_TOKEN).where(API_TOKEN.TOKEN_HASH.eq(hash)).fetchOptional(ApiTokenRepository::token);
    }

    Optional<ApiToken> byId(long id) {
        return dsl.selectFrom(API_TOKEN).where(API_TOKEN.ID.eq(id)).fetchOptional(ApiTokenRepository::token);
    }

    List<ApiToken> all() {
        return dsl.selectFrom(API_TOKEN).orderBy(API_TOKEN.ID.desc()).fetch(ApiTokenRepository::token);
    }

    boolean any() {
        return dsl.fetchExists(API_TOKEN);
    }

    void revoke(long id, String actor) {
        dsl.update(API_TOKEN)
                .set(API_TOKEN.REVOKED_AT, DSL.coalesce(API_TOKEN.REVOKED_AT, DSL.currentOffsetDateTime()))
                .set(API_TOKEN.REVOKED_BY, DSL.coalesce(API_TOKEN.REVOKED_BY, DSL.val(actor)))
                .where(API_TOKEN.ID.eq(id))
                .execute();
    }
}
