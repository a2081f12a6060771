package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.optional;
import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.AMOUNT;
import static dev.revgraph.importing.ColumnType.BOOLEAN;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.CURRENCY;
import static dev.revgraph.importing.ColumnType.DATE;
import static dev.revgraph.importing.ColumnType.EXTERNAL_ID;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import dev.revgraph.shared.error.UserErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * revenue.csv: external_id*, customer_external_id*, product_code, recognized_on*, amount*,
 * currency*, recurring*. The ledger's rules hold as for {@code recordRevenueLine}.
 */
public final class RevenueFile extends FileSpec {

    @Override
    public String fileName() {
        return "revenue.csv";
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("external_id", EXTERNAL_ID),
                required("customer_external_id", EXTERNAL_ID),
                optional("product_code", CODE),
                required("recognized_on", DATE),
                required("amount", AMOUNT),
                required("currency", CURRENCY),
                required("recurring", BOOLEAN));
    }

    @Override
    public List<String> key() {
        return List.of("external_id");
    }

    @Override
    public String storedSql() {
        return "select l.external_id, c.external_id as customer_external_id, p.code as product_code, l.recognized_on,"
                + " l.amount, l.currency, l.recurring from revenue_line l join customer c on c.id = l.customer_id"
                + " left join product p on p.id = l.product_id where l.external_id is not null";
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
        checks.addAll(reference("product_code", "product", "product", true));
        checks.add(rule("amount", "s.amount = 0", "must not be zero"));
        checks.add(convertible("currency", "recognized_on"));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "recognized_on";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into revenue_line (external_id, customer_id, product_id, recognized_on, amount,"
                + " currency, recurring, created_by) select s.external_id, c.id, p.id, s.recognized_on, s.amount,"
                + " s.currency, s.recurring, {actor} from {stage} s join customer c on c.external_id ="
                + " s.customer_external_id left join product p on p.code = s.product_code order by s.line");
    }
}
