package dev.revgraph.revenue;

import dev.revgraph.customer.Customer;
import dev.revgraph.customer.CustomerService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.Product;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.revenue.RevenueInputs.RecordRevenueLineInput;
import dev.revgraph.revenue.RevenueInputs.RevenueLineFilter;
import dev.revgraph.revenue.RevenueInputs.ReverseRevenueLineInput;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Batches;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.PageInfo;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.money.Money;
import graphql.schema.DataFetchingFieldSelectionSet;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The revenue ledger over GraphQL, and each customer's lifetime revenue; every association batched. */
@Controller
class RevenueController {

    record RevenueLineEdge(RevenueLine node, String cursor) {}

    record RevenueLineConnection(List<RevenueLineEdge> edges, PageInfo pageInfo, int totalCount, Money total) {}

    record RevenueLinePayload(RevenueLine revenueLine, List<UserError> errors) {}

    private final RevenueService service;
    private final CustomerService customers;
    private final DimensionService dimensions;

    RevenueController(RevenueService service, CustomerService customers, DimensionService dimensions) {
        this.service = service;
        this.customers = customers;
        this.dimensions = dimensions;
    }

    @QueryMapping
    RevenueLineConnection revenueLines(
            @Argument RevenueLineFilter filter,
            @Argument ReportFilter where,
            @Argument int first,
            @Argument String after,
            DataFetchingFieldSelectionSet selection) {
        RevenueService.Page page = service.page(filter, where, first, after, ConnectionSelection.of(selection));
        List<RevenueLineEdge> edges = page.lines().stream()
                .map(l -> new RevenueLineEdge(l, Cursors.encode(l.recognizedOn(), l.id())))
                .toList();
        PageInfo pageInfo =
                PageInfo.of(edges.stream().map(e -> e.cursor()).toList(), page.hasNext(), page.hasPrevious());
        // totals left out are not selected, so never read
        return page.totals() == null
                ? new RevenueLineConnection(edges, pageInfo, 0, null)
                : new RevenueLineConnection(
                        edges,
                        pageInfo,
                        page.totals().count(),
                        Money.rounded(page.totals().total(), service.reporting()));
    }

    @MutationMapping
    RevenueLinePayload recordRevenueLine(@Argument RecordRevenueLineInput input) {
        return Payloads.of(() -> service.record(input), RevenueLinePayload::new);
    }

    @MutationMapping
    RevenueLinePayload reverseRevenueLine(@Argument ReverseRevenueLineInput input) {
        return Payloads.of(() -> service.reverse(input), RevenueLinePayload::new);
    }

    @BatchMapping
    Map<RevenueLine, Customer> customer(List<RevenueLine> lines) {
        return Batches.byKey(lines, RevenueLine::customerId, customers::byIds);
    }

    @BatchMapping
    Map<RevenueLine, Product> product(List<RevenueLine> lines) {
        return Batches.byKey(lines, RevenueLine::productId, dimensions::productsByIds);
    }

    @BatchMapping
    Map<RevenueLine, RevenueLine> reverses(List<RevenueLine> lines) {
        return Batches.byKey(lines, RevenueLine::reversesId, service::byIds);
    }

    @BatchMapping
    Map<RevenueLine, RevenueLine> reversedBy(List<RevenueLine> lines) {
        return Batches.byKey(lines, RevenueLine::id, service::reversalsOf);
    }

    @BatchMapping(typeName = "Customer", field = "lifetimeRevenue")
    Map<Customer, Money> lifetimeRevenue(List<Customer> batch) {
        Map<Long, BigDecimal> revenue =
                service.lifetimeRevenue(batch.stream().map(Customer::id).toList());
        Map<Customer, Money> result = new LinkedHashMap<>();
        batch.forEach(c -> result.put(c, Money.rounded(revenue.get(c.id()), service.reporting())));
        return result;
    }
}
