package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.Column.requiredEnum;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.NAME;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.List;

/** departments.csv: code*, name*, kind*. */
public final class DepartmentsFile extends FileSpec {

    @Override
    public String fileName() {
        return "departments.csv";
    }

    @Override
    public List<Column> columns() {
        return List.of(required("code", CODE), required("name", NAME), requiredEnum("kind", Names.DEPARTMENT_KINDS));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public String storedSql() {
        return "select code, name, kind from department";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into department (code, name, kind) select code, name, kind from {stage} order by line");
    }
}
