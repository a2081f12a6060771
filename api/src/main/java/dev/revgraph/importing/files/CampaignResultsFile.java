package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.COUNT;
import static dev.revgraph.importing.ColumnType.DATE;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * campaign_results.csv: campaign_code*, date*, impressions*, clicks*, leads*, opportunities*. One
 * row per campaign and day; more clicks than impressions is accepted (ad platforms report oddly).
 */
public final class CampaignResultsFile extends FileSpec {

    @Override
    public String fileName() {
        return "campaign_results.csv";
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
    public String storedSql() {
        return "select ca.code as campaign_code, r.day as date, r.impressions, r.clicks, r.leads, r.opportunities"
                + " from campaign_result r join campaign ca on ca.id = r.campaign_id";
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>(reference("campaign_code", "campaign", "campaign", false));
        for (String count : List.of("impressions", "clicks", "leads", "opportunities")) {
            checks.add(rule(count, "s." + count + " < 0", "must not be negative"));
        }
        return checks;
    }

    @Override
    public String monthColumn() {
        return "date";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into campaign_result (campaign_id, day, impressions, clicks, leads, opportunities,"
                + " updated_by) select ca.id, s.date, s.impressions, s.clicks, s.leads, s.opportunities, {actor}"
                + " from {stage} s join campaign ca on ca.code = s.campaign_code order by s.line");
    }
}
