package dev.revgraph.fiscal;

import static dev.revgraph.db.Tables.CLOSE_VERSION;
import static dev.revgraph.db.Tables.FISCAL_MONTH;
import static dev.revgraph.db.Tables.FISCAL_MONTH_EVENT;
import static dev.revgraph.db.Tables.SPEND_LINE;

import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes month statuses and their history. */
@Repository
class FiscalRepository {

    private final DSLContext dsl;

    FiscalRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The first day after the last closed month; empty when no month is closed. */
    java.util.Optional<LocalDate> firstOpenDay() {
        return dsl.select(DSL.max(FISCAL_MONTH.MONTH))
                .from(FISCAL_MONTH)
                .where(FISCAL_MONTH.STATUS.eq("CLOSED"))
                .fetchOptional(0, LocalDate.class)
                .map(last -> last.plusMonths(1));
    }

    Map<LocalDate, MonthStatus> statuses(LocalDate from, LocalDate to) {
        return dsl.select(FISCAL_MONTH.MONTH, FISCAL_MONTH.STATUS)
                .from(FISCAL_MONTH)
                .where(FISCAL_MONTH.MONTH.between(from, to))
                .fetchMap(r -> r.value1(), r -> MonthStatus.valueOf(r.value2()));
    }

    /**
     * Locks the month's row for a status change: waits for every writer that holds it (they hold
     * it FOR SHARE until they commit), and blocks new writers until this transaction ends.
     */
    MonthStatus lockForChange(LocalDate month) {
        dsl.insertInto(FISCAL_MONTH, FISCAL_MONTH.MONTH, FISCAL_MONTH.STATUS)
                .values(month, MonthStatus.OPEN.name())
                .onConflict(FISCAL_MONTH.MONTH)
                .doNothing()
                .execute();
        return MonthStatus.valueOf(dsl.select(FISCAL_MONTH.STATUS)
                .from(FISCAL_MONTH)
                .where(FISCAL_MONTH.MONTH.eq(month))
                .forUpdate()
                .fetchSingle(FISCAL_MONTH.STATUS));
    }

    void changeStatus(LocalDate month, MonthStatus status, MonthAction action, String reason, String actor) {
        dsl.update(FISCAL_MONTH)
                .set(FISCAL_MONTH.STATUS, status.name())
                .set(FISCAL_MONTH.CHANGED_AT, DSL.currentOffsetDateTime())
                .where(FISCAL_MONTH.MONTH.eq(month))
                .execute();
        long lines = dsl.fetchCount(
                SPEND_LINE,
                SPEND_LINE.BOOKED_ON.between(month, month.plusMonths(1).minusDays(1)));
        dsl.insertInto(FISCAL_MONTH_EVENT)
                .set(FISCAL_MONTH_EVENT.MONTH, month)
                .set(FISCAL_MONTH_EVENT.ACTION, action.name())
                .set(FISCAL_MONTH_EVENT.REASON, reason)
                .set(FISCAL_MONTH_EVENT.ACTOR, actor)
                .set(FISCAL_MONTH_EVENT.SPEND_LINE_COUNT, lines)
                .execute();
    }

    /** Stores the close of a month just marked CLOSED (changeset 0026's close_snapshot, one statement). */
    void storeClose(LocalDate month, String actor, String reportingCurrency) {
        dsl.resultQuery(
                        "select close_snapshot({0}, {1}, {2})",
                        DSL.val(month), DSL.val(actor), DSL.val(reportingCurrency))
                .fetch();
    }

    /** The month's stored closes, oldest first, with each total's change against the previous close. */
    List<CloseRecord> closeHistory(LocalDate month) {
        var v = CLOSE_VERSION;
        var w = DSL.orderBy(v.VERSION);
        return dsl.select(
                        v.MONTH,
                        v.VERSION,
                        v.CLOSED_AT,
                        v.CLOSED_BY,
                        v.REOPEN_REASON,
                        v.CURRENCY,
                        v.SPEND_LINES,
                        v.REVENUE_LINES,
                        v.REVENUE,
                        v.COSTS,
                        v.OPERATING_PROFIT,
                        v.NEW_CUSTOMERS,
                        v.REVENUE.minus(DSL.lag(v.REVENUE).over(w)),
                        v.COSTS.minus(DSL.lag(v.COSTS).over(w)),
                        v.OPERATING_PROFIT.minus(DSL.lag(v.OPERATING_PROFIT).over(w)),
                        v.NEW_CUSTOMERS.minus(DSL.lag(v.NEW_CUSTOMERS).over(w)))
                .from(v)
                .where(v.MONTH.eq(month))
                .orderBy(v.VERSION)
                .fetch(r -> new CloseRecord(
                        YearMonth.from(r.value1()),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        cents(r.value9()),
                        cents(r.value10()),
                        cents(r.value11()),
                        r.value12(),
                        cents(r.value13()),
                        cents(r.value14()),
                        cents(r.value15()),
                        r.value16()));
    }

    /** A served total: the stored full-precision sum rounded half-up to cents (null stays null). */
    private static BigDecimal cents(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }

    List<MonthStatusEvent> events(Collection<LocalDate> months) {
        return dsl.selectFrom(FISCAL_MONTH_EVENT)
                .where(FISCAL_MONTH_EVENT.MONTH.in(months))
                .orderBy(FISCAL_MONTH_EVENT.ID)
                .fetch(r -> new MonthStatusEvent(
                        YearMonth.from(r.getMonth()),
                        MonthAction.valueOf(r.getAction()),
                        r.getReason(),
                        r.getActor(),
                        r.getOccurredAt(),
                        r.getSpendLineCount()));
    }

    /** Runs the schema's guard over the months: locks them FOR SHARE, fails on a closed one. */
    void assertMonthsOpen(String field, Collection<LocalDate> months) {
        try {
            dsl.select(DSL.function(
                            "assert_months_open",
                            Object.class,
                            DSL.val(months.toArray(LocalDate[]::new), SQLDataType.LOCALDATE.array())))
                    .fetch();
        } catch (RuntimeException e) { // jOOQ's or Spring's DataAccessException, whichever wraps the SQLState
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod(field, m))
                    .orElseThrow(() -> e);
        }
    }
}
