package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.optionalEnum;
import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.AMOUNT;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.CURRENCY;
import static dev.revgraph.importing.ColumnType.MONTH;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * budgets.csv: department_code*, month* (YYYY-MM), category, amount*, currency*. An empty
 * category is the department's budget for the month not split by category.
 */
public final class BudgetsFile extends FileSpec {

    @Override
    public String fileName() {
        return "budgets.csv";
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("department_code", CODE),
                required("month", MONTH),
                optionalEnum("category", Names.CATEGORIES),
                required("amount", AMOUNT),
                required("currency", CURRENCY));
    }

    @Override
    public List<String> key() {
        return List.of("department_code", "month", "category");
    }

    @Override
    public String storedSql() {
        return "select d.code as department_code, b.month, b.category, b.amount, b.currency from budget b"
                + " join department d on d.id = b.department_id";
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>(reference("department_code", "department", "department", true));
        checks.add(rule("amount", "s.amount < 0", "must not be negative"));
        checks.add(convertible("currency", "month"));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "month";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into budget (department_id, month, category, amount, currency, updated_by)"
                + " select d.id, s.month, s.category, s.amount, s.currency, {actor} from {stage} s"
                + " join department d on d.code = s.department_code order by s.line");
    }
}
