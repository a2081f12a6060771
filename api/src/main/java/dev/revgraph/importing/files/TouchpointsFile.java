package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.Column.requiredEnum;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.DATE_TIME;
import static dev.revgraph.importing.ColumnType.EXTERNAL_ID;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import dev.revgraph.shared.error.UserErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * touchpoints.csv: customer_external_id*, campaign_code*, occurred_at*, kind*; the key is the
 * customer, the campaign and the instant (the same instant written with another offset is the same key).
 */
public final class TouchpointsFile extends FileSpec {

    static final List<String> KINDS = List.of("IMPRESSION", "CLICK", "FORM", "EMAIL", "MEETING", "DEMO", "OTHER");

    @Override
    public String fileName() {
        return "touchpoints.csv";
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("customer_external_id", EXTERNAL_ID),
                required("campaign_code", CODE),
                required("occurred_at", DATE_TIME),
                requiredEnum("kind", KINDS));
    }

    @Override
    public List<String> key() {
        return List.of("customer_external_id", "campaign_code", "occurred_at");
    }

    @Override
    public String storedSql() {
        return "select cu.external_id as customer_external_id, ca.code as campaign_code, t.occurred_at, t.kind"
                + " from touchpoint t join customer cu on cu.id = t.customer_id join campaign ca on ca.id = t.campaign_id";
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(
                "customer_external_id",
                UserErrorCode.NOT_FOUND,
                "select s.line, 'unknown customer ' ||"
                        + " s.customer_external_id from {stage} s where not exists (select 1 from customer c where"
                        + " c.external_id = s.customer_external_id)"));
        checks.addAll(reference("campaign_code", "campaign", "campaign", false));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "occurred_at";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into touchpoint (customer_id, campaign_id, occurred_at, kind, created_by)"
                + " select cu.id, ca.id, s.occurred_at, s.kind, {actor} from {stage} s"
                + " join customer cu on cu.external_id = s.customer_external_id"
                + " join campaign ca on ca.code = s.campaign_code order by s.line");
    }
}
