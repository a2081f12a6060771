package dev.revgraph.shared.importing;

import java.util.List;

/**
 * A column of an import file as the contract lists it.
 *
 * @param name the header name, also the staging table's column name
 * @param type how a cell is written
 * @param required whether the column must be present and every cell filled
 * @param values the allowed values of an {@link ColumnType#ENUM} column
 */
public record Column(String name, ColumnType type, boolean required, List<String> values) {

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, true, List.of());
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, false, List.of());
    }

    public static Column requiredEnum(String name, List<String> values) {
        return new Column(name, ColumnType.ENUM, true, List.copyOf(values));
    }

    public static Column optionalEnum(String name, List<String> values) {
        return new Column(name, ColumnType.ENUM, false, List.copyOf(values));
    }
}
