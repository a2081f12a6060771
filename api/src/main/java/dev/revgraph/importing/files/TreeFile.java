package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.optional;
import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.NAME;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import dev.revgraph.shared.error.UserErrorCode;
import java.util.List;

/**
 * segments.csv and regions.csv: code*, name*, parent_code. A parent may be stored already or be
 * any row of the same file, before or after its children; new rows whose parents form a cycle are
 * refused. Rows are inserted first and linked to their parents by a second set-based statement.
 */
public final class TreeFile extends FileSpec {

    private final String fileName;
    private final String table;

    private TreeFile(String fileName, String table) {
        this.fileName = fileName;
        this.table = table;
    }

    public static TreeFile segments() {
        return new TreeFile("segments.csv", "segment");
    }

    public static TreeFile regions() {
        return new TreeFile("regions.csv", "region");
    }

    @Override
    public String fileName() {
        return fileName;
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
    public String storedSql() {
        return "select t.code, t.name, p.code as parent_code from " + table + " t left join " + table
                + " p on p.id = t.parent_id";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                new Check(
                        "parent_code",
                        UserErrorCode.NOT_FOUND,
                        "select s.line, 'unknown parent " + table + " ' || "
                                + "s.parent_code from {stage} s where s.parent_code is not null and not exists (select 1 from "
                                + table
                                + " t where t.code = s.parent_code) and not exists (select 1 from {stage} o where "
                                + "o.code = s.parent_code)"),
                new Check(
                        "parent_code",
                        UserErrorCode.ARCHIVED,
                        "select s.line, 'parent " + table + " ' || "
                                + "s.parent_code || ' is archived' from {stage} s join " + table
                                + " t on t.code = s.parent_code where t.archived_at is not null"),
                rule("parent_code", "s.parent_code = s.code", "must not be the row's own code"));
    }

    @Override
    public List<Check> newRowChecks() {
        // Every new row must reach a root or a stored row through its parents; what cannot is a cycle.
        return List.of(new Check(
                "parent_code",
                UserErrorCode.INVALID,
                "with recursive reached (code) as ("
                        + " select s.code from {stage} s where s.parent_code is null or exists (select 1 from " + table
                        + " t where t.code = s.parent_code)"
                        + " union select s.code from {stage} s join reached r on s.parent_code = r.code)"
                        + " select s.line, 'the parents of ' || s.code || ' form a cycle' from {stage} s"
                        + " where not exists (select 1 from reached r where r.code = s.code)"));
    }

    @Override
    public List<String> insertSql() {
        return List.of(
                "insert into " + table + " (code, name) select code, name from {stage} order by line",
                "update " + table + " t set parent_id = p.id from {stage} s join " + table
                        + " p on p.code = s.parent_code where t.code = s.code");
    }
}
