package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET;
import static dev.revgraph.db.Tables.BUDGET_SEGMENT_LINE;
import static dev.revgraph.db.Tables.BUDGET_TRANSFER;
import static dev.revgraph.db.Tables.BUDGET_VERSION;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.SEGMENT;

import dev.revgraph.budget.BudgetTransfers.BudgetTransferStatus;
import dev.revgraph.budget.BudgetTransfers.LineKind;
import dev.revgraph.budget.BudgetTransfers.Transfer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The only place that reads and writes budget transfer requests and moves their lines. A request
 * holds two departments or two segments (a check of the table): the kind decides which line table
 * an approval locks and changes.
 */
@Repository
class BudgetTransferRepository {

    private static final dev.revgraph.db.tables.Department FROM = DEPARTMENT.as("from_department");
    private static final dev.revgraph.db.tables.Department TO = DEPARTMENT.as("to_department");
    private static final dev.revgraph.db.tables.Segment FROM_SEGMENT = SEGMENT.as("from_segment");
    private static final dev.revgraph.db.tables.Segment TO_SEGMENT = SEGMENT.as("to_segment");
    private static final Field<String> FROM_CODE =
            DSL.coalesce(FROM.CODE, FROM_SEGMENT.CODE).as("from_code");
    private static final Field<String> TO_CODE =
            DSL.coalesce(TO.CODE, TO_SEGMENT.CODE).as("to_code");

    /** A line of a version and month (a department's without category, or a segment's), as locked. */
    record Line(long id, long ownerId, BigDecimal amount, String currency) {}

    /** The source department's code, for the scope of a DEPARTMENT caller. */
    static Field<String> fromDepartmentCode() {
        return FROM.CODE;
    }

    /** The target department's code, for the scope of a DEPARTMENT caller. */
    static Field<String> toDepartmentCode() {
        return TO.CODE;
    }

    /** The requests of one kind. */
    static Condition ofKind(LineKind kind) {
        return kind == LineKind.DEPARTMENT
                ? BUDGET_TRANSFER.FROM_DEPARTMENT_ID.isNotNull()
                : BUDGET_TRANSFER.FROM_SEGMENT_ID.isNotNull();
    }

    private final DSLContext dsl;

    BudgetTransferRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores a PENDING request between two departments or two segments (ids of the kind). */
    long insert(
            LineKind kind,
            long versionId,
            LocalDate month,
            long fromId,
            long toId,
            BigDecimal amount,
            String reason,
            String actor) {
        boolean departments = kind == LineKind.DEPARTMENT;
        return dsl.insertInto(BUDGET_TRANSFER)
                .set(BUDGET_TRANSFER.VERSION_ID, versionId)
                .set(BUDGET_TRANSFER.MONTH, month)
                .set(BUDGET_TRANSFER.FROM_DEPARTMENT_ID, departments ? fromId : null)
                .set(BUDGET_TRANSFER.TO_DEPARTMENT_ID, departments ? toId : null)
                .set(BUDGET_TRANSFER.FROM_SEGMENT_ID, departments ? null : fromId)
                .set(BUDGET_TRANSFER.TO_SEGMENT_ID, departments ? null : toId)
                .set(BUDGET_TRANSFER.AMOUNT, amount)
                .set(BUDGET_TRANSFER.REASON, reason)
                .set(BUDGET_TRANSFER.STATUS, BudgetTransferStatus.PENDING.name())
                .set(BUDGET_TRANSFER.REQUESTED_BY, actor)
                .returning(BUDGET_TRANSFER.ID)
                .fetchSingle(BUDGET_TRANSFER.ID);
    }

    /** The request's row locked until the transaction ends, so two decisions of one request queue. */
    Optional<Long> lock(long id) {
        return dsl.select(BUDGET_TRANSFER.ID)
                .from(BUDGET_TRANSFER)
                .where(BUDGET_TRANSFER.ID.eq(id))
                .forUpdate()
                .fetchOptional(BUDGET_TRANSFER.ID);
    }

