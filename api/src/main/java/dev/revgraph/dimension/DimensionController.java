package dev.revgraph.dimension;

import static dev.revgraph.dimension.TreeKind.REGION_TREE;
import static dev.revgraph.dimension.TreeKind.SEGMENT_TREE;

import dev.revgraph.dimension.DimensionInputs.ArchiveInput;
import dev.revgraph.dimension.DimensionInputs.CreateChannelInput;
import dev.revgraph.dimension.DimensionInputs.CreateDepartmentInput;
import dev.revgraph.dimension.DimensionInputs.CreateProductInput;
import dev.revgraph.dimension.DimensionInputs.CreateTreeNodeInput;
import dev.revgraph.dimension.DimensionInputs.MoveTreeNodeInput;
import dev.revgraph.dimension.DimensionInputs.RenameInput;
import dev.revgraph.dimension.DimensionInputs.SetSpendControlInput;
import dev.revgraph.dimension.DimensionInputs.UpdateChannelInput;
import dev.revgraph.dimension.DimensionInputs.UpdateDepartmentInput;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Queries and mutations of the dimensions; tree associations are batched per request. */
@Controller
class DimensionController {

    record DepartmentPayload(Department department, List<UserError> errors) {}

    record SegmentPayload(TreeNode segment, List<UserError> errors) {}

    record RegionPayload(TreeNode region, List<UserError> errors) {}

    record ProductPayload(Product product, List<UserError> errors) {}

    record ChannelPayload(Channel channel, List<UserError> errors) {}

    private final DimensionService service;

    DimensionController(DimensionService service, BatchLoaderRegistry loaders) {
        this.service = service;
        for (TreeKind kind : TreeKind.values()) {
            loaders.<Long, List<TreeNode>>forName(childrenLoader(kind))
                    .registerMappedBatchLoader(
                            (parentIds, env) -> Mono.fromCallable(() -> service.childrenOf(kind, parentIds)));
        }
    }

    private static String childrenLoader(TreeKind kind) {
        return kind == SEGMENT_TREE ? "segmentChildren" : "regionChildren";
    }

    // ---- queries

    @QueryMapping
    List<Department> departments(@Argument boolean includeArchived) {
        return service.departments(includeArchived);
    }

    @QueryMapping
    Department department(@Argument String code) {
        return service.department(code);
    }

    @QueryMapping
    List<TreeNode> segments(@Argument boolean includeArchived, @Argument boolean rootsOnly) {
        return service.nodes(SEGMENT_TREE, includeArchived, rootsOnly);
    }

    @QueryMapping
    TreeNode segment(@Argument String code) {
        return service.node(SEGMENT_TREE, code);
    }

    @QueryMapping
    List<TreeNode> regions(@Argument boolean includeArchived, @Argument boolean rootsOnly) {
        return service.nodes(REGION_TREE, includeArchived, rootsOnly);
    }

    @QueryMapping
    TreeNode region(@Argument String code) {
        return service.node(REGION_TREE, code);
    }

    @QueryMapping
    List<Product> products(@Argument boolean includeArchived) {
        return service.products(includeArchived);
    }

    @QueryMapping
    Product product(@Argument String code) {
        return service.product(code);
    }

    @QueryMapping
    List<Channel> channels(@Argument boolean includeArchived) {
        return service.channels(includeArchived);
    }

    @QueryMapping
    Channel channel(@Argument String code) {
        return service.channel(code);
    }

    // ---- tree associations

    @BatchMapping(typeName = "Segment", field = "parent")
    Map<TreeNode, TreeNode> segmentParent(List<TreeNode> nodes) {
        return parents(SEGMENT_TREE, nodes);
    }

    @BatchMapping(typeName = "Region", field = "parent")
    Map<TreeNode, TreeNode> regionParent(List<TreeNode> nodes) {
        return parents(REGION_TREE, nodes);
    }

