package dev.revgraph.attribution;

import dev.revgraph.attribution.AttributionInputs.RecordTouchpointsInput;
import dev.revgraph.attribution.CampaignPerformance.CampaignPerformanceReport;
import dev.revgraph.attribution.ExpansionAttribution.ExpansionAttributionReport;
import dev.revgraph.campaign.Campaign;
import dev.revgraph.campaign.CampaignService;
import dev.revgraph.customer.Customer;
import dev.revgraph.customer.CustomerService;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Batches;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Touchpoints, the campaign performance report, and the campaign side of a customer. The
 * {@code Customer} fields live here rather than in the customer package because they need
 * campaigns and touchpoints, and the customer package must not depend on this one.
 */
@Controller
class AttributionController {

    record TouchpointsPayload(List<Touchpoint> touchpoints, List<UserError> errors) {}

    private final AttributionService service;
    private final CampaignService campaigns;
    private final CustomerService customers;
    private final ReportFilterService filters;

    AttributionController(
            AttributionService service,
            CampaignService campaigns,
            CustomerService customers,
            ReportFilterService filters) {
        this.service = service;
        this.campaigns = campaigns;
        this.customers = customers;
        this.filters = filters;
    }

    @QueryMapping
    CampaignPerformanceReport campaignPerformance(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument AttributionModel model,
            @Argument CampaignGroupBy groupBy,
            @Argument Integer halfLifeDays,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version) {
        // an explicit null means the default, like a left-out argument
        return service.performance(
                AttributionRequest.of(
                        from, to, model, halfLifeDays, filters.resolve(where, "where"), currency, compareTo, version),
                groupBy == null ? CampaignGroupBy.CAMPAIGN : groupBy);
    }

    @QueryMapping
    ExpansionAttributionReport expansionAttribution(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument AttributionModel model,
            @Argument CampaignGroupBy groupBy,
            @Argument Integer halfLifeDays,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version) {
        return service.expansionAttribution(
                AttributionRequest.of(
                        from, to, model, halfLifeDays, filters.resolve(where, "where"), currency, compareTo, version),
                groupBy == null ? CampaignGroupBy.CAMPAIGN : groupBy);
    }

    @MutationMapping
    TouchpointsPayload recordTouchpoints(@Argument RecordTouchpointsInput input) {
        return Payloads.of(
                () -> service.record(input),
                (touchpoints, errors) -> new TouchpointsPayload(touchpoints == null ? List.of() : touchpoints, errors));
    }

    @BatchMapping(typeName = "Customer", field = "acquisitionCampaign")
    Map<Customer, Campaign> acquisitionCampaign(List<Customer> list) {
        return Batches.byKey(list, Customer::acquisitionCampaignId, campaigns::byIds);
    }

    @BatchMapping(typeName = "Customer", field = "touchpoints")
    Map<Customer, List<Touchpoint>> touchpoints(List<Customer> list) {
        Map<Long, List<Touchpoint>> byCustomer =
                service.byCustomers(list.stream().map(Customer::id).distinct().toList());
        Map<Customer, List<Touchpoint>> result = new LinkedHashMap<>();
        list.forEach(c -> result.put(c, byCustomer.getOrDefault(c.id(), List.of())));
        return result;
    }

    @BatchMapping(typeName = "Touchpoint", field = "customer")
    Map<Touchpoint, Customer> touchpointCustomer(List<Touchpoint> touchpoints) {
        return Batches.byKey(touchpoints, Touchpoint::customerId, customers::byIds);
    }

    @BatchMapping(typeName = "Touchpoint", field = "campaign")
    Map<Touchpoint, Campaign> touchpointCampaign(List<Touchpoint> touchpoints) {
        return Batches.byKey(touchpoints, Touchpoint::campaignId, campaigns::byIds);
    }
}
