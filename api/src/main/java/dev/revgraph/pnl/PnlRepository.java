package dev.revgraph.pnl;

import static dev.revgraph.db.Tables.ALLOCATION_RULE;
import static dev.revgraph.db.Tables.BUDGET;
import static dev.revgraph.db.Tables.BUDGET_SEGMENT_LINE;
import static dev.revgraph.db.Tables.CAMPAIGN_ASSIGNMENT;
import static dev.revgraph.db.Tables.CHANNEL;
import static dev.revgraph.db.Tables.CURRENCY;
import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.CUSTOMER_ASSIGNMENT;
import static dev.revgraph.db.Tables.CUSTOMER_ROLLUP_REPORTED;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.FX_RATE;
import static dev.revgraph.db.Tables.PRODUCT;
import static dev.revgraph.db.Tables.REGION;
import static dev.revgraph.db.Tables.REVENUE_LINE;
import static dev.revgraph.db.Tables.REVENUE_ROLLUP_REPORTED;
import static dev.revgraph.db.Tables.SEGMENT;
import static dev.revgraph.db.Tables.SPEND_LINE;
import static dev.revgraph.db.Tables.SPEND_ROLLUP_REPORTED;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.asterisk;
import static org.jooq.impl.DSL.castNull;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.grouping;
import static org.jooq.impl.DSL.groupingSets;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.localDateSub;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.month;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.trueCondition;
import static org.jooq.impl.DSL.trunc;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;
import static org.jooq.impl.DSL.when;

import dev.revgraph.db.tables.CampaignAssignment;
import dev.revgraph.db.tables.Department;
import dev.revgraph.pnl.PnlReports.SliceName;
import dev.revgraph.retention.SourceDimension;
import dev.revgraph.shared.money.FxSql;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.GroupField;
import org.jooq.Name;
import org.jooq.QuantifiedSelect;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * The P&L queries: every fact (revenue line, spend line, new customer) placed in its slices by
 * the rules of docs/metrics.md, converted into the report currency line by line, and aggregated per
 * period and grouped slice, with the report's total, the operating-expense breakdowns and the
 * codes and names of every slice in the same statement.
 *
 * <p>Each statement is a chain of common table expressions over the generated tables. The facts
 * come from the monthly rollups (changeset 0020) when they can answer, else from the ledgers
 * themselves: {@code raw} (the facts, one row each) → {@code rated} (filtered, with the rates of a
 * ledger read) → {@code facts} (in the report currency) and {@code missing} (the first line without
 * a rate). The column names below are those of these expressions.
 */
@Repository
class PnlRepository {

    /** The grouped dimensions and their fact columns, in a fixed order. */
    static final List<PnlDimension> DIMENSIONS = List.of(PnlDimension.values());

    /** What the rollup facts report when a row may hold a line without a rate: the raw lines decide. */
    static final String RECHECK = "RECHECK";

    /** The months of a query and how they group into periods of the fiscal calendar. */
    record Range(LocalDate from, LocalDate to, Granularity granularity, int fiscalStartMonth) {

        /** The same range {@code months} earlier, to its month's end. */
        Range earlier(int months) {
            return new Range(
                    from.minusMonths(months),
                    to.plusDays(1).minusMonths(months).minusDays(1),
                    granularity,
                    fiscalStartMonth);
        }

        /** Whole months: what the rollups hold. */
        boolean wholeMonths() {
            return from.getDayOfMonth() == 1 && to.getDayOfMonth() == to.lengthOfMonth();
        }
    }

    /** A P&L query with codes resolved to ids: a dimension without ids in {@code filter} does not filter. */
    record PnlQuery(
            Range range,
            Set<PnlDimension> groupBy,
            List<Long> budgetDepartments,
            SliceFilter where,
            String reporting,
            String currency,
            boolean firstReported,
            boolean fullyLoaded) {

        PnlQuery {
            groupBy = Set.copyOf(groupBy);
            budgetDepartments = budgetDepartments == null ? null : List.copyOf(budgetDepartments);
        }

        /**
         * Every fact of the range in the reporting currency, ungrouped and unfiltered, with the
         * allocated facts when {@code fullyLoaded}.
         */
        static PnlQuery everything(Range range, String reporting, boolean firstReported, boolean fullyLoaded) {
            return new PnlQuery(range, Set.of(), null, null, reporting, reporting, firstReported, fullyLoaded);
        }

        PnlQuery earlier(int months) {
            return new PnlQuery(
                    range.earlier(months),
                    groupBy,
                    budgetDepartments,
                    where,
                    reporting,
                    currency,
                    firstReported,
                    fullyLoaded);
        }

        /**
         * The rollups answer when the report is in the reporting currency and covers whole months;
         * a report in another currency divides each line by that currency's rate on the line's own
         * day, which only the lines themselves can do.
         */
        boolean fromRollups() {
            return currency.equals(reporting) && range.wholeMonths();
        }
    }

    /** The slice of a row: one id per dimension (null: unassigned or not grouped); all null for the total. */
    record Slice(
            LocalDate periodStart, Long segmentId, Long productId, Long regionId, Long departmentId, Long channelId) {

        Long id(PnlDimension dimension) {
            return switch (dimension) {
                case SEGMENT -> segmentId;
                case PRODUCT -> productId;
                case REGION -> regionId;
                case DEPARTMENT -> departmentId;
                case CHANNEL -> channelId;
            };
        }

        Slice shifted(int months) {
            return new Slice(periodStart.plusMonths(months), segmentId, productId, regionId, departmentId, channelId);
        }
    }

    /**
     * Full-precision sums of one row; {@code total} marks the report's total; {@code names} holds the
     * code and name of each assigned slice id of the row.
     */
    record Aggregate(
            Slice slice,
            boolean total,
            Map<PnlDimension, SliceName> names,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal operatingExpenses,
            int newCustomers,
            BigDecimal acquisitionExpenses,
            BigDecimal acquisitionObjectiveExpenses,
            BigDecimal allocated,
            String missingRate) {

        Aggregate withMissingRate(String missing) {
            return new Aggregate(
                    slice,
                    total,
                    names,
                    revenue,
                    costOfService,
                    operatingExpenses,
                    newCustomers,
                    acquisitionExpenses,
                    acquisitionObjectiveExpenses,
                    allocated,
                    missing);
        }
    }

    /** A department's budget for one period, full precision; {@code missingRate} names a line without a rate. */
    record BudgetAmount(
            LocalDate periodStart, long departmentId, SliceName department, BigDecimal amount, String missingRate) {}

    /** A segment's budget lines for one period, full precision; {@code missingRate} names a line without a rate. */
    record SegmentBudgetAmount(
            LocalDate periodStart, long segmentId, SliceName segment, BigDecimal amount, String missingRate) {}

    /** Operating expenses of one department or one category within a row (or the total). */
    record Breakdown(Slice slice, boolean total, SliceName department, String category, BigDecimal amount) {}

    /** A P&L's rows with the total, and the operating-expense breakdowns of each row and of the total. */
    record Report(List<Aggregate> aggregates, List<Breakdown> breakdowns) {}

    /**
     * Full-precision figures of one segment subtree (segment null: the whole company, every line):
     * the direct figures of its spend lines, the net amount allocated onto it (and the part of it that
     * is MARKETING and SALES operating expense), and the spend and new customers of paid channels.
     */
    record SegmentFigures(
            Long segmentId,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal operatingExpenses,
            BigDecimal acquisitionExpenses,
            int newCustomers,
            BigDecimal allocated,
            BigDecimal allocatedAcquisitionExpenses,
            BigDecimal paidSpend,
            int paidNewCustomers,
            BigDecimal acquisitionObjectiveExpenses,
            BigDecimal retentionSpend,
            BigDecimal expansionSpend,
            String missingRate) {

        static SegmentFigures none() {
            BigDecimal zero = BigDecimal.ZERO;
            return new SegmentFigures(null, zero, zero, zero, zero, 0, zero, zero, zero, 0, zero, zero, zero, null);
        }

        SegmentFigures withMissingRate(String missing) {
            return new SegmentFigures(
                    segmentId,
                    revenue,
                    costOfService,
                    operatingExpenses,
                    acquisitionExpenses,
                    newCustomers,
                    allocated,
                    allocatedAcquisitionExpenses,
                    paidSpend,
                    paidNewCustomers,
                    acquisitionObjectiveExpenses,
                    retentionSpend,
                    expansionSpend,
                    missing);
        }
    }

    // ---- the columns of the fact expressions

