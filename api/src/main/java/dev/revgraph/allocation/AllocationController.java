package dev.revgraph.allocation;

import dev.revgraph.allocation.AllocationReport.Allocations;
import dev.revgraph.allocation.AllocationService.CreateAllocationRuleInput;
import dev.revgraph.allocation.AllocationService.EndAllocationRuleInput;
import dev.revgraph.allocation.AllocationService.SetHeadcountInput;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Headcount, allocation rules and allocations over GraphQL. */
@Controller
class AllocationController {

    record HeadcountPayload(Headcount headcount, List<UserError> errors) {}

    record AllocationRulePayload(AllocationRule allocationRule, List<UserError> errors) {}

    private final AllocationService service;
    private final ReportFilterService filters;

    AllocationController(AllocationService service, ReportFilterService filters) {
        this.service = service;
        this.filters = filters;
    }

    @QueryMapping
    List<Headcount> headcount(@Argument YearMonth from, @Argument YearMonth to) {
        return service.headcount(from, to);
    }

    @QueryMapping
    List<AllocationRule> allocationRules(@Argument YearMonth inForce, @Argument List<String> codes) {
        return service.rules(inForce, codes);
    }

    @QueryMapping
    Allocations allocations(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument List<String> ruleCodes,
            @Argument CloseVersion version,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo) {
        return service.allocations(
                from,
                to,
                ruleCodes,
                CloseVersion.firstReported(version),
                filters.resolve(where, "where"),
                currency,
                compareTo);
    }

    @MutationMapping
    HeadcountPayload setHeadcount(@Argument SetHeadcountInput input) {
        return Payloads.of(() -> service.setHeadcount(input), HeadcountPayload::new);
    }

    @MutationMapping
    AllocationRulePayload createAllocationRule(@Argument CreateAllocationRuleInput input) {
        return Payloads.of(() -> service.createRule(input), AllocationRulePayload::new);
    }

    @MutationMapping
    AllocationRulePayload endAllocationRule(@Argument EndAllocationRuleInput input) {
        return Payloads.of(() -> service.endRule(input), AllocationRulePayload::new);
    }
}
