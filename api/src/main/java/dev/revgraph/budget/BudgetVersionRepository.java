package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET;
import static dev.revgraph.db.Tables.BUDGET_SEGMENT_LINE;
import static dev.revgraph.db.Tables.BUDGET_VERSION;
import static dev.revgraph.db.Tables.BUDGET_VERSION_EVENT;
import static dev.revgraph.db.Tables.SEGMENT;

import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEvent;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEventKind;
import dev.revgraph.budget.BudgetVersions.BudgetVersionStatus;
import dev.revgraph.budget.BudgetVersions.SegmentBudget;
import dev.revgraph.shared.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes budget versions, their segment lines and their history. */
@Repository
class BudgetVersionRepository {

    /** The version reports read when none is named (the schema's function). */
    static final Field<Long> LATEST_APPROVED = DSL.field("budget_latest_approved_version()", Long.class);

    private static final dev.revgraph.db.tables.BudgetVersion SOURCE = BUDGET_VERSION.as("source");

    private final DSLContext dsl;

    BudgetVersionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    List<BudgetVersion> versions(Condition where) {
        return dsl.select(BUDGET_VERSION.asterisk(), SOURCE.NAME, LATEST_APPROVED)
                .from(BUDGET_VERSION)
                .leftJoin(SOURCE)
                .on(SOURCE.ID.eq(BUDGET_VERSION.COPIED_FROM_ID))
                .where(where)
                .orderBy(BUDGET_VERSION.CREATED_AT, BUDGET_VERSION.ID)
                .fetch(BudgetVersionRepository::version);
    }

    Optional<BudgetVersion> byName(String name) {
        return versions(BUDGET_VERSION.NAME.eq(name)).stream().findFirst();
    }

    /** The version named, its row locked until the transaction ends (changes to one version queue). */
    Optional<BudgetVersion> lockByName(String name) {
        Long id = dsl.select(BUDGET_VERSION.ID)
                .from(BUDGET_VERSION)
                .where(BUDGET_VERSION.NAME.eq(name))
                .forUpdate()
                .fetchOne(BUDGET_VERSION.ID);
        return id == null ? Optional.empty() : byId(id);
    }

    /** The default version, its row locked until the transaction ends. */
    BudgetVersion lockDefault() {
        long id = dsl.select(BUDGET_VERSION.ID)
                .from(BUDGET_VERSION)
                .where(BUDGET_VERSION.IS_DEFAULT.isTrue())
                .forUpdate()
                .fetchSingle(BUDGET_VERSION.ID);
        return byId(id).orElseThrow();
    }

    Optional<BudgetVersion> byId(long id) {
        return versions(BUDGET_VERSION.ID.eq(id)).stream().findFirst();
    }

    long create(String name, Long copiedFromId, String actor) {
        return dsl.insertInto(BUDGET_VERSION)
                .set(BUDGET_VERSION.NAME, name)
                .set(BUDGET_VERSION.STATUS, BudgetVersionStatus.DRAFT.name())
                .set(BUDGET_VERSION.COPIED_FROM_ID, copiedFromId)
                .set(BUDGET_VERSION.CREATED_BY, actor)
                .returning(BUDGET_VERSION.ID)
                .fetchSingle(BUDGET_VERSION.ID);
    }

    /** Copies every department and segment line of {@code fromId} into {@code toId}; returns how many. */
    int copyLines(long fromId, long toId, String actor) {
        int departments = dsl.insertInto(
                        BUDGET,
                        BUDGET.VERSION_ID,
                        BUDGET.DEPARTMENT_ID,
                        BUDGET.MONTH,
                        BUDGET.CATEGORY,
                        BUDGET.AMOUNT,
                        BUDGET.CURRENCY,
                        BUDGET.UPDATED_BY)
                .select(DSL.select(
                                DSL.val(toId),
                                BUDGET.DEPARTMENT_ID,
                                BUDGET.MONTH,
                                BUDGET.CATEGORY,
                                BUDGET.AMOUNT,
                                BUDGET.CURRENCY,
                                DSL.val(actor))
                        .from(BUDGET)
                        .where(BUDGET.VERSION_ID.eq(fromId)))
                .execute();
        int segments = dsl.insertInto(
                        BUDGET_SEGMENT_LINE,
                        BUDGET_SEGMENT_LINE.VERSION_ID,
                        BUDGET_SEGMENT_LINE.SEGMENT_ID,
                        BUDGET_SEGMENT_LINE.MONTH,
                        BUDGET_SEGMENT_LINE.AMOUNT,
                        BUDGET_SEGMENT_LINE.CURRENCY,
                        BUDGET_SEGMENT_LINE.UPDATED_BY)
                .select(DSL.select(
                                DSL.val(toId),
                                BUDGET_SEGMENT_LINE.SEGMENT_ID,
                                BUDGET_SEGMENT_LINE.MONTH,
                                BUDGET_SEGMENT_LINE.AMOUNT,
                                BUDGET_SEGMENT_LINE.CURRENCY,
                                DSL.val(actor))
                        .from(BUDGET_SEGMENT_LINE)
                        .where(BUDGET_SEGMENT_LINE.VERSION_ID.eq(fromId)))
                .execute();
        return departments + segments;
    }