    private static final Field<LocalDate> MONTH = field(name("month"), LocalDate.class);
    private static final Field<String> KIND = field(name("kind"), String.class);
    private static final Field<String> CATEGORY = field(name("category"), String.class);
    private static final Field<Long> DEPARTMENT_ID = field(name("department_id"), Long.class);
    private static final Field<String> DEPARTMENT_KIND = field(name("department_kind"), String.class);
    private static final Field<BigDecimal> AMOUNT = field(name("amount"), BigDecimal.class);
    private static final Field<BigDecimal> VALUE = field(name("value"), BigDecimal.class);
    private static final Field<String> CURRENCY_CODE = field(name("currency"), String.class);
    private static final Field<LocalDate> DAY = field(name("day"), LocalDate.class);
    private static final Field<Long> CUSTOMERS = field(name("customers"), Long.class);
    private static final Field<BigDecimal> SOURCE_RATE = field(name("source_rate"), BigDecimal.class);
    private static final Field<BigDecimal> TARGET_RATE = field(name("target_rate"), BigDecimal.class);
    private static final Field<String> MISSING = field(name("missing"), String.class);
    private static final Field<LocalDate> PERIOD_START = field(name("period_start"), LocalDate.class);
    private static final Field<Long> BREAKDOWN_DEPARTMENT = field(name("breakdown_department"), Long.class);
    private static final Field<String> PART = field(name("part"), String.class);
    private static final Field<Boolean> IS_TOTAL = field(name("is_total"), Boolean.class);
    private static final Field<BigDecimal> REVENUE = field(name("revenue"), BigDecimal.class);
    private static final Field<BigDecimal> COGS = field(name("cogs"), BigDecimal.class);
    private static final Field<BigDecimal> OPEX = field(name("opex"), BigDecimal.class);
    private static final Field<BigDecimal> NEW_CUSTOMERS = field(name("new_customers"), BigDecimal.class);
    private static final Field<BigDecimal> ACQUISITION_OPEX = field(name("acquisition_opex"), BigDecimal.class);
    private static final Field<BigDecimal> ALLOCATED = field(name("allocated"), BigDecimal.class);
    private static final Field<BigDecimal> ALLOCATED_ACQUISITION =
            field(name("allocated_acquisition"), BigDecimal.class);
    private static final Field<BigDecimal> PAID_SPEND = field(name("paid_spend"), BigDecimal.class);
    private static final Field<BigDecimal> PAID_CUSTOMERS = field(name("paid_customers"), BigDecimal.class);
    private static final Field<Long> CHANNEL_ID = field(name("channel_id"), Long.class);
    private static final Field<String> OBJECTIVE = field(name("objective"), String.class);
    private static final Field<Long> CAMPAIGN_ID = field(name("campaign_id"), Long.class);
    private static final Field<BigDecimal> ACQUISITION_OBJECTIVE_OPEX =
            field(name("acquisition_objective_opex"), BigDecimal.class);
    private static final Field<BigDecimal> RETENTION_SPEND = field(name("retention_spend"), BigDecimal.class);
    private static final Field<BigDecimal> EXPANSION_SPEND = field(name("expansion_spend"), BigDecimal.class);

    /** The objectives whose spend is not acquisition spend (docs/metrics.md, "Objectives"). */
    private static final Field<String> RETENTION = inline("RETENTION");

    private static final Field<String> EXPANSION = inline("EXPANSION");
    private static final Field<Long> SEGMENT_ID = field(name("segment_id"), Long.class);
    private static final Field<Long> G1 = field(name("g1"), Long.class);
    private static final Field<Long> G2 = field(name("g2"), Long.class);

    /** The kinds of fact: revenue, cost of service, operating expense, new customers. */
    private static final Field<String> REV = inline("REV");

    private static final Field<String> COGS_KIND = inline("COGS");
    private static final Field<String> OPEX_KIND = inline("OPEX");
    private static final Field<String> NEW = inline("NEW");

    /** The department kinds whose operating expenses are the cost of acquisition. */
    private static final Field<String> MARKETING = inline("MARKETING");

    private static final Field<String> SALES = inline("SALES");

    /**
     * The date after every date, for "no first rate yet". Plain SQL: jOOQ's {@code LocalDate} has no
     * infinity, and PostgreSQL compares every date below it.
     */
    private static final Field<LocalDate> INFINITY = field("'infinity'::date", LocalDate.class);

    private static Field<Long> id(PnlDimension dimension) {
        return field(name(column(dimension)), Long.class);
    }

    private static String column(PnlDimension d) {
        return switch (d) {
            case SEGMENT -> "segment_id";
            case PRODUCT -> "product_id";
            case REGION -> "region_id";
            case DEPARTMENT -> "department_id";
            case CHANNEL -> "channel_id";
        };
    }

    private static Field<Long> noId() {
        return castNull(SQLDataType.BIGINT);
    }

    private static Field<String> noText() {
        return castNull(SQLDataType.CLOB);
    }

    private static Field<LocalDate> monthOf(Field<LocalDate> day) {
        return trunc(day, DatePart.MONTH).cast(SQLDataType.LOCALDATE);
    }

    private final DSLContext dsl;

    PnlRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // ---- facts

    /** The facts of a query: the WITH list raw, rated, facts, missing (see the class comment). */
    private static List<CommonTableExpression<?>> facts(PnlQuery q, boolean rollup) {
        return rollup ? rollupFacts(q) : lineFacts(q);
    }

    /**
     * Facts from the ledgers, one row per line or new customer: month, kind (REV, COGS, OPEX, NEW),
     * category, slice ids, department kind, amount in its currency, its day; rated by the report's
     * currency on that day.
     */
    private static List<CommonTableExpression<?>> lineFacts(PnlQuery q) {
        return lineFacts(q, List.of());
    }

    /**
     * {@link #lineFacts(PnlQuery)} with each fact's source groups as columns {@code g1} and {@code g2}
     * when {@code dims} names dimensions (0: the unassigned group): a revenue line and a new customer
     * in the group of the customer's assignment on its acquisition date ({@link
     * SourceDimension#sourceSelect}); a spend line by its own tags (its campaign's channel on its booking
     * date, its campaign, its segment or region, else its campaign's); an allocated amount by its
     * target when the rule allocates onto segments or regions and that is the dimension, else
     * unassigned.
     */
    private static List<CommonTableExpression<?>> lineFacts(PnlQuery q, List<SourceDimension> dims) {
        boolean grouped = !dims.isEmpty();
        Table<?> source = table("(" + SourceDimension.sourceSelect(dims) + ")").as("src");
        Field<Long> sourceCustomer = field(name("src", "customer_id"), Long.class);
        List<Field<Long>> sourceKeys = grouped
                ? List.of(
                        field(name("src", "g1"), Long.class).as(G1),
                        field(name("src", "g2"), Long.class).as(G2))
                : List.of();
        var r = REVENUE_LINE.as("r");
        var c = CUSTOMER.as("c");
        var s = SPEND_LINE.as("s");
        var d = DEPARTMENT.as("d");
        List<SelectField<?>> revenueFields = new ArrayList<>(List.of(
                monthOf(r.RECOGNIZED_ON).as(MONTH),
                REV.as(KIND),
                noText().as(CATEGORY),
                field(name("ar", "segment_id"), Long.class).as("segment_id"),
                r.PRODUCT_ID.as("product_id"),
                field(name("ar", "region_id"), Long.class).as("region_id"),
                noId().as(DEPARTMENT_ID),
                campaignTag("rc", "channel_id").as("channel_id"),
                noText().as(DEPARTMENT_KIND),
                r.AMOUNT.as(AMOUNT),
                r.CURRENCY.as(CURRENCY_CODE),
                r.RECOGNIZED_ON.as(DAY),
                noId().as(CUSTOMERS),
                noText().as(OBJECTIVE),
                field(name("ar", "acquisition_campaign_id"), Long.class).as(CAMPAIGN_ID)));
        revenueFields.addAll(sourceKeys);
        SelectJoinStep<Record> revenueFrom = select(revenueFields)
                .from(r)
                .crossJoin(assignmentOn(r.CUSTOMER_ID, r.RECOGNIZED_ON, "ar"))
                .leftJoin(campaignOn(field(name("ar", "acquisition_campaign_id"), Long.class), r.RECOGNIZED_ON, "rc"))
                .on(trueCondition());
        if (grouped) {
            revenueFrom = revenueFrom.join(source).on(sourceCustomer.eq(r.CUSTOMER_ID));
        }
        Select<Record> revenue = revenueFrom.where(
                r.RECOGNIZED_ON.between(q.range().from(), q.range().to()));
        List<SelectField<?>> spendFields = new ArrayList<>(List.of(
                monthOf(s.BOOKED_ON),
                kindOf(s.CATEGORY),
                s.CATEGORY,
                coalesce(s.SEGMENT_ID, campaignTag("sc", "segment_id")),
                coalesce(s.PRODUCT_ID, campaignTag("sc", "product_id")),
                coalesce(s.REGION_ID, campaignTag("sc", "region_id")),
                s.DEPARTMENT_ID,
                campaignTag("sc", "channel_id"),
                d.KIND,
                s.AMOUNT,
                s.CURRENCY,
                s.BOOKED_ON,
                noId(),
                coalesce(s.OBJECTIVE, field(name("sc", "objective"), String.class)),
                s.CAMPAIGN_ID));
        for (int i = 0; grouped && i < 2; i++) {
            spendFields.add(i < dims.size() ? spendKey(dims.get(i), s) : inline(0L));
        }
        Select<Record> spend = select(spendFields)
                .from(s)
                .join(d)
                .on(d.ID.eq(s.DEPARTMENT_ID))
                .leftJoin(campaignOn(s.CAMPAIGN_ID, s.BOOKED_ON, "sc"))
                .on(trueCondition())
                .where(s.BOOKED_ON.between(q.range().from(), q.range().to()));
        List<SelectField<?>> customerFields = new ArrayList<>(List.of(
                monthOf(c.ACQUIRED_ON),
                NEW,
                noText(),
                field(name("an", "segment_id"), Long.class),
                noId(),
                field(name("an", "region_id"), Long.class),
                noId(),
                campaignTag("nc", "channel_id"),
                noText(),
                castNull(SQLDataType.NUMERIC),
                noText(),
                c.ACQUIRED_ON,
                inline(1L).cast(SQLDataType.BIGINT),
                noText(),
                field(name("an", "acquisition_campaign_id"), Long.class)));
        customerFields.addAll(sourceKeys);
        SelectJoinStep<Record> customerFrom = select(customerFields)
                .from(c)
                .crossJoin(assignmentOn(c.ID, c.ACQUIRED_ON, "an"))
                .leftJoin(campaignOn(field(name("an", "acquisition_campaign_id"), Long.class), c.ACQUIRED_ON, "nc"))
                .on(trueCondition());
        if (grouped) {
            customerFrom = customerFrom.join(source).on(sourceCustomer.eq(c.ID));
        }
        Select<Record> customers = customerFrom.where(
                c.ACQUIRED_ON.between(q.range().from(), q.range().to()));
        Select<Record> all = revenue.unionAll(spend).unionAll(customers);
        if (q.fullyLoaded()) {
            // in the reporting currency already (the service refuses another with FULLY_LOADED)
            all = all.unionAll(allocatedFacts(q, dims));
        }
        var raw = name("raw").as(all);

        Field<String> target = val(q.currency());
        // new customers and allocated amounts (no currency: the reporting currency) take no rate
        Condition unrated = KIND.eq(NEW).or(CURRENCY_CODE.isNull());
        var rated = name("rated")
                .as(select(
                                raw.asterisk(),
                                when(unrated, inline(BigDecimal.ONE))
                                        .otherwise(FxSql.rate(CURRENCY_CODE, DAY, q.reporting()))
                                        .as(SOURCE_RATE),
                                when(unrated, inline(BigDecimal.ONE))
                                        .otherwise(FxSql.rate(target, DAY, q.reporting()))
                                        .as(TARGET_RATE))
                        .from(raw)
                        .where(filter(q)));
        var facts = name("facts")
                .as(select(
                                rated.asterisk(),
                                AMOUNT.times(SOURCE_RATE).div(TARGET_RATE).as(VALUE))
                        .from(rated));
        var missing = name("missing")
                .as(select(min(when(SOURCE_RATE.isNull(), CURRENCY_CODE.concat(inline("|"), DAY))
                                        .otherwise(target.concat(inline("|"), DAY)))
                                .as(MISSING))
                        .from(rated)
                        .where(SOURCE_RATE.isNull().or(TARGET_RATE.isNull())));
        return List.of(raw, rated, facts, missing);
    }

