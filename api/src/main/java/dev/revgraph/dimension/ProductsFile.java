package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.PRODUCT;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.NAME;

import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/** products.csv: code*, name*, with the rules of {@code createProduct} (cell types CODE and NAME). */
public final class ProductsFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.PRODUCTS;
    }

    @Override
    public List<Column> columns() {
        return List.of(required("code", CODE), required("name", NAME));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public Select<?> stored() {
        return DSL.select(PRODUCT.CODE, PRODUCT.NAME).from(PRODUCT);
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Field<String> code = s.field("code");
        Field<String> name = s.field("name");
        return List.of(DSL.insertInto(PRODUCT, PRODUCT.CODE, PRODUCT.NAME)
                .select(DSL.select(code, name).from(s.table()).orderBy(s.line())));
    }
}
