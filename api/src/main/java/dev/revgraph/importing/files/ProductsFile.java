package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.NAME;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.List;

/** products.csv: code*, name*. */
public final class ProductsFile extends FileSpec {

    @Override
    public String fileName() {
        return "products.csv";
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
    public String storedSql() {
        return "select code, name from product";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into product (code, name) select code, name from {stage} order by line");
    }
}
