package dev.revgraph.attribution;

import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.report.ComparedRows;
import java.math.BigDecimal;
import java.util.List;

/** The GraphQL types of the acquisition economics report; every figure already rounded as served. */
public final class AcquisitionEconomics {

    private AcquisitionEconomics() {}

    public record AcquisitionEconomicsRow(
            String code,
            String name,
            boolean unattributed,
            BigDecimal customers,
            BigDecimal spend,
            BigDecimal cac,
            BigDecimal revenuePerCustomer3m,
            BigDecimal revenuePerCustomer6m,
            BigDecimal revenuePerCustomer12m,
            BigDecimal grr,
            BigDecimal nrr,
            BigDecimal arpa,
            BigDecimal grossMargin,
            BigDecimal monthlyRevenueChurn,
            BigDecimal ltv,
            BigDecimal ltvToCac,
            Integer paybackMonth,
            AcquisitionEconomicsRow comparison,
            AcquisitionEconomicsChange change)
            implements ComparedRows.Row<AcquisitionEconomicsRow> {

        /** The key a comparison matches rows on. */
        @Override
        public String key() {
            return unattributed ? "\u0000unattributed" : String.valueOf(code);
        }

        @Override
        public AcquisitionEconomicsRow compared(AcquisitionEconomicsRow before) {
            return new AcquisitionEconomicsRow(
                    code,
                    name,
                    unattributed,
                    customers,
                    spend,
                    cac,
                    revenuePerCustomer3m,
                    revenuePerCustomer6m,
                    revenuePerCustomer12m,
                    grr,
                    nrr,
                    arpa,
                    grossMargin,
                    monthlyRevenueChurn,
                    ltv,
                    ltvToCac,
                    paybackMonth,
                    before,
                    new AcquisitionEconomicsChange(
                            customers.subtract(before.customers()),
                            spend.subtract(before.spend()),
                            Figures.relativeChange(spend, before.spend()),
                            CampaignPerformance.difference(cac, before.cac()),
                            CampaignPerformance.difference(grr, before.grr()),
                            CampaignPerformance.difference(nrr, before.nrr()),
                            CampaignPerformance.difference(ltv, before.ltv()),
                            CampaignPerformance.difference(ltvToCac, before.ltvToCac())));
        }

        /** A row of the same key without figures: what a row without an earlier counterpart compares with. */
        @Override
        public AcquisitionEconomicsRow empty() {
            return new AcquisitionEconomicsRow(
                    code,
                    name,
                    unattributed,
                    new BigDecimal("0.0000"),
                    new BigDecimal("0.00"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
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

    /** The change of a row against its comparison. */
    public record AcquisitionEconomicsChange(
            BigDecimal customers,
            BigDecimal spend,
            BigDecimal spendPct,
            BigDecimal cac,
            BigDecimal grr,
            BigDecimal nrr,
            BigDecimal ltv,
            BigDecimal ltvToCac) {}

    public record AcquisitionEconomicsReport(
            String currency, AttributionModel model, AcquisitionGroupBy groupBy, List<AcquisitionEconomicsRow> rows) {}
}
