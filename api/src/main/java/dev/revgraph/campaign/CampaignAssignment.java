package dev.revgraph.campaign;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A campaign's owner department, channel, segment, product, region and objective over a span of days: the
 * facts dated in it (spend lines, the customers it acquires and their revenue) are reported under
 * them, so a retag takes effect from a date instead of rewriting the campaign's history.
 */
public record CampaignAssignment(
        long campaignId,
        LocalDate validFrom,
        LocalDate validTo,
        long departmentId,
        long channelId,
        Long segmentId,
        Long productId,
        Long regionId,
        CampaignObjective objective,
        OffsetDateTime recordedAt,
        String recordedBy) {

    /** Whether it holds on the day. */
    boolean holdsOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