    private Map<TreeNode, TreeNode> parents(TreeKind kind, List<TreeNode> nodes) {
        List<Long> parentIds = nodes.stream()
                .map(TreeNode::parentId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        Map<Long, TreeNode> parents = parentIds.isEmpty() ? Map.of() : service.nodesByIds(kind, parentIds);
        return nodes.stream()
                .filter(n -> n.parentId() != null)
                .collect(Collectors.toMap(Function.identity(), n -> parents.get(n.parentId()), (a, b) -> a));
    }

    @SchemaMapping(typeName = "Segment", field = "children")
    CompletableFuture<List<TreeNode>> segmentChildren(
            TreeNode node, @Argument boolean includeArchived, DataLoader<Long, List<TreeNode>> segmentChildren) {
        return children(node, includeArchived, segmentChildren);
    }

    @SchemaMapping(typeName = "Region", field = "children")
    CompletableFuture<List<TreeNode>> regionChildren(
            TreeNode node, @Argument boolean includeArchived, DataLoader<Long, List<TreeNode>> regionChildren) {
        return children(node, includeArchived, regionChildren);
    }

    private static CompletableFuture<List<TreeNode>> children(
            TreeNode node, boolean includeArchived, DataLoader<Long, List<TreeNode>> loader) {
        return loader.load(node.id())
                .thenApply(children -> children == null
                        ? List.of()
                        : children.stream()
                                .filter(c -> includeArchived || !c.archived())
                                .toList());
    }

    // ---- mutations

    @MutationMapping
    DepartmentPayload createDepartment(@Argument CreateDepartmentInput input) {
        return Payloads.of(() -> service.createDepartment(input), DepartmentPayload::new);
    }

    @MutationMapping
    DepartmentPayload updateDepartment(@Argument UpdateDepartmentInput input) {
        return Payloads.of(() -> service.updateDepartment(input), DepartmentPayload::new);
    }

    @MutationMapping
    DepartmentPayload setSpendControl(@Argument SetSpendControlInput input) {
        return Payloads.of(() -> service.setSpendControl(input), DepartmentPayload::new);
    }

    @MutationMapping
    DepartmentPayload archiveDepartment(@Argument ArchiveInput input) {
        return Payloads.of(() -> service.archiveDepartment(input), DepartmentPayload::new);
    }

    @MutationMapping
    SegmentPayload createSegment(@Argument CreateTreeNodeInput input) {
        return Payloads.of(() -> service.createNode(SEGMENT_TREE, input), SegmentPayload::new);
    }

    @MutationMapping
    SegmentPayload renameSegment(@Argument RenameInput input) {
        return Payloads.of(() -> service.renameNode(SEGMENT_TREE, input), SegmentPayload::new);
    }

    @MutationMapping
    SegmentPayload moveSegment(@Argument MoveTreeNodeInput input) {
        return Payloads.of(() -> service.moveNode(SEGMENT_TREE, input), SegmentPayload::new);
    }

    @MutationMapping
    SegmentPayload archiveSegment(@Argument ArchiveInput input) {
        return Payloads.of(() -> service.archiveNode(SEGMENT_TREE, input), SegmentPayload::new);
    }

    @MutationMapping
    RegionPayload createRegion(@Argument CreateTreeNodeInput input) {
        return Payloads.of(() -> service.createNode(REGION_TREE, input), RegionPayload::new);
    }

    @MutationMapping
    RegionPayload renameRegion(@Argument RenameInput input) {
        return Payloads.of(() -> service.renameNode(REGION_TREE, input), RegionPayload::new);
    }

    @MutationMapping
    RegionPayload moveRegion(@Argument MoveTreeNodeInput input) {
        return Payloads.of(() -> service.moveNode(REGION_TREE, input), RegionPayload::new);
    }

    @MutationMapping
    RegionPayload archiveRegion(@Argument ArchiveInput input) {
        return Payloads.of(() -> service.archiveNode(REGION_TREE, input), RegionPayload::new);
    }

    @MutationMapping
    ProductPayload createProduct(@Argument CreateProductInput input) {
        return Payloads.of(() -> service.createProduct(input), ProductPayload::new);
    }

    @MutationMapping
    ProductPayload renameProduct(@Argument RenameInput input) {
        return Payloads.of(() -> service.renameProduct(input), ProductPayload::new);
    }

    @MutationMapping
    ProductPayload archiveProduct(@Argument ArchiveInput input) {
        return Payloads.of(() -> service.archiveProduct(input), ProductPayload::new);
    }

    @MutationMapping
    ChannelPayload createChannel(@Argument CreateChannelInput input) {
        return Payloads.of(() -> service.createChannel(input), ChannelPayload::new);
    }

    @MutationMapping
    ChannelPayload updateChannel(@Argument UpdateChannelInput input) {
        return Payloads.of(() -> service.updateChannel(input), ChannelPayload::new);
    }

    @MutationMapping
    ChannelPayload archiveChannel(@Argument ArchiveInput input) {
        return Payloads.of(() -> service.archiveChannel(input), ChannelPayload::new);
    }
}
