package dev.revgraph.campaign;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CHANNEL;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.PRODUCT;
import static dev.revgraph.db.Tables.REGION;
import static dev.revgraph.db.Tables.SEGMENT;
import static dev.revgraph.shared.importing.Column.optional;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.AMOUNT;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.CURRENCY;
import static dev.revgraph.shared.importing.ColumnType.DATE;
import static dev.revgraph.shared.importing.ColumnType.NAME;

import dev.revgraph.db.Tables;
import dev.revgraph.db.tables.Campaign;
import dev.revgraph.db.tables.Channel;
import dev.revgraph.db.tables.Department;
import dev.revgraph.db.tables.Product;
import dev.revgraph.db.tables.Region;
import dev.revgraph.db.tables.Segment;
import dev.revgraph.shared.error.UserErrorCode;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * campaigns.csv: code*, name*, department_code*, channel_code*, segment_code, product_code,
 * region_code, start_date*, end_date, budget_amount, budget_currency, objective, with the rules
 * of {@code createCampaign}: active dimensions, an end not before the start, a planned budget given
 * whole (amount and currency), not negative, in a currency that converts on the start date, an
 * objective of {@link CampaignObjective} (empty: ACQUISITION). New campaigns start PLANNED.
 */
public final class CampaignsFile implements FileSpec {

    /** The objectives a row may name. */
    public static final List<String> OBJECTIVES =
            Arrays.stream(CampaignObjective.values()).map(Enum::name).toList();

    @Override
    public ImportFile file() {
        return ImportFile.CAMPAIGNS;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("code", CODE),
                required("name", NAME),
                required("department_code", CODE),
                required("channel_code", CODE),
                optional("segment_code", CODE),
                optional("product_code", CODE),
                optional("region_code", CODE),
                required("start_date", DATE),
                optional("end_date", DATE),
                optional("budget_amount", AMOUNT),
                optional("budget_currency", CURRENCY),
                Column.optionalEnum("objective", OBJECTIVES, CampaignObjective.ACQUISITION.name()));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public Select<?> stored() {
        Campaign c = CAMPAIGN.as("c");
        Department d = DEPARTMENT.as("d");
        Channel ch = CHANNEL.as("ch");
        Segment sg = SEGMENT.as("sg");
        Product p = PRODUCT.as("p");
        Region r = REGION.as("r");
        return DSL.select(
                        c.CODE,
                        c.NAME,
                        d.CODE.as("department_code"),
                        ch.CODE.as("channel_code"),
                        sg.CODE.as("segment_code"),
                        p.CODE.as("product_code"),
                        r.CODE.as("region_code"),
                        c.START_DATE,
                        c.END_DATE,
                        c.BUDGET_AMOUNT,
                        c.BUDGET_CURRENCY,
                        c.OBJECTIVE)
                .from(c)
                .join(d)
                .on(d.ID.eq(c.DEPARTMENT_ID))
                .join(ch)
                .on(ch.ID.eq(c.CHANNEL_ID))
                .leftJoin(sg)
                .on(sg.ID.eq(c.SEGMENT_ID))
                .leftJoin(p)
                .on(p.ID.eq(c.PRODUCT_ID))
                .leftJoin(r)
                .on(r.ID.eq(c.REGION_ID));
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<LocalDate> start = s.field("start_date");
        Field<LocalDate> end = s.field("end_date");
        Field<BigDecimal> amount = s.field("budget_amount");
        Field<String> currency = s.field("budget_currency");
        List<Check> checks = new ArrayList<>();
        checks.addAll(Check.reference(s, "department_code", "department", DEPARTMENT.CODE, DEPARTMENT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "channel_code", "channel", CHANNEL.CODE, CHANNEL.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "segment_code", "segment", SEGMENT.CODE, SEGMENT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "product_code", "product", PRODUCT.CODE, PRODUCT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "region_code", "region", REGION.CODE, REGION.ARCHIVED_AT));
        checks.add(Check.when(
                s, "end_date", UserErrorCode.INVALID, end.lt(start), endBeforeStart(end.cast(String.class), start)));
        checks.add(Check.rule(
                s,
                "budget_amount",
                amount.isNull().and(currency.isNotNull()),
                "must be given together with budget_currency"));
        checks.add(Check.rule(
                s,
                "budget_currency",
                amount.isNotNull().and(currency.isNull()),
                "must be given together with budget_amount"));
        checks.add(Check.rule(s, "budget_amount", amount.lt(BigDecimal.ZERO), Validation.NOT_NEGATIVE));
        Field<Boolean> registered =
                DSL.field(DSL.exists(DSL.selectOne().from(Tables.CURRENCY).where(Tables.CURRENCY.CODE.eq(currency))));
        checks.add(Check.when(
                s,
                "budget_currency",
                UserErrorCode.NOT_FOUND,
                currency.isNotNull().and(currency.ne(context.reporting())).and(registered.isFalse()),
                DSL.inline("currency ")
                        .concat(currency)
                        .concat(DSL.inline(" is not registered: give it rates in fx_rates.csv"))));
        checks.add(Check.convertible(s, "budget_currency", "start_date", context, registered.isTrue()));
        return checks;
    }

    /** {@link CampaignService#END_BEFORE_START} over the stage's columns. */
    private static Field<String> endBeforeStart(Field<String> end, Field<LocalDate> start) {
        String[] parts = CampaignService.END_BEFORE_START.split("%s", -1);
        return DSL.inline(parts[0])
                .concat(end)
                .concat(DSL.inline(parts[1]))
                .concat(start.cast(String.class))
                .concat(DSL.inline(parts[2]));
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Department d = DEPARTMENT.as("d");
        Channel ch = CHANNEL.as("ch");
        Segment sg = SEGMENT.as("sg");
        Product p = PRODUCT.as("p");
        Region r = REGION.as("r");
        return List.of(DSL.insertInto(
                        CAMPAIGN,
                        CAMPAIGN.CODE,
                        CAMPAIGN.NAME,
                        CAMPAIGN.DEPARTMENT_ID,
                        CAMPAIGN.CHANNEL_ID,
                        CAMPAIGN.SEGMENT_ID,
                        CAMPAIGN.PRODUCT_ID,
                        CAMPAIGN.REGION_ID,
                        CAMPAIGN.START_DATE,
                        CAMPAIGN.END_DATE,
                        CAMPAIGN.BUDGET_AMOUNT,
                        CAMPAIGN.BUDGET_CURRENCY,
                        CAMPAIGN.OBJECTIVE)
                .select(DSL.select(
                                s.<String>field("code"),
                                s.<String>field("name"),
                                d.ID,
                                ch.ID,
                                sg.ID,
                                p.ID,
                                r.ID,
                                s.<LocalDate>field("start_date"),
                                s.<LocalDate>field("end_date"),
                                s.<BigDecimal>field("budget_amount"),
                                s.<String>field("budget_currency"),
                                DSL.coalesce(
                                        s.<String>field("objective"), DSL.inline(CampaignObjective.ACQUISITION.name())))
                        .from(s.table())
                        .join(d)
                        .on(d.CODE.eq(s.<String>field("department_code")))
                        .join(ch)
                        .on(ch.CODE.eq(s.<String>field("channel_code")))
                        .leftJoin(sg)
                        .on(sg.CODE.eq(s.<String>field("segment_code")))
                        .leftJoin(p)
                        .on(p.CODE.eq(s.<String>field("product_code")))
                        .leftJoin(r)
                        .on(r.CODE.eq(s.<String>field("region_code")))
                        .orderBy(s.line())));
    }
}
