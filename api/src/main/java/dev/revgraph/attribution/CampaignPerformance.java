package dev.revgraph.attribution;

import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.report.ComparedRows;
import java.math.BigDecimal;
import java.util.List;

/** The GraphQL types of the campaign performance report; every figure already rounded as served. */
public final class CampaignPerformance {

    private CampaignPerformance() {}

    /** a - b of two served figures, null when either is null (exact at the served scale). */
    static BigDecimal difference(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : a.subtract(b);
    }

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
            BigDecimal roi,
            CampaignPerformanceRow comparison,
            CampaignPerformanceChange change)
            implements ComparedRows.Row<CampaignPerformanceRow> {

        /** The key a comparison matches rows on. */
        @Override
        public String key() {
            return unattributed ? "\u0000unattributed" : String.valueOf(code);
        }

        @Override
        public CampaignPerformanceRow compared(CampaignPerformanceRow before) {
            return new CampaignPerformanceRow(
                    code,
                    name,
                    unattributed,
                    spend,
                    impressions,
                    clicks,
                    leads,
                    opportunities,
                    customers,
                    attributedRevenue,
                    cpl,
                    ctr,
                    leadToCustomer,
                    cac,
                    roas,
                    roi,
                    before,
                    CampaignPerformanceChange.of(
                            spend,
                            customers,
                            attributedRevenue,
                            cac,
                            roas,
                            before.spend(),
                            before.customers(),
                            before.attributedRevenue(),
                            before.cac(),
                            before.roas()));
        }

        /** A row of the same key without figures: what a row without an earlier counterpart compares with. */
        @Override
        public CampaignPerformanceRow empty() {
            BigDecimal zero = new BigDecimal("0.00");
            return new CampaignPerformanceRow(
                    code,
                    name,
                    unattributed,
                    zero,
                    0,
                    0,
                    0,
                    0,
                    new BigDecimal("0.0000"),
                    zero,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    /** The change of a row or the total against its comparison. */
    public record CampaignPerformanceChange(
            BigDecimal spend,
            BigDecimal spendPct,
            BigDecimal customers,
            BigDecimal attributedRevenue,
            BigDecimal attributedRevenuePct,
            BigDecimal cac,
            BigDecimal roas) {

        static CampaignPerformanceChange of(
                BigDecimal spend,
                BigDecimal customers,
                BigDecimal revenue,
                BigDecimal cac,
                BigDecimal roas,
                BigDecimal spendBefore,
                BigDecimal customersBefore,
                BigDecimal revenueBefore,
                BigDecimal cacBefore,
                BigDecimal roasBefore) {
            // the served figures are rounded, so their differences are exact at the served scale
            return new CampaignPerformanceChange(
                    spend.subtract(spendBefore),
                    Figures.relativeChange(spend, spendBefore),
                    customers.subtract(customersBefore),
                    revenue.subtract(revenueBefore),
                    Figures.relativeChange(revenue, revenueBefore),
                    cac == null || cacBefore == null ? null : cac.subtract(cacBefore),
                    roas == null || roasBefore == null ? null : roas.subtract(roasBefore));
        }
    }

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
            BigDecimal roi,
            CampaignPerformanceTotal comparison,
            CampaignPerformanceChange change) {

        CampaignPerformanceTotal compared(CampaignPerformanceTotal before) {
            return new CampaignPerformanceTotal(
                    spend,
                    impressions,
                    clicks,
                    leads,
                    opportunities,
                    customers,
                    attributedRevenue,
                    cpl,
                    ctr,
                    leadToCustomer,
                    cac,
                    roas,
                    roi,
                    before,
                    CampaignPerformanceChange.of(
                            spend,
                            customers,
                            attributedRevenue,
                            cac,
                            roas,
                            before.spend(),
                            before.customers(),
                            before.attributedRevenue(),
                            before.cac(),
                            before.roas()));
        }
    }

    public record CampaignPerformanceReport(
            String currency,
            AttributionModel model,
            CampaignGroupBy groupBy,
            List<CampaignPerformanceRow> rows,
            CampaignPerformanceTotal total) {}
}
