package dev.revgraph.attribution;

import dev.revgraph.attribution.AcquisitionEconomics.AcquisitionEconomicsReport;
import dev.revgraph.fiscal.CloseVersion;
import java.time.LocalDate;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Acquisition quality by source: acquisitionEconomics. */
@Controller
class AcquisitionController {

    private final AcquisitionEconomicsService economics;

    AcquisitionController(AcquisitionEconomicsService economics) {
        this.economics = economics;
    }

    @QueryMapping
    AcquisitionEconomicsReport acquisitionEconomics(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument AcquisitionGroupBy groupBy,
            @Argument AttributionModel model,
            @Argument Integer halfLifeDays,
            @Argument CloseVersion version) {
        // an explicit null means the default, like a left-out argument
        return economics.economics(
                from,
                to,
                model == null ? AttributionModel.LAST_TOUCH : model,
                groupBy == null ? AcquisitionGroupBy.CHANNEL : groupBy,
                halfLifeDays == null ? 7 : halfLifeDays,
                CloseVersion.firstReported(version));
    }
}
