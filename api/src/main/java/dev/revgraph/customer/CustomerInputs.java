package dev.revgraph.customer;

import java.time.LocalDate;
import java.util.List;

/** The GraphQL input types of customers. */
public final class CustomerInputs {

    private CustomerInputs() {}

    public record CreateCustomerInput(
            String externalId,
            String name,
            String segmentCode,
            String regionCode,
            LocalDate acquiredOn,
            String acquisitionCampaignCode) {}

    public record UpdateCustomerInput(
            String externalId, String name, String segmentCode, String regionCode, LocalDate effectiveFrom) {}

    public record CustomerFilter(
            String segmentCode,
            String regionCode,
            LocalDate acquiredFrom,
            LocalDate acquiredTo,
            List<String> externalIds) {}
}
