package dev.revgraph.retention;

import java.math.BigDecimal;
import java.util.Map;

/** Checks on served {@code MrrMovementRow}s shared by the retention tests. */
final class MovementChecks {

    private MovementChecks() {}

    static BigDecimal dec(Map<String, Object> row, String field) {
        return new BigDecimal((String) row.get(field));
    }

    /**
     * start + new + reactivated + expansion - contraction - churned + transferIn - transferOut = end,
     * on the served figures (exact when the data is in whole cents).
     */
    static boolean identityHolds(Map<String, Object> row) {
        BigDecimal computed = dec(row, "startMrr")
                .add(dec(row, "newMrr"))
                .add(dec(row, "reactivated"))
                .add(dec(row, "expansion"))
                .subtract(dec(row, "contraction"))
                .subtract(dec(row, "churned"))
                .add(dec(row, "transferIn"))
                .subtract(dec(row, "transferOut"));
        return computed.compareTo(dec(row, "endMrr")) == 0;
    }
}
