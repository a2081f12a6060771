package dev.revgraph.allocation;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a rule splits its pool; mirrors the GraphQL enum. Each driver measures only the dimensions
 * its facts are placed in (docs/metrics.md): revenue has no department, a new customer no product
 * nor department, headcount is kept per department or segment.
 */
public enum AllocationDriver {
    FIXED(EnumSet.allOf(AllocationDimension.class)),
    REVENUE(EnumSet.of(AllocationDimension.SEGMENT, AllocationDimension.PRODUCT, AllocationDimension.REGION)),
    NEW_CUSTOMERS(EnumSet.of(AllocationDimension.SEGMENT, AllocationDimension.REGION)),
    DIRECT_SPEND(EnumSet.allOf(AllocationDimension.class)),
    HEADCOUNT(EnumSet.of(AllocationDimension.SEGMENT, AllocationDimension.DEPARTMENT));

    private final Set<AllocationDimension> measures;

    AllocationDriver(Set<AllocationDimension> measures) {
        this.measures = measures;
    }

    public boolean measures(AllocationDimension dimension) {
        return measures.contains(dimension);
    }

    public Set<AllocationDimension> dimensions() {
        return measures;
    }
}
