package dev.revgraph.shared.report;

/**
 * The campaign assignment in force on a day, joined instead of called: {@code
 * campaign_assignment_id_on(campaign, day)} (changeset 0027) is a SQL function with a {@code LIMIT},
 * which PostgreSQL never inlines, so a statement calling it per fact pays a function call per row
 * (about 9.5 s for the 494,659 credits of a year at 1M, docs/performance.md). The attribution reports
 * and the department statement join {@link #CTE} instead.
 */
public final class CampaignAssignmentSpans {

    private CampaignAssignmentSpans() {}

    /**
     * The CTE {@code assignment_spans}: each campaign assignment ({@code id}, {@code campaign_id},
     * {@code department_id}) with its first day {@code valid_from} and the day its successor takes
     * over, {@code valid_to} (exclusive; null for the latest). Joined on a campaign and a day ({@code
     * a.campaign_id = campaign and a.valid_from <= day and (a.valid_to is null or day < a.valid_to)}), it finds the row {@code campaign_assignment_id_on} returns: the latest {@code
     * valid_from} on or before the day, the greatest id among equal ones (whose peers get an empty
     * span). Ends with a comma.
     */
    public static final String CTE = """
            assignment_spans as materialized (
                select s.id, s.campaign_id, s.department_id, s.valid_from,
                       lead(s.valid_from) over (partition by s.campaign_id order by s.valid_from, s.id) as valid_to
                from campaign_assignment s
            ),
            """;
}