    /**
     * A customer's assignment in force on a day (changeset 0025): segment_id, region_id and
     * acquisition_campaign_id of the latest row valid on or before it, as a lateral table.
     */
    private static Table<?> assignmentOn(Field<Long> customerId, Field<LocalDate> day, String alias) {
        var a = CUSTOMER_ASSIGNMENT.as(alias + "_row");
        return lateral(select(a.SEGMENT_ID, a.REGION_ID, a.ACQUISITION_CAMPAIGN_ID)
                        .from(a)
                        .where(a.CUSTOMER_ID.eq(customerId))
                        .and(a.VALID_FROM.le(day))
                        .orderBy(a.VALID_FROM.desc(), a.ID.desc())
                        .limit(1))
                .as(alias);
    }

    /**
     * A campaign's tags in force on a day (changeset 0027): channel_id, segment_id, product_id and
     * region_id of its latest assignment valid on or before it, as a lateral table (no row without a
     * campaign, so it is left joined).
     */
    private static Table<?> campaignOn(Field<Long> campaignId, Field<LocalDate> day, String alias) {
        var a = CAMPAIGN_ASSIGNMENT.as(alias + "_row");
        return lateral(select(a.CHANNEL_ID, a.SEGMENT_ID, a.PRODUCT_ID, a.REGION_ID, a.OBJECTIVE)
                        .from(a)
                        .where(a.CAMPAIGN_ID.eq(campaignId))
                        .and(a.VALID_FROM.le(day))
                        .orderBy(a.VALID_FROM.desc(), a.ID.desc())
                        .limit(1))
                .as(alias);
    }

    /** A spend line's group of a source dimension: its own tag (else its campaign's on its booking date), 0 without. */
    private static Field<Long> spendKey(SourceDimension dim, dev.revgraph.db.tables.SpendLine s) {
        Field<Long> key = switch (dim) {
            case ACQUISITION_CHANNEL -> campaignTag("sc", "channel_id");
            case ACQUISITION_CAMPAIGN -> s.CAMPAIGN_ID;
            case SEGMENT -> coalesce(s.SEGMENT_ID, campaignTag("sc", "segment_id"));
            case REGION -> coalesce(s.REGION_ID, campaignTag("sc", "region_id"));
        };
        return coalesce(key, inline(0L));
    }

    private static Field<Long> campaignTag(String alias, String column) {
        return field(name(alias, column), Long.class);
    }

    /**
     * The same facts read from the monthly rollups: a row per rollup row with its sum already
     * converted (the reporting currency at 1, any other at the rated sum: each line times its own
     * day's rate), weighted by customers for NEW. A row of the range dated before its currency's
     * first rate makes {@code missing} say {@link #RECHECK}.
     */
    private static List<CommonTableExpression<?>> rollupFacts(PnlQuery q) {
        // closed months as their close stored them (changeset 0026), open months live
        var r = REVENUE_ROLLUP_REPORTED.call(q.firstReported()).as("r");
        var s = SPEND_ROLLUP_REPORTED.call(q.firstReported()).as("s");
        var c = CUSTOMER_ROLLUP_REPORTED.call(q.firstReported()).as("c");
        var d = DEPARTMENT.as("d");
        // the campaign's tags as its assignment in force on the facts' days (changeset 0027)
        CampaignAssignment ca = CAMPAIGN_ASSIGNMENT.as("ca");
        LocalDate from = q.range().from();
        LocalDate to = q.range().to();
        Field<String> reporting = val(q.reporting());
        Select<Record> revenue = select(List.of(
                        r.MONTH.as(MONTH),
                        REV.as(KIND),
                        noText().as(CATEGORY),
                        r.SEGMENT_ID.as("segment_id"),
                        r.PRODUCT_ID.as("product_id"),
                        r.REGION_ID.as("region_id"),
                        noId().as(DEPARTMENT_ID),
                        ca.CHANNEL_ID.as("channel_id"),
                        noText().as(DEPARTMENT_KIND),
                        when(r.CURRENCY.eq(reporting), r.AMOUNT)
                                .otherwise(r.RATED)
                                .as(VALUE),
                        r.CURRENCY.as(CURRENCY_CODE),
                        r.FIRST_DAY.as(DAY),
                        noId().as(CUSTOMERS),
                        noText().as(OBJECTIVE),
                        ca.CAMPAIGN_ID.as(CAMPAIGN_ID)))
                .from(r)
                .leftJoin(ca)
                .on(ca.ID.eq(r.CAMPAIGN_ASSIGNMENT_ID))
                .where(r.MONTH.between(from, to));
        Select<Record> spend = select(List.of(
                        s.MONTH,
                        kindOf(s.CATEGORY),
                        s.CATEGORY,
                        coalesce(s.SEGMENT_ID, ca.SEGMENT_ID),
                        coalesce(s.PRODUCT_ID, ca.PRODUCT_ID),
                        coalesce(s.REGION_ID, ca.REGION_ID),
                        s.DEPARTMENT_ID,
                        ca.CHANNEL_ID,
                        d.KIND,
                        when(s.CURRENCY.eq(reporting), s.AMOUNT).otherwise(s.RATED),
                        s.CURRENCY,
                        s.FIRST_DAY,
                        noId(),
                        coalesce(s.OBJECTIVE, ca.OBJECTIVE),
                        s.CAMPAIGN_ID))
                .from(s)
                .join(d)
                .on(d.ID.eq(s.DEPARTMENT_ID))
                .leftJoin(ca)
                .on(ca.ID.eq(s.CAMPAIGN_ASSIGNMENT_ID))
                .where(s.MONTH.between(from, to));
        Select<Record> customers = select(List.of(
                        c.MONTH,
                        NEW,
                        noText(),
                        c.SEGMENT_ID,
                        noId(),
                        c.REGION_ID,
                        noId(),
                        ca.CHANNEL_ID,
                        noText(),
                        castNull(SQLDataType.NUMERIC),
                        noText(),
                        castNull(SQLDataType.LOCALDATE),
                        c.CUSTOMERS,
                        noText(),
                        ca.CAMPAIGN_ID))
                .from(c)
                .leftJoin(ca)
                .on(ca.ID.eq(c.CAMPAIGN_ASSIGNMENT_ID))
                .where(c.MONTH.between(from, to));
        Select<Record> all = revenue.unionAll(spend).unionAll(customers);
        if (q.fullyLoaded()) {
            all = all.unionAll(allocatedFacts(q));
        }
        var raw = name("raw").as(all);
        var rated = name("rated").as(select(raw.asterisk()).from(raw).where(filter(q)));
        var facts = name("facts").as(select(rated.asterisk()).from(rated));

        return List.of(raw, rated, facts, rollupMissing(q));
    }

