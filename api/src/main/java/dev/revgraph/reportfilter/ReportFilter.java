package dev.revgraph.reportfilter;

import dev.revgraph.campaign.CampaignObjective;
import dev.revgraph.shared.report.ReportDimension;
import java.util.List;

/**
 * Which facts a report or list reads, as the client sent it (GraphQL input {@code ReportFilter}):
 * the conditions of one filter all hold; a dimension given codes holds for a fact whose slice is one
 * of them (segments and regions with everything below them), or has none when the dimension is
 * also in {@code unassigned}; a dimension only in {@code unassigned} selects the facts without one.
 * {@code and}, {@code or} and {@code not} combine filters.
 */
public record ReportFilter(
        List<String> segmentCodes,
        List<String> productCodes,
        List<String> regionCodes,
        List<String> departmentCodes,
        List<String> channelCodes,
        List<String> campaignCodes,
        List<CampaignObjective> objectives,
        List<ReportDimension> unassigned,
        List<ReportFilter> and,
        List<ReportFilter> or,
        ReportFilter not) {

    /** A filter of one dimension's codes, for callers that build one. */
    public static ReportFilter of(ReportDimension dimension, List<String> codes) {
        return new ReportFilter(
                dimension == ReportDimension.SEGMENT ? codes : null,
                dimension == ReportDimension.PRODUCT ? codes : null,
                dimension == ReportDimension.REGION ? codes : null,
                dimension == ReportDimension.DEPARTMENT ? codes : null,
                dimension == ReportDimension.CHANNEL ? codes : null,
                dimension == ReportDimension.CAMPAIGN ? codes : null,
                null,
                null,
                null,
                null,
                null);
    }
}
