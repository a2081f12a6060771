package dev.revgraph.spend;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.PRODUCT;
import static dev.revgraph.db.Tables.REGION;
import static dev.revgraph.db.Tables.SEGMENT;
import static dev.revgraph.db.Tables.SPEND_LINE;
import static dev.revgraph.shared.importing.Column.optional;
import static dev.revgraph.shared.importing.Column.optionalEnum;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.Column.requiredEnum;
import static dev.revgraph.shared.importing.ColumnType.AMOUNT;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.CURRENCY;
import static dev.revgraph.shared.importing.ColumnType.DATE;
import static dev.revgraph.shared.importing.ColumnType.EXTERNAL_ID;
import static dev.revgraph.shared.importing.ColumnType.LONG_TEXT;
import static dev.revgraph.shared.importing.ColumnType.SHORT_TEXT;

import dev.revgraph.campaign.CampaignObjective;
import dev.revgraph.db.tables.Campaign;
import dev.revgraph.db.tables.Department;
import dev.revgraph.db.tables.Product;
import dev.revgraph.db.tables.Region;
import dev.revgraph.db.tables.Segment;
import dev.revgraph.db.tables.SpendLine;
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
 * spend.csv: external_id*, department_code*, booked_on*, amount*, currency*, category*,
 * campaign_code, segment_code, product_code, region_code, vendor, memo, objective (empty: the
 * campaign's on the booking date, none without a campaign). The ledger's rules hold as
 * for {@code recordSpendLine}: an active department, a non-zero amount, a convertible currency, an
 * open month (the ledger's trigger guards the last one again).
 */
public final class SpendFile implements FileSpec {

    static final List<String> OBJECTIVES =
            Arrays.stream(CampaignObjective.values()).map(Enum::name).toList();

    static final List<String> CATEGORIES =
            Arrays.stream(SpendCategory.values()).map(Enum::name).toList();

    @Override
    public ImportFile file() {
        return ImportFile.SPEND;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("external_id", EXTERNAL_ID),
                required("department_code", CODE),
                required("booked_on", DATE),
                required("amount", AMOUNT),
                required("currency", CURRENCY),
                requiredEnum("category", CATEGORIES),
                optional("campaign_code", CODE),
                optional("segment_code", CODE),
                optional("product_code", CODE),
                optional("region_code", CODE),
                optional("vendor", SHORT_TEXT),
                optional("memo", LONG_TEXT),
                optionalEnum("objective", OBJECTIVES));
    }

    @Override
    public List<String> key() {
        return List.of("external_id");
    }

    @Override
    public Select<?> stored() {
        SpendLine l = SPEND_LINE.as("l");
        Department d = DEPARTMENT.as("d");
        Campaign c = CAMPAIGN.as("c");
        Segment sg = SEGMENT.as("sg");
        Product p = PRODUCT.as("p");
        Region r = REGION.as("r");
        return DSL.select(
                        l.EXTERNAL_ID,
                        d.CODE.as("department_code"),
                        l.BOOKED_ON,
                        l.AMOUNT,
                        l.CURRENCY,
                        l.CATEGORY,
                        c.CODE.as("campaign_code"),
                        sg.CODE.as("segment_code"),
                        p.CODE.as("product_code"),
                        r.CODE.as("region_code"),
                        l.VENDOR,
                        l.MEMO,
                        l.OBJECTIVE)
                .from(l)
                .join(d)
                .on(d.ID.eq(l.DEPARTMENT_ID))
                .leftJoin(c)
                .on(c.ID.eq(l.CAMPAIGN_ID))
                .leftJoin(sg)
                .on(sg.ID.eq(l.SEGMENT_ID))
                .leftJoin(p)
                .on(p.ID.eq(l.PRODUCT_ID))
                .leftJoin(r)
                .on(r.ID.eq(l.REGION_ID))
                .where(l.EXTERNAL_ID.isNotNull());
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<BigDecimal> amount = s.field("amount");
        List<Check> checks = new ArrayList<>();
        checks.addAll(Check.reference(s, "department_code", "department", DEPARTMENT.CODE, DEPARTMENT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "campaign_code", "campaign", CAMPAIGN.CODE, null));
        checks.addAll(Check.reference(s, "segment_code", "segment", SEGMENT.CODE, SEGMENT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "product_code", "product", PRODUCT.CODE, PRODUCT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "region_code", "region", REGION.CODE, REGION.ARCHIVED_AT));
        checks.add(Check.rule(s, "amount", amount.eq(BigDecimal.ZERO), Validation.NOT_ZERO));
        checks.add(Check.convertible(s, "currency", "booked_on", context));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "booked_on";
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Department d = DEPARTMENT.as("d");
        Campaign c = CAMPAIGN.as("c");
        Segment sg = SEGMENT.as("sg");
        Product p = PRODUCT.as("p");
        Region r = REGION.as("r");
        return List.of(DSL.insertInto(
                        SPEND_LINE,
                        SPEND_LINE.EXTERNAL_ID,
                        SPEND_LINE.DEPARTMENT_ID,
                        SPEND_LINE.BOOKED_ON,
                        SPEND_LINE.AMOUNT,
                        SPEND_LINE.CURRENCY,
                        SPEND_LINE.CATEGORY,
                        SPEND_LINE.CAMPAIGN_ID,
                        SPEND_LINE.SEGMENT_ID,
                        SPEND_LINE.PRODUCT_ID,
                        SPEND_LINE.REGION_ID,
                        SPEND_LINE.VENDOR,
                        SPEND_LINE.MEMO,
                        SPEND_LINE.OBJECTIVE,
                        SPEND_LINE.CREATED_BY)
                .select(DSL.select(
                                s.<String>field("external_id"),
                                d.ID,
                                s.<LocalDate>field("booked_on"),
                                s.<BigDecimal>field("amount"),
                                s.<String>field("currency"),
                                s.<String>field("category"),
                                c.ID,
                                sg.ID,
                                p.ID,
                                r.ID,
                                s.<String>field("vendor"),
                                s.<String>field("memo"),
                                s.<String>field("objective"),
                                context.actor())
                        .from(s.table())
                        .join(d)
                        .on(d.CODE.eq(s.<String>field("department_code")))
                        .leftJoin(c)
                        .on(c.CODE.eq(s.<String>field("campaign_code")))
                        .leftJoin(sg)
                        .on(sg.CODE.eq(s.<String>field("segment_code")))
                        .leftJoin(p)
                        .on(p.CODE.eq(s.<String>field("product_code")))
                        .leftJoin(r)
                        .on(r.CODE.eq(s.<String>field("region_code")))
                        .orderBy(s.line())));
    }
}
