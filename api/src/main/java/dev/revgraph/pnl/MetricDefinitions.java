package dev.revgraph.pnl;

import java.util.List;
import java.util.Locale;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The definitions of the served metrics: one list, so reconciliation never depends on reading code.
 * Each metric's key is the heading of its section in docs/metrics.md, where the slice rules,
 * rounding, edge cases and a worked example live; a test keeps the two in step.
 */
@Controller
class MetricDefinitions {

    /** The document every definition points into, relative to the repository root. */
    static final String DOCUMENT = "docs/metrics.md";

    /** What a metric is measured in. */
    enum MetricUnit {
        MONEY,
        FRACTION,
        COUNT,
        MONTHS,
        DAYS
    }

    /** The GraphQL {@code MetricDefinition}. */
    record MetricDefinition(
            String key, String name, MetricUnit unit, String formula, List<String> fields, String documentation) {}

    private static MetricDefinition metric(String key, String name, MetricUnit unit, String formula, String... fields) {
        return new MetricDefinition(
                key, name, unit, formula, List.of(fields), DOCUMENT + "#" + key.toLowerCase(Locale.ROOT));
    }

    private static final String CONVERSION = " Every line converts into the report currency at the latest rate dated"
            + " on or before its own date; sums are taken at full precision and only the served figure is rounded.";

