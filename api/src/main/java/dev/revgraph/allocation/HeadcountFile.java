package dev.revgraph.allocation;

import static dev.revgraph.db.Tables.DEPARTMENT;
import static dev.revgraph.db.Tables.HEADCOUNT;
import static dev.revgraph.db.Tables.SEGMENT;
import static dev.revgraph.shared.importing.Column.optional;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.AMOUNT;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.MONTH;

import dev.revgraph.db.tables.Department;
import dev.revgraph.db.tables.Segment;
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
 * headcount.csv: department_code or segment_code (exactly one), month* (YYYY-MM), fte*, with the
 * rules of {@code setHeadcount}.
 */
public final class HeadcountFile implements FileSpec {

    /** Why a headcount names both a department and a segment, or neither; the mutation says the same. */
    static final String EXACTLY_ONE = "must name exactly one of a department and a segment";

    @Override
    public ImportFile file() {
        return ImportFile.HEADCOUNT;
    }

    @Override
    public List<Column> columns() {
        return List.of(
                optional("department_code", CODE),
                optional("segment_code", CODE),
                required("month", MONTH),
                required("fte", AMOUNT));
    }

    @Override
    public List<String> key() {
        return List.of("department_code", "segment_code", "month");
    }

    @Override
    public Select<?> stored() {
        var h = HEADCOUNT.as("h");
        Department d = DEPARTMENT.as("d");
        Segment g = SEGMENT.as("g");
        return DSL.select(d.CODE.as("department_code"), g.CODE.as("segment_code"), h.MONTH, h.FTE)
                .from(h)
                .leftJoin(d)
                .on(d.ID.eq(h.DEPARTMENT_ID))
                .leftJoin(g)
                .on(g.ID.eq(h.SEGMENT_ID));
    }

    @Override
    public List<Check> checks(Stage s, Context context) {
        Field<String> department = s.field("department_code");
        Field<String> segment = s.field("segment_code");
        Field<BigDecimal> fte = s.field("fte");
        List<Check> checks = new ArrayList<>();
        checks.add(Check.rule(
                s,
                "department_code",
                department
                        .isNull()
                        .and(segment.isNull())
                        .or(department.isNotNull().and(segment.isNotNull())),
                EXACTLY_ONE));
        checks.addAll(Check.reference(s, "department_code", "department", DEPARTMENT.CODE, DEPARTMENT.ARCHIVED_AT));
        checks.addAll(Check.reference(s, "segment_code", "segment", SEGMENT.CODE, SEGMENT.ARCHIVED_AT));
        checks.add(Check.rule(s, "fte", fte.lt(BigDecimal.ZERO), Validation.NOT_NEGATIVE));
        return checks;
    }

    @Override
    public String monthColumn() {
        return "month";
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Department d = DEPARTMENT.as("d");
        Segment g = SEGMENT.as("g");
        return List.of(DSL.insertInto(
                        HEADCOUNT,
                        HEADCOUNT.DEPARTMENT_ID,
                        HEADCOUNT.SEGMENT_ID,
                        HEADCOUNT.MONTH,
                        HEADCOUNT.FTE,
                        HEADCOUNT.UPDATED_BY)
                .select(DSL.select(d.ID, g.ID, s.<LocalDate>field("month"), s.<BigDecimal>field("fte"), context.actor())
                        .from(s.table())
                        .leftJoin(d)
                        .on(d.CODE.eq(s.<String>field("department_code")))
                        .leftJoin(g)
                        .on(g.CODE.eq(s.<String>field("segment_code")))
                        .orderBy(s.line())));
    }
}
