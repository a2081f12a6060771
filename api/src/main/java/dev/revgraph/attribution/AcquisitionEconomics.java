package dev.revgraph.attribution;

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
            Integer paybackMonth) {}

    public record AcquisitionEconomicsReport(
            String currency, AttributionModel model, AcquisitionGroupBy groupBy, List<AcquisitionEconomicsRow> rows) {}
}