    static final List<MetricDefinition> ALL = List.of(
            // the P&L
            metric(
                    "revenue",
                    "Revenue",
                    MetricUnit.MONEY,
                    "Sum of revenue lines, recurring and one-off." + CONVERSION,
                    "PnlRow.revenue",
                    "PnlFigures.revenue",
                    "SegmentEconomicsRow.revenue"),
            metric(
                    "costOfService",
                    "Cost of service (COGS)",
                    MetricUnit.MONEY,
                    "Sum of spend lines of category COST_OF_SERVICE." + CONVERSION,
                    "PnlRow.costOfService",
                    "PnlFigures.costOfService",
                    "SegmentEconomicsRow.costOfService"),
            metric(
                    "grossProfit",
                    "Gross profit",
                    MetricUnit.MONEY,
                    "Revenue - cost of service.",
                    "PnlRow.grossProfit",
                    "PnlFigures.grossProfit"),
            metric(
                    "grossMargin",
                    "Gross margin",
                    MetricUnit.FRACTION,
                    "Gross profit / revenue; null without revenue.",
                    "PnlRow.grossMargin",
                    "PnlFigures.grossMargin",
                    "SegmentEconomicsRow.grossMargin"),
            metric(
                    "operatingExpenses",
                    "Operating expenses",
                    MetricUnit.MONEY,
                    "Sum of spend lines of every category except COST_OF_SERVICE; also per department and category."
                            + CONVERSION,
                    "PnlRow.operatingExpenses",
                    "PnlRow.operatingExpensesByDepartment",
                    "PnlRow.operatingExpensesByCategory",
                    "PnlFigures.operatingExpenses",
                    "PnlFigures.operatingExpensesByDepartment",
                    "PnlFigures.operatingExpensesByCategory",
                    "DepartmentAmount.amount",
                    "CategoryAmount.amount"),
            metric(
                    "operatingProfit",
                    "Operating profit",
                    MetricUnit.MONEY,
                    "Gross profit - operating expenses.",
                    "PnlRow.operatingProfit",
                    "PnlFigures.operatingProfit"),
            metric(
                    "operatingMargin",
                    "Operating margin",
                    MetricUnit.FRACTION,
                    "Operating profit / revenue; null without revenue.",
                    "PnlRow.operatingMargin",
                    "PnlFigures.operatingMargin"),
            metric(
                    "directCost",
                    "Direct cost",
                    MetricUnit.MONEY,
                    "Operating expenses tagged to the segment's subtree (a spend line's own segment, else its"
                            + " campaign's on the line's booking date); for the whole company, every operating"
                            + " expense.",
                    "SegmentEconomicsRow.directCost"),
            metric(
                    "contributionMargin",
                    "Contribution margin",
                    MetricUnit.MONEY,
                    "Segment revenue - segment cost of service - operating expenses tagged to the segment's subtree"
                            + " (its direct cost).",
                    "SegmentEconomicsRow.contributionMargin"),
            metric(
                    "fullyLoadedContribution",
                    "Fully-loaded contribution",
                    MetricUnit.MONEY,
                    "Contribution margin - the net amount allocation rules moved onto the segment's subtree (what"
                            + " SEGMENT rules allocated onto it or below it); for the whole company, its contribution"
                            + " margin (allocations net to zero).",
                    "SegmentEconomicsRow.fullyLoadedContribution"),
            metric(
                    "allocated",
                    "Allocated (fully loaded)",
                    MetricUnit.MONEY,
                    "With costBasis FULLY_LOADED: the amounts allocation rules moved onto the row's slices - the"
                            + " amounts they moved out of them (a rule's amount sits on its target, with the source"
                            + " department unless the rule allocates onto departments, and leaves the source"
                            + " department's unassigned slices); included in cost of service (a rule over"
                            + " COST_OF_SERVICE only) or operating expenses; 0 on the total; null under DIRECT.",
                    "PnlRow.allocated",
                    "PnlFigures.allocated"),
            metric(
                    "periodChange",
                    "Change against a comparison",
                    MetricUnit.MONEY,
                    "A figure as served - the same figure as served for the comparison (the previous period or range"
                            + " of the same length, or the same one a year earlier); the percentage is that change /"
                            + " the comparison's figure (its absolute value for gross profit, operating profit and"
                            + " contribution margin), null when that is zero; a change of CAC or LTV is null when"
                            + " either side is null.",
                    "PnlChange.revenue",
                    "PnlChange.revenuePct",
                    "PnlChange.grossProfit",
                    "PnlChange.grossProfitPct",
                    "PnlChange.operatingExpenses",
                    "PnlChange.operatingExpensesPct",
                    "PnlChange.operatingProfit",
                    "PnlChange.operatingProfitPct",
                    "PnlChange.newCustomers",
                    "SegmentEconomicsChange.newCustomers",
                    "SegmentEconomicsChange.revenue",
                    "SegmentEconomicsChange.revenuePct",
                    "SegmentEconomicsChange.contributionMargin",
                    "SegmentEconomicsChange.contributionMarginPct",
                    "SegmentEconomicsChange.cac",
                    "SegmentEconomicsChange.ltv"),
            metric(
                    "planFigures",
                    "Plan figures",
                    MetricUnit.MONEY,
                    "BUDGET: spend = every line of the budget version for the row's period and slice (department"
                            + " lines of every category and across categories for the company and departments,"
                            + " segment lines for segments), each at the rate of its month's first day; every other"
                            + " figure null, and spend null when the version has no line. FORECAST: the forecast row"
                            + " of the period and scope (revenue, cost of service, spend as operating expenses,"
                            + " contribution as operating profit, new customers, CAC), gross profit = revenue - cost"
                            + " of service and spend = cost of service + operating expenses, margins over revenue.",
                    "PnlPlanFigures.revenue",
                    "PnlPlanFigures.costOfService",
                    "PnlPlanFigures.grossProfit",
                    "PnlPlanFigures.grossMargin",
                    "PnlPlanFigures.operatingExpenses",
                    "PnlPlanFigures.spend",
                    "PnlPlanFigures.operatingProfit",
                    "PnlPlanFigures.operatingMargin",
                    "PnlPlanFigures.newCustomers",
                    "PnlPlanFigures.blendedCac"),
            metric(
                    "planChange",
                    "Change against the plan",
                    MetricUnit.MONEY,
                    "A figure of the row as served - the plan's figure as served (spend: cost of service +"
                            + " operating expenses - the plan's spend); the percentage is that change / the plan's"
                            + " figure (its absolute value for gross profit and operating profit), null when that is"
                            + " zero; every change is null where the plan's figure is null.",
                    "PnlPlanChange.revenue",
                    "PnlPlanChange.revenuePct",
                    "PnlPlanChange.grossProfit",
                    "PnlPlanChange.grossProfitPct",
                    "PnlPlanChange.operatingExpenses",
                    "PnlPlanChange.operatingExpensesPct",
                    "PnlPlanChange.spend",
                    "PnlPlanChange.spendPct",
                    "PnlPlanChange.operatingProfit",
                    "PnlPlanChange.operatingProfitPct",
                    "PnlPlanChange.newCustomers"),
            // acquisition
            metric(
                    "newCustomers",
                    "New customers",
                    MetricUnit.COUNT,
                    "Customers whose acquisition date falls in the period.",
                    "PnlRow.newCustomers",
                    "PnlFigures.newCustomers",
                    "SegmentEconomicsRow.newCustomers"),
            metric(
                    "blendedCac",
                    "Blended CAC",
                    MetricUnit.MONEY,
                    "Operating expenses of MARKETING and SALES departments in the period / new customers; null"
                            + " without new customers.",
                    "PnlRow.blendedCac",
                    "PnlFigures.blendedCac"),
            metric(
                    "segmentCac",
                    "Segment CAC",
                    MetricUnit.MONEY,
                    "Operating expenses of MARKETING and SALES departments tagged to the segment's subtree / its new"
                            + " customers; null without new customers.",
                    "SegmentEconomicsRow.cac"),
            metric(
                    "paidCac",
                    "Paid CAC",
                    MetricUnit.MONEY,
                    "Spend lines (every category and department) on campaigns whose channel is paid (the campaign's"
                            + " channel on the line's booking date), tagged to the segment's subtree / its new customers"
                            + " whose acquisition channel is paid; null without such customers."
                            + CONVERSION,
                    "SegmentEconomicsRow.paidCac"),
            metric(
                    "fullyLoadedCac",
                    "Fully-loaded CAC",
                    MetricUnit.MONEY,
                    "(Operating expenses of MARKETING and SALES departments tagged to the segment's subtree + the"
                            + " amounts those departments' rules allocated onto it) / its new customers; for the whole"
                            + " company, MARKETING and SALES operating expenses after allocation (what other"
                            + " departments allocated onto them, less what they allocated onto other departments);"
                            + " null without new customers.",
                    "SegmentEconomicsRow.fullyLoadedCac"),
            // objectives
            metric(
                    "acquisitionCac",
                    "Acquisition CAC",
                    MetricUnit.MONEY,
                    "Operating expenses of MARKETING and SALES departments whose objective is neither RETENTION nor"
                            + " EXPANSION (a line's own objective, else its campaign's on its booking date; a line with"
                            + " neither counts) / new customers; in segment economics, those tagged to the segment's"
                            + " subtree / its new customers; null without new customers.",
                    "PnlRow.acquisitionCac",
                    "PnlFigures.acquisitionCac",
                    "SegmentEconomicsRow.acquisitionCac"),
            metric(
                    "retentionSpend",
                    "Retention spend",
                    MetricUnit.MONEY,
                    "Operating expenses of every department tagged to the segment's subtree whose objective is"
                            + " RETENTION (a line's own objective, else its campaign's on its booking date)."
                            + CONVERSION,
                    "SegmentEconomicsRow.retentionSpend"),
            metric(
                    "retainedCustomers",
                    "Retained customers",
                    MetricUnit.COUNT,
                    "Customers active in the month before the range's first month and in the range's last month,"
                            + " counted in the segment of their assignment in force on the last month's last day.",
                    "SegmentEconomicsRow.retainedCustomers"),
            metric(
                    "costToRetain",
                    "Cost to retain",
                    MetricUnit.MONEY,
                    "Retention spend / retained customers; null without retained customers.",
                    "SegmentEconomicsRow.costToRetain"),
            metric(
                    "expansionSpend",
                    "Expansion spend",
                    MetricUnit.MONEY,
                    "Operating expenses of every department tagged to the segment's subtree whose objective is"
                            + " EXPANSION (a line's own objective, else its campaign's on its booking date)."
                            + CONVERSION,
                    "SegmentEconomicsRow.expansionSpend"),
            metric(
                    "expansionMrr",
                    "Expansion MRR",
                    MetricUnit.MONEY,
                    "Sum of the expansion movements (the rise of MRR of a customer active in a month and in the"
                            + " month before) of the range's months, of the customers in the segment's subtree.",
                    "SegmentEconomicsRow.expansionMrr"),
            metric(
                    "expansionCost",
                    "Expansion cost per expansion MRR",
                    MetricUnit.FRACTION,
                    "Expansion spend / expansion MRR; null without expansion MRR.",
                    "SegmentEconomicsRow.expansionCost"),
            metric(
                    "reactivatedMrr",
                    "Reactivated MRR",
                    MetricUnit.MONEY,
                    "Sum of the reactivation movements (the MRR of a customer active again after one month or more"
                            + " without) of the range's months, of the customers in the segment's subtree.",
                    "SegmentEconomicsRow.reactivatedMrr"),
            metric(
                    "reactivationRoi",
                    "Reactivation ROI",
                    MetricUnit.FRACTION,
                    "(Reactivated MRR - retention spend) / retention spend; null without retention spend.",
                    "SegmentEconomicsRow.reactivationRoi"),
            metric(
                    "expansionAttribution",
                    "Expansion attribution",
                    MetricUnit.MONEY,
                    "Each expansion and reactivation movement of the range's months x the credit of a campaign under"
                            + " the model, over the customer's touchpoints from the day after its acquisition date to"
                            + " the end of the movement's month; a movement without such touches is unattributed.",
                    "ExpansionAttributionRow.expansionMrr",
                    "ExpansionAttributionRow.reactivatedMrr",
                    "ExpansionAttributionRow.creditedMrr",
                    "ExpansionAttributionTotal.expansionMrr",
                    "ExpansionAttributionTotal.reactivatedMrr",
                    "ExpansionAttributionTotal.creditedMrr"),
            metric(
                    "expansionRoi",
                    "Expansion ROI",
                    MetricUnit.FRACTION,
                    "(Credited MRR - spend) / spend, where spend is the campaign spend lines booked in the range's"
                            + " months; null without spend.",
                    "ExpansionAttributionRow.spend",
                    "ExpansionAttributionRow.roi",
                    "ExpansionAttributionTotal.spend",
                    "ExpansionAttributionTotal.roi"),
            // budget
            metric(
                    "budget",
                    "Budget",
                    MetricUnit.MONEY,
                    "All budget lines of the department and month (the line across categories and every category's"
                            + " line), each converted at the latest rate on or before the month's first day.",
                    "BudgetVsActualRow.budget",
                    "BudgetVsActualTotal.budget",
                    "PnlRow.budget",
                    "DepartmentStatementRow.budget"),
            metric(
                    "actualSpend",
                    "Actual spend",
                    MetricUnit.MONEY,
                    "All spend lines of the department booked in the month, every category." + CONVERSION,
                    "BudgetVsActualRow.actual",
                    "BudgetVsActualTotal.actual",
                    "DepartmentStatementRow.directCost"),
            metric(
                    "budgetVariance",
                    "Budget variance",
                    MetricUnit.MONEY,
                    "Actual (all spend lines of the department and month, every category) - budget (all budget lines"
                            + " of the month, each at the rate of the month's first day).",
                    "BudgetVsActualRow.variance",
                    "BudgetVsActualTotal.variance",
                    "PnlRow.budgetVariance",
                    "DepartmentStatementRow.budgetVariance"),
            metric(
                    "budgetVariancePct",
                    "Budget variance %",
                    MetricUnit.FRACTION,
                    "Variance / budget; null when the" + " budget is zero.",
                    "BudgetVsActualRow.variancePct",
                    "BudgetVsActualTotal.variancePct",
                    "DepartmentStatementRow.budgetVariancePct"),
            // targets
            metric(
                    "target",
                    "Target",
                    MetricUnit.MONEY,
                    "The segment's target of the figure for the month as set with setSegmentTargets, money targets"
                            + " converted at the latest rate on or before the month's first day; null when none is set.",
                    "TargetsVsActualRow.target"),
            metric(
                    "targetActual",
                    "Target actual",
                    MetricUnit.MONEY,
                    "The figure the reports serve for the segment subtree and month: new customers and revenue as"
                            + " segment economics serves them, new MRR as mrrMovements serves newMrr, CAC as segment"
                            + " economics' cac (null without new customers).",
                    "TargetsVsActualRow.actual"),
            metric(
                    "attainment",
                    "Attainment",
                    MetricUnit.FRACTION,
                    "Actual / target for new customers, new MRR and revenue; target / actual for the maximum CAC;"
                            + " null without a target or when the divisor is zero.",
                    "TargetsVsActualRow.attainment"),
            // cost allocation
            metric(
                    "allocationPool",
                    "Allocation pool",
                    MetricUnit.MONEY,
                    "The source department's spend lines of the month (only the rule's categories when it"
                            + " names some), plus, for a rule without categories, every amount that rules of earlier"
                            + " steps allocated onto the department in the month." + CONVERSION,
                    "AllocationRow.pool",
                    "AllocationPool.pool"),
            metric(
                    "allocationDriver",
                    "Allocation driver",
                    MetricUnit.COUNT,
                    "Per target and month: its fixed share (FIXED); its revenue, new customers or spend lines"
                            + " of every department (REVENUE, NEW_CUSTOMERS, DIRECT_SPEND); its FTE (HEADCOUNT);"
                            + " a segment or region with everything below it; a figure below zero counts as zero.",
                    "AllocationRow.driverValue",
                    "AllocationPool.driverTotal"),
            metric(
                    "allocationShare",
                    "Allocation share",
                    MetricUnit.FRACTION,
                    "The target's driver / the sum of the drivers of the rule's targets in the month; null when"
                            + " that sum is zero.",
                    "AllocationRow.share"),
            metric(
                    "allocatedAmount",
                    "Allocated amount",
                    MetricUnit.MONEY,
                    "The pool split by the shares with the largest-remainder method: each target's quota (pool"
                            + " x share) rounded down to a cent, and the cents left to reach the pool rounded to cents"
                            + " one each to the largest remainders (ties: the earlier target code).",
                    "AllocationRow.amount",
                    "AllocationPool.allocated"),
            metric(
                    "unallocated",
                    "Unallocated",
                    MetricUnit.MONEY,
                    "The pool rounded to cents - the allocated amounts: the whole pool when the drivers of the"
                            + " month sum to zero, else zero; it stays in the source department.",
                    "AllocationPool.unallocated"),
            // department statements
            metric(
                    "allocatedIn",
                    "Allocated in",
                    MetricUnit.MONEY,
                    "The amounts that other departments' DEPARTMENT rules allocated onto the department in the"
                            + " period's months; company: every amount a DEPARTMENT rule moved.",
                    "DepartmentStatementRow.allocatedIn"),
            metric(
                    "allocatedOut",
                    "Allocated out",
                    MetricUnit.MONEY,
                    "The amounts the department's own DEPARTMENT rules allocated onto other departments in the"
                            + " period's months; company: every amount a DEPARTMENT rule moved.",
                    "DepartmentStatementRow.allocatedOut"),
            metric(
                    "allocatedToSlices",
                    "Allocated to slices",
                    MetricUnit.MONEY,
                    "The amounts the department's own SEGMENT, PRODUCT and REGION rules allocated in the period's"
                            + " months; they stay in its fully-loaded cost.",
                    "DepartmentStatementRow.allocatedToSlices"),
            metric(
                    "fullyLoadedCost",
                    "Fully-loaded cost",
                    MetricUnit.MONEY,
                    "Direct cost (all spend lines of the department in the period, every category) + allocated in"
                            + " - allocated out; company: every spend line of the period.",
                    "DepartmentStatementRow.fullyLoadedCost"),
            metric(
                    "creditedNewCustomers",
                    "Credited new customers",
                    MetricUnit.COUNT,
                    "Sum of the attribution credits, under the report's model, of the customers acquired in the"
                            + " period to campaigns the department owned on each customer's acquisition day;"
                            + " unassigned: the customers with no touch and no acquisition campaign.",
                    "DepartmentStatementRow.creditedNewCustomers"),
            metric(
                    "creditedRevenue",
                    "Credited revenue",
                    MetricUnit.MONEY,
                    "Revenue recognised in the period (every customer, whenever acquired) x that customer's"
                            + " attribution credit to each campaign the department owned on the customer's"
                            + " acquisition day; unassigned: the revenue of customers with no credit." + CONVERSION,
                    "DepartmentStatementRow.creditedRevenue"),
            metric(
                    "returnOnCost",
                    "Return on cost",
                    MetricUnit.FRACTION,
                    "Credited revenue / fully-loaded cost; null when the cost is zero.",
                    "DepartmentStatementRow.returnOnCost"),
            // retention
            metric(
                    "mrr",
                    "MRR",
                    MetricUnit.MONEY,
                    "Recurring revenue recognized in the month; a customer is"
                            + " active in a month when its MRR is above zero.",
                    "MrrMovementRow.startMrr",
                    "MrrMovementRow.endMrr",
                    "CustomerMonth.mrr",
                    "CohortRetentionRow.mrr"),
            metric(
                    "mrrMovements",
                    "MRR movements",
                    MetricUnit.MONEY,
                    "Per customer from month m-1 to m: new = MRR(m) in its first active month; reactivated = MRR(m)"
                            + " when active before but not in m-1; expansion / contraction = rise / fall of MRR when"
                            + " active in both; churned = MRR(m-1) when not active in m.",
                    "MrrMovementRow.newMrr",
                    "MrrMovementRow.expansion",
                    "MrrMovementRow.contraction",
                    "MrrMovementRow.churned",
                    "MrrMovementRow.reactivated",
                    "CustomerMonth.movementAmount"),
            metric(
                    "transfers",
                    "Transfers between segments",
                    MetricUnit.MONEY,
                    "In a segment scope, per customer active in both m-1 and m, each month in the segment of the"
                            + " assignment in force on its last day: transfer in = MRR(m-1) when m-1 is outside the"
                            + " scope and m inside it; transfer out = MRR(m-1) when m-1 is inside and m outside."
                            + " start + new + reactivated + expansion - contraction - churned + transfer in -"
                            + " transfer out = end.",
                    "MrrMovementRow.transferIn",
                    "MrrMovementRow.transferOut"),
            metric(
                    "activeCustomers",
                    "Active customers",
                    MetricUnit.COUNT,
                    "Customers active in the month; start customers are those active in the month before, churned"
                            + " customers those active in the month before and not in this one, transfer customers"
                            + " those transferred in or out.",
                    "MrrMovementRow.activeCustomers",
                    "MrrMovementRow.startCustomers",
                    "MrrMovementRow.churnedCustomers",
                    "MrrMovementRow.transferInCustomers",
                    "MrrMovementRow.transferOutCustomers",
                    "CohortRetentionRow.activeCustomers"),
            metric(
                    "logoChurn",
                    "Logo churn",
                    MetricUnit.FRACTION,
                    "Customers active in m-1 and not in m / customers active in m-1, plus those transferred in and"
                            + " minus those transferred out in a segment scope.",
                    "MrrMovementRow.logoChurn"),
            metric(
                    "grr",
                    "Gross revenue retention (GRR)",
                    MetricUnit.FRACTION,
                    "(MRR(m-1) of customers active in m-1 - contraction - churned) / MRR(m-1); in a segment scope"
                            + " MRR(m-1) is start MRR + transfer in - transfer out.",
                    "MrrMovementRow.grr"),
            metric(
                    "nrr",
                    "Net revenue retention (NRR)",
                    MetricUnit.FRACTION,
                    "(MRR(m-1) + expansion - contraction - churned) / MRR(m-1); in a segment scope MRR(m-1) is"
                            + " start MRR + transfer in - transfer out.",
                    "MrrMovementRow.nrr"),
            metric(
                    "arpa",
                    "ARPA",
                    MetricUnit.MONEY,
                    "MRR / active customers; over a range, sum of MRR / sum of" + " active customers over its months.",
                    "MrrMovementRow.arpa",
                    "SegmentEconomicsRow.arpa"),
            metric(
                    "cohortRetention",
                    "Cohort retention",
                    MetricUnit.FRACTION,
                    "Customers grouped by acquisition month, whole months: a cohort is every customer acquired in"
                            + " a calendar month the range touches (of a segment: whose assignment on its acquisition"
                            + " date is in the segment's subtree); cell (cohort, k) = share of the cohort active k"
                            + " months later (logos), or cohort MRR k months later / cohort MRR in its acquisition"
                            + " month, month 0 (revenue).",
                    "CohortRetentionRow.retention",
                    "CohortRetentionRow.cohortSize"),
            metric(
                    "cumulativeRevenuePerCustomer",
                    "Cumulative revenue per customer",
                    MetricUnit.MONEY,
                    "All revenue (recurring and one-off) of the cohort's customers from the cohort month to the"
                            + " cell's month / cohort size.",
                    "CohortRetentionRow.cumulativeRevenuePerCustomer"),
            metric(
                    "monthlyRevenueChurn",
                    "Monthly revenue churn",
                    MetricUnit.FRACTION,
                    "Over a range: sum of (churned + contraction) / sum of start MRR (of a segment: start MRR +"
                            + " transfer in - transfer out).",
                    "SegmentEconomicsRow.monthlyRevenueChurn"),
            metric(
                    "ltv",
                    "LTV",
                    MetricUnit.MONEY,
                    "ARPA x gross margin / monthly revenue churn; null when churn is zero.",
                    "SegmentEconomicsRow.ltv"),
            metric("ltvToCac", "LTV:CAC", MetricUnit.FRACTION, "LTV / CAC.", "SegmentEconomicsRow.ltvToCac"),
            metric(
                    "cacPayback",
                    "CAC payback",
                    MetricUnit.MONTHS,
                    "CAC / (ARPA x gross margin).",
                    "SegmentEconomicsRow.paybackMonths"),
            // quality by source
            metric(
                    "realisedRevenuePerCustomer",
                    "Realised revenue per customer",
                    MetricUnit.MONEY,
                    "Over the row's customers whose window ended by the range's end: the sum of credit x the "
                            + "revenue recognised from the customer's acquisition date through the end of the 3rd (6th, "
                            + "12th) month after its acquisition month / the sum of their credits; null when no "
                            + "customer's window ended by the range's end.",
                    "AcquisitionEconomicsRow.revenuePerCustomer3m",
                    "AcquisitionEconomicsRow.revenuePerCustomer6m",
                    "AcquisitionEconomicsRow.revenuePerCustomer12m"),
            metric(
                    "sourceGrr",
                    "Source GRR",
                    MetricUnit.FRACTION,
                    "Over the row's customers and every month m after each one's acquisition month up to the "
                            + "month of the range's end, credit-weighted: (sum of start MRR - contraction - churned) / "
                            + "sum of start MRR, a customer's start MRR of m being its MRR of m-1 when it was active "
                            + "then; null when that sum is zero.",
                    "AcquisitionEconomicsRow.grr"),
            metric(
                    "sourceNrr",
                    "Source NRR",
                    MetricUnit.FRACTION,
                    "Over the same customers and months as source GRR, credit-weighted: (sum of start MRR + "
                            + "expansion - contraction - churned) / sum of start MRR; new and reactivated MRR do not "
                            + "count; null when that sum is zero.",
                    "AcquisitionEconomicsRow.nrr"),
            metric(
                    "sourceArpa",
                    "Source ARPA",
                    MetricUnit.MONEY,
                    "The credit-weighted sum of the row's customers' MRR over their active months from the "
                            + "acquisition month to the month of the range's end / the credit-weighted count of those "
                            + "customer-months.",
                    "AcquisitionEconomicsRow.arpa"),
            metric(
                    "sourceGrossMargin",
                    "Source gross margin",
                    MetricUnit.FRACTION,
                    "The row's customers' gross profit / their revenue, both credit-weighted, from each one's "
                            + "acquisition date to the range's end; a customer's gross profit of a month is its revenue "
                            + "of the month x the company's gross margin of that month (0 in a month without company "
                            + "revenue).",
                    "AcquisitionEconomicsRow.grossMargin"),
            metric(
                    "sourceRevenueChurn",
                    "Source revenue churn",
                    MetricUnit.FRACTION,
                    "Over the same customers and months as source GRR, credit-weighted: sum of (churned + "
                            + "contraction) / sum of start MRR, that is 1 - source GRR.",
                    "AcquisitionEconomicsRow.monthlyRevenueChurn"),
            metric(
                    "sourceLtv",
                    "Source LTV",
                    MetricUnit.MONEY,
                    "Source ARPA x source gross margin / source revenue churn; null when churn is zero or null.",
                    "AcquisitionEconomicsRow.ltv"),
            metric(
                    "sourceLtvToCac",
                    "Source LTV:CAC",
                    MetricUnit.FRACTION,
                    "Source LTV / the row's CAC (campaign spend / attributed customers).",
                    "AcquisitionEconomicsRow.ltvToCac"),
            metric(
                    "cohortPayback",
                    "Cohort payback month",
                    MetricUnit.MONTHS,
                    "The first month n (1 = the acquisition month, 2 = the month after, ...) at which the sum "
                            + "over the row's customers of credit x their gross profit of their months 1 to n reaches the "
                            + "row's campaign spend in the range; a month's gross profit is the customer's revenue of the "
                            + "month from its acquisition date up to the range's end x the company's gross margin of that "
                            + "month; null while not reached, on the unattributed row and without customers.",
                    "AcquisitionEconomicsRow.paybackMonth"),
            metric(
                    "clickToLead",
                    "Click-to-lead conversion",
                    MetricUnit.FRACTION,
                    "Leads / clicks.",
                    "CampaignFunnelRow.clickToLead"),
            metric(
                    "leadToOpportunity",
                    "Lead-to-opportunity conversion",
                    MetricUnit.FRACTION,
                    "Opportunities / leads.",
                    "CampaignFunnelRow.leadToOpportunity"),
            metric(
                    "opportunityToCustomer",
                    "Opportunity-to-customer conversion",
                    MetricUnit.FRACTION,
                    "Attributed customers / opportunities.",
                    "CampaignFunnelRow.opportunityToCustomer"),
            metric(
                    "cpc",
                    "Cost per click (CPC)",
                    MetricUnit.MONEY,
                    "Campaign spend / clicks.",
                    "CampaignFunnelRow.cpc"),
            metric(
                    "firstTouchCustomers",
                    "First-touch customers",
                    MetricUnit.COUNT,
                    "Customers acquired in the range whose first touchpoint up to the end of the acquisition "
                            + "day (ordered by time, then campaign code) is on the row's campaign, or on a campaign of "
                            + "the row's channel on the acquisition date; credits do not matter.",
                    "CampaignFunnelRow.firstTouchCustomers"),
            metric(
                    "daysToAcquire",
                    "Days from first touch to acquisition",
                    MetricUnit.DAYS,
                    "Over the row's first-touch customers, the acquisition date - the UTC date of the first "
                            + "touch, in whole days: the median (the mean of the two middle values for an even count) and "
                            + "the 90th percentile by nearest rank (the ceil(0.9 n)-th smallest of n); null without such "
                            + "customers.",
                    "CampaignFunnelRow.daysToAcquireMedian",
                    "CampaignFunnelRow.daysToAcquireP90"),
            // campaigns and attribution
            metric(
                    "campaignSpend",
                    "Campaign spend",
                    MetricUnit.MONEY,
                    "Sum of spend lines linked to the row's campaigns and booked in the range." + CONVERSION,
                    "CampaignPerformanceRow.spend",
                    "CampaignPerformanceTotal.spend",
                    "AcquisitionEconomicsRow.spend",
                    "CampaignFunnelRow.spend"),
            metric(
                    "funnel",
                    "Impressions, clicks, leads and opportunities",
                    MetricUnit.COUNT,
                    "Sums of the campaigns' daily results on days of the range.",
                    "CampaignPerformanceRow.impressions",
                    "CampaignPerformanceRow.clicks",
                    "CampaignPerformanceRow.leads",
                    "CampaignPerformanceRow.opportunities",
                    "CampaignPerformanceTotal.impressions",
                    "CampaignPerformanceTotal.clicks",
                    "CampaignPerformanceTotal.leads",
                    "CampaignPerformanceTotal.opportunities",
                    "CampaignFunnelRow.impressions",
                    "CampaignFunnelRow.clicks",
                    "CampaignFunnelRow.leads",
                    "CampaignFunnelRow.opportunities"),
            metric(
                    "attributedCustomers",
                    "Attributed customers",
                    MetricUnit.COUNT,
                    "Sum of attribution credits of customers acquired in the range (fractional). A customer's"
                            + " touchpoints up to the end of its acquisition day, ordered by time then campaign code,"
                            + " share a credit of exactly 1 under the chosen model: first touch, last touch, linear,"
                            + " position-based (40% first, 40% last, 20% shared by the middle; 50/50 with two) or time"
                            + " decay (credit halves every half-life of days before acquisition). Without touchpoints"
                            + " the acquisition campaign takes it all; with neither, the unattributed row.",
                    "CampaignPerformanceRow.customers",
                    "CampaignPerformanceTotal.customers",
                    "AcquisitionEconomicsRow.customers",
                    "CampaignFunnelRow.customers"),
            metric(
                    "attributedRevenue",
                    "Attributed revenue",
                    MetricUnit.MONEY,
                    "Credit x the customer's revenue recognized from its acquisition date to the range's end.",
                    "CampaignPerformanceRow.attributedRevenue",
                    "CampaignPerformanceTotal.attributedRevenue"),
            metric(
                    "cpl",
                    "Cost per lead (CPL)",
                    MetricUnit.MONEY,
                    "Campaign spend / leads.",
                    "CampaignPerformanceRow.cpl",
                    "CampaignPerformanceTotal.cpl"),
            metric(
                    "ctr",
                    "Click-through rate (CTR)",
                    MetricUnit.FRACTION,
                    "Clicks / impressions.",
                    "CampaignPerformanceRow.ctr",
                    "CampaignPerformanceTotal.ctr",
                    "CampaignFunnelRow.clickThrough"),
            metric(
                    "leadToCustomer",
                    "Lead-to-customer conversion",
                    MetricUnit.FRACTION,
                    "Attributed customers / leads.",
                    "CampaignPerformanceRow.leadToCustomer",
                    "CampaignPerformanceTotal.leadToCustomer",
                    "CampaignFunnelRow.leadToCustomer"),
            metric(
                    "campaignCac",
                    "Campaign CAC",
                    MetricUnit.MONEY,
                    "Campaign spend / attributed customers; null on the unattributed row, 0.00 for a campaign with"
                            + " credits and no spend.",
                    "CampaignPerformanceRow.cac",
                    "CampaignPerformanceTotal.cac",
                    "AcquisitionEconomicsRow.cac"),
            metric(
                    "roas",
                    "ROAS",
                    MetricUnit.FRACTION,
                    "Attributed revenue / campaign spend.",
                    "CampaignPerformanceRow.roas",
                    "CampaignPerformanceTotal.roas"),
            metric(
                    "roi",
                    "ROI",
                    MetricUnit.FRACTION,
                    "(Attributed revenue - campaign spend) / campaign spend.",
                    "CampaignPerformanceRow.roi",
                    "CampaignPerformanceTotal.roi"),
            // ledgers and customers
            metric(
                    "ledgerAmounts",
                    "Ledger amounts and totals",
                    MetricUnit.MONEY,
                    "A line's amount converted into the reporting currency at the latest rate dated on or before its"
                            + " own date; a total is the sum of every line it covers, converted line by line and"
                            + " rounded once.",
                    "SpendLine.reportingAmount",
                    "SpendLineConnection.total",
                    "RevenueLine.reportingAmount",
                    "RevenueLineConnection.total",
                    "Customer.lifetimeRevenue",
                    "CustomerMonth.revenue"),
            metric(
                    "tenureMonths",
                    "Tenure",
                    MetricUnit.COUNT,
                    "Months in which the customer was active (recurring revenue above zero), up to and including"
                            + " the month asked for.",
                    "Customer.tenureMonths"),
            // forecasts
            metric(
                    "forecastMrr",
                    "Forecast MRR",
                    MetricUnit.MONEY,
                    "In an ACTUAL row the MRR of the period's last month; in a FORECAST month MRR(m) = MRR(m-1) x (1"
                            + " - churn rate + expansion rate) + new customers x new-customer ARPA, starting from the"
                            + " MRR of the last closed month and kept at full precision from month to month; a period"
                            + " serves its last month's.",
                    "ForecastRow.mrr"),
            metric(
                    "forecastNewCustomers",
                    "Forecast new customers",
                    MetricUnit.COUNT,
                    "In an ACTUAL row the customers acquired in the period; in a FORECAST month the new-customers"
                            + " driver, the customers acquired in the trailing closed months / their number; summed"
                            + " over a period's months.",
                    "ForecastRow.newCustomers",
                    "ForecastDrivers.newCustomers"),
            metric(
                    "forecastRevenue",
                    "Forecast revenue",
                    MetricUnit.MONEY,
                    "In an ACTUAL row the period's revenue; in a FORECAST month MRR + one-off revenue; summed over a"
                            + " period's months.",
                    "ForecastRow.revenue"),
            metric(
                    "forecastCostOfService",
                    "Forecast cost of service",
                    MetricUnit.MONEY,
                    "In an ACTUAL row the period's cost of service; in a FORECAST month revenue x (1 - gross"
                            + " margin), or the trailing average cost of service per month when the trailing months"
                            + " have no revenue; summed over a period's months.",
                    "ForecastRow.costOfService"),
            metric(
                    "forecastSpend",
                    "Forecast spend",
                    MetricUnit.MONEY,
                    "In an ACTUAL row the operating expenses tagged to the segment's subtree (for the whole company,"
                            + " every operating expense); in a FORECAST month the spend driver; summed over a period's"
                            + " months.",
                    "ForecastRow.spend"),
            metric(
                    "forecastContribution",
                    "Forecast contribution",
                    MetricUnit.MONEY,
                    "Revenue - cost of service - spend.",
                    "ForecastRow.contribution"),
            metric(
                    "forecastCac",
                    "Forecast CAC",
                    MetricUnit.MONEY,
                    "Operating expenses of MARKETING and SALES departments / new customers, each summed over the"
                            + " period's months; in a FORECAST month the acquisition spend is spend x acquisition"
                            + " share; null without new customers.",
                    "ForecastRow.cac"),
            metric(
                    "forecastActiveCustomers",
                    "Forecast active customers",
                    MetricUnit.COUNT,
                    "In an ACTUAL row the customers active in the period's last month; in a FORECAST month"
                            + " customers(m) = customers(m-1) x (1 - logo churn) + new customers, starting from the"
                            + " customers active in the last closed month; a period serves its last month's.",
                    "ForecastRow.activeCustomers"),
            metric(
                    "forecastRateDrivers",
                    "Forecast rate drivers",
                    MetricUnit.FRACTION,
                    "Pooled over the trailing closed months: churn rate = sum of (churned + contraction) / sum of"
                            + " start MRR; expansion rate = sum of (expansion + reactivated) / sum of start MRR; logo"
                            + " churn = sum of churned customers / sum of start customers; gross margin = (revenue -"
                            + " cost of service) / revenue; acquisition share = operating expenses of MARKETING and"
                            + " SALES departments / operating expenses; then the scenario's overrides.",
                    "ForecastDrivers.churnRate",
                    "ForecastDrivers.expansionRate",
                    "ForecastDrivers.logoChurn",
                    "ForecastDrivers.grossMargin",
                    "ForecastDrivers.acquisitionShare"),
            metric(
                    "forecastAmountDrivers",
                    "Forecast amount drivers",
                    MetricUnit.MONEY,
                    "Over the trailing closed months: new-customer ARPA = new MRR / new customers; spend = operating"
                            + " expenses / the number of months, for the whole company the month's budget lines other"
                            + " than COST_OF_SERVICE when it has any; one-off revenue = (revenue - MRR) / the number of"
                            + " months; then the scenario's overrides.",
                    "ForecastDrivers.newCustomerArpa",
                    "ForecastDrivers.spend",
                    "ForecastDrivers.oneOffRevenue"),
            metric(
                    "scenarioDifference",
                    "Scenario difference",
                    MetricUnit.MONEY,
                    "Scenario b's figure - scenario a's, from the unrounded figures of the same period and scope; a"
                            + " difference of CAC is null when either CAC is null.",
                    "ForecastDifference.mrr",
                    "ForecastDifference.newCustomers",
                    "ForecastDifference.revenue",
                    "ForecastDifference.costOfService",
                    "ForecastDifference.spend",
                    "ForecastDifference.contribution",
                    "ForecastDifference.cac",
                    "ForecastDifference.activeCustomers"));

    @QueryMapping
    List<MetricDefinition> metricDefinitions() {
        return ALL;
    }
}
