package dev.revgraph.customer;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.REGION;
import static dev.revgraph.db.Tables.SEGMENT;
import static dev.revgraph.shared.importing.Column.optional;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.DATE;
import static dev.revgraph.shared.importing.ColumnType.EXTERNAL_ID;
import static dev.revgraph.shared.importing.ColumnType.NAME;

import dev.revgraph.db.tables.Campaign;
import dev.revgraph.db.tables.Customer;
import dev.revgraph.db.tables.Region;
import dev.revgraph.db.tables.Segment;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * customers.csv: external_id*, name*, segment_code*, region_code, acquired_on*,
 * acquisition_campaign_code, with the rules of {@code createCustomer}: an active segment and
 * region, a known campaign.
 */
public final class CustomersFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.CUSTOMERS;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("external_id", EXTERNAL_ID),
                required("name", NAME),
                required("segment_code", CODE),
                optional("region_code", CODE),
                required("acquired_on", DATE),
                optional("acquisition_campaign_code", CODE));
    }

    @Override
    public String monthColumn() {
        return "acquired_on";
    }

    @Override
    public List<String> key() {
        return List.of("external_id");
    }

    @Override
    public Select<?> stored() {
        Customer c = CUSTOMER.as("c");
        Segment sg = SEGMENT.as("sg");
        Region r = REGION.as("r");
        Campaign ca = CAMPAIGN.as("ca");
        return DSL.select(
                        c.EXTERNAL_ID,
                        c.NAME,
                        sg.CODE.as("segment_code"),
                        r.CODE.as("region_code"),
                        c.ACQUIRED_ON,
                        ca.CODE.as("acquisition_campaign_code"))
                .from(c)
                .join(sg)
                .on(sg.ID.eq(c.SEGMENT_ID))
                .leftJoin(r)
                .on(r.ID.eq(c.REGION_ID))
                .leftJoin(ca)
                .on(ca.ID.eq(c.ACQUISITION_CAMPAIGN_ID));
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        List<Check> checks = new ArrayList<>();
        checks.addAll(Check.reference(s, "segment_code", "segment", SEGMENT.CODE, SEGMENT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "region_code", "region", REGION.CODE, REGION.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "acquisition_campaign_code", "campaign", CAMPAIGN.CODE, null));
        return checks;
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Segment sg = SEGMENT.as("sg");
        Region r = REGION.as("r");
        Campaign ca = CAMPAIGN.as("ca");
        return List.of(DSL.insertInto(
                        CUSTOMER,
                        CUSTOMER.EXTERNAL_ID,
                        CUSTOMER.NAME,
                        CUSTOMER.SEGMENT_ID,
                        CUSTOMER.REGION_ID,
                        CUSTOMER.ACQUIRED_ON,
                        CUSTOMER.ACQUISITION_CAMPAIGN_ID)
                .select(DSL.select(
                                s.<String>field("external_id"),
                                s.<String>field("name"),
                                sg.ID,
                                r.ID,
                                s.<LocalDate>field("acquired_on"),
                                ca.ID)
                        .from(s.table())
                        .join(sg)
                        .on(sg.CODE.eq(s.<String>field("segment_code")))
                        .leftJoin(r)
                        .on(r.CODE.eq(s.<String>field("region_code")))
                        .leftJoin(ca)
                        .on(ca.CODE.eq(s.<String>field("acquisition_campaign_code")))
                        .orderBy(s.line())));
    }
}
