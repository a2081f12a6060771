package dev.revgraph.revenue;

import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.REVENUE_LINE;

import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.money.Money;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes the revenue ledger. It inserts; it never updates or deletes. */
@Repository
class RevenueRepository {

    /** A line to insert, its keys already resolved to ids. */
    record NewLine(
            String externalId,
            long customerId,
            Long productId,
            LocalDate recognizedOn,
            BigDecimal amount,
            String currency,
            boolean recurring,
            String memo,
            Long reversesId,
            String createdBy) {}

    /** A filter with its keys resolved to ids. */
    record RevenueQuery(
            LocalDate from,
            LocalDate to,
            Long customerId,
            List<Long> segmentIds,
            Long productId,
            Boolean recurring,
            SliceFilter where) {}

    /** The count and reporting-currency total of a filter; {@code missingRate} names a line without a rate. */
    record Totals(int count, BigDecimal total, String missingRate) {}

    private final DSLContext dsl;

    RevenueRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Long> insert(NewLine line) {
        try {
            return dsl.insertInto(REVENUE_LINE)
                    .set(REVENUE_LINE.EXTERNAL_ID, line.externalId())
                    .set(REVENUE_LINE.CUSTOMER_ID, line.customerId())
                    .set(REVENUE_LINE.PRODUCT_ID, line.productId())
                    .set(REVENUE_LINE.RECOGNIZED_ON, line.recognizedOn())
                    .set(REVENUE_LINE.AMOUNT, line.amount())
                    .set(REVENUE_LINE.CURRENCY, line.currency())
                    .set(REVENUE_LINE.RECURRING, line.recurring())
                    .set(REVENUE_LINE.MEMO, line.memo())
                    .set(REVENUE_LINE.REVERSES_ID, line.reversesId())
                    .set(REVENUE_LINE.CREATED_BY, line.createdBy())
                    .onConflict(REVENUE_LINE.EXTERNAL_ID)
                    .doNothing()
                    .returning(REVENUE_LINE.ID)
                    .fetchOptional(REVENUE_LINE.ID);
        } catch (RuntimeException e) { // jOOQ's or Spring's DataAccessException, whichever wraps the SQLState
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) && line.reversesId() != null) {
                throw DomainException.conflict(
                        "lineId", "line " + line.reversesId() + " has already been reversed", null);
            }
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("recognizedOn", m))
                    .orElseThrow(() -> e);
        }
    }

    private static Field<BigDecimal> rate(String reporting) {
        return FxSql.rateOfLine(REVENUE_LINE.CURRENCY, REVENUE_LINE.RECOGNIZED_ON, reporting);
    }

    private static List<Field<?>> lineFields(String reporting) {
        List<Field<?>> fields = new ArrayList<>(List.of(REVENUE_LINE.fields()));
        fields.add(rate(reporting).as("rate"));
        return fields;
    }

    private static RevenueLine line(Record r, String reporting) {
        BigDecimal amount = r.get(REVENUE_LINE.AMOUNT);
        BigDecimal rate = r.get("rate", BigDecimal.class);
        if (rate == null) {
            FxSql.failOnMissing(null, r.get(REVENUE_LINE.CURRENCY) + "|" + r.get(REVENUE_LINE.RECOGNIZED_ON));
        }
        return new RevenueLine(
                r.get(REVENUE_LINE.ID),
                r.get(REVENUE_LINE.EXTERNAL_ID),
                r.get(REVENUE_LINE.CUSTOMER_ID),
                r.get(REVENUE_LINE.PRODUCT_ID),
                r.get(REVENUE_LINE.RECOGNIZED_ON),
                Money.recorded(amount, r.get(REVENUE_LINE.CURRENCY)),
                Money.rounded(amount.multiply(rate), reporting),
                r.get(REVENUE_LINE.RECURRING),
                r.get(REVENUE_LINE.MEMO),
                r.get(REVENUE_LINE.REVERSES_ID),
                r.get(REVENUE_LINE.CREATED_AT),
                r.get(REVENUE_LINE.CREATED_BY));
    }

    Optional<RevenueLine> byExternalId(String externalId, String reporting) {
        return dsl.select(lineFields(reporting))
                .from(REVENUE_LINE)
                .where(REVENUE_LINE.EXTERNAL_ID.eq(externalId))
                .fetchOptional(r -> line(r, reporting));
    }

    Map<Long, RevenueLine> byIds(Collection<Long> ids, String reporting) {
        return dsl
                .select(lineFields(reporting))
                .from(REVENUE_LINE)
                .where(REVENUE_LINE.ID.in(ids))
                .fetch(r -> line(r, reporting))
                .stream()
                .collect(Collectors.toMap(RevenueLine::id, Function.identity()));
    }

    Map<Long, RevenueLine> reversalsOf(Collection<Long> ids, String reporting) {
        return dsl
                .select(lineFields(reporting))
                .from(REVENUE_LINE)
                .where(REVENUE_LINE.REVERSES_ID.in(ids))
                .fetch(r -> line(r, reporting))
                .stream()
                .collect(Collectors.toMap(RevenueLine::reversesId, Function.identity()));
    }

    private static Condition condition(RevenueQuery q) {
        Condition c = DSL.noCondition();
        if (q.from() != null) {
            c = c.and(REVENUE_LINE.RECOGNIZED_ON.ge(q.from()));
        }
        if (q.to() != null) {
            c = c.and(REVENUE_LINE.RECOGNIZED_ON.le(q.to()));
        }
        if (q.customerId() != null) {
            c = c.and(REVENUE_LINE.CUSTOMER_ID.eq(q.customerId()));
        }
        if (q.segmentIds() != null) {
            c = c.and(REVENUE_LINE.CUSTOMER_ID.in(
                    DSL.select(CUSTOMER.ID).from(CUSTOMER).where(CUSTOMER.SEGMENT_ID.in(q.segmentIds()))));
        }
        if (q.productId() != null) {
            c = c.and(REVENUE_LINE.PRODUCT_ID.eq(q.productId()));
        }
        if (q.recurring() != null) {
            c = c.and(REVENUE_LINE.RECURRING.eq(q.recurring()));
        }
        if (q.where() != null) {
            c = c.and(q.where().condition(RevenueRepository::slice));
        }
        return c;
    }

    /**
     * A revenue line's slice of a filter dimension, as the P&L reads it (docs/metrics.md, "Which slice
     * a fact falls in"): the customer's assignment in force on the line's day, its acquisition campaign
     * then and that campaign's channel then; the line's product; no department and no objective.
     */
    private static Field<?> slice(ReportDimension d) {
        return switch (d) {
            case SEGMENT -> assignment("segment_id");
            case PRODUCT -> REVENUE_LINE.PRODUCT_ID;
            case REGION -> assignment("region_id");
            case DEPARTMENT -> null;
            case CHANNEL ->
                DSL.field(
                        "(select a.channel_id from campaign_assignment a where a.campaign_id = {0}"
                                + " and a.valid_from <= {1} order by a.valid_from desc, a.id desc limit 1)",
                        Long.class, assignment("acquisition_campaign_id"), REVENUE_LINE.RECOGNIZED_ON);
            case CAMPAIGN -> assignment("acquisition_campaign_id");
            case OBJECTIVE -> null;
        };
    }

    /**
     * The customer's assignment's {@code column} in force on the line's day: the body of the SQL
     * function {@code customer_assignment_on} (0025) written out, since PostgreSQL does not inline a
     * function with a FROM and a call per line is most of a filtered page's time.
     */
    private static Field<Long> assignment(String column) {
        return DSL.field(
                "(select a.{2} from customer_assignment a where a.customer_id = {0} and a.valid_from <= {1}"
                        + " order by a.valid_from desc, a.id desc limit 1)",
                Long.class, REVENUE_LINE.CUSTOMER_ID, REVENUE_LINE.RECOGNIZED_ON, DSL.name(column));
    }

    List<RevenueLine> page(RevenueQuery query, DateIdKey after, int limit, String reporting) {
        Condition c = condition(query);
        if (after != null) {
            c = c.and(DSL.row(REVENUE_LINE.RECOGNIZED_ON, REVENUE_LINE.ID).gt(after.date(), after.id()));
        }
        return dsl.select(lineFields(reporting))
                .from(REVENUE_LINE)
                .where(c)
                .orderBy(REVENUE_LINE.RECOGNIZED_ON, REVENUE_LINE.ID)
                .limit(limit)
                .fetch(r -> line(r, reporting));
    }

    Totals totals(RevenueQuery query, String reporting) {
        Field<BigDecimal> rate = rate(reporting);
        return dsl.select(
                        DSL.count(),
                        DSL.coalesce(DSL.sum(REVENUE_LINE.AMOUNT.mul(rate)), BigDecimal.ZERO),
                        FxSql.firstMissing(REVENUE_LINE.CURRENCY, REVENUE_LINE.RECOGNIZED_ON, rate))
                .from(REVENUE_LINE)
                .where(condition(query))
                .fetchSingle(r -> new Totals(r.value1(), r.value2(), r.value3()));
    }

    /** Every customer's revenue to date in the reporting currency, full precision. */
    Map<Long, Totals> lifetimeRevenue(Collection<Long> customerIds, String reporting) {
        Field<BigDecimal> rate = rate(reporting);
        return dsl.select(
                        REVENUE_LINE.CUSTOMER_ID,
                        DSL.count(),
                        DSL.sum(REVENUE_LINE.AMOUNT.mul(rate)),
                        FxSql.firstMissing(REVENUE_LINE.CURRENCY, REVENUE_LINE.RECOGNIZED_ON, rate))
                .from(REVENUE_LINE)
                .where(REVENUE_LINE.CUSTOMER_ID.in(customerIds))
                .groupBy(REVENUE_LINE.CUSTOMER_ID)
                .fetchMap(r -> r.value1(), r -> new Totals(r.value2(), r.value3(), r.value4()));
    }
}