    /**
     * {@code missing} of the rollup facts: {@link #RECHECK} when a rollup row of the range in another
     * currency is dated before that currency's first rate (the raw lines then decide), else null.
     */
    private static CommonTableExpression<?> rollupMissing(PnlQuery q) {
        LocalDate from = q.range().from();
        LocalDate to = q.range().to();
        Field<String> reporting = val(q.reporting());
        // unfiltered, so the rows above stay a single pass; per currency only the months up to its
        // first rate are read (index on currency, month); a hit only costs the exact re-check
        var cu = CURRENCY.as("cu");
        var fx = FX_RATE.as("fx");
        Table<?> firstRates = lateral(
                        select(min(fx.RATE_DATE).as("first_rate")).from(fx).where(fx.CURRENCY.eq(cu.CODE)))
                .as("f");
        Field<LocalDate> firstRate = field(name("f", "first_rate"), LocalDate.class);
        Field<LocalDate> lastMonth = least(val(to), coalesce(firstRate, val(to)));
        Field<LocalDate> firstRateOrNever = coalesce(firstRate, INFINITY);
        var xr = REVENUE_ROLLUP_REPORTED.call(q.firstReported()).as("x");
        var xs = SPEND_ROLLUP_REPORTED.call(q.firstReported()).as("x");
        return name("missing")
                .as(select(when(
                                exists(selectOne()
                                        .from(cu)
                                        .crossJoin(firstRates)
                                        .where(cu.CODE.ne(reporting))
                                        .and(exists(selectOne()
                                                        .from(xr)
                                                        .where(xr.CURRENCY.eq(cu.CODE))
                                                        .and(xr.MONTH.between(val(from), lastMonth))
                                                        .and(xr.FIRST_DAY.lt(firstRateOrNever)))
                                                .or(exists(selectOne()
                                                        .from(xs)
                                                        .where(xs.CURRENCY.eq(cu.CODE))
                                                        .and(xs.MONTH.between(val(from), lastMonth))
                                                        .and(xs.FIRST_DAY.lt(firstRateOrNever)))))),
                                inline(RECHECK))
                        .as(MISSING)));
    }

    /**
     * The facts of {@link #lineFacts(PnlQuery, List)} for a query the rollups answer (whole months in
     * the reporting currency), every closed month as its close stored it: spend lines and new
     * customers from the reported rollups (a rollup row carries the tags that decide its groups: a
     * spend row its own and its campaign's, a new-customer row the customer's source); revenue per
     * line for open months, each in the group of its customer's source now, and for closed months
     * from the revenue its close stored per customer and day, placed and grouped by the assignments
     * and sources that close stored (changeset 0037). Values are in the reporting currency.
     */
    private static List<CommonTableExpression<?>> sourceRollupFacts(PnlQuery q, List<SourceDimension> dims) {
        String newKeys = sourceKeys(dims, "ca.channel_id", "ca.campaign_id", "c.segment_id", "c.region_id");
        String spendKeys = sourceKeys(
                dims,
                "ca.channel_id",
                "s.campaign_id",
                "coalesce(s.segment_id, ca.segment_id)",
                "coalesce(s.region_id, ca.region_id)");
        String sql = """
                select date_trunc('month', r.recognized_on)::date as month, 'REV'::text as kind, null::text as category,
                       ar.segment_id, r.product_id, ar.region_id, null::bigint as department_id,
                       (%5$s) as channel_id, null::text as department_kind,
                       case when r.currency = {3} then r.amount
                            else r.amount * fx_rate_on(r.currency, r.recognized_on, {3}) end as value,
                       r.currency, r.recognized_on as day, null::bigint as customers, null::text as objective,
                       ar.acquisition_campaign_id as campaign_id, src.g1, src.g2
                from revenue_line r
                cross join lateral (
                    select a.segment_id, a.region_id, a.acquisition_campaign_id from customer_assignment a
                    where a.customer_id = r.customer_id and a.valid_from <= r.recognized_on
                    order by a.valid_from desc, a.id desc limit 1) ar
                join (%1$s) src on src.customer_id = r.customer_id
                where r.recognized_on between {0} and {1}
                  and not exists (select 1 from reported_close_version({0}, {1}, {2}) v
                                  where v.month = date_trunc('month', r.recognized_on)::date)
                union all
                select date_trunc('month', d.day)::date, 'REV', null, sp.segment_id, null, sp.region_id, null, (%6$s), null,
                       case when d.currency = {3} then d.amount else d.rated end, d.currency, d.day, null, null,
                       sp.acquisition_campaign_id, %2$s
                from reported_close_version({0}, {1}, {2}) v
                join closed_customer_day_revenue d on d.close_version_id = v.close_version_id
                join closed_customer_span sp
                  on sp.close_version_id = d.close_version_id and sp.customer_id = d.customer_id
                 and d.day between sp.first_day and sp.last_day
                join closed_customer_source s on s.close_version_id = d.close_version_id and s.customer_id = d.customer_id
                where d.day between {0} and {1}
                union all
                select s.month, case when s.category = 'COST_OF_SERVICE' then 'COGS' else 'OPEX' end, s.category,
                       coalesce(s.segment_id, ca.segment_id), coalesce(s.product_id, ca.product_id),
                       coalesce(s.region_id, ca.region_id), s.department_id, ca.channel_id, d.kind,
                       case when s.currency = {3} then s.amount else s.rated end, s.currency, s.first_day, null,
                       coalesce(s.objective, ca.objective), s.campaign_id, %3$s
                from spend_rollup_reported({2}) s
                join department d on d.id = s.department_id
                left join campaign_assignment ca on ca.id = s.campaign_assignment_id
                where s.month between {0} and {1}
                union all
                select c.month, 'NEW', null, c.segment_id, null, c.region_id, null, ca.channel_id, null, null::numeric,
                       null, null::date, c.customers, null, ca.campaign_id, %4$s
                from customer_rollup_reported({2}) c
                left join campaign_assignment ca on ca.id = c.campaign_assignment_id
                where c.month between {0} and {1}
                """.formatted(
                        SourceDimension.sourceSelect(dims),
                        SourceDimension.keyColumns(dims),
                        spendKeys,
                        newKeys,
                        channelOn("ar.acquisition_campaign_id", "r.recognized_on"),
                        channelOn("sp.acquisition_campaign_id", "d.day"));
        Select<Record> all = select(asterisk())
                .from(table(
                                "(" + sql + ")",
                                val(q.range().from()),
                                val(q.range().to()),
                                val(q.firstReported()),
                                val(q.reporting()))
                        .as("u"));
        if (q.fullyLoaded()) {
            all = all.unionAll(allocatedFacts(q, dims));
        }
        var raw = name("raw").as(all);
        var rated = name("rated").as(select(raw.asterisk()).from(raw).where(filter(q)));
        var facts = name("facts").as(select(rated.asterisk()).from(rated));
        return List.of(raw, rated, facts, rollupMissing(q));
    }

    /**
     * SQL: the channel of a campaign in force on a day (its latest assignment valid from on or before
     * it), as {@link #campaignOn} reads it: a revenue line's channel is its customer's acquisition
     * campaign's on the line's day.
     */
    private static String channelOn(String campaignId, String day) {
        return "select a.channel_id from campaign_assignment a where a.campaign_id = " + campaignId
                + " and a.valid_from <= " + day + " order by a.valid_from desc, a.id desc limit 1";
    }

