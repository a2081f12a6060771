package dev.revgraph.department;

import dev.revgraph.attribution.AttributionModel;
import dev.revgraph.department.DepartmentStatement.DepartmentStatementReport;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.pnl.Granularity;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The department statement over GraphQL. */
@Controller
class DepartmentStatementController {

    private final DepartmentStatementService service;
    private final ReportFilterService filters;

    DepartmentStatementController(DepartmentStatementService service, ReportFilterService filters) {
        this.service = service;
        this.filters = filters;
    }

    @QueryMapping
    DepartmentStatementReport departmentStatement(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String departmentCode,
            @Argument AttributionModel model,
            @Argument Integer halfLifeDays,
            @Argument Granularity granularity,
            @Argument CloseVersion version,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo) {
        // an explicit null means the default, like a left-out argument
        return service.statement(
                from,
                to,
                departmentCode,
                model == null ? AttributionModel.LAST_TOUCH : model,
                halfLifeDays == null ? 7 : halfLifeDays,
                granularity == null ? Granularity.MONTH : granularity,
                CloseVersion.firstReported(version),
                filters.resolve(where, "where"),
                currency,
                compareTo);
    }
}
