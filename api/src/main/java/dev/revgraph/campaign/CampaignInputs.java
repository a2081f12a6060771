package dev.revgraph.campaign;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The GraphQL input types of campaigns and their results. */
public final class CampaignInputs {

    private CampaignInputs() {}

    public record CreateCampaignInput(
            String code,
            String name,
            String departmentCode,
            String channelCode,
            String segmentCode,
            String productCode,
            String regionCode,
            CampaignObjective objective,
            LocalDate startDate,
            LocalDate endDate,
            CampaignStatus status,
            BigDecimal plannedBudgetAmount,
            String plannedBudgetCurrency) {}

    public record UpdateCampaignInput(
            String code,
            String name,
            String departmentCode,
            String channelCode,
            String segmentCode,
            String productCode,
            String regionCode,
            CampaignObjective objective,
            LocalDate startDate,
            LocalDate endDate,
            CampaignStatus status,
            BigDecimal plannedBudgetAmount,
            String plannedBudgetCurrency,
            LocalDate effectiveFrom) {}

    public record EndCampaignInput(String code, LocalDate endDate) {}

    public record CampaignFilter(
            List<String> channelCodes,
            String segmentCode,
            List<CampaignStatus> statuses,
            List<CampaignObjective> objectives,
            LocalDate activeFrom,
            LocalDate activeTo) {}

    public record CampaignResultInput(
            String campaignCode, LocalDate day, int impressions, int clicks, int leads, int opportunities) {}

    public record UpsertCampaignResultsInput(List<CampaignResultInput> results) {}
}
