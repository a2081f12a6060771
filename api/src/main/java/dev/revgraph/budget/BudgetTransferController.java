package dev.revgraph.budget;

import dev.revgraph.budget.BudgetTransfers.BudgetTransfer;
import dev.revgraph.budget.BudgetTransfers.BudgetTransferStatus;
import dev.revgraph.budget.BudgetTransfers.DecideBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.RequestBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.RequestSegmentBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.SegmentBudgetTransfer;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Budget transfer requests between department lines and between segment lines, and their decisions, over GraphQL. */
@Controller
class BudgetTransferController {

    record BudgetTransferPayload(BudgetTransfer budgetTransfer, List<UserError> errors) {}

    record SegmentBudgetTransferPayload(SegmentBudgetTransfer segmentBudgetTransfer, List<UserError> errors) {}

    private final BudgetTransferService service;

    BudgetTransferController(BudgetTransferService service) {
        this.service = service;
    }

    @QueryMapping
    List<BudgetTransfer> budgetTransfers(@Argument String budgetVersion, @Argument BudgetTransferStatus status) {
        return service.list(budgetVersion, status);
    }

    @MutationMapping
    BudgetTransferPayload requestBudgetTransfer(@Argument RequestBudgetTransferInput input) {
        return Payloads.of(() -> service.request(input), BudgetTransferPayload::new);
    }

    @MutationMapping
    BudgetTransferPayload approveBudgetTransfer(@Argument DecideBudgetTransferInput input) {
        return Payloads.of(() -> service.approve(input), BudgetTransferPayload::new);
    }

    @MutationMapping
    BudgetTransferPayload rejectBudgetTransfer(@Argument DecideBudgetTransferInput input) {
        return Payloads.of(() -> service.reject(input), BudgetTransferPayload::new);
    }

    @QueryMapping
    List<SegmentBudgetTransfer> segmentBudgetTransfers(
            @Argument String budgetVersion, @Argument BudgetTransferStatus status) {
        return service.listSegment(budgetVersion, status);
    }

    @MutationMapping
    SegmentBudgetTransferPayload requestSegmentBudgetTransfer(@Argument RequestSegmentBudgetTransferInput input) {
        return Payloads.of(() -> service.requestSegment(input), SegmentBudgetTransferPayload::new);
    }

    @MutationMapping
    SegmentBudgetTransferPayload approveSegmentBudgetTransfer(@Argument DecideBudgetTransferInput input) {
        return Payloads.of(() -> service.approveSegment(input), SegmentBudgetTransferPayload::new);
    }

    @MutationMapping
    SegmentBudgetTransferPayload rejectSegmentBudgetTransfer(@Argument DecideBudgetTransferInput input) {
        return Payloads.of(() -> service.rejectSegment(input), SegmentBudgetTransferPayload::new);
    }
}
