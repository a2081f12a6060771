package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.optional;
import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.Column.requiredEnum;
import static dev.revgraph.importing.ColumnType.AMOUNT;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.CURRENCY;
import static dev.revgraph.importing.ColumnType.DATE;
import static dev.revgraph.importing.ColumnType.EXTERNAL_ID;
import static dev.revgraph.importing.ColumnType.LONG_TEXT;
import static dev.revgraph.importing.ColumnType.SHORT_TEXT;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * spend.csv: external_id*, department_code*, booked_on*, amount*, currency*, category*,
 * campaign_code, segment_code, product_code, region_code, vendor, memo. The ledger's rules hold as
 * for {@code recordSpendLine}: an active department, a non-zero amount, a convertible currency, an
 * open month (the ledger's trigger guards the last one again).
 */
public final class SpendFile extends FileSpec {

    @Override
    public String fileName() {
        return "spend.csv";
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("external_id", EXTERNAL_ID),
                required("department_code", CODE),
                required("booked_on", DATE),
                required("amount", AMOUNT),
                required("currency", CURRENCY),
                requiredEnum("category", Names.CATEGORIES),
                optional("campaign_code", CODE),
                optional("segment_code", CODE),
                optional("product_code", CODE),
                optional("region_code", CODE),
                optional("vendor", SHORT_TEXT),
                optional("memo", LONG_TEXT));
    }

    @Override
    public List<String> key() {
        return List.of("external_id");
    }

    @Override
    public String storedSql() {
        return "select l.external_id, d.code as department_code, l.booked_on, l.amount, l.currency, l.category,"
                + " c.code as campaign_code, sg.code as segment_code, p.code as product_code, r.code as region_code,"
                + " l.vendor, l.memo from spend_line l join department d on d.id = l.department_id"
                + " left join campaign c on c.id = l.campaign_id left join segment sg on sg.id = l.segment_id"
                + " left join product p on p.id = l.product_id left join region r on r.id = l.region_id"
                + " where l.external_id is not null";
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.addAll(reference("department_code", "department", "department", true));
        checks.addAll(reference("campaign_code", "campaign", "campaign", false));
        checks.addAll(reference("segment_code", "segment", "segment", true));
        checks.addAll(reference("product_code", "product", "product", true));
        checks.addAll(reference("region_code", "region", "region", true));
        checks.add(rule("amount", "s.amount = 0", "must not be zero"));
        checks.add(convertible("currency", "booked_on"));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "booked_on";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into spend_line (external_id, department_id, booked_on, amount, currency, category,"
                + " campaign_id, segment_id, product_id, region_id, vendor, memo, created_by)"
                + " select s.external_id, d.id, s.booked_on, s.amount, s.currency, s.category, c.id, sg.id, p.id,"
                + " r.id, s.vendor, s.memo, {actor} from {stage} s join department d on d.code = s.department_code"
                + " left join campaign c on c.code = s.campaign_code left join segment sg on sg.code = s.segment_code"
                + " left join product p on p.code = s.product_code left join region r on r.code = s.region_code"
                + " order by s.line");
    }
}
