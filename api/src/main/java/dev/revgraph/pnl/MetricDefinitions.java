package dev.revgraph.pnl;

import java.util.List;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The definitions of the served metrics: one list, so reconciliation never depends on reading code. */
@Controller
class MetricDefinitions {

    /** What a metric is measured in. */
    enum MetricUnit {
        MONEY,
        FRACTION,
        COUNT,
        MONTHS
    }

    /** The GraphQL {@code MetricDefinition}. */
    record MetricDefinition(String name, MetricUnit unit, String formula, List<String> fields) {}

    private static final String CONVERSION = " Every line converts into the report currency at the latest rate dated"
            + " on or before its own date; sums are taken at full precision and only the served figure is rounded.";

    static final List<MetricDefinition> ALL = List.of(
            new MetricDefinition("Revenue", MetricUnit.MONEY, "Sum of revenue lines, recurring and one-off."
                    + CONVERSION, List.of("PnlRow.revenue", "PnlFigures.revenue", "SegmentEconomicsRow.revenue")),
            new MetricDefinition("Cost of service (COGS)", MetricUnit.MONEY,
                    "Sum of spend lines of category COST_OF_SERVICE." + CONVERSION,
                    List.of("PnlRow.costOfService", "PnlFigures.costOfService", "SegmentEconomicsRow.costOfService")),
            new MetricDefinition("Gross profit", MetricUnit.MONEY, "Revenue - cost of service.",
                    List.of("PnlRow.grossProfit", "PnlFigures.grossProfit")),
            new MetricDefinition("Gross margin", MetricUnit.FRACTION, "Gross profit / revenue; null without revenue.",
                    List.of("PnlRow.grossMargin", "PnlFigures.grossMargin", "SegmentEconomicsRow.grossMargin")),
            new MetricDefinition("Operating expenses", MetricUnit.MONEY,
                    "Sum of spend lines of every category except COST_OF_SERVICE; also per department and category."
                            + CONVERSION,
                    List.of("PnlRow.operatingExpenses", "PnlRow.operatingExpensesByDepartment",
                            "PnlRow.operatingExpensesByCategory")),
            new MetricDefinition("Operating profit", MetricUnit.MONEY, "Gross profit - operating expenses.",
                    List.of("PnlRow.operatingProfit", "PnlFigures.operatingProfit")),
            new MetricDefinition("Operating margin", MetricUnit.FRACTION,
                    "Operating profit / revenue; null without revenue.", List.of("PnlRow.operatingMargin")),
            new MetricDefinition("Contribution margin", MetricUnit.MONEY,
                    "Segment revenue - segment cost of service - operating expenses tagged to the segment's subtree"
                            + " (its direct cost).", List.of("SegmentEconomicsRow.contributionMargin")),
            new MetricDefinition("New customers", MetricUnit.COUNT,
                    "Customers whose acquisition date falls in the period.",
                    List.of("PnlRow.newCustomers", "SegmentEconomicsRow.newCustomers")),
            new MetricDefinition("Blended CAC", MetricUnit.MONEY,
                    "Operating expenses of MARKETING and SALES departments in the period / new customers; null"
                            + " without new customers.", List.of("PnlRow.blendedCac")),
            new MetricDefinition("Segment CAC", MetricUnit.MONEY,
                    "Operating expenses of MARKETING and SALES departments tagged to the segment's subtree / its new"
                            + " customers.", List.of("SegmentEconomicsRow.cac")),
            new MetricDefinition("Budget variance", MetricUnit.MONEY,
                    "Actual (all spend lines of the department and month, every category) - budget (all budget lines"
                            + " of the month, each at the rate of the month's first day).",
                    List.of("BudgetVsActualRow.variance", "PnlRow.budgetVariance")),
            new MetricDefinition("Budget variance %", MetricUnit.FRACTION, "Variance / budget; null when the budget"
                    + " is zero.", List.of("BudgetVsActualRow.variancePct")),
            new MetricDefinition("MRR", MetricUnit.MONEY, "Recurring revenue recognized in the month; a customer is"
                    + " active in a month when its MRR is above zero.", List.of("MrrMovementRow.endMrr",
                            "CustomerMonth.mrr", "CohortRetentionRow.mrr")),
            new MetricDefinition("MRR movements", MetricUnit.MONEY,
                    "Per customer from month m-1 to m: new = MRR(m) in its first active month; reactivated = MRR(m)"
                            + " when active before but not in m-1; expansion / contraction = rise / fall of MRR when"
                            + " active in both; churned = MRR(m-1) when not active in m.",
                    List.of("MrrMovementRow.newMrr", "MrrMovementRow.expansion", "MrrMovementRow.contraction",
                            "MrrMovementRow.churned", "MrrMovementRow.reactivated")),
            new MetricDefinition("Logo churn", MetricUnit.FRACTION,
                    "Customers active in m-1 and not in m / customers active in m-1.",
                    List.of("MrrMovementRow.logoChurn")),
            new MetricDefinition("Gross revenue retention (GRR)", MetricUnit.FRACTION,
                    "(MRR(m-1) of customers active in m-1 - contraction - churned) / MRR(m-1).",
                    List.of("MrrMovementRow.grr")),
            new MetricDefinition("Net revenue retention (NRR)", MetricUnit.FRACTION,
                    "(MRR(m-1) + expansion - contraction - churned) / MRR(m-1).", List.of("MrrMovementRow.nrr")),
            new MetricDefinition("ARPA", MetricUnit.MONEY, "MRR / active customers; over a range, sum of MRR / sum of"
                    + " active customers over its months.", List.of("MrrMovementRow.arpa", "SegmentEconomicsRow.arpa")),
            new MetricDefinition("Cohort retention", MetricUnit.FRACTION,
                    "Customers grouped by acquisition month; cell (cohort, k) = share of the cohort active k months"
                            + " later (logos), or cohort MRR k months later / cohort MRR in its first month (revenue).",
                    List.of("CohortRetentionRow.retention")),
            new MetricDefinition("Monthly revenue churn", MetricUnit.FRACTION,
                    "Over a range: sum of (churned + contraction) / sum of start MRR.",
                    List.of("SegmentEconomicsRow.monthlyRevenueChurn")),
            new MetricDefinition("LTV", MetricUnit.MONEY,
                    "ARPA x gross margin / monthly revenue churn; null when churn is zero.",
                    List.of("SegmentEconomicsRow.ltv")),
            new MetricDefinition("LTV:CAC", MetricUnit.FRACTION, "LTV / CAC.", List.of("SegmentEconomicsRow.ltvToCac")),
            new MetricDefinition("CAC payback", MetricUnit.MONTHS, "CAC / (ARPA x gross margin).",
                    List.of("SegmentEconomicsRow.paybackMonths")),
            new MetricDefinition("Attributed customers", MetricUnit.COUNT,
                    "Sum of attribution credits of customers acquired in the range (fractional). A customer's"
                            + " touchpoints up to the end of its acquisition day, ordered by time then campaign code,"
                            + " share a credit of exactly 1 under the chosen model: first touch, last touch, linear,"
                            + " position-based (40% first, 40% last, 20% shared by the middle; 50/50 with two) or time"
                            + " decay (credit halves every half-life of days before acquisition). Without touchpoints"
                            + " the acquisition campaign takes it all; with neither, the unattributed row.",
                    List.of("CampaignPerformanceRow.customers")),
            new MetricDefinition("Attributed revenue", MetricUnit.MONEY,
                    "Credit x the customer's revenue recognized from its acquisition date to the range's end.",
                    List.of("CampaignPerformanceRow.attributedRevenue")),
            new MetricDefinition("Cost per lead (CPL)", MetricUnit.MONEY, "Campaign spend / leads.",
                    List.of("CampaignPerformanceRow.cpl")),
            new MetricDefinition("Click-through rate (CTR)", MetricUnit.FRACTION, "Clicks / impressions.",
                    List.of("CampaignPerformanceRow.ctr")),
            new MetricDefinition("Lead-to-customer conversion", MetricUnit.FRACTION, "Attributed customers / leads.",
                    List.of("CampaignPerformanceRow.leadToCustomer")),
            new MetricDefinition("Campaign CAC", MetricUnit.MONEY, "Campaign spend / attributed customers.",
                    List.of("CampaignPerformanceRow.cac")),
            new MetricDefinition("ROAS", MetricUnit.FRACTION, "Attributed revenue / campaign spend.",
                    List.of("CampaignPerformanceRow.roas")),
            new MetricDefinition("ROI", MetricUnit.FRACTION,
                    "(Attributed revenue - campaign spend) / campaign spend.", List.of("CampaignPerformanceRow.roi")));

    @QueryMapping
    List<MetricDefinition> metricDefinitions() {
        return ALL;
    }
}
