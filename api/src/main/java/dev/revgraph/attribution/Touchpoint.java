package dev.revgraph.attribution;

import java.time.OffsetDateTime;

/** One contact of a customer with a campaign, the input of multi-touch attribution. */
public record Touchpoint(long id, long customerId, long campaignId, OffsetDateTime occurredAt, TouchpointKind kind) {}
