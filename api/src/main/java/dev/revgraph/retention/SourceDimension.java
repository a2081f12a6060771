package dev.revgraph.retention;

import java.util.List;

/**
 * A dimension a retention report can be grouped by: a customer's source, its assignment in force on
 * its acquisition date (docs/metrics.md, "Quality by source"), fixed for the customer's life.
 */
public enum SourceDimension {
    /** The channel of the customer's acquisition campaign, as the campaign's assignment held on the acquisition date. */
    ACQUISITION_CHANNEL("channel", "s.channel_id"),
    /** The customer's acquisition campaign on its acquisition date. */
    ACQUISITION_CAMPAIGN("campaign", "s.acquisition_campaign_id"),
    /** The customer's segment on its acquisition date, exactly that segment (not rolled up). */
    SEGMENT("segment", "s.segment_id"),
    /** The customer's region on its acquisition date, exactly that region (not rolled up). */
    REGION("region", "s.region_id");

    /** The name of an unassigned group. */
    public static final String UNASSIGNED = "(unassigned)";

    /** At most this many dimensions in one grouping. */
    public static final int MAX = 2;

    private final String table;
    private final String key;

    SourceDimension(String table, String key) {
        this.table = table;
        this.key = key;
    }

    /**
     * SQL: each customer's group keys {@code g1} and {@code g2} (0: the unassigned group, and for a
     * dimension not asked) from its source now (changeset 0037's {@code customer_source}), as {@code
     * customer_id, g1, g2}.
     */
    public static String sourceSelect(List<SourceDimension> dims) {
        return sourceSelect(dims, null);
    }

    /**
     * {@link #sourceSelect(List)} with a column {@code pass}: whether the source passes {@code filter},
     * an SQL condition on the source row {@code s} (null: every source passes).
     */
    public static String sourceSelect(List<SourceDimension> dims, String filter) {
        return "select s.customer_id, %s as g1, %s as g2, %s as pass from customer_source s"
                .formatted(key(dims, 0), key(dims, 1), pass(filter));
    }

    /**
     * SQL: the group keys of the customers of each closed month as its reported close stored their
     * sources ({@code customer_source_reported}), as {@code month, customer_id, g1, g2}; {@code
     * firstReported} is the SQL of the boolean argument. A closed month groups its customers by these,
     * any other month by {@link #sourceSelect}.
     */
    public static String closedSourceSelect(List<SourceDimension> dims, String firstReported) {
        return closedSourceSelect(dims, firstReported, null);
    }

    /**
     * {@link #closedSourceSelect(List, String)} with the column {@code pass} of {@link
     * #sourceSelect(List, String)}: whether the stored source passes {@code filter}.
     */
    public static String closedSourceSelect(List<SourceDimension> dims, String firstReported, String filter) {
        return "select s.month, s.customer_id, %s as g1, %s as g2, %s as pass from customer_source_reported(%s) s"
                .formatted(key(dims, 0), key(dims, 1), pass(filter), firstReported);
    }

    private static String pass(String filter) {
        return filter == null ? "true" : "(" + filter + ")";
    }

    /**
     * SQL: the group key columns {@code g1, g2} of a source row aliased {@code s} (the columns of
     * {@code customer_source} or {@code closed_customer_source}).
     */
    public static String keyColumns(List<SourceDimension> dims) {
        return key(dims, 0) + " as g1, " + key(dims, 1) + " as g2";
    }

    private static String key(List<SourceDimension> dims, int i) {
        return i < dims.size() ? "coalesce(" + dims.get(i).key + ", 0)" : "0::bigint";
    }

    /**
     * SQL: the code and name of the {@code i}-th group whose key is the SQL expression {@code g}, as
     * two columns (null code and {@link #UNASSIGNED} for key 0; two nulls beyond the dimensions asked).
     */
    public static String labelSql(List<SourceDimension> dims, int i, String g) {
        return codeSql(dims, i, g) + ", " + nameSql(dims, i, g);
    }

    /** SQL: the code of the {@code i}-th group of key {@code g} (null: unassigned, or no such dimension). */
    public static String codeSql(List<SourceDimension> dims, int i, String g) {
        return i >= dims.size()
                ? "null::text"
                : "(select x.code from " + dims.get(i).table + " x where x.id = " + g + ")";
    }

    /** SQL: the name of the {@code i}-th group of key {@code g} ({@link #UNASSIGNED}; null: no such dimension). */
    public static String nameSql(List<SourceDimension> dims, int i, String g) {
        return i >= dims.size()
                ? "null::text"
                : "coalesce((select x.name from " + dims.get(i).table + " x where x.id = " + g + "), '" + UNASSIGNED
                        + "')";
    }

    /** A grouping argument: null or empty is no grouping. */
    public static List<SourceDimension> of(List<SourceDimension> groupBy) {
        return groupBy == null ? List.of() : List.copyOf(groupBy);
    }
}
