package dev.revgraph.campaign;

import static dev.revgraph.db.Tables.CAMPAIGN;
import static dev.revgraph.db.Tables.CAMPAIGN_RESULT;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.COUNT;
import static dev.revgraph.shared.importing.ColumnType.DATE;

import dev.revgraph.db.tables.Campaign;
import dev.revgraph.db.tables.CampaignResult;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * campaign_results.csv: campaign_code*, date*, impressions*, clicks*, leads*, opportunities*, with
 * the rules of {@code recordCampaignResults}. One row per campaign and day; more clicks than
 * impressions is accepted (ad platforms report oddly).
 */
public final class CampaignResultsFile implements FileSpec {

    private static final List<String> COUNTS = List.of("impressions", "clicks", "leads", "opportunities");

    @Override
    public ImportFile file() {
        return ImportFile.CAMPAIGN_RESULTS;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("campaign_code", CODE),
                required("date", DATE),
                required("impressions", COUNT),
                required("clicks", COUNT),
                required("leads", COUNT),
                required("opportunities", COUNT));
    }

    @Override
    public List<String> key() {
        return List.of("campaign_code", "date");
    }

    @Override
    public Select<?> stored() {
        CampaignResult r = CAMPAIGN_RESULT.as("r");
        Campaign ca = CAMPAIGN.as("ca");
        return DSL.select(
                        ca.CODE.as("campaign_code"),
                        r.DAY.as("date"),
                        r.IMPRESSIONS,
                        r.CLICKS,
                        r.LEADS,
                        r.OPPORTUNITIES)
                .from(r)
                .join(ca)
                .on(ca.ID.eq(r.CAMPAIGN_ID));
    }

    @Override
    public String monthColumn() {
        return "date";
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        List<Check> checks = new ArrayList<>(Check.reference(s, "campaign_code", "campaign", CAMPAIGN.CODE, null));
        for (String count : COUNTS) {
            // the cell type already refuses a negative count; the rule stays stated as the mutation states it
            Field<Long> value = s.field(count);
            checks.add(Check.rule(s, count, value.lt(0L), Validation.NOT_NEGATIVE));
        }
        return checks;
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Campaign ca = CAMPAIGN.as("ca");
        return List.of(DSL.insertInto(
                        CAMPAIGN_RESULT,
                        CAMPAIGN_RESULT.CAMPAIGN_ID,
                        CAMPAIGN_RESULT.DAY,
                        CAMPAIGN_RESULT.IMPRESSIONS,
                        CAMPAIGN_RESULT.CLICKS,
                        CAMPAIGN_RESULT.LEADS,
                        CAMPAIGN_RESULT.OPPORTUNITIES,
                        CAMPAIGN_RESULT.UPDATED_BY)
                .select(DSL.select(
                                ca.ID,
                                s.<LocalDate>field("date"),
                                s.<Long>field("impressions"),
                                s.<Long>field("clicks"),
                                s.<Long>field("leads"),
                                s.<Long>field("opportunities"),
                                context.actor())
                        .from(s.table())
                        .join(ca)
                        .on(ca.CODE.eq(s.<String>field("campaign_code")))
                        .orderBy(s.line())));
    }
}