    /**
     * Locks the two lines of a version and month (of departments: those without category; of
     * segments), in owner id order (every approval locks in this order, so two approvals never
     * deadlock); missing lines are absent.
     */
    List<Line> lockLines(LineKind kind, long versionId, LocalDate month, long ownerA, long ownerB) {
        if (kind == LineKind.DEPARTMENT) {
            return dsl.select(BUDGET.ID, BUDGET.DEPARTMENT_ID, BUDGET.AMOUNT, BUDGET.CURRENCY)
                    .from(BUDGET)
                    .where(BUDGET.VERSION_ID.eq(versionId))
                    .and(BUDGET.MONTH.eq(month))
                    .and(BUDGET.CATEGORY.isNull())
                    .and(BUDGET.DEPARTMENT_ID.in(ownerA, ownerB))
                    .orderBy(BUDGET.DEPARTMENT_ID)
                    .forUpdate()
                    .fetch(r -> new Line(r.value1(), r.value2(), r.value3(), r.value4()));
        }
        return dsl.select(
                        BUDGET_SEGMENT_LINE.ID,
                        BUDGET_SEGMENT_LINE.SEGMENT_ID,
                        BUDGET_SEGMENT_LINE.AMOUNT,
                        BUDGET_SEGMENT_LINE.CURRENCY)
                .from(BUDGET_SEGMENT_LINE)
                .where(BUDGET_SEGMENT_LINE.VERSION_ID.eq(versionId))
                .and(BUDGET_SEGMENT_LINE.MONTH.eq(month))
                .and(BUDGET_SEGMENT_LINE.SEGMENT_ID.in(ownerA, ownerB))
                .orderBy(BUDGET_SEGMENT_LINE.SEGMENT_ID)
                .forUpdate()
                .fetch(r -> new Line(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    void addToLine(LineKind kind, long lineId, BigDecimal delta, String actor) {
        if (kind == LineKind.DEPARTMENT) {
            dsl.update(BUDGET)
                    .set(BUDGET.AMOUNT, BUDGET.AMOUNT.plus(delta))
                    .set(BUDGET.UPDATED_BY, actor)
                    .set(BUDGET.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(BUDGET.ID.eq(lineId))
                    .execute();
        } else {
            dsl.update(BUDGET_SEGMENT_LINE)
                    .set(BUDGET_SEGMENT_LINE.AMOUNT, BUDGET_SEGMENT_LINE.AMOUNT.plus(delta))
                    .set(BUDGET_SEGMENT_LINE.UPDATED_BY, actor)
                    .set(BUDGET_SEGMENT_LINE.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(BUDGET_SEGMENT_LINE.ID.eq(lineId))
                    .execute();
        }
    }

    void decide(long id, BudgetTransferStatus status, String reason, String actor) {
        dsl.update(BUDGET_TRANSFER)
                .set(BUDGET_TRANSFER.STATUS, status.name())
                .set(BUDGET_TRANSFER.DECIDED_AT, DSL.currentOffsetDateTime())
                .set(BUDGET_TRANSFER.DECIDED_BY, actor)
                .set(BUDGET_TRANSFER.DECISION_REASON, reason)
                .where(BUDGET_TRANSFER.ID.eq(id))
                .execute();
    }

    /** The request with this id, of either kind. */
    Optional<Transfer> byId(long id) {
        return list(BUDGET_TRANSFER.ID.eq(id)).stream().findFirst();
    }

    /** Requests of both kinds matching {@code where}, oldest first, in one statement. */
    List<Transfer> list(Condition where) {
        return dsl.select(BUDGET_TRANSFER.asterisk(), BUDGET_VERSION.NAME, FROM_CODE, TO_CODE)
                .from(BUDGET_TRANSFER)
                .join(BUDGET_VERSION)
                .on(BUDGET_VERSION.ID.eq(BUDGET_TRANSFER.VERSION_ID))
                .leftJoin(FROM)
                .on(FROM.ID.eq(BUDGET_TRANSFER.FROM_DEPARTMENT_ID))
                .leftJoin(TO)
                .on(TO.ID.eq(BUDGET_TRANSFER.TO_DEPARTMENT_ID))
                .leftJoin(FROM_SEGMENT)
                .on(FROM_SEGMENT.ID.eq(BUDGET_TRANSFER.FROM_SEGMENT_ID))
                .leftJoin(TO_SEGMENT)
                .on(TO_SEGMENT.ID.eq(BUDGET_TRANSFER.TO_SEGMENT_ID))
                .where(where)
                .orderBy(BUDGET_TRANSFER.ID)
                .fetch(BudgetTransferRepository::transfer);
    }

    private static Transfer transfer(Record r) {
        return new Transfer(
                r.get(BUDGET_TRANSFER.ID),
                r.get(BUDGET_TRANSFER.FROM_SEGMENT_ID) == null ? LineKind.DEPARTMENT : LineKind.SEGMENT,
                r.get(BUDGET_VERSION.NAME),
                YearMonth.from(r.get(BUDGET_TRANSFER.MONTH)),
                r.get(FROM_CODE),
                r.get(TO_CODE),
                r.get(BUDGET_TRANSFER.AMOUNT),
                r.get(BUDGET_TRANSFER.REASON),
                BudgetTransferStatus.valueOf(r.get(BUDGET_TRANSFER.STATUS)),
                r.get(BUDGET_TRANSFER.REQUESTED_AT),
                r.get(BUDGET_TRANSFER.REQUESTED_BY),
                r.get(BUDGET_TRANSFER.DECIDED_AT),
                r.get(BUDGET_TRANSFER.DECIDED_BY),
                r.get(BUDGET_TRANSFER.DECISION_REASON));
    }
}
