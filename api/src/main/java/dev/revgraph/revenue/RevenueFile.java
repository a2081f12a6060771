package dev.revgraph.revenue;

import static dev.revgraph.db.Tables.CUSTOMER;
import static dev.revgraph.db.Tables.PRODUCT;
import static dev.revgraph.db.Tables.REVENUE_LINE;
import static dev.revgraph.shared.importing.Column.optional;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.AMOUNT;
import static dev.revgraph.shared.importing.ColumnType.BOOLEAN;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.CURRENCY;
import static dev.revgraph.shared.importing.ColumnType.DATE;
import static dev.revgraph.shared.importing.ColumnType.EXTERNAL_ID;

import dev.revgraph.db.tables.Customer;
import dev.revgraph.db.tables.Product;
import dev.revgraph.db.tables.RevenueLine;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * revenue.csv: external_id*, customer_external_id*, product_code, recognized_on*, amount*,
 * currency*, recurring*. The ledger's rules hold as for {@code recordRevenueLine}.
 */
public final class RevenueFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.REVENUE;
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
    public Select<?> stored() {
        RevenueLine l = REVENUE_LINE.as("l");
        Customer c = CUSTOMER.as("c");
        Product p = PRODUCT.as("p");
        return DSL.select(
                        l.EXTERNAL_ID,
                        c.EXTERNAL_ID.as("customer_external_id"),
                        p.CODE.as("product_code"),
                        l.RECOGNIZED_ON,
                        l.AMOUNT,
                        l.CURRENCY,
                        l.RECURRING)
                .from(l)
                .join(c)
                .on(c.ID.eq(l.CUSTOMER_ID))
                .leftJoin(p)
                .on(p.ID.eq(l.PRODUCT_ID))
                .where(l.EXTERNAL_ID.isNotNull());
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<String> customer = s.field("customer_external_id");
        Field<BigDecimal> amount = s.field("amount");
        List<Check> checks = new ArrayList<>();
        checks.addAll(Check.reference(s, "customer_external_id", "customer", CUSTOMER.EXTERNAL_ID, null));
        checks.addAll(Check.reference(s, "product_code", "product", PRODUCT.CODE, PRODUCT.ARCHIVED_AT));
        checks.add(Check.rule(s, "amount", amount.eq(BigDecimal.ZERO), Validation.NOT_ZERO));
        checks.add(Check.convertible(s, "currency", "recognized_on", context));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "recognized_on";
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Customer c = CUSTOMER.as("c");
        Product p = PRODUCT.as("p");
        return List.of(DSL.insertInto(
                        REVENUE_LINE,
                        REVENUE_LINE.EXTERNAL_ID,
                        REVENUE_LINE.CUSTOMER_ID,
                        REVENUE_LINE.PRODUCT_ID,
                        REVENUE_LINE.RECOGNIZED_ON,
                        REVENUE_LINE.AMOUNT,
                        REVENUE_LINE.CURRENCY,
                        REVENUE_LINE.RECURRING,
                        REVENUE_LINE.CREATED_BY)
                .select(DSL.select(
                                s.<String>field("external_id"),
                                c.ID,
                                p.ID,
                                s.<LocalDate>field("recognized_on"),
                                s.<BigDecimal>field("amount"),
                                s.<String>field("currency"),
                                s.<Boolean>field("recurring"),
                                context.actor())
                        .from(s.table())
                        .join(c)
                        .on(c.EXTERNAL_ID.eq(s.<String>field("customer_external_id")))
                        .leftJoin(p)
                        .on(p.CODE.eq(s.<String>field("product_code")))
                        .orderBy(s.line())));
    }
}
