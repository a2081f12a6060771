package dev.revgraph.attribution;

import dev.revgraph.attribution.AcquisitionEconomics.AcquisitionEconomicsReport;
import dev.revgraph.attribution.CampaignFunnel.CampaignFunnelReport;
import dev.revgraph.fiscal.CloseVersion;
import dev.revgraph.reportfilter.ReportFilter;
import dev.revgraph.reportfilter.ReportFilterService;
import dev.revgraph.shared.report.Comparison;
import java.time.LocalDate;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Acquisition quality by source: acquisitionEconomics and campaignFunnel. */
@Controller
class AcquisitionController {

    private final AcquisitionEconomicsService economics;
    private final CampaignFunnelService funnel;
    private final ReportFilterService filters;

    AcquisitionController(
            AcquisitionEconomicsService economics, CampaignFunnelService funnel, ReportFilterService filters) {
        this.economics = economics;
        this.funnel = funnel;
        this.filters = filters;
    }

    @QueryMapping
    CampaignFunnelReport campaignFunnel(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument AcquisitionGroupBy groupBy,
            @Argument AttributionModel model,
            @Argument Integer halfLifeDays,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version) {
        return funnel.funnel(
                AttributionRequest.of(
                        from, to, model, halfLifeDays, filters.resolve(where, "where"), currency, compareTo, version),
                groupBy == null ? AcquisitionGroupBy.CAMPAIGN : groupBy);
    }

    @QueryMapping
    AcquisitionEconomicsReport acquisitionEconomics(
            @Argument LocalDate from,
            @Argument LocalDate to,
            @Argument AcquisitionGroupBy groupBy,
            @Argument AttributionModel model,
            @Argument Integer halfLifeDays,
            @Argument ReportFilter where,
            @Argument String currency,
            @Argument Comparison compareTo,
            @Argument CloseVersion version) {
        // an explicit null means the default, like a left-out argument
        return economics.economics(
                AttributionRequest.of(
                        from, to, model, halfLifeDays, filters.resolve(where, "where"), currency, compareTo, version),
                groupBy == null ? AcquisitionGroupBy.CHANNEL : groupBy);
    }
}
