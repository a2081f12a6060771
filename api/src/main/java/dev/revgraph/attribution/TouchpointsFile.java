package dev.revgraph.attribution;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.TOUCHPOINT;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.Column.requiredEnum;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.DATE_TIME;
import static dev.revgraph.shared.importing.ColumnType.EXTERNAL_ID;

import dev.revgraph.db.tables.Campaign;
import dev.revgraph.db.tables.Customer;
import dev.revgraph.db.tables.Touchpoint;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * touchpoints.csv: customer_external_id*, campaign_code*, occurred_at*, kind*, with the rules of
 * {@code recordTouchpoints}; the key is the customer, the campaign and the instant (the same
 * instant written with another offset is the same key).
 */
public final class TouchpointsFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.TOUCHPOINTS;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("customer_external_id", EXTERNAL_ID),
                required("campaign_code", CODE),
                required("occurred_at", DATE_TIME),
                requiredEnum(
                        "kind",
                        Arrays.stream(TouchpointKind.values()).map(Enum::name).toList()));
    }

    @Override
    public List<String> key() {
        return List.of("customer_external_id", "campaign_code", "occurred_at");
    }

    @Override
    public Select<?> stored() {
        Touchpoint t = TOUCHPOINT.as("t");
        Customer cu = CUSTOMER.as("cu");
        Campaign ca = CAMPAIGN.as("ca");
        return DSL.select(cu.EXTERNAL_ID.as("customer_external_id"), ca.CODE.as("campaign_code"), t.OCCURRED_AT, t.KIND)
                .from(t)
                .join(cu)
                .on(cu.ID.eq(t.CUSTOMER_ID))
                .join(ca)
                .on(ca.ID.eq(t.CAMPAIGN_ID));
    }

    @Override
    public String monthColumn() {
        return "occurred_at";
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        List<Check> checks = new ArrayList<>();
        checks.addAll(Check.reference(s, "customer_external_id", "customer", CUSTOMER.EXTERNAL_ID, null));
        checks.addAll(Check.reference(s, "campaign_code", "campaign", CAMPAIGN.CODE, null));
        return checks;
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Customer cu = CUSTOMER.as("cu");
        Campaign ca = CAMPAIGN.as("ca");
        return List.of(DSL.insertInto(
                        TOUCHPOINT,
                        TOUCHPOINT.CUSTOMER_ID,
                        TOUCHPOINT.CAMPAIGN_ID,
                        TOUCHPOINT.OCCURRED_AT,
                        TOUCHPOINT.KIND,
                        TOUCHPOINT.CREATED_BY)
                .select(DSL.select(
                                cu.ID,
                                ca.ID,
                                s.<OffsetDateTime>field("occurred_at"),
                                s.<String>field("kind"),
                                context.actor())
                        .from(s.table())
                        .join(cu)
                        .on(cu.EXTERNAL_ID.eq(s.<String>field("customer_external_id")))
                        .join(ca)
                        .on(ca.CODE.eq(s.<String>field("campaign_code")))
                        .orderBy(s.line())));
    }
}
