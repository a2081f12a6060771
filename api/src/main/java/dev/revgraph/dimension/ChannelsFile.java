package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.CHANNEL;
import static dev.revgraph.shared.importing.Column.required;
import static dev.revgraph.shared.importing.ColumnType.BOOLEAN;
import static dev.revgraph.shared.importing.ColumnType.CODE;
import static dev.revgraph.shared.importing.ColumnType.NAME;

import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.Stage;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Select;
import org.jooq.impl.DSL;

/** channels.csv: code*, name*, paid*, with the rules of {@code createChannel}. */
public final class ChannelsFile implements FileSpec {

    @Override
    public ImportFile file() {
        return ImportFile.CHANNELS;
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
    public Select<?> stored() {
        return DSL.select(CHANNEL.CODE, CHANNEL.NAME, CHANNEL.PAID).from(CHANNEL);
    }

    @Override
    public List<Query> inserts(Stage s, Context context) {
        Field<String> code = s.field("code");
        Field<String> name = s.field("name");
        Field<Boolean> paid = s.field("paid");
        return List.of(DSL.insertInto(CHANNEL, CHANNEL.CODE, CHANNEL.NAME, CHANNEL.PAID)
                .select(DSL.select(code, name, paid).from(s.table()).orderBy(s.line())));
    }
}
