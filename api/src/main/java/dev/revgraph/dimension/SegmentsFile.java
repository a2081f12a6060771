package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.SEGMENT;

import dev.revgraph.shared.importing.ImportFile;

/** segments.csv: the segment tree (see {@link TreeFile}). */
public final class SegmentsFile extends TreeFile {

    public SegmentsFile() {
        super(
                ImportFile.SEGMENTS,
                "segment",
                SEGMENT.ID,
                SEGMENT.CODE,
                SEGMENT.NAME,
                SEGMENT.PARENT_ID,
                SEGMENT.ARCHIVED_AT);
    }
}
