package dev.revgraph.budget;

import dev.revgraph.shared.spendcontrol.BudgetWarning;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The {@code budgetExceeded} live event (the setting itself is the department's: {@code setSpendControl}). */
@Controller
class SpendControlController {

    private final SpendControlService service;

    SpendControlController(SpendControlService service) {
        this.service = service;
    }

    @SubscriptionMapping
    Flux<BudgetWarning> budgetExceeded() {
        return service.exceeded();
    }
}
