package dev.revgraph.dimension;

import static dev.revgraph.db.Tables.REGION;

import dev.revgraph.shared.importing.ImportFile;

/** regions.csv: the region tree (see {@link TreeFile}). */
public final class RegionsFile extends TreeFile {

    public RegionsFile() {
        super(ImportFile.REGIONS, "region", REGION.ID, REGION.CODE, REGION.NAME, REGION.PARENT_ID, REGION.ARCHIVED_AT);
    }
}
