package dev.revgraph.revenue;

import dev.revgraph.currency.CurrencyService;
import dev.revgraph.customer.Customer;
import dev.revgraph.customer.CustomerService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.revenue.RevenueInputs.RecordRevenueLineInput;
import dev.revgraph.revenue.RevenueInputs.RevenueLineFilter;
import dev.revgraph.revenue.RevenueInputs.ReverseRevenueLineInput;
import dev.revgraph.revenue.RevenueRepository.NewLine;
import dev.revgraph.revenue.RevenueRepository.RevenueQuery;
import dev.revgraph.revenue.RevenueRepository.Totals;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.db.ReadWithoutTransaction;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.error.Validation;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.Cursors.DateIdKey;
import dev.revgraph.shared.ledger.Reversals;
import dev.revgraph.shared.money.FxSql;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The revenue ledger's rules, the same as the spend ledger's: append-only, reversals linked to
 * the line they cancel, idempotent on the external id, no line in a closed month, every line
 * convertible into the reporting currency.
 */
@Service
@Transactional(readOnly = true)
public class RevenueService {

    /** A page of lines and the count and total of the whole filter. */
    /**
     * A page of lines and the count and total of the whole filter; {@code totals} is null when the
     * request did not select them, and {@code lines} empty when it selected no row.
     */
    public record Page(List<RevenueLine> lines, boolean hasNext, boolean hasPrevious, Totals totals) {}

    private final RevenueRepository repository;
    private final CustomerService customers;
    private final DimensionService dimensions;
    private final CurrencyService currencies;
    private final CurrentActor actor;
    private final ReportFilterService filters;

