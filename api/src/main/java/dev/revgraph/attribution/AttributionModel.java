package dev.revgraph.attribution;

/** How a new customer's credit is shared among its touches; the SQL of the report implements each one. */
public enum AttributionModel {
    FIRST_TOUCH,
    LAST_TOUCH,
    LINEAR,
    POSITION_BASED,
    TIME_DECAY
}
