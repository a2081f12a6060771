package dev.revgraph.spend;

import dev.revgraph.campaign.Campaign;
import dev.revgraph.campaign.CampaignService;
import dev.revgraph.dimension.Department;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.Product;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.dimension.TreeNode;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Batches;
import dev.revgraph.shared.graphql.ConnectionSelection;
import dev.revgraph.shared.graphql.Cursors;
import dev.revgraph.shared.graphql.PageInfo;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.money.Money;
import dev.revgraph.shared.spendcontrol.BudgetWarning;
import dev.revgraph.spend.SpendInputs.RecordSpendLineInput;
import dev.revgraph.spend.SpendInputs.ReverseSpendLineInput;
import dev.revgraph.spend.SpendInputs.SpendLineFilter;
import graphql.schema.DataFetchingFieldSelectionSet;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The spend ledger over GraphQL; every association of a line is loaded in one batch per request. */
@Controller
class SpendController {

    record SpendLineEdge(SpendLine node, String cursor) {}

    record SpendLineConnection(List<SpendLineEdge> edges, PageInfo pageInfo, int totalCount, Money total) {}

    record SpendLinePayload(SpendLine spendLine, List<UserError> errors, List<BudgetWarning> warnings) {}

    private static SpendLinePayload payload(SpendService.Recorded recorded, List<UserError> errors) {
        return recorded == null
                ? new SpendLinePayload(null, errors, List.of())
                : new SpendLinePayload(recorded.line(), errors, recorded.warnings());
    }

    private final SpendService service;
    private final DimensionService dimensions;
    private final CampaignService campaigns;

    SpendController(SpendService service, DimensionService dimensions, CampaignService campaigns) {
        this.service = service;
        this.dimensions = dimensions;
        this.campaigns = campaigns;
    }

    @QueryMapping
    SpendLineConnection spendLines(
            @Argument SpendLineFilter filter,
            @Argument ReportFilter where,
            @Argument int first,
            @Argument String after,
            DataFetchingFieldSelectionSet selection) {
        SpendService.Page page = service.page(filter, where, first, after, ConnectionSelection.of(selection));
        List<SpendLineEdge> edges = page.lines().stream()
                .map(l -> new SpendLineEdge(l, Cursors.encode(l.bookedOn(), l.id())))
                .toList();
        PageInfo pageInfo =
                PageInfo.of(edges.stream().map(e -> e.cursor()).toList(), page.hasNext(), page.hasPrevious());
        // totals left out are not selected, so never read
        return page.totals() == null
                ? new SpendLineConnection(edges, pageInfo, 0, null)
                : new SpendLineConnection(
                        edges,
                        pageInfo,
                        page.totals().count(),
                        Money.rounded(page.totals().total(), service.reporting()));
    }

    @QueryMapping
    SpendLine spendLine(@Argument String id) {
        return service.byId(id);
    }

    @MutationMapping
    SpendLinePayload recordSpendLine(@Argument RecordSpendLineInput input) {
        return Payloads.of(() -> service.record(input), SpendController::payload);
    }

    @MutationMapping
    SpendLinePayload reverseSpendLine(@Argument ReverseSpendLineInput input) {
        return Payloads.of(() -> service.reverse(input), SpendController::payload);
    }

    @BatchMapping
    Map<SpendLine, Department> department(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::departmentId, dimensions::departmentsByIds);
    }

    @BatchMapping
    Map<SpendLine, TreeNode> segment(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::segmentId, ids -> dimensions.nodesByIds(TreeKind.SEGMENT_TREE, ids));
    }

    @BatchMapping
    Map<SpendLine, TreeNode> region(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::regionId, ids -> dimensions.nodesByIds(TreeKind.REGION_TREE, ids));
    }

    @BatchMapping
    Map<SpendLine, Product> product(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::productId, dimensions::productsByIds);
    }

    @BatchMapping
    Map<SpendLine, Campaign> campaign(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::campaignId, campaigns::byIds);
    }

    @BatchMapping
    Map<SpendLine, SpendLine> reverses(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::reversesId, service::byIds);
    }

    @BatchMapping
    Map<SpendLine, SpendLine> reversedBy(List<SpendLine> lines) {
        return Batches.byKey(lines, SpendLine::id, service::reversalsOf);
    }
}
