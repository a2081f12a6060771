package dev.revgraph.budget;

import static dev.revgraph.db.Tables.BUDGET;
import static dev.revgraph.db.Tables.BUDGET_VERSION;
import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.shared.importing.Column.optionalEnum;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.AMOUNT;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.CURRENCY;
import static dev.revgraph.shared.importing.ColumnType.MONTH;

import dev.revgraph.db.tables.Budget;
import dev.revgraph.db.tables.Department;
import dev.revgraph.shared.error.UserErrorCode;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import dev.revgraph.spend.SpendCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * budgets.csv: department_code*, month* (YYYY-MM), category, amount*, currency*, with the rules of
 * {@code setBudget}. An empty category is the department's budget for the month not split by
 * category. Rows are lines of the default budget version, which must not be LOCKED.
 */
public final class BudgetsFile implements FileSpec {

    /** The version the file writes, as setBudget does: the default one (the schema's function). */
    private static final Field<Long> DEFAULT_VERSION = DSL.field("budget_default_version()", Long.class);

    @Override
    public ImportFile file() {
        return ImportFile.BUDGETS;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("department_code", CODE),
                required("month", MONTH),
                optionalEnum(
                        "category",
                        Arrays.stream(SpendCategory.values()).map(Enum::name).toList()),
                required("amount", AMOUNT),
                required("currency", CURRENCY));
    }

    @Override
    public List<String> key() {
        return List.of("department_code", "month", "category");
    }

    @Override
    public Select<?> stored() {
        Budget b = BUDGET.as("b");
        Department d = DEPARTMENT.as("d");
        return DSL.select(d.CODE.as("department_code"), b.MONTH, b.CATEGORY, b.AMOUNT, b.CURRENCY)
                .from(b)
                .join(d)
                .on(d.ID.eq(b.DEPARTMENT_ID))
                .where(b.VERSION_ID.eq(DEFAULT_VERSION));
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<BigDecimal> amount = s.field("amount");
        List<Check> checks = new ArrayList<>(
                Check.reference(s, "department_code", "department", DEPARTMENT.CODE, DEPARTMENT.ARCHIVED_AT));
        checks.add(Check.rule(s, "amount", amount.lt(BigDecimal.ZERO), Validation.NOT_NEGATIVE));
        checks.add(Check.convertible(s, "currency", "month", context));
        checks.add(Check.when(
                s,
                "month",
                UserErrorCode.CONFLICT,
                DSL.exists(DSL.selectOne()
                        .from(BUDGET_VERSION)
                        .where(BUDGET_VERSION.IS_DEFAULT.isTrue(), BUDGET_VERSION.STATUS.eq("LOCKED"))),
                DSL.inline("the default budget version is LOCKED; set lines of a DRAFT version with setBudgetLines")));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "month";
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Department d = DEPARTMENT.as("d");
        return List.of(DSL.insertInto(
                        BUDGET,
                        BUDGET.DEPARTMENT_ID,
                        BUDGET.MONTH,
                        BUDGET.CATEGORY,
                        BUDGET.AMOUNT,
                        BUDGET.CURRENCY,
                        BUDGET.UPDATED_BY)
                .select(DSL.select(
                                d.ID,
                                s.<LocalDate>field("month"),
                                s.<String>field("category"),
                                s.<BigDecimal>field("amount"),
                                s.<String>field("currency"),
                                context.actor())
                        .from(s.table())
                        .join(d)
                        .on(d.CODE.eq(s.<String>field("department_code")))
                        .orderBy(s.line())));
    }
}
