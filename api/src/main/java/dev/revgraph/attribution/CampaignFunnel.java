package dev.revgraph.attribution;

import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.report.ComparedRows;
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
            BigDecimal daysToAcquireP90,
            CampaignFunnelRow comparison,
            CampaignFunnelChange change)
            implements ComparedRows.Row<CampaignFunnelRow> {

        /** The key a comparison matches rows on. */
        @Override
        public String key() {
            return unattributed ? "\u0000unattributed" : String.valueOf(code);
        }

        @Override
        public CampaignFunnelRow compared(CampaignFunnelRow before) {
            return new CampaignFunnelRow(
                    code,
                    name,
                    unattributed,
                    spend,
                    impressions,
                    clicks,
                    leads,
                    opportunities,
                    customers,
                    clickThrough,
                    clickToLead,
                    leadToOpportunity,
                    opportunityToCustomer,
                    leadToCustomer,
                    cpc,
                    firstTouchCustomers,
                    daysToAcquireMedian,
                    daysToAcquireP90,
                    before,
                    new CampaignFunnelChange(
                            spend.subtract(before.spend()),
                            Figures.relativeChange(spend, before.spend()),
                            impressions - before.impressions(),
                            clicks - before.clicks(),
                            leads - before.leads(),
                            opportunities - before.opportunities(),
                            customers.subtract(before.customers()),
                            CampaignPerformance.difference(leadToCustomer, before.leadToCustomer()),
                            CampaignPerformance.difference(cpc, before.cpc())));
        }

        /** A row of the same key without figures: what a row without an earlier counterpart compares with. */
        @Override
        public CampaignFunnelRow empty() {
            return new CampaignFunnelRow(
                    code,
                    name,
                    unattributed,
                    new BigDecimal("0.00"),
                    0,
                    0,
                    0,
                    0,
                    new BigDecimal("0.0000"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /** The change of a row against its comparison. */
    public record CampaignFunnelChange(
            BigDecimal spend,
            BigDecimal spendPct,
            long impressions,
            long clicks,
            long leads,
            long opportunities,
            BigDecimal customers,
            BigDecimal leadToCustomer,
            BigDecimal cpc) {}

    public record CampaignFunnelReport(
            String currency, AttributionModel model, AcquisitionGroupBy groupBy, List<CampaignFunnelRow> rows) {}
}
