package dev.revgraph.pnl;

import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.pnl.PnlReports.PnlFilter;
import dev.revgraph.pnl.PnlReports.ProfitAndLossReport;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.retention.SourceDimension;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The profitability view over GraphQL. */
@Controller
class PnlController {

    private final PnlService service;
    private final SegmentEconomicsService segments;

    PnlController(PnlService service, SegmentEconomicsService segments) {
        this.service = service;
        this.segments = segments;
    }

    @QueryMapping
    SegmentEconomicsService.SegmentEconomicsReport segmentEconomics(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String segmentCode,
            @Argument Comparison compareTo,
            @Argument List<SourceDimension> groupBy,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument CloseVersion version) {
        return segments.segmentEconomics(
                from, to, segmentCode, compareTo, groupBy, where, currency, CloseVersion.firstReported(version));
    }

    @QueryMapping
    ProfitAndLossReport profitAndLoss(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument Granularity granularity,
            @Argument List<PnlDimension> groupBy,
            @Argument PnlFilter filter,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version,
            @Argument CostBasis costBasis,
            @Argument String budgetVersion,
            @Argument ReportFilter where,
            @Argument String scenario) {
        return service.profitAndLoss(PnlRequest.builder()
                .from(from)
                .to(to)
                .granularity(granularity)
                .groupBy(groupBy)
                .filter(filter)
                .currency(currency)
                .compareTo(compareTo)
                .version(version)
                .costBasis(costBasis)
                .budgetVersion(budgetVersion)
                .where(where)
                .scenario(scenario)
                .build());
    }
}
