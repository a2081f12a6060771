package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.optional;
import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.DATE;
import static dev.revgraph.importing.ColumnType.EXTERNAL_ID;
import static dev.revgraph.importing.ColumnType.NAME;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.ArrayList;
import java.util.List;

/** customers.csv: external_id*, name*, segment_code*, region_code, acquired_on*, acquisition_campaign_code. */
public final class CustomersFile extends FileSpec {

    @Override
    public String fileName() {
        return "customers.csv";
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
    public List<String> key() {
        return List.of("external_id");
    }

    @Override
    public String storedSql() {
        return "select c.external_id, c.name, sg.code as segment_code, r.code as region_code, c.acquired_on,"
                + " ca.code as acquisition_campaign_code from customer c join segment sg on sg.id = c.segment_id"
                + " left join region r on r.id = c.region_id left join campaign ca on ca.id = c.acquisition_campaign_id";
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.addAll(reference("segment_code", "segment", "segment", true));
        checks.addAll(reference("region_code", "region", "region", true));
        checks.addAll(reference("acquisition_campaign_code", "campaign", "campaign", false));
        return checks;
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into customer (external_id, name, segment_id, region_id, acquired_on,"
                + " acquisition_campaign_id) select s.external_id, s.name, sg.id, r.id, s.acquired_on, ca.id"
                + " from {stage} s join segment sg on sg.code = s.segment_code left join region r on r.code ="
                + " s.region_code left join campaign ca on ca.code = s.acquisition_campaign_code order by s.line");
    }
}
