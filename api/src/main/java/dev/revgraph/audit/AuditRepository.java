package dev.revgraph.audit;

import static dev.revgraph.db.Tables.AUDIT_EVENT;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes the audit trail. */
@Repository
class AuditRepository {

    /** One recorded mutation. */
    record AuditEvent(
            long id,
            OffsetDateTime occurredAt,
            String actor,
            String action,
            boolean succeeded,
            String input,
            String result) {}

    private final DSLContext dsl;

    AuditRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(String actor, String action, boolean succeeded, String input, String result) {
        dsl.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.ACTOR, actor)
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.SUCCEEDED, succeeded)
                .set(AUDIT_EVENT.INPUT, input == null ? null : JSONB.valueOf(input))
                .set(AUDIT_EVENT.RESULT, result == null ? null : JSONB.valueOf(result))
                .execute();
    }

    List<AuditEvent> page(String action, String actor, Long beforeId, int limit) {
        Condition c = DSL.noCondition();
        if (action != null) {
            c = c.and(AUDIT_EVENT.ACTION.eq(action));
        }
        if (actor != null) {
            c = c.and(AUDIT_EVENT.ACTOR.eq(actor));
        }
        if (beforeId != null) {
            c = c.and(AUDIT_EVENT.ID.lt(beforeId));
        }
        return dsl.selectFrom(AUDIT_EVENT)
                .where(c)
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(limit)
                .fetch(r -> new AuditEvent(
                        r.getId(),
                        r.getOccurredAt(),
                        r.getActor(),
                        r.getAction(),
                        r.getSucceeded(),
                        r.getInput() == null ? null : r.getInput().data(),
                        r.getResult() == null ? null : r.getResult().data()));
    }
}
