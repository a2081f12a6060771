package dev.revgraph.shared.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A {@link ReportFilter} with its codes resolved: per dimension the ids it accepts (segments and
 * regions with their subtrees; objectives by name), the dimensions whose unassigned slice it accepts,
 * and the filters it combines. The one place the SQL condition of every report's filter is built.
 */
public record SliceFilter(
        Map<ReportDimension, List<Long>> ids,
        List<String> objectives,
        Set<ReportDimension> unassigned,
        List<SliceFilter> and,
        List<SliceFilter> or,
        SliceFilter not) {

    public SliceFilter {
        ids = ids.isEmpty() ? Map.of() : new EnumMap<>(ids);
        objectives = objectives == null ? null : List.copyOf(objectives);
        unassigned = Set.copyOf(unassigned);
        and = List.copyOf(and);
        or = List.copyOf(or);
    }

    /** Both filters holding; either alone when the other is null; null when both are. */
    public static SliceFilter all(SliceFilter a, SliceFilter b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new SliceFilter(Map.of(), null, Set.of(), List.of(a, b), List.of(), null);
    }

    /**
     * The filter as a condition on a fact's slice columns, never unknown (a fact without a slice fails
     * a test of codes, so {@code not} selects it): {@code column} gives each dimension's
     * column (an id, or the objective's name), or null when the facts have no such slice (then
     * every fact is unassigned in it).
     */
    public Condition condition(Function<ReportDimension, Field<?>> column) {
        List<Condition> all = new ArrayList<>();
        for (ReportDimension d : ReportDimension.values()) {
            boolean tested = d == ReportDimension.OBJECTIVE ? objectives != null : ids.containsKey(d);
            if (!tested && !unassigned.contains(d)) {
                continue;
            }
            Field<?> c = column.apply(d);
            List<Condition> accepted = new ArrayList<>();
            if (tested && c != null) {
                if (d == ReportDimension.OBJECTIVE) {
                    @SuppressWarnings("unchecked")
                    Field<String> text = (Field<String>) c;
                    accepted.add(text.isNotNull()
                            .and(text.eq(
                                    DSL.any(DSL.val(objectives.toArray(String[]::new), SQLDataType.VARCHAR.array())))));
                } else {
                    @SuppressWarnings("unchecked")
                    Field<Long> id = (Field<Long>) c;
                    accepted.add(id.isNotNull()
                            .and(id.eq(DSL.any(DSL.val(ids.get(d).toArray(Long[]::new), SQLDataType.BIGINT.array())))));
                }
            }
            if (unassigned.contains(d)) {
                accepted.add(c == null ? DSL.trueCondition() : c.isNull());
            }
            all.add(accepted.isEmpty() ? DSL.falseCondition() : DSL.or(accepted));
        }
        for (SliceFilter f : and) {
            all.add(f.condition(column));
        }
        if (!or.isEmpty()) {
            all.add(DSL.or(or.stream().map(f -> f.condition(column)).toList()));
        }
        if (not != null) {
            all.add(DSL.not(not.condition(column)));
        }
        return DSL.and(all);
    }
}
