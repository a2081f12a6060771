package dev.revgraph.target;

import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.shared.error.UserError;
import dev.revgraph.shared.graphql.Payloads;
import dev.revgraph.shared.report.Comparison;
import dev.revgraph.target.Targets.SegmentTarget;
import dev.revgraph.target.Targets.SetSegmentTargetsInput;
import dev.revgraph.target.Targets.TargetsVsActualReport;
import java.time.LocalDate;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Segment targets and targets vs actual over GraphQL. */
@Controller
class TargetController {

    record SegmentTargetPayload(SegmentTarget segmentTarget, List<UserError> errors) {}

    private final TargetService service;

    TargetController(TargetService service) {
        this.service = service;
    }

    @QueryMapping
    TargetsVsActualReport targetsVsActual(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument String segmentCode,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo) {
        return service.targetsVsActual(from, to, segmentCode, where, currency, compareTo);
    }

    @MutationMapping
    SegmentTargetPayload setSegmentTargets(@Argument SetSegmentTargetsInput input) {
        return Payloads.of(() -> service.set(input), SegmentTargetPayload::new);
    }
}
