package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.Column.requiredEnum;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.NAME;

import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.util.Arrays;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * departments.csv: code*, name*, kind*. The code and name follow the rules of
 * {@code createDepartment} (the cell types CODE and NAME state them), the kinds are the enum's.
 */
public final class DepartmentsFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.DEPARTMENTS;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                required("code", CODE),
                required("name", NAME),
                requiredEnum(
                        "kind",
                        Arrays.stream(DepartmentKind.values()).map(Enum::name).toList()));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public Select<?> stored() {
        return DSL.select(DEPARTMENT.CODE, DEPARTMENT.NAME, DEPARTMENT.KIND).from(DEPARTMENT);
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Field<String> code = s.field("code");
        Field<String> name = s.field("name");
        Field<String> kind = s.field("kind");
        return List.of(DSL.insertInto(DEPARTMENT, DEPARTMENT.CODE, DEPARTMENT.NAME, DEPARTMENT.KIND)
                .select(DSL.select(code, name, kind).from(s.table()).orderBy(s.line())));
    }
}
