package dev.revgraph.attribution;

import dev.revgraph.shared.error.Validation;

/** How a new customer's credit is shared among its touches; the SQL of the report implements each one. */
public enum AttributionModel {
    FIRST_TOUCH,
    LAST_TOUCH,
    LINEAR,
    POSITION_BASED,
    TIME_DECAY;

    /**
     * The half-life of the TIME_DECAY credits the schema stores on write (changeset 0052,
     * {@code attribution_stored_half_life()}), the reports' default.
     */
    public static final int STORED_HALF_LIFE_DAYS = 7;

    /** The longest TIME_DECAY half-life a report accepts, in days. */
    public static final int MAX_HALF_LIFE_DAYS = 3650;

    /** Adds to {@code v} the check of a report's {@code halfLifeDays}: 1 to {@link #MAX_HALF_LIFE_DAYS}. */
    public static Validation checkHalfLife(Validation v, int halfLifeDays) {
        return v.check(
                halfLifeDays >= 1 && halfLifeDays <= MAX_HALF_LIFE_DAYS,
                "halfLifeDays",
                "must be between 1 and " + MAX_HALF_LIFE_DAYS);
    }

    /**
     * Whether this model's credits at this half-life are the ones stored on write (every model at its
     * stored parameters; TIME_DECAY only at {@link #STORED_HALF_LIFE_DAYS}), so a report can read them
     * instead of computing them from the touches.
     */
    public boolean stored(int halfLifeDays) {
        return this != TIME_DECAY || halfLifeDays == STORED_HALF_LIFE_DAYS;
    }
}
