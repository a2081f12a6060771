package dev.revgraph.importing.files;

import static dev.revgraph.importing.Column.required;
import static dev.revgraph.importing.ColumnType.BOOLEAN;
import static dev.revgraph.importing.ColumnType.CODE;
import static dev.revgraph.importing.ColumnType.NAME;

import dev.revgraph.importing.Column;
import dev.revgraph.importing.FileSpec;
import java.util.List;

/** channels.csv: code*, name*, paid*. */
public final class ChannelsFile extends FileSpec {

    @Override
    public String fileName() {
        return "channels.csv";
    }

    @Override
    public List<Column> columns() {
        return List.of(required("code", CODE), required("name", NAME), required("paid", BOOLEAN));
    }

    @Override
    public List<String> key() {
        return List.of("code");
    }

    @Override
    public String storedSql() {
        return "select code, name, paid from channel";
    }

    @Override
    public List<String> insertSql() {
        return List.of("insert into channel (code, name, paid) select code, name, paid from {stage} order by line");
    }
}
