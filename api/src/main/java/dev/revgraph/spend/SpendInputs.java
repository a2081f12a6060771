package dev.revgraph.spend;

import dev.revgraph.campaign.CampaignObjective;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL input types of the spend ledger. */
public final class SpendInputs {

    private SpendInputs() {}

    public record RecordSpendLineInput(
            String externalId,
            String departmentCode,
            LocalDate bookedOn,
            BigDecimal amount,
            String currency,
            SpendCategory category,
            String campaignCode,
            String segmentCode,
            String productCode,
            String regionCode,
            CampaignObjective objective,
            String vendor,
            String memo) {}

    public record ReverseSpendLineInput(String lineId, LocalDate bookedOn, String externalId, String memo) {}

    public record SpendLineFilter(
            LocalDate from,
            LocalDate to,
            List<String> departmentCodes,
            List<SpendCategory> categories,
            String campaignCode,
            String segmentCode,
            String productCode,
            String regionCode,
            String currency) {

        /** No condition: every line. */
        public static final SpendLineFilter NONE =
                new SpendLineFilter(null, null, null, null, null, null, null, null, null);

        public SpendLineFilter withDepartmentCodes(List<String> codes) {
            return new SpendLineFilter(
                    from, to, codes, categories, campaignCode, segmentCode, productCode, regionCode, currency);
        }
    }
}
