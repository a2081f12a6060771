package dev.revgraph.budget;

import dev.revgraph.budget.BudgetTransfers.BudgetTransfer;
import dev.revgraph.budget.BudgetTransfers.BudgetTransferStatus;
import dev.revgraph.budget.BudgetTransfers.DecideBudgetTransferInput;
import dev.revgraph.budget.BudgetTransfers.RequestBudgetTransferInput;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Budget transfer requests and their decisions over GraphQL. */
@Controller
class BudgetTransferController {

    record BudgetTransferPayload(BudgetTransfer budgetTransfer, List<UserError> errors) {}

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
}
