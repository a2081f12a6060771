package dev.revgraph.target;

import static dev.revgraph.db.Tables.SEGMENT;
import static dev.revgraph.db.Tables.SEGMENT_TARGET;

import dev.revgraph.shared.money.Money;
import dev.revgraph.target.Targets.SegmentTarget;
import dev.revgraph.target.Targets.SetSegmentTargetsInput;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes segment targets. */
@Repository
class TargetRepository {

    /** A month's targets in the reporting currency at full precision; {@code missingRate} names a currency without a rate. */
    record MonthTargets(
            LocalDate month,
            Integer newCustomers,
            BigDecimal newMrr,
            BigDecimal revenue,
            BigDecimal maxCac,
            String missingRate) {}

    private final DSLContext dsl;

    TargetRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void upsert(long segmentId, SetSegmentTargetsInput input, String actor) {
        dsl.insertInto(SEGMENT_TARGET)
                .set(SEGMENT_TARGET.SEGMENT_ID, segmentId)
                .set(SEGMENT_TARGET.MONTH, input.month().atDay(1))
                .set(SEGMENT_TARGET.NEW_CUSTOMERS, input.newCustomers())
                .set(SEGMENT_TARGET.NEW_MRR, input.newMrr())
                .set(SEGMENT_TARGET.REVENUE, input.revenue())
                .set(SEGMENT_TARGET.MAX_CAC, input.maxCac())
                .set(SEGMENT_TARGET.CURRENCY, input.currency())
                .set(SEGMENT_TARGET.UPDATED_BY, actor)
                .onConflict(SEGMENT_TARGET.SEGMENT_ID, SEGMENT_TARGET.MONTH)
                .doUpdate()
                .set(SEGMENT_TARGET.NEW_CUSTOMERS, input.newCustomers())
                .set(SEGMENT_TARGET.NEW_MRR, input.newMrr())
                .set(SEGMENT_TARGET.REVENUE, input.revenue())
                .set(SEGMENT_TARGET.MAX_CAC, input.maxCac())
                .set(SEGMENT_TARGET.CURRENCY, input.currency())
                .set(SEGMENT_TARGET.UPDATED_BY, actor)
                .set(SEGMENT_TARGET.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    SegmentTarget target(long segmentId, LocalDate month) {
        return dsl.select(SEGMENT.CODE, SEGMENT_TARGET.asterisk())
                .from(SEGMENT_TARGET)
                .join(SEGMENT)
                .on(SEGMENT.ID.eq(SEGMENT_TARGET.SEGMENT_ID))
                .where(SEGMENT_TARGET.SEGMENT_ID.eq(segmentId), SEGMENT_TARGET.MONTH.eq(month))
                .fetchSingle(r -> {
                    String currency = r.get(SEGMENT_TARGET.CURRENCY);
                    return new SegmentTarget(
                            r.get(SEGMENT.CODE),
                            YearMonth.from(r.get(SEGMENT_TARGET.MONTH)),
                            r.get(SEGMENT_TARGET.NEW_CUSTOMERS),
                            money(r.get(SEGMENT_TARGET.NEW_MRR), currency),
                            money(r.get(SEGMENT_TARGET.REVENUE), currency),
                            money(r.get(SEGMENT_TARGET.MAX_CAC), currency),
                            r.get(SEGMENT_TARGET.UPDATED_AT),
                            r.get(SEGMENT_TARGET.UPDATED_BY));
                });
    }

    /**
     * The segment's targets of each month of the range that has them and that {@code kept} keeps (a
     * condition on {@code segment_target}; null: every one), converted into {@code currency} at the
     * month's first day through the reporting currency: target x rate(target currency) / rate(currency).
     */
    List<MonthTargets> targets(
            long segmentId, LocalDate fromMonth, LocalDate toMonth, String reporting, String currency, Condition kept) {
        return dsl.resultQuery(
                        """
                with t as (
                    select month, new_customers, new_mrr, revenue, max_cac, currency,
                           fx_rate_on(currency, month, {3}) as source_rate,
                           fx_rate_on({4}, month, {3}) as target_rate
                    from segment_target
                    where segment_id = {0} and month between {1} and {2} and {5}
                )
                select month, new_customers,
                       new_mrr * source_rate / target_rate,
                       revenue * source_rate / target_rate,
                       max_cac * source_rate / target_rate,
                       case when source_rate is null then currency || '|' || month
                            when target_rate is null then {4} || '|' || month end
                from t
                order by month
                """,
                        DSL.val(segmentId),
                        DSL.val(fromMonth),
                        DSL.val(toMonth),
                        DSL.val(reporting),
                        DSL.val(currency),
                        kept == null ? DSL.trueCondition() : kept)
                .fetch(r -> new MonthTargets(
                        r.get(0, LocalDate.class),
                        r.get(1, Integer.class),
                        r.get(2, BigDecimal.class),
                        r.get(3, BigDecimal.class),
                        r.get(4, BigDecimal.class),
                        r.get(5, String.class)));
    }

    /** The segment column of {@code segment_target}, for a filter's condition on a target. */
    static final Field<Long> TARGET_SEGMENT = DSL.field(DSL.name("segment_target", "segment_id"), Long.class);

    private static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : Money.recorded(amount, currency);
    }
}
