package dev.revgraph.shared.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A grouped report's rows beside the same groups' rows of an earlier period, matched by key. */
public final class ComparedRows {

    private ComparedRows() {}

    /** A report row that can stand beside the same group's row of an earlier period. */
    public interface Row<R> {

        /** The group the row is of, the same in both periods. */
        String key();

        /** The row of the same group with nothing in it: zeros, null ratios. */
        R empty();

        /** This row with {@code earlier} as its comparison and the change from it. */
        R compared(R earlier);
    }

    /**
     * Every row of {@code now} beside the earlier row of its group (an empty one when the group had
     * none), then every group of the earlier period alone, empty now beside its earlier row, in the
     * earlier report's order; so a campaign that spent only in the earlier period still shows. The
     * list is the caller's to sort.
     */
    public static <R extends Row<R>> List<R> byKey(List<R> now, List<R> earlier) {
        Map<String, R> before = new LinkedHashMap<>();
        earlier.forEach(r -> before.put(r.key(), r));
        List<R> rows = new ArrayList<>(now.size() + earlier.size());
        for (R row : now) {
            R b = before.remove(row.key());
            rows.add(row.compared(b == null ? row.empty() : b));
        }
        before.values().forEach(b -> rows.add(b.empty().compared(b)));
        return rows;
    }
}
