package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.REGION;
import static dev.revgraph.db.Tables.SEGMENT;

import org.jooq.Field;
import org.jooq.Table;

/** The two tree dimensions, which share their shape and their rules. */
public enum TreeKind {
    SEGMENT_TREE(
            "segment",
            "Segment",
            SEGMENT,
            SEGMENT.ID,
            SEGMENT.CODE,
            SEGMENT.NAME,
            SEGMENT.PARENT_ID,
            SEGMENT.ARCHIVED_AT),
    REGION_TREE("region", "Region", REGION, REGION.ID, REGION.CODE, REGION.NAME, REGION.PARENT_ID, REGION.ARCHIVED_AT);

    final String label;
    final String graphQlType;
    final Table<?> table;
    final Field<Long> id;
    final Field<String> code;
    final Field<String> name;
    final Field<Long> parentId;
    final Field<java.time.OffsetDateTime> archivedAt;

    TreeKind(
            String label,
            String graphQlType,
            Table<?> table,
            Field<Long> id,
            Field<String> code,
            Field<String> name,
            Field<Long> parentId,
            Field<java.time.OffsetDateTime> archivedAt) {
        this.label = label;
        this.graphQlType = graphQlType;
        this.table = table;
        this.id = id;
        this.code = code;
        this.name = name;
        this.parentId = parentId;
        this.archivedAt = archivedAt;
    }

    public String label() {
        return label;
    }
}
