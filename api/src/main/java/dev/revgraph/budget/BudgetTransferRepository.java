package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET;
import static dev.revgraph.db.Tables.BUDGET_TRANSFER;
import static dev.revgraph.db.Tables.BUDGET_VERSION;
import static dev.revgraph.db.Tables.DEPARTMENT;

import dev.revgraph.budget.BudgetTransfers.BudgetTransfer;
import dev.revgraph.budget.BudgetTransfers.BudgetTransferStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes budget transfer requests. */
@Repository
class BudgetTransferRepository {

    private static final dev.revgraph.db.tables.Department FROM = DEPARTMENT.as("from_department");
    private static final dev.revgraph.db.tables.Department TO = DEPARTMENT.as("to_department");

    /** A department line without category of a version and month, as locked. */
    record Line(long id, long departmentId, BigDecimal amount, String currency) {}

    static org.jooq.Field<String> fromCode() {
        return FROM.CODE;
    }

    static org.jooq.Field<String> toCode() {
        return TO.CODE;
    }

    private final DSLContext dsl;

    BudgetTransferRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insert(
            long versionId,
            LocalDate month,
            long fromDepartmentId,
            long toDepartmentId,
            BigDecimal amount,
            String reason,
            String actor) {
        return dsl.insertInto(BUDGET_TRANSFER)
                .set(BUDGET_TRANSFER.VERSION_ID, versionId)
                .set(BUDGET_TRANSFER.MONTH, month)
                .set(BUDGET_TRANSFER.FROM_DEPARTMENT_ID, fromDepartmentId)
                .set(BUDGET_TRANSFER.TO_DEPARTMENT_ID, toDepartmentId)
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
     * Locks the lines without category of the two departments of a version and month, in department id
     * order (every approval locks in this order, so two approvals never deadlock); missing lines are absent.
     */
    List<Line> lockLines(long versionId, LocalDate month, long departmentA, long departmentB) {
        return dsl.select(BUDGET.ID, BUDGET.DEPARTMENT_ID, BUDGET.AMOUNT, BUDGET.CURRENCY)
                .from(BUDGET)
                .where(BUDGET.VERSION_ID.eq(versionId))
                .and(BUDGET.MONTH.eq(month))
                .and(BUDGET.CATEGORY.isNull())
                .and(BUDGET.DEPARTMENT_ID.in(departmentA, departmentB))
                .orderBy(BUDGET.DEPARTMENT_ID)
                .forUpdate()
                .fetch(r -> new Line(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    void addToLine(long lineId, BigDecimal delta, String actor) {
        dsl.update(BUDGET)
                .set(BUDGET.AMOUNT, BUDGET.AMOUNT.plus(delta))
                .set(BUDGET.UPDATED_BY, actor)
                .set(BUDGET.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(BUDGET.ID.eq(lineId))
                .execute();
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

    Optional<BudgetTransfer> byId(long id) {
        return list(BUDGET_TRANSFER.ID.eq(id)).stream().findFirst();
    }

    List<BudgetTransfer> list(Condition where) {
        return dsl.select(BUDGET_TRANSFER.asterisk(), BUDGET_VERSION.NAME, FROM.CODE, TO.CODE)
                .from(BUDGET_TRANSFER)
                .join(BUDGET_VERSION)
                .on(BUDGET_VERSION.ID.eq(BUDGET_TRANSFER.VERSION_ID))
                .join(FROM)
                .on(FROM.ID.eq(BUDGET_TRANSFER.FROM_DEPARTMENT_ID))
                .join(TO)
                .on(TO.ID.eq(BUDGET_TRANSFER.TO_DEPARTMENT_ID))
                .where(where)
                .orderBy(BUDGET_TRANSFER.ID)
                .fetch(BudgetTransferRepository::transfer);
    }

    private static BudgetTransfer transfer(Record r) {
        return new BudgetTransfer(
                r.get(BUDGET_TRANSFER.ID),
                r.get(BUDGET_VERSION.NAME),
                YearMonth.from(r.get(BUDGET_TRANSFER.MONTH)),
                r.get(FROM.CODE),
                r.get(TO.CODE),
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
