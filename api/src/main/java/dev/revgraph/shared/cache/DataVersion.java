package dev.revgraph.shared.cache;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * What a report's result depends on besides its request: the data version (changeset 0050: the sum
 * of the shards, which every committed write raises by one; the latest writing transaction; the
 * server's start time, so that neither a restored backup nor a restarted server can show an old
 * version with other data behind it) and the database's current date, for figures that depend on
 * today.
 */
record DataVersion(long writes, String lastWrite, OffsetDateTime serverStart, LocalDate today) {}
