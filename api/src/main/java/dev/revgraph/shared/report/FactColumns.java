package dev.revgraph.shared.report;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The slice columns of a fact as a plain-SQL query names them, {@code f_segment}, {@code f_product},
 * {@code f_region}, {@code f_department}, {@code f_channel}, {@code f_campaign} (ids) and
 * {@code f_objective} (a name), so that one {@link SliceFilter#condition} tests facts of several
 * kinds (a query selects each kind's slices under these names).
 */
public final class FactColumns {

    private FactColumns() {}

    /** The column of a dimension. */
    public static Field<?> of(ReportDimension d) {
        return d == ReportDimension.OBJECTIVE
                ? DSL.field(DSL.name("f_objective"), String.class)
                : DSL.field(DSL.name("f_" + d.name().toLowerCase(java.util.Locale.ROOT)), Long.class);
    }

    /** The filter on these columns; true without a filter. */
    public static Condition kept(SliceFilter where) {
        return where == null ? DSL.trueCondition() : where.condition(FactColumns::of);
    }
}
