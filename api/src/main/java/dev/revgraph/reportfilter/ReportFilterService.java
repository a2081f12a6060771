package dev.revgraph.reportfilter;

import dev.revgraph.campaign.CampaignObjective;
import dev.revgraph.campaign.CampaignService;
import dev.revgraph.dimension.DimensionService;
import dev.revgraph.dimension.TreeKind;
import dev.revgraph.shared.error.DomainException;
import dev.revgraph.shared.report.ReportDimension;
import dev.revgraph.shared.report.SliceFilter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Resolves a {@link ReportFilter}'s codes; every unknown code is refused naming its field. */
@Service
public class ReportFilterService {

    /** Filters nest at most this deep. */
    public static final int MAX_DEPTH = 5;

    /** A filter names at most this many codes, nested filters included. */
    public static final int MAX_CODES = 1000;

    private final DimensionService dimensions;
    private final CampaignService campaigns;

    ReportFilterService(DimensionService dimensions, CampaignService campaigns) {
        this.dimensions = dimensions;
        this.campaigns = campaigns;
    }

    /** The filter resolved, null for none; {@code field} names the argument in errors. */
    public SliceFilter resolve(ReportFilter filter, String field) {
        if (filter == null) {
            return null;
        }
        int[] codes = {0};
        return resolve(filter, field, 1, codes);
    }

    private SliceFilter resolve(ReportFilter f, String field, int depth, int[] codes) {
        if (depth > MAX_DEPTH) {
            throw DomainException.invalid(field, "filters nest at most " + MAX_DEPTH + " deep");
        }
        Map<ReportDimension, List<Long>> ids = new EnumMap<>(ReportDimension.class);
        if (f.segmentCodes() != null) {
            count(codes, f.segmentCodes().size(), field);
            ids.put(
                    ReportDimension.SEGMENT,
                    dimensions.subtreeIds(TreeKind.SEGMENT_TREE, field + ".segmentCodes", f.segmentCodes()));
        }
        if (f.productCodes() != null) {
            count(codes, f.productCodes().size(), field);
            ids.put(ReportDimension.PRODUCT, dimensions.productIds(field + ".productCodes", f.productCodes()));
        }
        if (f.regionCodes() != null) {
            count(codes, f.regionCodes().size(), field);
            ids.put(
                    ReportDimension.REGION,
                    dimensions.subtreeIds(TreeKind.REGION_TREE, field + ".regionCodes", f.regionCodes()));
        }
        if (f.departmentCodes() != null) {
            count(codes, f.departmentCodes().size(), field);
            ids.put(
                    ReportDimension.DEPARTMENT,
                    dimensions.departmentIds(field + ".departmentCodes", f.departmentCodes()));
        }
        if (f.channelCodes() != null) {
            count(codes, f.channelCodes().size(), field);
            ids.put(ReportDimension.CHANNEL, dimensions.channelIds(field + ".channelCodes", f.channelCodes()));
        }
        if (f.campaignCodes() != null) {
            count(codes, f.campaignCodes().size(), field);
            List<Long> campaignIds = new ArrayList<>();
            for (String code : new LinkedHashSet<>(f.campaignCodes())) {
                campaignIds.add(campaigns.campaignId(field + ".campaignCodes", code));
            }
            ids.put(ReportDimension.CAMPAIGN, campaignIds);
        }
        List<String> objectives = f.objectives() == null
                ? null
                : f.objectives().stream()
                        .map(CampaignObjective::name)
                        .distinct()
                        .toList();
        EnumSet<ReportDimension> unassigned = EnumSet.noneOf(ReportDimension.class);
        if (f.unassigned() != null) {
            unassigned.addAll(f.unassigned());
        }
        List<SliceFilter> and = new ArrayList<>();
        List<ReportFilter> ands = f.and() == null ? List.of() : f.and();
        for (int i = 0; i < ands.size(); i++) {
            and.add(resolve(ands.get(i), field + ".and[" + i + "]", depth + 1, codes));
        }
        List<SliceFilter> or = new ArrayList<>();
        List<ReportFilter> ors = f.or() == null ? List.of() : f.or();
        for (int i = 0; i < ors.size(); i++) {
            or.add(resolve(ors.get(i), field + ".or[" + i + "]", depth + 1, codes));
        }
        SliceFilter not = f.not() == null ? null : resolve(f.not(), field + ".not", depth + 1, codes);
        return new SliceFilter(ids, objectives, unassigned, and, or, not);
    }

    private static void count(int[] codes, int more, String field) {
        codes[0] += more;
        if (codes[0] > MAX_CODES) {
            throw DomainException.invalid(field, "a filter names at most " + MAX_CODES + " codes");
        }
    }
}
