package dev.revgraph.attribution;

import java.math.BigDecimal;
import java.util.List;

/** The GraphQL types of the campaign funnel; every figure already rounded as served. */
public final class CampaignFunnel {

    private CampaignFunnel() {}

    public record CampaignFunnelRow(
            String code,
            String name,
            boolean unattributed,
            BigDecimal spend,
            long impressions,
            long clicks,
            long leads,
            long opportunities,
            BigDecimal customers,
            BigDecimal clickThrough,
            BigDecimal clickToLead,
            BigDecimal leadToOpportunity,
            BigDecimal opportunityToCustomer,
            BigDecimal leadToCustomer,
            BigDecimal cpc,
            int firstTouchCustomers,
            BigDecimal daysToAcquireMedian,
            BigDecimal daysToAcquireP90) {}

    public record CampaignFunnelReport(
            String currency, AttributionModel model, AcquisitionGroupBy groupBy, List<CampaignFunnelRow> rows) {}
}