    void upsertSegmentLine(
            long versionId, long segmentId, LocalDate month, BigDecimal amount, String currency, String actor) {
        dsl.insertInto(BUDGET_SEGMENT_LINE)
                .set(BUDGET_SEGMENT_LINE.VERSION_ID, versionId)
                .set(BUDGET_SEGMENT_LINE.SEGMENT_ID, segmentId)
                .set(BUDGET_SEGMENT_LINE.MONTH, month)
                .set(BUDGET_SEGMENT_LINE.AMOUNT, amount)
                .set(BUDGET_SEGMENT_LINE.CURRENCY, currency)
                .set(BUDGET_SEGMENT_LINE.UPDATED_BY, actor)
                .onConflict(BUDGET_SEGMENT_LINE.VERSION_ID, BUDGET_SEGMENT_LINE.SEGMENT_ID, BUDGET_SEGMENT_LINE.MONTH)
                .doUpdate()
                .set(BUDGET_SEGMENT_LINE.AMOUNT, amount)
                .set(BUDGET_SEGMENT_LINE.CURRENCY, currency)
                .set(BUDGET_SEGMENT_LINE.UPDATED_BY, actor)
                .set(BUDGET_SEGMENT_LINE.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    void approve(long id, String actor) {
        dsl.update(BUDGET_VERSION)
                .set(BUDGET_VERSION.STATUS, BudgetVersionStatus.APPROVED.name())
                // clock_timestamp: two approvals of one transaction still order
                .set(BUDGET_VERSION.APPROVED_AT, DSL.field("clock_timestamp()", BUDGET_VERSION.APPROVED_AT.getType()))
                .set(BUDGET_VERSION.APPROVED_BY, actor)
                .where(BUDGET_VERSION.ID.eq(id))
                .execute();
    }

    void lock(long id, String actor) {
        dsl.update(BUDGET_VERSION)
                .set(BUDGET_VERSION.STATUS, BudgetVersionStatus.LOCKED.name())
                .set(BUDGET_VERSION.LOCKED_AT, DSL.currentOffsetDateTime())
                .set(BUDGET_VERSION.LOCKED_BY, actor)
                .where(BUDGET_VERSION.ID.eq(id))
                .execute();
    }

    void event(long versionId, BudgetVersionEventKind kind, String actor, String note) {
        dsl.insertInto(BUDGET_VERSION_EVENT)
                .set(BUDGET_VERSION_EVENT.VERSION_ID, versionId)
                .set(BUDGET_VERSION_EVENT.KIND, kind.name())
                .set(BUDGET_VERSION_EVENT.ACTOR, actor)
                .set(BUDGET_VERSION_EVENT.NOTE, note)
                .execute();
    }

    /** The history of each version, oldest first, in one statement. */
    Map<Long, List<BudgetVersionEvent>> history(Collection<Long> versionIds) {
        return dsl
                .selectFrom(BUDGET_VERSION_EVENT)
                .where(BUDGET_VERSION_EVENT.VERSION_ID.in(versionIds))
                .orderBy(BUDGET_VERSION_EVENT.VERSION_ID, BUDGET_VERSION_EVENT.ID)
                .fetch(r -> new BudgetVersionEvent(
                        r.getVersionId(),
                        BudgetVersionEventKind.valueOf(r.getKind()),
                        r.getAt(),
                        r.getActor(),
                        r.getNote()))
                .stream()
                .collect(Collectors.groupingBy(BudgetVersionEvent::versionId));
    }

    List<SegmentBudget> segmentBudgets(LocalDate from, LocalDate to, Long versionId, List<Long> segmentIds) {
        Condition c = BUDGET_SEGMENT_LINE
                .VERSION_ID
                .eq(BudgetRepository.version(versionId))
                .and(BUDGET_SEGMENT_LINE.MONTH.between(from, to));
        if (segmentIds != null) {
            c = c.and(BUDGET_SEGMENT_LINE.SEGMENT_ID.in(segmentIds));
        }
        return dsl.select(
                        BUDGET_VERSION.NAME,
                        SEGMENT.CODE,
                        SEGMENT.NAME,
                        BUDGET_SEGMENT_LINE.MONTH,
                        BUDGET_SEGMENT_LINE.AMOUNT,
                        BUDGET_SEGMENT_LINE.CURRENCY,
                        BUDGET_SEGMENT_LINE.UPDATED_AT,
                        BUDGET_SEGMENT_LINE.UPDATED_BY)
                .from(BUDGET_SEGMENT_LINE)
                .join(SEGMENT)
                .on(SEGMENT.ID.eq(BUDGET_SEGMENT_LINE.SEGMENT_ID))
                .join(BUDGET_VERSION)
                .on(BUDGET_VERSION.ID.eq(BUDGET_SEGMENT_LINE.VERSION_ID))
                .where(c)
                .orderBy(SEGMENT.CODE, BUDGET_SEGMENT_LINE.MONTH)
                .fetch(r -> new SegmentBudget(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        YearMonth.from(r.value4()),
                        Money.recorded(r.value5(), r.value6()),
                        r.value7(),
                        r.value8()));
    }

    private static BudgetVersion version(Record r) {
        long id = r.get(BUDGET_VERSION.ID);
        Long latest = r.get(LATEST_APPROVED);
        return new BudgetVersion(
                id,
                r.get(BUDGET_VERSION.NAME),
                BudgetVersionStatus.valueOf(r.get(BUDGET_VERSION.STATUS)),
                r.get(BUDGET_VERSION.IS_DEFAULT),
                latest != null && latest == id,
                r.get(SOURCE.NAME),
                r.get(BUDGET_VERSION.CREATED_AT),
                r.get(BUDGET_VERSION.CREATED_BY),
                r.get(BUDGET_VERSION.APPROVED_AT),
                r.get(BUDGET_VERSION.APPROVED_BY),
                r.get(BUDGET_VERSION.LOCKED_AT),
                r.get(BUDGET_VERSION.LOCKED_BY));
    }
}
