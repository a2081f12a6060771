package dev.revgraph.attribution;

import java.time.OffsetDateTime;
import java.util.List;

/** The GraphQL input types of touchpoints. */
public final class AttributionInputs {

    private AttributionInputs() {}

    public record TouchpointInput(
            String customerExternalId, String campaignCode, OffsetDateTime occurredAt, TouchpointKind kind) {}

    public record RecordTouchpointsInput(List<TouchpointInput> touchpoints) {}
}
