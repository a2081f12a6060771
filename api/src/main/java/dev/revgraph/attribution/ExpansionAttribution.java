package dev.revgraph.attribution;

import java.math.BigDecimal;
import java.util.List;

/** The GraphQL types of the expansion attribution report; every figure already rounded as served. */
public final class ExpansionAttribution {

    private ExpansionAttribution() {}

    public record ExpansionAttributionRow(
            String code,
            String name,
            boolean unattributed,
            BigDecimal expansionMrr,
            BigDecimal reactivatedMrr,
            BigDecimal creditedMrr,
            BigDecimal spend,
            BigDecimal roi) {}

    public record ExpansionAttributionTotal(
            BigDecimal expansionMrr,
            BigDecimal reactivatedMrr,
            BigDecimal creditedMrr,
            BigDecimal spend,
            BigDecimal roi) {}

    public record ExpansionAttributionReport(
            String currency,
            AttributionModel model,
            CampaignGroupBy groupBy,
            List<ExpansionAttributionRow> rows,
            ExpansionAttributionTotal total) {}
}
