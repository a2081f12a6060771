package dev.revgraph.budget;

import dev.revgraph.budget.BudgetService.SetBudgetInput;
import dev.revgraph.budget.BudgetVsActual.BudgetVsActualReport;
import dev.revgraph.dimension.Department;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Budgets and budget vs actual over GraphQL. */
@Controller
class BudgetController {

    record BudgetPayload(Budget budget, List<UserError> errors) {}

    private final BudgetService service;
    private final DimensionService dimensions;

    BudgetController(BudgetService service, DimensionService dimensions) {
        this.service = service;
        this.dimensions = dimensions;
    }

    @QueryMapping
    List<Budget> budgets(
            @Argument YearMonth from,
            @Argument YearMonth to,
            @Argument List<String> departmentCodes,
            @Argument String budgetVersion) {
        return service.budgets(from, to, departmentCodes, budgetVersion);
    }

    @QueryMapping
    BudgetVsActualReport budgetVsActual(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument List<String> departmentCodes,
            @Argument CloseVersion version,
            @Argument String budgetVersion,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo) {
        return service.budgetVsActual(
                from,
                to,
                departmentCodes,
                CloseVersion.firstReported(version),
                budgetVersion,
                where,
                currency,
                compareTo);
    }

    @MutationMapping
    BudgetPayload setBudget(@Argument SetBudgetInput input) {
        return Payloads.of(() -> service.set(input), BudgetPayload::new);
    }

    @BatchMapping
    Map<Budget, Department> department(List<Budget> budgets) {
        Map<Long, Department> departments = dimensions.departmentsByIds(
                budgets.stream().map(Budget::departmentId).distinct().toList());
        return budgets.stream()
                .collect(Collectors.toMap(Function.identity(), b -> departments.get(b.departmentId()), (a, b) -> a));
    }
}