    RevenueService(
            RevenueRepository repository,
            CustomerService customers,
            DimensionService dimensions,
            CurrencyService currencies,
            CurrentActor actor,
            ReportFilterService filters) {
        this.repository = repository;
        this.filters = filters;
        this.customers = customers;
        this.dimensions = dimensions;
        this.currencies = currencies;
        this.actor = actor;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public RevenueLine record(RecordRevenueLineInput input) {
        new Validation()
                .externalId("externalId", input.externalId())
                .lineAmount("amount", input.amount())
                .text("memo", input.memo(), 1000, false)
                .throwIfAny();
        Customer customer = customers.require("customerExternalId", input.customerExternalId());
        NewLine line = new NewLine(
                input.externalId(),
                customer.id(),
                dimensions.activeProductId("productCode", input.productCode()),
                input.recognizedOn(),
                input.amount(),
                input.currency(),
                input.recurring(),
                blankToNull(input.memo()),
                null,
                actor.name());
        currencies.requireConvertible("currency", input.currency(), input.recognizedOn());
        return insertOrReturnSame(line);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public RevenueLine reverse(ReverseRevenueLineInput input) {
        new Validation()
                .externalId("externalId", input.externalId())
                .text("memo", input.memo(), 1000, false)
                .throwIfAny();
        RevenueLine original = Reversals.requireReversible(
                "revenue", input.lineId(), byId(input.lineId()), RevenueLine::id, RevenueLine::reversesId);
        if (input.externalId() == null) {
            RevenueLine existing = reversalsOf(List.of(original.id())).get(original.id());
            if (existing != null) {
                throw DomainException.conflict(
                        "lineId",
                        "line " + original.id() + " has already been reversed by line " + existing.id(),
                        existing.id());
            }
        }
        LocalDate date = input.recognizedOn() == null ? original.recognizedOn() : input.recognizedOn();
        NewLine reversal = new NewLine(
                input.externalId(),
                original.customerId(),
                original.productId(),
                date,
                original.amount().amount().negate(),
                original.amount().currency(),
                original.recurring(),
                input.memo() == null ? "Reversal of line " + original.id() : blankToNull(input.memo()),
                original.id(),
                actor.name());
        currencies.requireConvertible("recognizedOn", reversal.currency(), date);
        return insertOrReturnSame(reversal);
    }

    private RevenueLine insertOrReturnSame(NewLine line) {
        Long id = repository.insert(line).orElse(null);
        if (id != null) {
            return byIds(List.of(id)).get(id);
        }
        RevenueLine stored =
                repository.byExternalId(line.externalId(), reporting()).orElseThrow();
        boolean same = stored.customerId() == line.customerId()
                && Objects.equals(stored.productId(), line.productId())
                && stored.recognizedOn().equals(line.recognizedOn())
                && stored.amount().amount().compareTo(line.amount()) == 0
                && stored.amount().currency().equals(line.currency())
                && stored.recurring() == line.recurring()
                && Objects.equals(stored.memo(), line.memo())
                && Objects.equals(stored.reversesId(), line.reversesId());
        if (!same) {
            throw DomainException.conflict(
                    "externalId",
                    "external id " + line.externalId() + " is already used by line " + stored.id()
                            + " with other values",
                    stored.id());
        }
        return stored;
    }

    public RevenueLine byId(String id) {
        try {
            long key = Long.parseLong(id);
            return byIds(List.of(key)).get(key);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @ReadWithoutTransaction
    public Map<Long, RevenueLine> byIds(Collection<Long> ids) {
        return repository.byIds(ids, reporting());
    }

    @ReadWithoutTransaction
    public Map<Long, RevenueLine> reversalsOf(Collection<Long> ids) {
        return repository.reversalsOf(ids, reporting());
    }

    /** Each customer's revenue to date in the reporting currency, full precision (zero without lines). */
    public Map<Long, BigDecimal> lifetimeRevenue(Collection<Long> customerIds) {
        Map<Long, Totals> totals = repository.lifetimeRevenue(customerIds, reporting());
        totals.values().forEach(t -> FxSql.failOnMissing(null, t.missingRate()));
        return customerIds.stream()
                .distinct()
                .collect(java.util.stream.Collectors.toMap(
                        id -> id, id -> totals.containsKey(id) ? totals.get(id).total() : BigDecimal.ZERO));
    }

    @ReadWithoutTransaction
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    public Page page(RevenueLineFilter filter, int first, String after, ConnectionSelection selected) {
        return page(filter, null, first, after, selected);
    }

    /** A page of the lines both filters select ({@code where}: docs/metrics.md, "One filter for every report"). */
    @ReadWithoutTransaction
    public Page page(
            RevenueLineFilter filter, ReportFilter where, int first, String after, ConnectionSelection selected) {
        new Validation()
                .pageSize(first)
                .inOrder(
                        "filter.from",
                        filter == null ? null : filter.from(),
                        "filter.to",
                        filter == null ? null : filter.to())
                .throwIfAny();
        DateIdKey cursor = Cursors.decode("after", after);
        RevenueQuery query = filter == null
                ? new RevenueQuery(null, null, null, null, null, null, filters.resolve(where, "where"))
                : new RevenueQuery(
                        filter.from(),
                        filter.to(),
                        filter.customerExternalId() == null
                                ? null
                                : customers
                                        .require("filter.customerExternalId", filter.customerExternalId())
                                        .id(),
                        filter.segmentCode() == null
                                ? null
                                : dimensions.subtreeIds(
                                        TreeKind.SEGMENT_TREE, "filter.segmentCode", filter.segmentCode()),
                        filter.productCode() == null
                                ? null
                                : dimensions.productId("filter.productCode", filter.productCode()),
                        filter.recurring(),
                        filters.resolve(where, "where"));
        List<RevenueLine> lines = selected.page() ? repository.page(query, cursor, first + 1, reporting()) : List.of();
        Totals totals = null;
        if (selected.totals()) {
            totals = repository.totals(query, reporting());
            FxSql.failOnMissing("filter", totals.missingRate());
        }
        boolean hasNext = lines.size() > first;
        return new Page(hasNext ? lines.subList(0, first) : lines, hasNext, cursor != null, totals);
    }

    public String reporting() {
        return currencies.reportingCurrency();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
