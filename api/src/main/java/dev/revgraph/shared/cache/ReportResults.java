package dev.revgraph.shared.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kept results, least recently used first, bounded by a number of entries and by bytes (each
 * result's JSON size plus its key's). One entry per key: a result computed under a newer data version
 * replaces the older one, so results of past versions do not pile up. Counts hits, misses, joins
 * (requests that waited for the same computation instead of running it) and evictions as Micrometer
 * meters ({@code revgraph.report.cache.*}, docs/settings.md).
 */
final class ReportResults {

    /** A kept result: the data version it was computed under, the response as a map, its size. */
    record Entry(DataVersion version, Map<String, Object> response, long bytes) {}

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<ReportKey, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    private final Counter hits;
    private final Counter misses;
    private final Counter joins;
    private final Counter evictions;

    ReportResults(int maxEntries, long maxBytes, MeterRegistry registry) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.hits = Counter.builder("revgraph.report.cache.hits")
                .description("report requests answered from the result cache")
                .register(registry);
        this.misses = Counter.builder("revgraph.report.cache.misses")
                .description("report requests computed because no result was kept for their key and data version")
                .register(registry);
        this.joins = Counter.builder("revgraph.report.cache.joins")
                .description("report requests that waited for the same report under the same data version, already"
                        + " being computed for another request, instead of computing it again")
                .register(registry);
        this.evictions = Counter.builder("revgraph.report.cache.evictions")
                .description("results dropped to stay within revgraph.report-cache.max-entries and max-bytes")
                .register(registry);
        Gauge.builder("revgraph.report.cache.entries", this, ReportResults::size)
                .description("results kept")
                .register(registry);
        Gauge.builder("revgraph.report.cache.bytes", this, ReportResults::bytes)
                .description("bytes of the results kept (their JSON size and their keys')")
                .baseUnit("bytes")
                .register(registry);
    }

    /** The result kept for {@code key} under exactly {@code version}, or null (counted as a hit or a miss). */
    Map<String, Object> get(ReportKey key, DataVersion version) {
        Map<String, Object> kept = peek(key, version);
        if (kept != null) {
            hit();
        } else {
            missed();
        }
        return kept;
    }

    /** The result kept for {@code key} under exactly {@code version}, or null; counts nothing. */
    Map<String, Object> peek(ReportKey key, DataVersion version) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
        }
        return entry != null && entry.version().equals(version) ? entry.response() : null;
    }

    void hit() {
        hits.increment();
    }

    void missed() {
        misses.increment();
    }

    void joined() {
        joins.increment();
    }

    /**
     * Keeps {@code response} for {@code key} under {@code version}, unless a result of a later version
     * is kept already (a slower request that started earlier finishes last) or it is too large.
     */
    void put(ReportKey key, DataVersion version, Map<String, Object> response, long responseBytes) {
        long size = responseBytes + key.bytes();
        if (size > maxBytes / 4) {
            return;
        }
        synchronized (this) {
            Entry old = entries.get(key);
            if (old != null && newer(old.version(), version)) {
                return;
            }
            if (old != null) {
                bytes -= old.bytes();
            }
            entries.put(key, new Entry(version, response, size));
            bytes += size;
            Iterator<Entry> eldest = entries.values().iterator();
            while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
                Entry dropped = eldest.next();
                eldest.remove();
                bytes -= dropped.bytes();
                evictions.increment();
            }
        }
    }

    /** Whether {@code kept} is a later version of the same database than {@code offered}. */
    private static boolean newer(DataVersion kept, DataVersion offered) {
        return kept.serverStart().equals(offered.serverStart())
                && kept.today().equals(offered.today())
                && kept.writes() > offered.writes();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
    }
}
