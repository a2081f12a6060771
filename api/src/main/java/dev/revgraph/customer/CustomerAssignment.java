package dev.revgraph.customer;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A customer's segment and region over a span of days: the facts dated in it are reported under
 * them, so a change takes effect from a date instead of rewriting the customer's history.
 */
public record CustomerAssignment(
        long customerId,
        LocalDate validFrom,
        LocalDate validTo,
        long segmentId,
        Long regionId,
        OffsetDateTime recordedAt,
        String recordedBy) {

    /** Whether it holds on the day. */
    boolean holdsOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
