package dev.revgraph.campaign;

import dev.revgraph.campaign.CampaignInputs.CampaignFilter;
import dev.revgraph.campaign.CampaignInputs.CreateCampaignInput;
import dev.revgraph.campaign.CampaignInputs.EndCampaignInput;
import dev.revgraph.campaign.CampaignInputs.UpdateCampaignInput;
import dev.revgraph.campaign.CampaignInputs.UpsertCampaignResultsInput;
import dev.revgraph.dimension.Channel;
import dev.revgraph.dimension.Department;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.Product;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Batches;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.PageInfo;
import dev.revgraph.shared.graphql.Payloads;
import graphql.schema.DataFetchingFieldSelectionSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

/** Campaigns and their daily results over GraphQL; every association is loaded in one batch per request. */
@Controller
class CampaignController {

    record CampaignEdge(Campaign node, String cursor) {}

    record CampaignConnection(List<CampaignEdge> edges, PageInfo pageInfo, int totalCount) {}

    record CampaignPayload(Campaign campaign, List<UserError> errors) {}

    record CampaignResultsPayload(List<CampaignResult> results, List<InputWarning> warnings, List<UserError> errors) {}

    private final CampaignService service;
    private final DimensionService dimensions;

    CampaignController(CampaignService service, DimensionService dimensions, BatchLoaderRegistry loaders) {
        this.service = service;
        this.dimensions = dimensions;
        loaders.<Long, List<CampaignAssignment>>forName("campaignAssignments")
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> service.assignments(ids)));
    }

    @SchemaMapping(typeName = "Campaign")
    CompletableFuture<List<CampaignAssignment>> assignmentHistory(
            Campaign campaign, DataLoader<Long, List<CampaignAssignment>> campaignAssignments) {
        return campaignAssignments.load(campaign.id()).thenApply(h -> h == null ? List.of() : h);
    }

    @SchemaMapping(typeName = "Campaign")
    CompletableFuture<CampaignAssignment> assignmentOn(
            Campaign campaign,
            @Argument LocalDate date,
            DataLoader<Long, List<CampaignAssignment>> campaignAssignments) {
        return campaignAssignments
                .load(campaign.id())
                .thenApply(h -> h == null
                        ? null
                        : h.stream().filter(a -> a.holdsOn(date)).findFirst().orElse(null));
    }

    @QueryMapping
    Campaign campaign(@Argument String code) {
        return service.byCode(code);
    }

    @QueryMapping
    CampaignConnection campaigns(
            @Argument CampaignFilter filter,
            @Argument int first,
            @Argument String after,
            DataFetchingFieldSelectionSet selection) {
        CampaignService.Page page = service.page(filter, first, after, ConnectionSelection.of(selection));
        List<CampaignEdge> edges = page.campaigns().stream()
                .map(c -> new CampaignEdge(c, Cursors.encode(c.startDate(), c.id())))
                .toList();
        PageInfo pageInfo =
                PageInfo.of(edges.stream().map(e -> e.cursor()).toList(), page.hasNext(), page.hasPrevious());
        return new CampaignConnection(edges, pageInfo, page.totalCount());
    }

    @QueryMapping
    List<CampaignResult> campaignResults(
            @Argument String campaignCode, @Argument LocalDate from, @Argument LocalDate to) {
        return service.results(campaignCode, from, to);
    }

    @MutationMapping
    CampaignPayload createCampaign(@Argument CreateCampaignInput input) {
        return Payloads.of(() -> service.create(input), CampaignPayload::new);
    }

    @MutationMapping
    CampaignPayload updateCampaign(@Argument UpdateCampaignInput input) {
        return Payloads.of(() -> service.update(input), CampaignPayload::new);
    }

    @MutationMapping
    CampaignPayload endCampaign(@Argument EndCampaignInput input) {
        return Payloads.of(() -> service.end(input), CampaignPayload::new);
    }

    @MutationMapping
    CampaignResultsPayload upsertCampaignResults(@Argument UpsertCampaignResultsInput input) {
        return Payloads.of(
                () -> service.upsertResults(input),
                (load, errors) -> load == null
                        ? new CampaignResultsPayload(List.of(), List.of(), errors)
                        : new CampaignResultsPayload(load.results(), load.warnings(), errors));
    }

    // ---- associations

    @BatchMapping(typeName = "Campaign")
    Map<Campaign, Department> department(List<Campaign> campaigns) {
        return Batches.byKey(campaigns, Campaign::departmentId, dimensions::departmentsByIds);
    }

    @BatchMapping(typeName = "Campaign")
    Map<Campaign, Channel> channel(List<Campaign> campaigns) {
        return Batches.byKey(campaigns, Campaign::channelId, dimensions::channelsByIds);
    }

    @BatchMapping(typeName = "Campaign")
    Map<Campaign, TreeNode> segment(List<Campaign> campaigns) {
        return Batches.byKey(campaigns, Campaign::segmentId, ids -> dimensions.nodesByIds(TreeKind.SEGMENT_TREE, ids));
    }

    @BatchMapping(typeName = "Campaign")
    Map<Campaign, Product> product(List<Campaign> campaigns) {
        return Batches.byKey(campaigns, Campaign::productId, dimensions::productsByIds);
    }

    @BatchMapping(typeName = "Campaign")
    Map<Campaign, TreeNode> region(List<Campaign> campaigns) {
        return Batches.byKey(campaigns, Campaign::regionId, ids -> dimensions.nodesByIds(TreeKind.REGION_TREE, ids));
    }

    @BatchMapping(typeName = "CampaignAssignment", field = "department")
    Map<CampaignAssignment, Department> assignmentDepartment(List<CampaignAssignment> assignments) {
        return Batches.byKey(assignments, CampaignAssignment::departmentId, dimensions::departmentsByIds);
    }

    @BatchMapping(typeName = "CampaignAssignment", field = "channel")
    Map<CampaignAssignment, Channel> assignmentChannel(List<CampaignAssignment> assignments) {
        return Batches.byKey(assignments, CampaignAssignment::channelId, dimensions::channelsByIds);
    }

    @BatchMapping(typeName = "CampaignAssignment", field = "segment")
    Map<CampaignAssignment, TreeNode> assignmentSegment(List<CampaignAssignment> assignments) {
        return Batches.byKey(
                assignments, CampaignAssignment::segmentId, ids -> dimensions.nodesByIds(TreeKind.SEGMENT_TREE, ids));
    }

    @BatchMapping(typeName = "CampaignAssignment", field = "product")
    Map<CampaignAssignment, Product> assignmentProduct(List<CampaignAssignment> assignments) {
        return Batches.byKey(assignments, CampaignAssignment::productId, dimensions::productsByIds);
    }

    @BatchMapping(typeName = "CampaignAssignment", field = "region")
    Map<CampaignAssignment, TreeNode> assignmentRegion(List<CampaignAssignment> assignments) {
        return Batches.byKey(
                assignments, CampaignAssignment::regionId, ids -> dimensions.nodesByIds(TreeKind.REGION_TREE, ids));
    }

    @BatchMapping(typeName = "CampaignResult", field = "campaign")
    Map<CampaignResult, Campaign> resultCampaign(List<CampaignResult> results) {
        return Batches.byKey(results, CampaignResult::campaignId, service::byIds);
    }
}
