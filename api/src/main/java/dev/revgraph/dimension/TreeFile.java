package dev.revgraph.dimension;

import static dev.revgraph.shared.importing.Column.optional;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.NAME;

import dev.revgraph.shared.error.UserErrorCode;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.CommonTableExpression;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * segments.csv and regions.csv: code*, name*, parent_code. A parent may be stored already or be
 * any row of the same file, before or after its children; new rows whose parents form a cycle are
 * refused, as {@code moveTreeNode} refuses a move under a descendant. Rows are inserted first and
 * linked to their parents by a second set-based statement.
 */
abstract class TreeFile implements FileSpec {

    private final ImportFile file;
    private final String what;
    private final Table<?> table;
    private final TableField<?, Long> id;
    private final TableField<?, String> code;
    private final TableField<?, String> name;
    private final TableField<?, Long> parentId;
    private final TableField<?, OffsetDateTime> archivedAt;

    TreeFile(
            ImportFile file,
            String what,
            TableField<?, Long> id,
            TableField<?, String> code,
            TableField<?, String> name,
            TableField<?, Long> parentId,
            TableField<?, OffsetDateTime> archivedAt) {
        this.file = file;
        this.what = what;
        this.table = id.getTable();
        this.id = id;
        this.code = code;
        this.name = name;
        this.parentId = parentId;
        this.archivedAt = archivedAt;
    }

    @Override
    public ImportFile file() {
        return file;
    }

    @Override
    public List<Column> columns() {
        return List.of(required("code", CODE), required("name", NAME), optional("parent_code", CODE));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public Select<?> stored() {
        Table<?> t = table.as("t");
        Table<?> p = table.as("p");
        return DSL.select(t.field(code), t.field(name), p.field(code).as("parent_code"))
                .from(t)
                .leftJoin(p)
                .on(p.field(id).eq(t.field(parentId)));
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<String> row = s.field("code");
        Field<String> parent = s.field("parent_code");
        Stage other = s.as("o");
        return List.of(
                Check.when(
                        s,
                        "parent_code",
                        UserErrorCode.NOT_FOUND,
                        parent.isNotNull()
                                .and(DSL.notExists(DSL.selectOne().from(table).where(code.eq(parent))))
                                .and(DSL.notExists(DSL.selectOne()
                                        .from(other.table())
                                        .where(other.<String>field("code").eq(parent)))),
                        DSL.inline("unknown parent " + what + " ").concat(parent)),
                new Check(
                        "parent_code",
                        UserErrorCode.ARCHIVED,
                        DSL.select(
                                        s.line(),
                                        DSL.inline("parent " + what + " ")
                                                .concat(parent)
                                                .concat(" is archived"))
                                .from(s.table())
                                .join(table)
                                .on(code.eq(parent))
                                .where(archivedAt.isNotNull())),
                Check.rule(s, "parent_code", parent.eq(row), "must not be the row's own code"));
    }

    @Override
    public List<Check> newRowChecks(Stage s) {
        // Every new row must reach a root or a stored row through its parents; what cannot is a cycle.
        Field<String> row = s.field("code");
        Field<String> parent = s.field("parent_code");
        Field<String> reachedCode = DSL.field(DSL.name("reached", "code"), String.class);
        CommonTableExpression<Record1<String>> reached = DSL.name("reached")
                .fields("code")
                .as(DSL.select(row)
                        .from(s.table())
                        .where(parent.isNull()
                                .or(DSL.exists(DSL.selectOne().from(table).where(code.eq(parent)))))
                        .union(DSL.select(row)
                                .from(s.table())
                                .join(DSL.table(DSL.name("reached")))
                                .on(parent.eq(reachedCode))));
        return List.of(new Check(
                "parent_code",
                UserErrorCode.INVALID,
                DSL.withRecursive(reached)
                        .select(
                                s.line(),
                                DSL.inline("the parents of ").concat(row).concat(" form a cycle"))
                        .from(s.table())
                        .where(DSL.notExists(DSL.selectOne().from(reached).where(reachedCode.eq(row))))));
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Field<String> row = s.field("code");
        Field<String> rowName = s.field("name");
        Field<String> parent = s.field("parent_code");
        Table<?> p = table.as("p");
        return List.of(
                DSL.insertInto(table, code, name)
                        .select(DSL.select(row, rowName).from(s.table()).orderBy(s.line())),
                DSL.update(table)
                        .set(parentId, p.field(id))
                        .from(s.table().join(p).on(p.field(code).eq(parent)))
                        .where(code.eq(row)));
    }
}
