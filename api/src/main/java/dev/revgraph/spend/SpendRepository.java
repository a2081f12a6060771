package dev.revgraph.spend;

import static dev.revgraph.db.Tables.SPEND_LINE;

import dev.revgraph.campaign.CampaignObjective;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.money.Money;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
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

/** The only place that reads and writes the spend ledger. It inserts; it never updates or deletes. */
@Repository
class SpendRepository {

    /** A line to insert, its codes already resolved to ids. */
    record NewLine(
            String externalId,
            long departmentId,
            LocalDate bookedOn,
            BigDecimal amount,
            String currency,
            SpendCategory category,
            Long campaignId,
            Long segmentId,
            Long productId,
            Long regionId,
            CampaignObjective objective,
            String vendor,
            String memo,
            Long reversesId,
            String createdBy) {}

    /** A filter with its codes resolved to ids (tree filters already expanded to their subtrees). */
    record SpendQuery(
            LocalDate from,
            LocalDate to,
            List<Long> departmentIds,
            List<SpendCategory> categories,
            Long campaignId,
            List<Long> segmentIds,
            Long productId,
            List<Long> regionIds,
            String currency,
            SliceFilter where) {}

    /** The count and reporting-currency total of a filter; {@code missingRate} names a line without a rate. */
    record Totals(int count, BigDecimal total, String missingRate) {}

    private final DSLContext dsl;

    SpendRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts the line; empty when its external id is already taken. */
    Optional<Long> insert(NewLine line) {
        try {
            return dsl.insertInto(SPEND_LINE)
                    .set(SPEND_LINE.EXTERNAL_ID, line.externalId())
                    .set(SPEND_LINE.DEPARTMENT_ID, line.departmentId())
                    .set(SPEND_LINE.BOOKED_ON, line.bookedOn())
                    .set(SPEND_LINE.AMOUNT, line.amount())
                    .set(SPEND_LINE.CURRENCY, line.currency())
                    .set(SPEND_LINE.CATEGORY, line.category().name())
                    .set(SPEND_LINE.CAMPAIGN_ID, line.campaignId())
                    .set(SPEND_LINE.SEGMENT_ID, line.segmentId())
                    .set(SPEND_LINE.PRODUCT_ID, line.productId())
                    .set(SPEND_LINE.REGION_ID, line.regionId())
                    .set(
                            SPEND_LINE.OBJECTIVE,
                            line.objective() == null ? null : line.objective().name())
                    .set(SPEND_LINE.VENDOR, line.vendor())
                    .set(SPEND_LINE.MEMO, line.memo())
                    .set(SPEND_LINE.REVERSES_ID, line.reversesId())
                    .set(SPEND_LINE.CREATED_BY, line.createdBy())
                    .onConflict(SPEND_LINE.EXTERNAL_ID)
                    .doNothing()
                    .returning(SPEND_LINE.ID)
                    .fetchOptional(SPEND_LINE.ID);
        } catch (RuntimeException e) { // jOOQ's or Spring's DataAccessException, whichever wraps the SQLState
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) && line.reversesId() != null) {
                throw DomainException.conflict(
                        "lineId", "line " + line.reversesId() + " has already been reversed", null);
            }
            throw SqlStates.closedMonth(e)
                    .map(m -> DomainException.closedPeriod("bookedOn", m))
                    .orElseThrow(() -> e);
        }
    }

    private Field<BigDecimal> rate(String reporting) {
        return FxSql.rateOfLine(SPEND_LINE.CURRENCY, SPEND_LINE.BOOKED_ON, reporting);
    }

    private List<Field<?>> lineFields(String reporting) {
        List<Field<?>> fields = new java.util.ArrayList<>(List.of(SPEND_LINE.fields()));
        fields.add(rate(reporting).as("rate"));
        // the objective the line is reported under: its own, else its campaign's on its booking day (0036)
        // (campaign_assignment_id_on written out: a SQL function with a FROM is not inlined, and its call
        // per line cost a list page most of its time)
        fields.add(DSL.field(
                        "coalesce({0}, (select a.objective from campaign_assignment a"
                                + " where a.campaign_id = {1} and a.valid_from <= {2}"
                                + " order by a.valid_from desc, a.id desc limit 1))",
                        String.class, SPEND_LINE.OBJECTIVE, SPEND_LINE.CAMPAIGN_ID, SPEND_LINE.BOOKED_ON)
                .as("effective_objective"));
        return fields;
    }

    private static SpendLine line(Record r, String reporting) {
        BigDecimal amount = r.get(SPEND_LINE.AMOUNT);
        BigDecimal rate = r.get("rate", BigDecimal.class);
        if (rate == null) {
            FxSql.failOnMissing(null, r.get(SPEND_LINE.CURRENCY) + "|" + r.get(SPEND_LINE.BOOKED_ON));
        }
        return new SpendLine(
                r.get(SPEND_LINE.ID),
                r.get(SPEND_LINE.EXTERNAL_ID),
                r.get(SPEND_LINE.DEPARTMENT_ID),
                r.get(SPEND_LINE.BOOKED_ON),
                Money.recorded(amount, r.get(SPEND_LINE.CURRENCY)),
                Money.rounded(amount.multiply(rate), reporting),
                SpendCategory.valueOf(r.get(SPEND_LINE.CATEGORY)),
                r.get(SPEND_LINE.CAMPAIGN_ID),
                r.get(SPEND_LINE.SEGMENT_ID),
                r.get(SPEND_LINE.PRODUCT_ID),
                r.get(SPEND_LINE.REGION_ID),
                objective(r.get(SPEND_LINE.OBJECTIVE)),
                objective(r.get("effective_objective", String.class)),
                r.get(SPEND_LINE.VENDOR),
                r.get(SPEND_LINE.MEMO),
                r.get(SPEND_LINE.REVERSES_ID),
                r.get(SPEND_LINE.CREATED_AT),
                r.get(SPEND_LINE.CREATED_BY));
    }

    private static CampaignObjective objective(String name) {
        return name == null ? null : CampaignObjective.valueOf(name);
    }

    Optional<SpendLine> byExternalId(String externalId, String reporting) {
        return dsl.select(lineFields(reporting))
                .from(SPEND_LINE)
                .where(SPEND_LINE.EXTERNAL_ID.eq(externalId))
                .fetchOptional(r -> line(r, reporting));
    }

    Map<Long, SpendLine> byIds(Collection<Long> ids, String reporting) {
        return dsl
                .select(lineFields(reporting))
                .from(SPEND_LINE)
                .where(SPEND_LINE.ID.in(ids))
                .fetch(r -> line(r, reporting))
                .stream()
                .collect(Collectors.toMap(SpendLine::id, Function.identity()));
    }

    /** The reversal of each of these lines that has one, keyed by the reversed line's id. */
    Map<Long, SpendLine> reversalsOf(Collection<Long> ids, String reporting) {
        return dsl
                .select(lineFields(reporting))
                .from(SPEND_LINE)
                .where(SPEND_LINE.REVERSES_ID.in(ids))
                .fetch(r -> line(r, reporting))
                .stream()
                .collect(Collectors.toMap(SpendLine::reversesId, Function.identity()));
    }

    private static Condition condition(SpendQuery q) {
        Condition c = DSL.noCondition();
        if (q.from() != null) {
            c = c.and(SPEND_LINE.BOOKED_ON.ge(q.from()));
        }
        if (q.to() != null) {
            c = c.and(SPEND_LINE.BOOKED_ON.le(q.to()));
        }
        if (q.departmentIds() != null) {
            c = c.and(SPEND_LINE.DEPARTMENT_ID.in(q.departmentIds()));
        }
        if (q.categories() != null) {
            c = c.and(SPEND_LINE.CATEGORY.in(
                    q.categories().stream().map(Enum::name).toList()));
        }
        if (q.campaignId() != null) {
            c = c.and(SPEND_LINE.CAMPAIGN_ID.eq(q.campaignId()));
        }
        if (q.segmentIds() != null) {
            c = c.and(SPEND_LINE.SEGMENT_ID.in(q.segmentIds()));
        }
        if (q.productId() != null) {
            c = c.and(SPEND_LINE.PRODUCT_ID.eq(q.productId()));
        }
        if (q.regionIds() != null) {
            c = c.and(SPEND_LINE.REGION_ID.in(q.regionIds()));
        }
        if (q.currency() != null) {
            c = c.and(SPEND_LINE.CURRENCY.eq(q.currency()));
        }
        if (q.where() != null) {
            c = c.and(q.where().condition(SpendRepository::slice));
        }
        return c;
    }

    /** One page in (booked_on, id) order after the cursor; fetch one more than needed to see if more follow. */
    /**
     * A spend line's slice of a filter dimension, as the P&L reads it (docs/metrics.md, "Which slice a
     * fact falls in"): its own tag, else its campaign's in force on its booking date; its channel and
     * objective likewise.
     */
    private static Field<?> slice(ReportDimension d) {
        return switch (d) {
            case SEGMENT -> DSL.coalesce(SPEND_LINE.SEGMENT_ID, campaignTag("segment_id", Long.class));
            case PRODUCT -> DSL.coalesce(SPEND_LINE.PRODUCT_ID, campaignTag("product_id", Long.class));
            case REGION -> DSL.coalesce(SPEND_LINE.REGION_ID, campaignTag("region_id", Long.class));
            case DEPARTMENT -> SPEND_LINE.DEPARTMENT_ID;
            case CHANNEL -> campaignTag("channel_id", Long.class);
            case CAMPAIGN -> SPEND_LINE.CAMPAIGN_ID;
            case OBJECTIVE -> DSL.coalesce(SPEND_LINE.OBJECTIVE, campaignTag("objective", String.class));
        };
    }

    /**
     * The line's campaign's assignment's {@code column} in force on its booking day: the body of the
     * SQL function {@code campaign_assignment_on} (0037) written out, since PostgreSQL does not inline a
     * function with a FROM and a call per line is most of a filtered page's time.
     */
    private static <T> Field<T> campaignTag(String column, Class<T> type) {
        return DSL.field(
                "(select a.{2} from campaign_assignment a where a.campaign_id = {0} and a.valid_from <= {1}"
                        + " order by a.valid_from desc, a.id desc limit 1)",
                type, SPEND_LINE.CAMPAIGN_ID, SPEND_LINE.BOOKED_ON, DSL.name(column));
    }

    List<SpendLine> page(SpendQuery query, DateIdKey after, int limit, String reporting) {
        Condition c = condition(query);
        if (after != null) {
            c = c.and(DSL.row(SPEND_LINE.BOOKED_ON, SPEND_LINE.ID).gt(after.date(), after.id()));
        }
        return dsl.select(lineFields(reporting))
                .from(SPEND_LINE)
                .where(c)
                .orderBy(SPEND_LINE.BOOKED_ON, SPEND_LINE.ID)
                .limit(limit)
                .fetch(r -> line(r, reporting));
    }

    Totals totals(SpendQuery query, String reporting) {
        Field<BigDecimal> rate = rate(reporting);
        return dsl.select(
                        DSL.count(),
                        DSL.coalesce(DSL.sum(SPEND_LINE.AMOUNT.mul(rate)), BigDecimal.ZERO),
                        FxSql.firstMissing(SPEND_LINE.CURRENCY, SPEND_LINE.BOOKED_ON, rate))
                .from(SPEND_LINE)
                .where(condition(query))
                .fetchSingle(r -> new Totals(r.value1(), r.value2(), r.value3()));
    }
}
