package dev.revgraph.shared.importing;

import java.util.List;

/**
 * A column of an import file as the contract lists it.
 *
 * @param name the header name, also the staging table's column name
 * @param type how a cell is written
 * @param required whether the column must be present and every cell filled
 * @param values the allowed values of an {@link ColumnType#ENUM} column
 * @param emptyMeans the value an empty cell of an optional column stands for (null: no value), so a
 *     stored row with that value and a row leaving the cell empty are the same row
 */
public record Column(String name, ColumnType type, boolean required, List<String> values, String emptyMeans) {

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, true, List.of(), null);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, false, List.of(), null);
    }

    public static Column requiredEnum(String name, List<String> values) {
        return new Column(name, ColumnType.ENUM, true, List.copyOf(values), null);
    }

    public static Column optionalEnum(String name, List<String> values) {
        return new Column(name, ColumnType.ENUM, false, List.copyOf(values), null);
    }

    /** An optional enum column whose empty cell stands for {@code emptyMeans}. */
    public static Column optionalEnum(String name, List<String> values, String emptyMeans) {
        return new Column(name, ColumnType.ENUM, false, List.copyOf(values), emptyMeans);
    }
}
