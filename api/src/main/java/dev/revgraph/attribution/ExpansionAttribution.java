package dev.revgraph.attribution;

import dev.revgraph.shared.money.Figures;
import dev.revgraph.shared.report.ComparedRows;
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
            BigDecimal roi,
            ExpansionAttributionRow comparison,
            ExpansionAttributionChange change)
            implements ComparedRows.Row<ExpansionAttributionRow> {

        /** The key a comparison matches rows on. */
        @Override
        public String key() {
            return unattributed ? "\u0000unattributed" : String.valueOf(code);
        }

        @Override
        public ExpansionAttributionRow compared(ExpansionAttributionRow before) {
            return new ExpansionAttributionRow(
                    code,
                    name,
                    unattributed,
                    expansionMrr,
                    reactivatedMrr,
                    creditedMrr,
                    spend,
                    roi,
                    before,
                    ExpansionAttributionChange.of(
                            expansionMrr,
                            reactivatedMrr,
                            creditedMrr,
                            spend,
                            roi,
                            before.expansionMrr(),
                            before.reactivatedMrr(),
                            before.creditedMrr(),
                            before.spend(),
                            before.roi()));
        }

        /** A row of the same key without figures: what a row without an earlier counterpart compares with. */
        @Override
        public ExpansionAttributionRow empty() {
            BigDecimal zero = new BigDecimal("0.00");
            return new ExpansionAttributionRow(code, name, unattributed, zero, zero, zero, zero, null, null, null);
        }
    }

    /** The change of a row or the total against its comparison. */
    public record ExpansionAttributionChange(
            BigDecimal expansionMrr,
            BigDecimal reactivatedMrr,
            BigDecimal creditedMrr,
            BigDecimal creditedMrrPct,
            BigDecimal spend,
            BigDecimal spendPct,
            BigDecimal roi) {

        static ExpansionAttributionChange of(
                BigDecimal expansion,
                BigDecimal reactivated,
                BigDecimal credited,
                BigDecimal spend,
                BigDecimal roi,
                BigDecimal expansionBefore,
                BigDecimal reactivatedBefore,
                BigDecimal creditedBefore,
                BigDecimal spendBefore,
                BigDecimal roiBefore) {
            // the served figures are rounded, so their differences are exact at the served scale
            return new ExpansionAttributionChange(
                    expansion.subtract(expansionBefore),
                    reactivated.subtract(reactivatedBefore),
                    credited.subtract(creditedBefore),
                    Figures.relativeChange(credited, creditedBefore),
                    spend.subtract(spendBefore),
                    Figures.relativeChange(spend, spendBefore),
                    CampaignPerformance.difference(roi, roiBefore));
        }
    }

    public record ExpansionAttributionTotal(
            BigDecimal expansionMrr,
            BigDecimal reactivatedMrr,
            BigDecimal creditedMrr,
            BigDecimal spend,
            BigDecimal roi,
            ExpansionAttributionTotal comparison,
            ExpansionAttributionChange change) {

        ExpansionAttributionTotal compared(ExpansionAttributionTotal before) {
            return new ExpansionAttributionTotal(
                    expansionMrr,
                    reactivatedMrr,
                    creditedMrr,
                    spend,
                    roi,
                    before,
                    ExpansionAttributionChange.of(
                            expansionMrr,
                            reactivatedMrr,
                            creditedMrr,
                            spend,
                            roi,
                            before.expansionMrr(),
                            before.reactivatedMrr(),
                            before.creditedMrr(),
                            before.spend(),
                            before.roi()));
        }
    }

    public record ExpansionAttributionReport(
            String currency,
            AttributionModel model,
            CampaignGroupBy groupBy,
            List<ExpansionAttributionRow> rows,
            ExpansionAttributionTotal total) {}
}
