package dev.revgraph.department;

import dev.revgraph.attribution.AttributionModel;
import dev.revgraph.department.DepartmentStatement.DepartmentStatementReport;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.pnl.Granularity;
import java.time.LocalDate;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The department statement over GraphQL. */
@Controller
class DepartmentStatementController {

    private final DepartmentStatementService service;

    DepartmentStatementController(DepartmentStatementService service) {
        this.service = service;
    }

    @QueryMapping
    DepartmentStatementReport departmentStatement(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String departmentCode,
            @Argument AttributionModel model,
            @Argument Integer halfLifeDays,
            @Argument Granularity granularity,
            @Argument CloseVersion version) {
        // an explicit null means the default, like a left-out argument
        return service.statement(
                from,
                to,
                departmentCode,
                model == null ? AttributionModel.LAST_TOUCH : model,
                halfLifeDays == null ? 7 : halfLifeDays,
                granularity == null ? Granularity.MONTH : granularity,
                CloseVersion.firstReported(version));
    }
}
