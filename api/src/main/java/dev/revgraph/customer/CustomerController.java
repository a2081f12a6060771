package dev.revgraph.customer;

import dev.revgraph.customer.CustomerInputs.CreateCustomerInput;
import dev.revgraph.customer.CustomerInputs.CustomerFilter;
import dev.revgraph.customer.CustomerInputs.UpdateCustomerInput;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.PageInfo;
import dev.revgraph.shared.graphql.Payloads;
import graphql.schema.DataFetchingFieldSelectionSet;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Customers over GraphQL; their segment and region are loaded in one batch per request. */
@Controller
class CustomerController {

    record CustomerEdge(Customer node, String cursor) {}

    record CustomerConnection(List<CustomerEdge> edges, PageInfo pageInfo, int totalCount) {}

    record CustomerPayload(Customer customer, List<UserError> errors) {}

    private final CustomerService service;
    private final DimensionService dimensions;

    CustomerController(CustomerService service, DimensionService dimensions, BatchLoaderRegistry loaders) {
        this.service = service;
        this.dimensions = dimensions;
        loaders.<Long, List<CustomerAssignment>>forName("customerAssignments")
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> service.assignments(ids)));
    }

    @SchemaMapping(typeName = "Customer")
    CompletableFuture<List<CustomerAssignment>> assignmentHistory(
            Customer customer, DataLoader<Long, List<CustomerAssignment>> customerAssignments) {
        return customerAssignments.load(customer.id()).thenApply(h -> h == null ? List.of() : h);
    }

    @SchemaMapping(typeName = "Customer")
    CompletableFuture<CustomerAssignment> assignmentOn(
            Customer customer,
            @Argument LocalDate date,
            DataLoader<Long, List<CustomerAssignment>> customerAssignments) {
        return customerAssignments
                .load(customer.id())
                .thenApply(h -> h == null
                        ? null
                        : h.stream().filter(a -> a.holdsOn(date)).findFirst().orElse(null));
    }

    @BatchMapping(typeName = "CustomerAssignment", field = "segment")
    Map<CustomerAssignment, TreeNode> assignmentSegment(List<CustomerAssignment> assignments) {
        Map<Long, TreeNode> nodes = dimensions.nodesByIds(
                TreeKind.SEGMENT_TREE,
                assignments.stream()
                        .map(CustomerAssignment::segmentId)
                        .distinct()
                        .toList());
        Map<CustomerAssignment, TreeNode> result = new LinkedHashMap<>();
        assignments.forEach(a -> result.put(a, nodes.get(a.segmentId())));
        return result;
    }

    @BatchMapping(typeName = "CustomerAssignment", field = "region")
    Map<CustomerAssignment, TreeNode> assignmentRegion(List<CustomerAssignment> assignments) {
        List<Long> ids = assignments.stream()
                .map(CustomerAssignment::regionId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        Map<Long, TreeNode> nodes = ids.isEmpty() ? Map.of() : dimensions.nodesByIds(TreeKind.REGION_TREE, ids);
        Map<CustomerAssignment, TreeNode> result = new LinkedHashMap<>();
        assignments.stream().filter(a -> a.regionId() != null).forEach(a -> result.put(a, nodes.get(a.regionId())));
        return result;
    }

    @QueryMapping
    CustomerConnection customers(
            @Argument CustomerFilter filter,
            @Argument int first,
            @Argument String after,
            DataFetchingFieldSelectionSet selection) {
        CustomerService.Page page = service.page(filter, first, after, ConnectionSelection.of(selection));
        List<CustomerEdge> edges = page.customers().stream()
                .map(c -> new CustomerEdge(c, Cursors.encode(c.acquiredOn(), c.id())))
                .toList();
        return new CustomerConnection(
                edges,
                PageInfo.of(edges.stream().map(e -> e.cursor()).toList(), page.hasNext(), page.hasPrevious()),
                page.totalCount());
    }

    @QueryMapping
    Customer customer(@Argument String externalId) {
        return service.byExternalId(externalId);
    }

    @MutationMapping
    CustomerPayload createCustomer(@Argument CreateCustomerInput input) {
        return Payloads.of(() -> service.create(input), CustomerPayload::new);
    }

    @MutationMapping
    CustomerPayload updateCustomer(@Argument UpdateCustomerInput input) {
        return Payloads.of(() -> service.update(input), CustomerPayload::new);
    }

    @BatchMapping
    Map<Customer, TreeNode> segment(List<Customer> customers) {
        Map<Long, TreeNode> nodes = dimensions.nodesByIds(
                TreeKind.SEGMENT_TREE,
                customers.stream().map(Customer::segmentId).distinct().toList());
        Map<Customer, TreeNode> result = new LinkedHashMap<>();
        customers.forEach(c -> result.put(c, nodes.get(c.segmentId())));
        return result;
    }

    @BatchMapping
    Map<Customer, TreeNode> region(List<Customer> customers) {
        List<Long> ids = customers.stream()
                .map(Customer::regionId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        Map<Long, TreeNode> nodes = ids.isEmpty() ? Map.of() : dimensions.nodesByIds(TreeKind.REGION_TREE, ids);
        Map<Customer, TreeNode> result = new LinkedHashMap<>();
        customers.stream().filter(c -> c.regionId() != null).forEach(c -> result.put(c, nodes.get(c.regionId())));
        return result;
    }
}
