package dev.revgraph.attribution;

import java.math.BigDecimal;
import java.util.List;

/** The GraphQL types of the campaign performance report; every figure already rounded as served. */
public final class CampaignPerformance {

    private CampaignPerformance() {}

    public record CampaignPerformanceRow(
            String code,
            String name,
            boolean unattributed,
            BigDecimal spend,
            long impressions,
            long clicks,
            long leads,
            long opportunities,
            BigDecimal customers,
            BigDecimal attributedRevenue,
            BigDecimal cpl,
            BigDecimal ctr,
            BigDecimal leadToCustomer,
            BigDecimal cac,
            BigDecimal roas,
            BigDecimal roi) {}

    public record CampaignPerformanceTotal(
            BigDecimal spend,
            long impressions,
            long clicks,
            long leads,
            long opportunities,
            BigDecimal customers,
            BigDecimal attributedRevenue,
            BigDecimal cpl,
            BigDecimal ctr,
            BigDecimal leadToCustomer,
            BigDecimal cac,
            BigDecimal roas,
            BigDecimal roi) {}

    public record CampaignPerformanceReport(
            String currency,
            AttributionModel model,
            CampaignGroupBy groupBy,
            List<CampaignPerformanceRow> rows,
            CampaignPerformanceTotal total) {}
}
