package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.optional;
import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.AMOUNT;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.CURRENCY;
import static dev.revgraph.importing.ColumnType.DATE;
import static dev.revgraph.importing.ColumnType.NAME;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import dev.revgraph.shared.error.UserErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * campaigns.csv: code*, name*, department_code*, channel_code*, segment_code, product_code,
 * region_code, start_date*, end_date, budget_amount, budget_currency. New campaigns start PLANNED.
 */
public final class CampaignsFile extends FileSpec {

    @Override
    public String fileName() {
        return "campaigns.csv";
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
                optional("budget_currency", CURRENCY));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public String storedSql() {
        return "select c.code, c.name, d.code as department_code, ch.code as channel_code, sg.code as segment_code,"
                + " p.code as product_code, r.code as region_code, c.start_date, c.end_date, c.budget_amount,"
                + " c.budget_currency from campaign c join department d on d.id = c.department_id"
                + " join channel ch on ch.id = c.channel_id left join segment sg on sg.id = c.segment_id"
                + " left join product p on p.id = c.product_id left join region r on r.id = c.region_id";
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.addAll(reference("department_code", "department", "department", true));
        checks.addAll(reference("channel_code", "channel", "channel", true));
        checks.addAll(reference("segment_code", "segment", "segment", true));
        checks.addAll(reference("product_code", "product", "product", true));
        checks.addAll(reference("region_code", "region", "region", true));
        checks.add(rule("end_date", "s.end_date < s.start_date", "must not be before start_date"));
        checks.add(rule(
                "budget_currency",
                "(s.budget_amount is null) <> (s.budget_currency is null)",
                "budget_amount and budget_currency go together: give both or neither"));
        checks.add(new Check(
                "budget_currency",
                UserErrorCode.NOT_FOUND,
                "select s.line, 'currency ' || "
                        + "s.budget_currency || ' is not registered: give it rates in fx_rates.csv' from {stage} s where "
                        + "s.budget_currency is not null and s.budget_currency <> {reporting} and not exists (select 1 from"
                        + " currency c where c.code = s.budget_currency)"));
        return checks;
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into campaign (code, name, department_id, channel_id, segment_id, product_id,"
                + " region_id, start_date, end_date, budget_amount, budget_currency)"
                + " select s.code, s.name, d.id, ch.id, sg.id, p.id, r.id, s.start_date, s.end_date, s.budget_amount,"
                + " s.budget_currency from {stage} s join department d on d.code = s.department_code"
                + " join channel ch on ch.code = s.channel_code left join segment sg on sg.code = s.segment_code"
                + " left join product p on p.code = s.product_code left join region r on r.code = s.region_code"
                + " order by s.line");
    }
}
