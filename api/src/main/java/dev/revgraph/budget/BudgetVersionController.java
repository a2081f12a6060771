package dev.revgraph.budget;

import dev.revgraph.budget.BudgetVersions.ApproveBudgetVersionInput;
import dev.revgraph.budget.BudgetVersions.BudgetVersion;
import dev.revgraph.budget.BudgetVersions.BudgetVersionEvent;
import dev.revgraph.budget.BudgetVersions.CreateBudgetVersionInput;
import dev.revgraph.budget.BudgetVersions.LockBudgetVersionInput;
import dev.revgraph.budget.BudgetVersions.SegmentBudget;
import dev.revgraph.budget.BudgetVersions.SetBudgetLinesInput;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Budget versions, their segment lines and their history over GraphQL. */
@Controller
class BudgetVersionController {

    record BudgetVersionPayload(BudgetVersion budgetVersion, List<UserError> errors) {}

    private final BudgetVersionService service;

    BudgetVersionController(BudgetVersionService service) {
        this.service = service;
    }

    @QueryMapping
    List<BudgetVersion> budgetVersions() {
        return service.versions();
    }

    @QueryMapping
    List<SegmentBudget> segmentBudgets(
            @Argument YearMonth from,
            @Argument YearMonth to,
            @Argument List<String> segmentCodes,
            @Argument String budgetVersion) {
        return service.segmentBudgets(from, to, segmentCodes, budgetVersion);
    }

    @MutationMapping
    BudgetVersionPayload createBudgetVersion(@Argument CreateBudgetVersionInput input) {
        return Payloads.of(() -> service.create(input), BudgetVersionPayload::new);
    }

    @MutationMapping
    BudgetVersionPayload setBudgetLines(@Argument SetBudgetLinesInput input) {
        return Payloads.of(() -> service.setLines(input), BudgetVersionPayload::new);
    }

    @MutationMapping
    BudgetVersionPayload approveBudgetVersion(@Argument ApproveBudgetVersionInput input) {
        return Payloads.of(() -> service.approve(input), BudgetVersionPayload::new);
    }

    @MutationMapping
    BudgetVersionPayload lockBudgetVersion(@Argument LockBudgetVersionInput input) {
        return Payloads.of(() -> service.lock(input), BudgetVersionPayload::new);
    }

    @BatchMapping
    Map<BudgetVersion, List<BudgetVersionEvent>> history(List<BudgetVersion> versions) {
        Map<Long, List<BudgetVersionEvent>> byId =
                service.history(versions.stream().map(BudgetVersion::id).toList());
        Map<BudgetVersion, List<BudgetVersionEvent>> result = new LinkedHashMap<>();
        for (BudgetVersion v : versions) {
            result.put(v, byId.getOrDefault(v.id(), List.of()));
        }
        return result;
    }
}