    /** SQL: group key columns g1, g2 from the key expressions of each dimension (0 without). */
    private static String sourceKeys(
            List<SourceDimension> dims, String channel, String campaign, String segment, String region) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String key = i >= dims.size()
                    ? "0"
                    : switch (dims.get(i)) {
                        case ACQUISITION_CHANNEL -> channel;
                        case ACQUISITION_CAMPAIGN -> campaign;
                        case SEGMENT -> segment;
                        case REGION -> region;
                    };
            keys.add("coalesce(" + key + ", 0)::bigint as g" + (i + 1));
        }
        return String.join(", ", keys);
    }

    /**
     * The allocations of the range as facts (docs/metrics.md, "Fully-loaded figures"): each amount an
     * allocation rule moved in a month the range touches (changeset 0030's {@code allocation_reported}:
     * computed for open months, as the close stored it for closed ones) twice: once on its target (the target in
     * the rule's dimension; the department is the target for a DEPARTMENT rule, else the rule's source
     * department) and once, negative, on its source (the source department, no other slice). Every
     * other dimension is unassigned on both, so they cancel in any grouping that does not tell them
     * apart, and every total stays the direct total. An amount is cost of service when its rule takes
     * only COST_OF_SERVICE spend, else an operating expense; it has no category, which is how the
     * report tells it from a spend line.
     */
    private static Select<Record> allocatedFacts(PnlQuery q) {
        return allocatedFacts(q, List.of());
    }

    /** {@link #allocatedFacts(PnlQuery)} with the source group columns of {@link #lineFacts(PnlQuery, List)}. */
    private static Select<Record> allocatedFacts(PnlQuery q, List<SourceDimension> dims) {
        boolean converts = !q.currency().equals(q.reporting());
        Table<?> parts = table(
                        "allocation_reported({0}, {1}, {2}, {3})",
                        val(q.range().from().withDayOfMonth(1)),
                        val(q.range().to()),
                        val(q.firstReported()),
                        val(q.reporting()))
                .as("p");
        var rule = ALLOCATION_RULE.as("ar");
        var d = DEPARTMENT.as("d");
        Table<?> signs = values(row(1), row(-1)).as("x", "sign");
        Field<Integer> sign = field(name("x", "sign"), Integer.class);
        Field<Long> targetId = field(name("p", "target_id"), Long.class);
        Field<BigDecimal> amount = field(name("p", "amount"), BigDecimal.class);
        Field<LocalDate> month = field(name("p", "month"), LocalDate.class);
        Condition onTarget = sign.eq(inline(1));
        Field<Long> department = when(onTarget.and(rule.TARGET_DIMENSION.eq(inline("DEPARTMENT"))), targetId)
                .otherwise(rule.SOURCE_DEPARTMENT_ID);
        List<SelectField<?>> fields = new ArrayList<>(List.of(
                month,
                when(
                                rule.SOURCE_CATEGORIES.eq(
                                        val(new String[] {"COST_OF_SERVICE"}, rule.SOURCE_CATEGORIES)),
                                COGS_KIND)
                        .otherwise(OPEX_KIND),
                noText(),
                targetOn(onTarget, rule.TARGET_DIMENSION, "SEGMENT", targetId),
                targetOn(onTarget, rule.TARGET_DIMENSION, "PRODUCT", targetId),
                targetOn(onTarget, rule.TARGET_DIMENSION, "REGION", targetId),
                department,
                noId(),
                d.KIND,
                amount.times(sign),
                // computed in the reporting currency: in another report currency it converts like a
                // plan line, at its month's first-day rate (no currency: taken at 1)
                converts ? val(q.reporting()) : noText(),
                converts ? month : castNull(SQLDataType.LOCALDATE),
                noId(),
                noText(),
                noId()));
        for (int i = 0; !dims.isEmpty() && i < 2; i++) {
            SourceDimension dim = i < dims.size() ? dims.get(i) : null;
            fields.add(
                    dim == SourceDimension.SEGMENT || dim == SourceDimension.REGION
                            ? coalesce(targetOn(onTarget, rule.TARGET_DIMENSION, dim.name(), targetId), inline(0L))
                            : inline(0L));
        }
        return select(fields)
                .from(parts)
                .join(rule)
                .on(rule.ID.eq(field(name("p", "rule_id"), Long.class)))
                .crossJoin(signs)
                .join(d)
                .on(d.ID.eq(department))
                .where(amount.ne(inline(BigDecimal.ZERO)));
    }

    /** The target's id on the target's own fact when the rule allocates onto {@code dimension}, else null. */
    private static Field<Long> targetOn(
            Condition onTarget, Field<String> ruleDimension, String dimension, Field<Long> targetId) {
        return when(onTarget.and(ruleDimension.eq(inline(dimension))), targetId).otherwise(noId());
    }

    private static Field<String> kindOf(TableField<?, String> category) {
        return when(category.eq(inline("COST_OF_SERVICE")), COGS_KIND).otherwise(OPEX_KIND);
    }

    /** The query's filter on the slice columns of {@code raw} (true without one). */
    private static Condition filter(PnlQuery q) {
        return q.where() == null ? trueCondition() : q.where().condition(PnlRepository::factColumn);
    }

    /** The column of {@code raw} holding a fact's slice of a filter dimension. */
    private static Field<?> factColumn(ReportDimension d) {
        return switch (d) {
            case SEGMENT -> SEGMENT_ID;
            case PRODUCT -> field(name("product_id"), Long.class);
            case REGION -> field(name("region_id"), Long.class);
            case DEPARTMENT -> DEPARTMENT_ID;
            case CHANNEL -> CHANNEL_ID;
            case CAMPAIGN -> CAMPAIGN_ID;
            case OBJECTIVE -> OBJECTIVE;
        };
    }

    /** {@code = any(?::bigint[])}: one bind value for any number of ids, so the statement's text stays the same. */
    private static QuantifiedSelect<Record1<Long>> anyOf(List<Long> ids) {
        return any(val(ids.toArray(Long[]::new), SQLDataType.BIGINT.array()));
    }

    /** The first line of the query's facts without a rate, from the lines themselves (null: none). */
    private String rawMissing(PnlQuery q) {
        return dsl.with(lineFacts(q))
                .select(MISSING)
                .from(table(name("missing")))
                .fetchOne(MISSING);
    }

    // ---- the report

    /**
     * The fiscal period a month falls in, as the period's first month: the month less its index
     * within the period (months since the fiscal year's first month, modulo the period's length).
     */
    private static Field<LocalDate> period(Field<LocalDate> month, Range range) {
        if (range.granularity() == Granularity.MONTH) {
            return month;
        }
        Field<Integer> index = month(month)
                .cast(SQLDataType.INTEGER)
                .minus(inline(range.fiscalStartMonth()))
                .plus(inline(12))
                .mod(inline(12));
        Field<Integer> offset = range.granularity() == Granularity.QUARTER ? index.mod(inline(3)) : index;
        return localDateSub(month, offset, DatePart.MONTH);
    }

    /** The slice columns of a row: grouped dimensions by name, the others as typed nulls. */
    private static List<Field<Long>> sliceColumns(PnlQuery q) {
        return DIMENSIONS.stream()
                .map(d -> q.groupBy().contains(d) ? id(d) : noId().as(column(d)))
                .toList();
    }

    private static List<Field<?>> groupColumns(PnlQuery q) {
        List<Field<?>> columns = new ArrayList<>(List.of(PERIOD_START));
        DIMENSIONS.stream().filter(q.groupBy()::contains).map(PnlRepository::id).forEach(columns::add);
        return columns;
    }

    private static List<Field<?>> plus(List<Field<?>> columns, Field<?> more) {
        List<Field<?>> all = new ArrayList<>(columns);
        all.add(more);
        return all;
    }

    /**
     * The rows, the total, the breakdowns and the slice names in one statement: the facts are summed
     * once per slice, kind, department and category ({@code pre}), then grouped twice from that, the
     * figures by grouping sets (the rows and the total) and the operating expenses by grouping sets
     * (per row and department, per row and category, and both for the total); {@code part} tells
     * them apart. The result joins the code and name of each grouped slice and breakdown department.
     */
    Report report(PnlQuery q) {
        boolean rollup = q.fromRollups();
        List<CommonTableExpression<?>> with = new ArrayList<>(facts(q, rollup));
        Table<?> facts = table(name("facts"));
        List<SelectField<?>> sliced = new ArrayList<>();
        sliced.add(period(MONTH, q.range()).as(PERIOD_START));
        sliced.addAll(sliceColumns(q));
        sliced.addAll(List.of(
                KIND,
                DEPARTMENT_KIND,
                field(name("facts", "department_id")).as(BREAKDOWN_DEPARTMENT),
                CATEGORY,
                OBJECTIVE,
                VALUE,
                CUSTOMERS));
        with.add(name("sliced").as(select(sliced).from(facts)));

        List<Field<?>> groups = groupColumns(q);
        List<SelectField<?>> pre = new ArrayList<>();
        pre.add(PERIOD_START);
        pre.addAll(sliceColumns(q));
        pre.addAll(List.of(
                KIND,
                DEPARTMENT_KIND,
                BREAKDOWN_DEPARTMENT,
                CATEGORY,
                OBJECTIVE,
                sum(VALUE).as(VALUE),
                sum(CUSTOMERS).as(CUSTOMERS)));
        List<GroupField> preGroups = new ArrayList<>(groups);
        preGroups.addAll(List.of(KIND, DEPARTMENT_KIND, BREAKDOWN_DEPARTMENT, CATEGORY, OBJECTIVE));
        with.add(name("pre").as(select(pre).from(table(name("sliced"))).groupBy(preGroups)));

        Table<?> preTable = table(name("pre"));
        List<SelectField<?>> rowColumns = new ArrayList<>();
        rowColumns.add(PERIOD_START);
        rowColumns.addAll(sliceColumns(q));
        rowColumns.addAll(List.of(
                inline("ROW").as(PART),
                grouping(PERIOD_START).eq(inline(1)).as(IS_TOTAL),
                noId().as(BREAKDOWN_DEPARTMENT),
                noText().as(CATEGORY),
                sumOf(REV).as(REVENUE),
                sumOf(COGS_KIND).as(COGS),
                sumOf(OPEX_KIND).as(OPEX),
                newCustomers().as(NEW_CUSTOMERS),
                acquisitionExpenses().as(ACQUISITION_OPEX),
                sumWhere(acquisitionObjective()).as(ACQUISITION_OBJECTIVE_OPEX),
                allocated().as(ALLOCATED),
                field(select(MISSING).from(table(name("missing")))).as(MISSING)));
        List<SelectField<?>> breakdownColumns = new ArrayList<>();
        breakdownColumns.add(PERIOD_START);
        breakdownColumns.addAll(sliceColumns(q));
        breakdownColumns.addAll(List.of(
                inline("BREAKDOWN"),
                grouping(PERIOD_START).eq(inline(1)),
                when(grouping(BREAKDOWN_DEPARTMENT).eq(inline(0)), BREAKDOWN_DEPARTMENT),
                when(grouping(CATEGORY).eq(inline(0)), CATEGORY),
                castNull(SQLDataType.NUMERIC),
                castNull(SQLDataType.NUMERIC),
                sum(VALUE),
                castNull(SQLDataType.NUMERIC),
                castNull(SQLDataType.NUMERIC),
                castNull(SQLDataType.NUMERIC),
                castNull(SQLDataType.NUMERIC),
                noText()));
        Table<?> parts = select(rowColumns)
                .from(preTable)
                .groupBy(groupingSets(groups, List.of()))
                .unionAll(select(breakdownColumns)
                        .from(preTable)
                        .where(KIND.eq(OPEX_KIND))
                        .groupBy(groupingSets(
                                plus(groups, BREAKDOWN_DEPARTMENT),
                                plus(groups, CATEGORY),
                                List.of(BREAKDOWN_DEPARTMENT),
                                List.of(CATEGORY))))
                .asTable("u");

        // the codes and names of the grouped slices and of the breakdown departments
        Map<PnlDimension, Table<?>> named = new EnumMap<>(PnlDimension.class);
        Table<?> source = parts;
        for (PnlDimension d : DIMENSIONS) {
            if (q.groupBy().contains(d)) {
                Table<?> t = nameTable(d).as("n_" + column(d));
                named.put(d, t);
                source = source.leftJoin(t).on(t.field("id", Long.class).eq(parts.field(column(d), Long.class)));
            }
        }
        Department bd = DEPARTMENT.as("bd");
        source = source.leftJoin(bd).on(bd.ID.eq(parts.field(BREAKDOWN_DEPARTMENT)));
        List<SelectField<?>> columns = new ArrayList<>(Arrays.asList(parts.fields()));
        named.forEach((d, t) -> {
            columns.add(t.field("code", String.class).as(column(d) + "_code"));
            columns.add(t.field("name", String.class).as(column(d) + "_name"));
        });
        columns.add(bd.CODE.as("breakdown_code"));
        columns.add(bd.NAME.as("breakdown_name"));

        List<Aggregate> aggregates = new ArrayList<>();
        List<Breakdown> breakdowns = new ArrayList<>();
        Result<Record> result = dsl.with(with).select(columns).from(source).fetch();
        Columns c = Columns.of(result);
        for (Record r : result) {
            Slice slice = new Slice(
                    c.get(r, PERIOD_START),
                    c.get(r, "segment_id", Long.class),
                    c.get(r, "product_id", Long.class),
                    c.get(r, "region_id", Long.class),
                    c.get(r, "department_id", Long.class),
                    c.get(r, "channel_id", Long.class));
            boolean total = c.get(r, IS_TOTAL);
            if ("ROW".equals(c.get(r, PART))) {
                Map<PnlDimension, SliceName> names = new EnumMap<>(PnlDimension.class);
                for (PnlDimension d : named.keySet()) {
                    String code = c.get(r, column(d) + "_code", String.class);
                    if (code != null) {
                        names.put(d, new SliceName(code, c.get(r, column(d) + "_name", String.class)));
                    }
                }
                aggregates.add(new Aggregate(
                        slice,
                        total,
                        names,
                        c.get(r, REVENUE),
                        c.get(r, COGS),
                        c.get(r, OPEX),
                        c.get(r, NEW_CUSTOMERS).intValueExact(),
                        c.get(r, ACQUISITION_OPEX),
                        c.get(r, ACQUISITION_OBJECTIVE_OPEX),
                        c.get(r, ALLOCATED),
                        c.get(r, MISSING)));
            } else {
                String code = c.get(r, "breakdown_code", String.class);
                breakdowns.add(new Breakdown(
                        slice,
                        total,
                        code == null ? null : new SliceName(code, c.get(r, "breakdown_name", String.class)),
                        c.get(r, CATEGORY),
                        c.get(r, OPEX)));
            }
        }
        if (aggregates.isEmpty() || !RECHECK.equals(aggregates.get(0).missingRate())) {
            return new Report(aggregates, breakdowns);
        }
        String missing = rawMissing(q);
        return new Report(
                aggregates.stream().map(a -> a.withMissingRate(missing)).toList(), breakdowns);
    }

    /** Spend of one department and month at full precision in the query's currency. */
    record DepartmentMonthSpend(Long departmentId, LocalDate month, BigDecimal amount) {}

    /** The spend of {@link #spendByDepartmentMonth}, and the first line without a rate (null: none). */
    record DepartmentSpend(List<DepartmentMonthSpend> months, String missingRate) {}

    /**
     * The spend lines the query keeps (its filter, its currency, closed months as reported), summed
     * per department and month: the same facts as the P&L's cost of service and operating expenses,
     * so a budget vs actual cell equals the P&L's spend of that department and month.
     */
    DepartmentSpend spendByDepartmentMonth(PnlQuery q) {
        // one statement: the sums, and the first line without a rate as a row of its own
        Condition spend = KIND.in(COGS_KIND, OPEX_KIND).and(CATEGORY.isNotNull());
        Result<Record4<Long, LocalDate, BigDecimal, String>> rows = dsl.with(facts(q, q.fromRollups()))
                .select(DEPARTMENT_ID, MONTH, sum(VALUE), noText())
                .from(table(name("facts")))
                .where(spend)
                .groupBy(DEPARTMENT_ID, MONTH)
                .unionAll(select(noId(), castNull(SQLDataType.LOCALDATE), castNull(SQLDataType.NUMERIC), MISSING)
                        .from(table(name("missing"))))
                .fetch();
        List<DepartmentMonthSpend> months = new ArrayList<>();
        String missing = null;
        for (Record4<Long, LocalDate, BigDecimal, String> r : rows) {
            if (r.value2() == null) {
                missing = r.value4();
            } else {
                months.add(new DepartmentMonthSpend(r.value1(), r.value2(), r.value3()));
            }
        }
        if (RECHECK.equals(missing)) {
            missing = rawMissing(q);
        }
        return new DepartmentSpend(months, missing);
    }

    /** The sum of the facts of one kind, 0 without any. */
    private static Field<BigDecimal> sumOf(Field<String> kind) {
        return coalesce(sum(VALUE).filterWhere(KIND.eq(kind)), inline(BigDecimal.ZERO));
    }

    /** Operating expenses of MARKETING and SALES departments: the cost of acquisition. */
    private static Field<BigDecimal> acquisitionExpenses() {
        return coalesce(
                sum(VALUE).filterWhere(KIND.eq(OPEX_KIND).and(DEPARTMENT_KIND.in(MARKETING, SALES))),
                inline(BigDecimal.ZERO));
    }

    /**
     * Operating expenses of MARKETING and SALES departments whose objective is neither RETENTION nor
     * EXPANSION (a line without any objective counts): the cost of acquisition of acquisition CAC.
     */
    private static Condition acquisitionObjective() {
        return KIND.eq(OPEX_KIND)
                .and(DEPARTMENT_KIND.in(MARKETING, SALES))
                .and(OBJECTIVE.isNull().or(OBJECTIVE.notIn(RETENTION, EXPANSION)));
    }

    /** The allocated facts' sum (cost of service and operating expenses): the facts without a category. */
    private static Field<BigDecimal> allocated() {
        return coalesce(
                sum(VALUE).filterWhere(KIND.in(COGS_KIND, OPEX_KIND).and(CATEGORY.isNull())), inline(BigDecimal.ZERO));
    }

    private static Field<BigDecimal> newCustomers() {
        return coalesce(sum(CUSTOMERS).filterWhere(KIND.eq(NEW)), inline(BigDecimal.ZERO));
    }

    /** The table holding the codes and names of a dimension's ids. */
    private static Table<?> nameTable(PnlDimension d) {
        return switch (d) {
            case SEGMENT -> SEGMENT;
            case PRODUCT -> PRODUCT;
            case REGION -> REGION;
            case DEPARTMENT -> DEPARTMENT;
            case CHANNEL -> CHANNEL;
        };
    }

    /**
     * A result's columns by name, each resolved to its index once: a name search per value (the
     * columns of a derived table are qualified) cost more than the statement on large reports.
     */
    private record Columns(Map<String, Integer> index) {

        static Columns of(Result<?> result) {
            Map<String, Integer> index = new HashMap<>();
            Field<?>[] fields = result.fields();
            for (int i = 0; i < fields.length; i++) {
                index.put(fields[i].getName(), i);
            }
            return new Columns(index);
        }

        <T> T get(Record r, String name, Class<T> type) {
            return r.get(index.get(name), type);
        }

        <T> T get(Record r, Field<T> field) {
            return r.get(index.get(field.getName()), field.getType());
        }
    }

    // ---- segment economics

    /**
     * Each segment's figures rolled up over its subtree, and the whole company's, in one statement:
     * the facts of the P&L with the allocated ones (so the direct figures filter them out by their
     * missing category, see {@link #allocatedFacts}).
     */
    List<SegmentFigures> segmentFigures(
            LocalDate from, LocalDate to, String reporting, SliceFilter where, boolean firstReported) {
        return segmentFigures(from, to, reporting, reporting, where, firstReported);
    }

    /**
     * {@link #segmentFigures(LocalDate, LocalDate, String, SliceFilter, boolean)} in {@code currency}:
     * another than the reporting currency reads the lines, each converted at its own day's rates.
     */
    List<SegmentFigures> segmentFigures(
            LocalDate from, LocalDate to, String reporting, String currency, SliceFilter where, boolean firstReported) {
        return segmentFigures(from, to, reporting, currency, List.of(), where, firstReported).stream()
                .map(GroupedSegmentFigures::figures)
                .toList();
    }

    /** Figures of one segment subtree (null: the whole company) and source group (codes null: unassigned). */
    record GroupedSegmentFigures(SegmentFigures figures, String code1, String name1, String code2, String name2) {}

    /**
     * {@link #segmentFigures(LocalDate, LocalDate, String, SliceFilter, boolean)} per source group when {@code dims}
     * names dimensions: from the ledgers' lines with the groups of {@link #lineFacts(PnlQuery, List)},
     * per segment subtree and group, and per group for the whole company.
     */
    List<GroupedSegmentFigures> segmentFigures(
            LocalDate from,
            LocalDate to,
            String reporting,
            List<SourceDimension> dims,
            SliceFilter where,
            boolean firstReported) {
        return segmentFigures(from, to, reporting, reporting, dims, where, firstReported);
    }

    /**
     * {@link #segmentFigures(LocalDate, LocalDate, String, List, SliceFilter, boolean)} in {@code
     * currency}: another than the reporting currency reads the lines ({@link #lineFacts(PnlQuery, List)}),
     * each converted at its own day's rates, an allocated amount at its month's first-day rate.
     */
    List<GroupedSegmentFigures> segmentFigures(
            LocalDate from,
            LocalDate to,
            String reporting,
            String currency,
            List<SourceDimension> dims,
            SliceFilter where,
            boolean firstReported) {
        boolean grouped = !dims.isEmpty();
        PnlQuery q = new PnlQuery(
                new Range(from, to, Granularity.MONTH, 1),
                Set.of(),
                null,
                where,
                reporting,
                currency,
                firstReported,
                true);
        List<CommonTableExpression<?>> with = new ArrayList<>(
                grouped
                        ? (q.fromRollups() ? sourceRollupFacts(q, dims) : lineFacts(q, dims))
                        : facts(q, q.fromRollups()));
        List<Field<Long>> groupKeys = grouped ? List.of(G1, G2) : List.of();
        Field<Long> pg1 = field(name("p", "g1"), Long.class);
        Field<Long> pg2 = field(name("p", "g2"), Long.class);
        List<SelectField<?>> labels = List.of(
                field(SourceDimension.codeSql(dims, 0, "p.g1"), String.class).as("code1"),
                field(SourceDimension.nameSql(dims, 0, "p.g1"), String.class).as("name1"),
                field(SourceDimension.codeSql(dims, 1, "p.g2"), String.class).as("code2"),
                field(SourceDimension.nameSql(dims, 1, "p.g2"), String.class).as("name2"));
        Condition spendLine = KIND.in(COGS_KIND, OPEX_KIND).and(CATEGORY.isNotNull());
        Condition paid = CHANNEL_ID.in(select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.PAID));
        List<SelectField<?>> perSegmentFields = new ArrayList<>(List.of(SEGMENT_ID));
        perSegmentFields.addAll(groupKeys);
        perSegmentFields.addAll(List.of(
                sumOf(REV).as(REVENUE),
                sumWhere(KIND.eq(COGS_KIND).and(CATEGORY.isNotNull())).as(COGS),
                sumWhere(KIND.eq(OPEX_KIND).and(CATEGORY.isNotNull())).as(OPEX),
                sumWhere(KIND.eq(OPEX_KIND).and(CATEGORY.isNotNull()).and(DEPARTMENT_KIND.in(MARKETING, SALES)))
                        .as(ACQUISITION_OPEX),
                newCustomers().as(NEW_CUSTOMERS),
                allocated().as(ALLOCATED),
                sumWhere(KIND.eq(OPEX_KIND).and(CATEGORY.isNull()).and(DEPARTMENT_KIND.in(MARKETING, SALES)))
                        .as(ALLOCATED_ACQUISITION),
                sumWhere(spendLine.and(paid)).as(PAID_SPEND),
                coalesce(sum(CUSTOMERS).filterWhere(KIND.eq(NEW).and(paid)), inline(BigDecimal.ZERO))
                        .as(PAID_CUSTOMERS),
                sumWhere(acquisitionObjective().and(CATEGORY.isNotNull())).as(ACQUISITION_OBJECTIVE_OPEX),
                sumWhere(spendLine.and(KIND.eq(OPEX_KIND)).and(OBJECTIVE.eq(RETENTION)))
                        .as(RETENTION_SPEND),
                sumWhere(spendLine.and(KIND.eq(OPEX_KIND)).and(OBJECTIVE.eq(EXPANSION)))
                        .as(EXPANSION_SPEND)));
        List<GroupField> perSegmentGroups = new ArrayList<>(List.of(SEGMENT_ID));
        perSegmentGroups.addAll(groupKeys);
        with.add(name("per_segment")
                .as(select(perSegmentFields).from(table(name("facts"))).groupBy(perSegmentGroups)));
        Name closure = name("closure");
        with.add(segmentClosure(closure));

        List<Field<BigDecimal>> sums = List.of(
                REVENUE,
                COGS,
                OPEX,
                ACQUISITION_OPEX,
                NEW_CUSTOMERS,
                ALLOCATED,
                ALLOCATED_ACQUISITION,
                PAID_SPEND,
                PAID_CUSTOMERS,
                ACQUISITION_OBJECTIVE_OPEX,
                RETENTION_SPEND,
                EXPANSION_SPEND);
        Field<Long> ancestor = field(name("cl", "ancestor"), Long.class);
        Field<String> missing = field(select(MISSING).from(table(name("missing"))));
        List<Field<Long>> pKeys = grouped ? List.of(pg1, pg2) : List.of();
        List<SelectField<?>> perSubtree = new ArrayList<>(List.of(ancestor.as(SEGMENT_ID)));
        sums.forEach(f -> perSubtree.add(sum(perSegment(f)).as(f)));
        perSubtree.add(missing.as(MISSING));
        List<SelectField<?>> company = new ArrayList<>(List.of(noId()));
        sums.forEach(f -> company.add(sum(perSegment(f))));
        company.add(missing);
        if (grouped) {
            perSubtree.addAll(labels);
            company.addAll(labels);
        }
        List<GroupField> subtreeGroups = new ArrayList<>(List.of(ancestor));
        subtreeGroups.addAll(pKeys);
        List<GroupedSegmentFigures> figures = dsl.withRecursive(with)
                .select(perSubtree)
                .from(table(closure).as("cl"))
                .join(table(name("per_segment")).as("p"))
                .on(field(name("p", "segment_id"), Long.class).eq(field(name("cl", "descendant"), Long.class)))
                .groupBy(subtreeGroups)
                .unionAll(
                        select(company).from(table(name("per_segment")).as("p")).groupBy(pKeys))
                .fetch(r -> new GroupedSegmentFigures(
                        new SegmentFigures(
                                r.get(SEGMENT_ID),
                                zeroIfNull(r.get(REVENUE)),
                                zeroIfNull(r.get(COGS)),
                                zeroIfNull(r.get(OPEX)),
                                zeroIfNull(r.get(ACQUISITION_OPEX)),
                                zeroIfNull(r.get(NEW_CUSTOMERS)).intValueExact(),
                                zeroIfNull(r.get(ALLOCATED)),
                                zeroIfNull(r.get(ALLOCATED_ACQUISITION)),
                                zeroIfNull(r.get(PAID_SPEND)),
                                zeroIfNull(r.get(PAID_CUSTOMERS)).intValueExact(),
                                zeroIfNull(r.get(ACQUISITION_OBJECTIVE_OPEX)),
                                zeroIfNull(r.get(RETENTION_SPEND)),
                                zeroIfNull(r.get(EXPANSION_SPEND)),
                                r.get(MISSING)),
                        grouped ? r.get("code1", String.class) : null,
                        grouped ? r.get("name1", String.class) : null,
                        grouped ? r.get("code2", String.class) : null,
                        grouped ? r.get("name2", String.class) : null));
        if ((grouped && !q.fromRollups())
                || figures.isEmpty()
                || !RECHECK.equals(figures.get(0).figures().missingRate())) {
            return figures;
        }
        String rawMissing = rawMissing(q);
        return figures.stream()
                .map(f -> new GroupedSegmentFigures(
                        f.figures().withMissingRate(rawMissing), f.code1(), f.name1(), f.code2(), f.name2()))
                .toList();
    }

    /**
     * Full-precision direct figures of one segment subtree (segment null: the whole company) in one
     * month: revenue, cost of service, operating expenses, those of MARKETING and SALES departments,
     * and new customers.
     */
    record MonthlySegmentFigures(
            LocalDate month,
            Long segmentId,
            BigDecimal revenue,
            BigDecimal costOfService,
            BigDecimal operatingExpenses,
            BigDecimal acquisitionExpenses,
            int newCustomers,
            String missingRate) {

        MonthlySegmentFigures withMissingRate(String missing) {
            return new MonthlySegmentFigures(
                    month,
                    segmentId,
                    revenue,
                    costOfService,
                    operatingExpenses,
                    acquisitionExpenses,
                    newCustomers,
                    missing);
        }
    }

    /**
     * {@link #segmentFigures}' direct figures per month, every segment subtree and the whole company,
     * in one statement (no row for a month and subtree without facts).
     */
    List<MonthlySegmentFigures> segmentFiguresByMonth(
            LocalDate from, LocalDate to, String reporting, boolean firstReported) {
        return segmentFiguresByMonth(from, to, reporting, reporting, null, firstReported);
    }

    /**
     * {@link #segmentFiguresByMonth(LocalDate, LocalDate, String, boolean)} of the facts {@code where}
     * keeps (null: every fact), in {@code currency}: the rollups in the reporting currency, else each
     * line at its own day's rate.
     */
    List<MonthlySegmentFigures> segmentFiguresByMonth(
            LocalDate from, LocalDate to, String reporting, String currency, SliceFilter where, boolean firstReported) {
        PnlQuery q = new PnlQuery(
                new Range(from, to, Granularity.MONTH, 1),
                Set.of(),
                null,
                where,
                reporting,
                currency,
                firstReported,
                false);
        List<CommonTableExpression<?>> with = new ArrayList<>(facts(q, q.fromRollups()));
        with.add(name("per_segment")
                .as(select(
                                MONTH,
                                SEGMENT_ID,
                                sumOf(REV).as(REVENUE),
                                sumWhere(KIND.eq(COGS_KIND).and(CATEGORY.isNotNull()))
                                        .as(COGS),
                                sumWhere(KIND.eq(OPEX_KIND).and(CATEGORY.isNotNull()))
                                        .as(OPEX),
                                sumWhere(KIND.eq(OPEX_KIND)
                                                .and(CATEGORY.isNotNull())
                                                .and(DEPARTMENT_KIND.in(MARKETING, SALES)))
                                        .as(ACQUISITION_OPEX),
                                newCustomers().as(NEW_CUSTOMERS))
                        .from(table(name("facts")))
                        .groupBy(MONTH, SEGMENT_ID)));
        Name closure = name("closure");
        with.add(segmentClosure(closure));
        List<Field<BigDecimal>> sums = List.of(REVENUE, COGS, OPEX, ACQUISITION_OPEX, NEW_CUSTOMERS);
        Field<Long> ancestor = field(name("cl", "ancestor"), Long.class);
        Field<LocalDate> month = field(name("p", "month"), LocalDate.class);
        Field<String> missing = field(select(MISSING).from(table(name("missing"))));
        List<SelectField<?>> perSubtree = new ArrayList<>(List.of(month.as(MONTH), ancestor.as(SEGMENT_ID)));
        sums.forEach(f -> perSubtree.add(sum(perSegment(f)).as(f)));
        perSubtree.add(missing.as(MISSING));
        List<SelectField<?>> company = new ArrayList<>(List.of(MONTH, noId()));
        sums.forEach(f -> company.add(sum(f)));
        company.add(missing);
        List<MonthlySegmentFigures> figures = dsl.withRecursive(with)
                .select(perSubtree)
                .from(table(closure).as("cl"))
                .join(table(name("per_segment")).as("p"))
                .on(field(name("p", "segment_id"), Long.class).eq(field(name("cl", "descendant"), Long.class)))
                .groupBy(month, ancestor)
                .unionAll(select(company).from(table(name("per_segment"))).groupBy(MONTH))
                .fetch(r -> new MonthlySegmentFigures(
                        r.get(MONTH),
                        r.get(SEGMENT_ID),
                        zeroIfNull(r.get(REVENUE)),
                        zeroIfNull(r.get(COGS)),
                        zeroIfNull(r.get(OPEX)),
                        zeroIfNull(r.get(ACQUISITION_OPEX)),
                        zeroIfNull(r.get(NEW_CUSTOMERS)).intValueExact(),
                        r.get(MISSING)));
        if (figures.isEmpty() || !RECHECK.equals(figures.get(0).missingRate())) {
            return figures;
        }
        String rawMissing = rawMissing(q);
        return figures.stream().map(f -> f.withMissingRate(rawMissing)).toList();
    }

    /** Every segment with itself and each segment below it: (ancestor, descendant), recursive. */
    private static CommonTableExpression<?> segmentClosure(Name closure) {
        var s = SEGMENT.as("s");
        return closure.fields("ancestor", "descendant")
                .as(select(SEGMENT.ID, SEGMENT.ID)
                        .from(SEGMENT)
                        .unionAll(select(field(name("c", "ancestor"), Long.class), s.ID)
                                .from(table(closure).as("c"))
                                .join(s)
                                .on(s.PARENT_ID.eq(field(name("c", "descendant"), Long.class)))));
    }

    /** The sum of the facts meeting a condition, 0 without any. */
    private static Field<BigDecimal> sumWhere(Condition condition) {
        return coalesce(sum(VALUE).filterWhere(condition), inline(BigDecimal.ZERO));
    }

    /** A column of {@code per_segment p}. */
    private static Field<BigDecimal> perSegment(Field<BigDecimal> column) {
        return field(name("p", column.getName()), BigDecimal.class);
    }

    private static BigDecimal zeroIfNull(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    // ---- budgets

    /**
     * Budgets of one version (null: the latest approved) per department and period in the report currency, each line at its
     * month's first-day rate, with the department's code and name.
     */
    List<BudgetAmount> budgets(PnlQuery q, Long budgetVersionId) {
        var b = BUDGET.as("b");
        var d = DEPARTMENT.as("d");
        return ratedBudgetLines(
                q,
                budgetVersionId,
                new BudgetLines(
                        b, b.VERSION_ID, b.MONTH, b.DEPARTMENT_ID, b.AMOUNT, b.CURRENCY, d, d.ID, d.CODE, d.NAME),
                q.budgetDepartments(),
                (period, id, name, amount, missing) -> new BudgetAmount(period, id, name, amount, missing));
    }

    /**
     * Segment budget lines of one version (null: the latest approved) per segment and period in the
     * report currency, each line at its month's first-day rate, with the segment's code and name;
     * only {@code segmentIds} when given.
     */
    List<SegmentBudgetAmount> segmentBudgets(PnlQuery q, Long budgetVersionId, List<Long> segmentIds) {
        var b = BUDGET_SEGMENT_LINE.as("b");
        var s = SEGMENT.as("s");
        return ratedBudgetLines(
                q,
                budgetVersionId,
                new BudgetLines(b, b.VERSION_ID, b.MONTH, b.SEGMENT_ID, b.AMOUNT, b.CURRENCY, s, s.ID, s.CODE, s.NAME),
                segmentIds,
                (period, id, name, amount, missing) -> new SegmentBudgetAmount(period, id, name, amount, missing));
    }

    /** A table of budget lines (one owner per line: a department or a segment) and its owners' table. */
    private record BudgetLines(
            Table<?> lines,
            Field<Long> versionId,
            Field<LocalDate> month,
            Field<Long> ownerId,
            Field<BigDecimal> amount,
            Field<String> currency,
            Table<?> owners,
            Field<Long> ownersId,
            Field<String> ownersCode,
            Field<String> ownersName) {}

    /** Builds one budget row of {@link #ratedBudgetLines}. */
    private interface BudgetRow<T> {
        T of(LocalDate periodStart, long ownerId, SliceName owner, BigDecimal amount, String missingRate);
    }

    /**
     * The lines of one version (null: the latest approved, resolved in this statement by the schema's
     * function) per owner and period in the report currency, each line at its month's first-day rate,
     * with the owner's code and name; only {@code ownerIds} when given.
     */
    private <T> List<T> ratedBudgetLines(
            PnlQuery q, Long budgetVersionId, BudgetLines l, List<Long> ownerIds, BudgetRow<T> row) {
        Field<Long> version = budgetVersionId == null
                ? field("budget_latest_approved_version()", Long.class)
                : val(budgetVersionId, Long.class);
        Condition where = l.versionId()
                .eq(version)
                .and(l.month().between(q.range().from(), q.range().to()));
        if (ownerIds != null) {
            where = where.and(l.ownerId().eq(anyOf(ownerIds)));
        }
        Field<String> target = val(q.currency());
        Field<Long> ownerId = field(name("owner_id"), Long.class);
        var rated = name("rated")
                .as(select(
                                l.ownerId().as(ownerId),
                                l.ownersCode().as("code"),
                                l.ownersName().as("name"),
                                l.month().as(MONTH),
                                l.amount().as(AMOUNT),
                                l.currency().as(CURRENCY_CODE),
                                FxSql.rate(l.currency(), l.month(), q.reporting())
                                        .as(SOURCE_RATE),
                                FxSql.rate(target, l.month(), q.reporting()).as(TARGET_RATE))
                        .from(l.lines())
                        .join(l.owners())
                        .on(l.ownersId().eq(l.ownerId()))
                        .where(where));
        Field<LocalDate> periodStart = period(MONTH, q.range());
        Field<String> code = field(name("code"), String.class);
        Field<String> ownerName = field(name("name"), String.class);
        return dsl.with(rated)
                .select(
                        periodStart.as(PERIOD_START),
                        ownerId,
                        code,
                        ownerName,
                        sum(AMOUNT.times(SOURCE_RATE).div(TARGET_RATE)).as(AMOUNT),
                        min(when(SOURCE_RATE.isNull(), CURRENCY_CODE.concat(inline("|"), MONTH))
                                        .when(TARGET_RATE.isNull(), target.concat(inline("|"), MONTH)))
                                .as(MISSING))
                .from(rated)
                .groupBy(periodStart, ownerId, code, ownerName)
                .fetch(r -> row.of(
                        r.get(PERIOD_START),
                        r.get(ownerId),
                        new SliceName(r.get(code), r.get(ownerName)),
                        r.get(AMOUNT),
                        r.get(MISSING)));
    }
}
