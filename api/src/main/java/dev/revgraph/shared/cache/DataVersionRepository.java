package dev.revgraph.shared.cache;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** Reads the data version, and puts its trigger on every table (changeset 0050). */
@Repository
class DataVersionRepository {

    private final DSLContext dsl;

    DataVersionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The data version now, in one statement of its own (autocommit, READ COMMITTED): it sees every
     * transaction committed before it started, and none after.
     */
    DataVersion current() {
        Record4<Long, String, OffsetDateTime, LocalDate> row = dsl.select(
                        DSL.field("sum(version)::bigint", SQLDataType.BIGINT),
                        DSL.field("max(last_xid)::text", SQLDataType.VARCHAR),
                        DSL.field("pg_postmaster_start_time()", SQLDataType.TIMESTAMPWITHTIMEZONE),
                        DSL.field("current_date", SQLDataType.LOCALDATE))
                .from(DSL.table("data_version"))
                .fetchOne();
        return new DataVersion(row.value1(), row.value2(), row.value3(), row.value4());
    }

    /** Adds the data version's trigger to every table that lacks it; returns how many tables it added it to. */
    int watchAllTables() {
        return dsl.fetchValue(DSL.field("data_version_watch_all_tables()", SQLDataType.INTEGER));
    }
}
