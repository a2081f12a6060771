package dev.revgraph.customer;

import dev.revgraph.campaign.CampaignService;
import dev.revgraph.customer.CustomerInputs.CreateCustomerInput;
import dev.revgraph.customer.CustomerInputs.CustomerFilter;
import dev.revgraph.customer.CustomerInputs.UpdateCustomerInput;
import dev.revgraph.customer.CustomerRepository.CustomerQuery;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.db.ReadWithoutTransaction;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers: created idempotently by external id, in an active segment (and region). */
@Service
@Transactional(readOnly = true)
public class CustomerService {

    /** A page of customers and the count of the whole filter. */
    public record Page(List<Customer> customers, boolean hasNext, boolean hasPrevious, int totalCount) {}

    private final CustomerRepository repository;
    private final DimensionService dimensions;
    private final CampaignService campaigns;
    private final FiscalService fiscal;
    private final CurrentActor actor;

    CustomerService(
            CustomerRepository repository,
            DimensionService dimensions,
            CampaignService campaigns,
            FiscalService fiscal,
            CurrentActor actor) {
        this.repository = repository;
        this.actor = actor;
        this.fiscal = fiscal;
        this.dimensions = dimensions;
        this.campaigns = campaigns;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Customer create(CreateCustomerInput input) {
        new Validation()
                .text("externalId", input.externalId(), 200, true)
                .name("name", input.name())
                .throwIfAny();
        long segmentId = dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode());
        Long regionId = dimensions.activeNodeId(TreeKind.REGION_TREE, "regionCode", input.regionCode());
        Long campaignId = campaigns.campaignId("acquisitionCampaignCode", input.acquisitionCampaignCode());
        String name = input.name().strip();
        if (repository
                .insert(input.externalId(), name, segmentId, regionId, input.acquiredOn(), campaignId)
                .isEmpty()) {
            Customer stored = repository.byExternalId(input.externalId()).orElseThrow();
            boolean same = stored.name().equals(name)
                    && stored.segmentId() == segmentId
                    && Objects.equals(stored.regionId(), regionId)
                    && stored.acquiredOn().equals(input.acquiredOn())
                    && Objects.equals(stored.acquisitionCampaignId(), campaignId);
            if (!same) {
                throw DomainException.conflict(
                        "externalId",
                        "customer " + input.externalId() + " already exists with other values",
                        stored.id());
            }
            return stored;
        }
        return repository.byExternalId(input.externalId()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public Customer update(UpdateCustomerInput input) {
        Validation validation = new Validation();
        if (input.name() != null) {
            validation.name("name", input.name());
        }
        validation
                .check(
                        input.effectiveFrom() == null
                                || !input.effectiveFrom().isBefore(FiscalService.BEGINNING_OF_RECORDS),
                        "effectiveFrom",
                        "must be " + FiscalService.BEGINNING_OF_RECORDS + " or later")
                .throwIfAny();
        Customer customer = require("externalId", input.externalId());
        Long segmentId = input.segmentCode() == null
                ? null
                : dimensions.activeNodeId(TreeKind.SEGMENT_TREE, "segmentCode", input.segmentCode());
        Long regionId = input.regionCode() == null
                ? null
                : dimensions.activeNodeId(TreeKind.REGION_TREE, "regionCode", input.regionCode());
        // the move first: it takes the ledger lock (0025) before the customer's row, the order every
        // move takes them in; a rename first would hold the row and then wait for the ledger
        if (segmentId != null || regionId != null) {
            LocalDate effectiveFrom = input.effectiveFrom();
            if (effectiveFrom == null) {
                effectiveFrom = fiscal.firstOpenDay();
            } else {
                // a change dated inside a closed month is refused, whether or not a fact is there
                fiscal.assertMonthsOpen("effectiveFrom", List.of(YearMonth.from(effectiveFrom)));
            }
            try {
                repository.assign(customer.id(), effectiveFrom, segmentId, regionId, regionId != null, actor.name());
            } catch (RuntimeException e) { // the schema's guard: the change would move a closed month's figure
                throw SqlStates.closedMonth(e)
                        .map(m -> DomainException.closedPeriod("effectiveFrom", m))
                        .orElseThrow(() -> e);
            }
        }
        if (input.name() != null) {
            repository.rename(customer.id(), input.name().strip());
        }
        return repository.byExternalId(input.externalId()).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    public Customer byExternalId(String externalId) {
        return repository.byExternalId(externalId).orElse(null);
    }

    /** The customer with this external id; a not-found error naming the field otherwise. */
    @ReadWithoutTransaction
    public Customer require(String field, String externalId) {
        return repository
                .byExternalId(externalId)
                .orElseThrow(() -> DomainException.notFound(field, "no customer has external id " + externalId));
    }

    /** The customers' assignment histories, oldest first (every customer has at least one). */
    public Map<Long, List<CustomerAssignment>> assignments(Collection<Long> customerIds) {
        return repository.assignments(customerIds);
    }

    @ReadWithoutTransaction
    public Map<Long, Customer> byIds(Collection<Long> ids) {
        return repository.byIds(ids);
    }

    @ReadWithoutTransaction
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    public Page page(CustomerFilter filter, int first, String after, ConnectionSelection selected) {
        new Validation()
                .pageSize(first)
                .inOrder(
                        "filter.acquiredFrom",
                        filter == null ? null : filter.acquiredFrom(),
                        "filter.acquiredTo",
                        filter == null ? null : filter.acquiredTo())
                .throwIfAny();
        DateIdKey cursor = Cursors.decode("after", after);
        CustomerQuery query = filter == null
                ? new CustomerQuery(null, null, null, null, null)
                : new CustomerQuery(
                        filter.segmentCode() == null
                                ? null
                                : dimensions.subtreeIds(
                                        TreeKind.SEGMENT_TREE, "filter.segmentCode", filter.segmentCode()),
                        filter.regionCode() == null
                                ? null
                                : dimensions.subtreeIds(TreeKind.REGION_TREE, "filter.regionCode", filter.regionCode()),
                        filter.acquiredFrom(),
                        filter.acquiredTo(),
                        filter.externalIds());
        List<Customer> customers = selected.page() ? repository.page(query, cursor, first + 1) : List.of();
        boolean hasNext = customers.size() > first;
        return new Page(
                hasNext ? customers.subList(0, first) : customers,
                hasNext,
                cursor != null,
                selected.totals() ? repository.count(query) : 0);
    }
}
