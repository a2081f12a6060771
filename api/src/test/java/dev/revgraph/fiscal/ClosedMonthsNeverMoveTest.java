package dev.revgraph.fiscal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing changes a closed month: a company with a closed month m, every report over m captured as
 * the JSON the API served (both versions, each segment, the P&L by every dimension but channel,
 * campaign performance under every model, the department statement of its department under LINEAR and
 * TIME_DECAY), then writes of every kind in the open months around m
 * and in m itself (refused there), by mutation and by import file; afterwards every captured report
 * must be byte-identical.
 *
 * <p>Writes and what a finance user expects of each, as documented in docs/metrics.md:
 * customer moves (segment, region) and FX rates dated before m in force on m's days change the live
 * rollups only: the close's stored figures cover them; a touchpoint dated in the open month before
 * m for a customer acquired in m, and a campaign created to run in m, would change a live campaign
 * performance: the close's stored credits, spend, results and running days cover them; ledger
 * lines, budgets, FX rates, touchpoints and campaign results dated in m are refused naming the
 * month; lines, rates and customers of open months change open months only; a campaign retag
 * (channel, segment) from an open month moves only open months' facts, and one dated in m, or
 * before m while the campaign has spend there, is refused naming m. Names and tree positions are
 * labels read live and are not driven here; then every other mutation of the schema (dimensions,
 * campaigns, months, tokens) and every import file: the test fails when the schema gains a
 * mutation or the import a file that it does not drive. Names are labels read live, masked in the
 * P&L by every dimension; tree positions are read live too, so the node moved here stays outside
 * the reported segments. Customers acquired in m are refused like the facts dated there.
 */
class ClosedMonthsNeverMoveTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String BUDGET_VERSIONS = "NMV";

    @Autowired
    Environment environment;

    @Test
    void everyReportOverAClosedMonthIsByteIdenticalAfterEveryKindOfWrite() {
        YearMonth m = Api.uniqueMonth();
        String before = m.minusMonths(1).atDay(1).toString();
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .currency("X", before, "2")
                .segment("A", null)
                .segment("B", null)
                .department("D", "OPERATIONS")
                .channel("C", true)
                .channel("C2", false)
                .campaign("K", "D", "C", before, null, Tags.segment("A"), null)
                .spend("D", m.atDay(11).toString(), "25.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .spend("D", m.plusMonths(1).atDay(12).toString(), "15.00", "USD", "ADVERTISING", Tags.campaign("K"))
                .channel("CH", true)
                .campaign("K1", "D", "CH", before)
                .campaign("K2", "D", "CH", before)
                .customer("q1", "A", null, m.atDay(3).toString(), "K")
                .customer("q2", "B", null, m.atDay(4).toString(), "K2")
                .touches("q1", "K1", m.atDay(1) + "T12:00:00Z", "q1", "K2", m.atDay(2) + "T12:00:00Z")
                .spend("D", m.atDay(11).toString(), "20.00", "X", "ADVERTISING", Tags.campaign("K1"))
                .results("K1", m.atDay(11).toString(), 100, 10, 2, 1)
                .recurring("q1", "100.00", m.atDay(5).toString())
                .revenue("q2", m.atDay(6).toString(), "10.00", "X", true)
                .spend("D", m.atDay(10).toString(), "40.00", "USD", "OTHER", Tags.segment("A"))
                .budget("D", m.toString(), "50.00")
                .department("MK", "MARKETING")
                .channel("CM", true)
                .campaign("KM", "MK", "CM", before)
                .customer("q3", "A", null, m.atDay(12).toString(), "KM")
                .spend("MK", m.atDay(11).toString(), "60.00", "USD", "ADVERTISING", Tags.campaign("KM"))
                .results("KM", m.atDay(11).toString(), 1000, 50, 5, 2)
                .touches("q3", "KM", m.atDay(11) + "T10:00:00Z");
        String region1 = unique("NMR");
        String region2 = unique("NMR");
        api.region(region1, null);
        api.region(region2, null);
        String x = company.code("X");
        String d = company.code("D");
        String q1 = company.code("q1");
        String q2 = company.code("q2");
        String lineInM = company.revenueLine("q1", m.atDay(8).toString(), "5.00", "USD", false);
        String spendInM = api.spend(d, m.atDay(9).toString(), "4.00", "USD", "OTHER");
        String km = company.code("KM");
        String q3 = company.code("q3");
        YearMonth later = m.plusMonths(2);
        api.close(m);

        Supplier<List<String>> reports = () -> {
            List<String> served = new ArrayList<>();
            for (String version : List.of("LATEST", "AS_FIRST_REPORTED")) {
                for (String segment : List.of(company.code("A"), company.code("B"))) {
                    served.add(figures(m, segment, d, version));
                }
                for (String model : List.of("FIRST_TOUCH", "LAST_TOUCH", "LINEAR", "POSITION_BASED", "TIME_DECAY")) {
                    served.add(withoutNames(campaignPerformance(m, model, null, version)));
                }
                served.add(withoutNames(campaignPerformance(m, "TIME_DECAY", 3, version)));
                for (String model : List.of("LAST_TOUCH", "LINEAR")) {
                    served.add(withoutNames(expansionAttribution(m, model, version)));
                }
            }
            served.add(withoutNames(pnlByEveryDimension(m)));
            return served;
        };
        List<String> captured = reports.get();

        List<String> outcomes = new ArrayList<>();
        // accepted: changes of the live rollups of m, and writes in the open months around it
        outcomes.add(write("updateCustomer", Map.of("externalId", q1, "segmentCode", company.code("B"))));
        outcomes.add(write("updateCustomer", Map.of("externalId", q2, "regionCode", region2)));
        outcomes.add(write(
                "upsertFxRates",
                Map.of("rates", List.of(rate(x, m.minusMonths(1).atDay(20), "5")))));
        outcomes.add(write(
                "createCustomer",
                customer(
                        unique("nmq"),
                        company.code("A"),
                        m.plusMonths(1).atDay(2).toString())));
        outcomes.add(
                write("recordRevenueLine", revenue(q1, m.plusMonths(1).atDay(5).toString())));
        outcomes.add(write("recordSpendLine", spend(d, m.plusMonths(1).atDay(5).toString())));
        outcomes.add(write("setBudget", budget(d, m.plusMonths(1).toString())));
        outcomes.add(
                importFile("FX_RATES", "date,currency,rate\n" + m.minusMonths(1).atDay(25) + "," + x + ",7\n"));
        // a touch of q1 before its acquisition, in the open month before m (its first touch becomes K2)
        outcomes.add(write(
                "recordTouchpoints",
                touchpoint(q1, company.code("K2"), m.minusMonths(1).atDay(20) + "T12:00:00Z")));
        // a campaign running in m, created after the close
        outcomes.add(write(
                "createCampaign",
                Map.of(
                        "code",
                        unique("nmk"),
                        "name",
                        "running in m",
                        "departmentCode",
                        d,
                        "channelCode",
                        company.code("CH"),
                        "startDate",
                        m.atDay(5).toString())));
        // refused: anything dated in the closed month
        outcomes.add(write("upsertFxRates", Map.of("rates", List.of(rate(x, m.atDay(15), "9")))));
        outcomes.add(write("recordRevenueLine", revenue(q1, m.atDay(20).toString())));
        outcomes.add(write("recordSpendLine", spend(d, m.atDay(20).toString())));
        outcomes.add(write("setBudget", budget(d, m.toString())));
        outcomes.add(write("reverseRevenueLine", Map.of("lineId", lineInM)));
        outcomes.add(importFile(
                "SPEND",
                "external_id,department_code,booked_on,amount,currency,category\n" + unique("nms") + "," + d + ","
                        + m.atDay(21) + ",3.00,USD,OTHER\n"));
        outcomes.add(importFile(
                "REVENUE",
                "external_id,customer_external_id,recognized_on,amount,currency,recurring\n" + unique("nmr") + "," + q1
                        + "," + m.atDay(21) + ",3.00,USD,true\n"));
        outcomes.add(importFile("FX_RATES", "date,currency,rate\n" + m.atDay(22) + "," + x + ",8\n"));
        outcomes.add(importFile(
                "BUDGETS", "department_code,month,category,amount,currency\n" + d + "," + m + ",TOOLS,70.00,USD\n"));
        // campaign retags: dated in m, or before m while the campaign has spend in m, refused; from
        // a day of the open month after m, and from the default day, accepted
        String k = company.code("K");
        outcomes.add(write(
                "updateCampaign",
                Map.of(
                        "code",
                        k,
                        "channelCode",
                        company.code("C2"),
                        "effectiveFrom",
                        m.atDay(20).toString())));
        outcomes.add(write(
                "updateCampaign",
                Map.of(
                        "code",
                        k,
                        "segmentCode",
                        company.code("B"),
                        "effectiveFrom",
                        m.minusMonths(1).atDay(2).toString())));
        outcomes.add(write(
                "updateCampaign",
                Map.of(
                        "code",
                        k,
                        "channelCode",
                        company.code("C2"),
                        "segmentCode",
                        company.code("B"),
                        "effectiveFrom",
                        m.plusMonths(1).atDay(10).toString())));
        outcomes.add(write("updateCampaign", Map.of("code", k, "channelCode", company.code("C"))));
        outcomes.add(write("recordTouchpoints", touchpoint(q2, company.code("K1"), m.atDay(3) + "T12:00:00Z")));
        outcomes.add(write(
                "upsertCampaignResults",
                Map.of(
                        "results",
                        List.of(Map.of(
                                "campaignCode",
                                company.code("K1"),
                                "day",
                                m.atDay(12).toString(),
                                "impressions",
                                5,
                                "clicks",
                                5,
                                "leads",
                                5,
                                "opportunities",
                                5)))));
        outcomes.add(importFile(
                "TOUCHPOINTS",
                "customer_external_id,campaign_code,occurred_at,kind\n" + q2 + "," + company.code("K1") + ","
                        + m.atDay(3) + "T13:00:00Z,CLICK\n"));
        outcomes.add(importFile(
                "CAMPAIGN_RESULTS",
                "campaign_code,date,impressions,clicks,leads,opportunities\n" + company.code("K2") + "," + m.atDay(13)
                        + ",1,1,1,1\n"));

        assertThat(outcomes)
                .as("writes in open months pass, writes dated in the closed month are refused naming it")
                .containsExactlyElementsOf(outcomesOf(10, "ok", 11, "refused " + m, 2, "ok", 4, "refused " + m));

        // every other mutation: labels, tree nodes, campaigns, results, touchpoints, months, tokens
        List<String> more = new ArrayList<>();
        String channel2 = unique("NMC");
        String dept2 = unique("NMD");
        String product2 = unique("NMP");
        String segment2 = unique("NMS");
        String region3 = unique("NMR");
        String campaign2 = unique("NMK");
        more.add(write("createChannel", Map.of("code", channel2, "name", "Channel", "paid", false)));
        more.add(write("updateChannel", Map.of("code", company.code("CM"), "name", "Paid social", "paid", false)));
        more.add(write("archiveChannel", Map.of("code", channel2)));
        more.add(write("createDepartment", Map.of("code", dept2, "name", "Dept", "kind", "SALES")));
        more.add(write("updateDepartment", Map.of("code", d, "name", "Renamed")));
        // a spend control changes no recorded figure (WARN refuses nothing that follows)
        more.add(write("setSpendControl", Map.of("departmentCode", d, "control", "WARN")));
        more.add(write("archiveDepartment", Map.of("code", dept2)));
        more.add(write("createProduct", Map.of("code", product2, "name", "Product")));
        more.add(write("renameProduct", Map.of("code", product2, "name", "Renamed")));
        more.add(write("archiveProduct", Map.of("code", product2)));
        String segment2parent = unique("NMS");
        api.segment(segment2parent, null);
        more.add(write("createSegment", Map.of("code", segment2, "name", "Segment")));
        more.add(write("renameSegment", Map.of("code", company.code("A"), "name", "Renamed A")));
        // tree positions are read live (docs/metrics.md): a node without figures in a closed month
        // moves freely; one moved under a reported segment would show as a row of its subtree, so
        // the move here stays outside A and B
        more.add(write("moveSegment", Map.of("code", segment2, "parentCode", segment2parent)));
        more.add(write("archiveSegment", Map.of("code", segment2)));
        more.add(write("createRegion", Map.of("code", region3, "name", "Region")));
        more.add(write("renameRegion", Map.of("code", region1, "name", "Renamed region")));
        more.add(write("moveRegion", Map.of("code", region3, "parentCode", region1)));
        more.add(write("archiveRegion", Map.of("code", region3)));
        more.add(write("upsertCurrency", Map.of("code", x, "name", "Renamed currency")));
        more.add(write(
                "createCampaign",
                Map.of(
                        "code", campaign2,
                        "name", "Campaign",
                        "departmentCode", company.code("MK"),
                        "channelCode", company.code("CM"),
                        "startDate", m.plusMonths(1).atDay(1).toString())));
        more.add(write("updateCampaign", Map.of("code", km, "name", "Renamed campaign")));
        more.add(write(
                "endCampaign",
                Map.of("code", campaign2, "endDate", later.atDay(1).toString())));
        more.add(write(
                "recordTouchpoints",
                Map.of("touchpoints", List.of(touch(q3, km, m.plusMonths(1).atDay(2))))));
        more.add(write(
                "upsertCampaignResults",
                Map.of("results", List.of(result(km, m.plusMonths(1).atDay(2))))));
        more.add(write("closeMonth", Map.of("month", later.toString())));
        more.add(write("reopenMonth", Map.of("month", later.toString(), "reason", "late invoice")));
        more.add(token());
        more.add(biCredentials());
        more.add(importFile("DEPARTMENTS", "code,name,kind\n" + unique("NMD") + ",Dept,FINANCE\n"));
        more.add(importFile("SEGMENTS", "code,name,parent_code\n" + unique("NMS") + ",Segment,\n"));
        more.add(importFile("PRODUCTS", "code,name\n" + unique("NMP") + ",Product\n"));
        more.add(importFile("REGIONS", "code,name,parent_code\n" + unique("NMR") + ",Region,\n"));
        more.add(importFile("CHANNELS", "code,name,paid\n" + unique("NMC") + ",Channel,true\n"));
        more.add(importFile(
                "CAMPAIGNS",
                "code,name,department_code,channel_code,start_date\n" + unique("NMK") + ",Campaign,"
                        + company.code("MK") + "," + company.code("CM") + ","
                        + m.plusMonths(1).atDay(1) + "\n"));
        more.add(importFile(
                "CUSTOMERS",
                "external_id,name,segment_code,acquired_on\n" + unique("nmq") + ",Customer," + company.code("B") + ","
                        + m.plusMonths(1).atDay(3) + "\n"));
        more.add(importFile(
                "CAMPAIGN_RESULTS",
                "campaign_code,date,impressions,clicks,leads,opportunities\n" + km + ","
                        + m.plusMonths(1).atDay(4) + ",10,1,0,0\n"));
        more.add(importFile(
                "TOUCHPOINTS",
                "customer_external_id,campaign_code,occurred_at,kind\n" + q3 + "," + km + ","
                        + m.plusMonths(1).atDay(4) + "T09:00:00Z,CLICK\n"));
        String rule = unique("NMA");
        more.add(write(
                "setHeadcount",
                Map.of("departmentCode", d, "month", m.plusMonths(1).toString(), "fte", "2")));
        more.add(write(
                "createAllocationRule",
                Map.of(
                        "code",
                        rule,
                        "name",
                        "Operations to segments",
                        "driver",
                        "FIXED",
                        "effectiveFrom",
                        m.plusMonths(1).toString(),
                        "sourceDepartmentCode",
                        d,
                        "targetDimension",
                        "SEGMENT",
                        "targets",
                        List.of(
                                Map.of("code", company.code("A"), "share", "0.5"),
                                Map.of("code", company.code("B"), "share", "0.5")))));
        more.add(write(
                "endAllocationRule",
                Map.of("code", rule, "lastMonth", m.plusMonths(3).toString())));
        more.add(importFile(
                "HEADCOUNT",
                "department_code,segment_code,month,fte\n," + company.code("A") + "," + m.plusMonths(1) + ",3\n"));
        // objectives: a campaign's objective from a day after its last fact in m, a spend line's own
        // objective and both import columns in open months
        more.add(write(
                "updateCampaign",
                Map.of(
                        "code",
                        k,
                        "objective",
                        "RETENTION",
                        "effectiveFrom",
                        m.plusMonths(1).atDay(20).toString())));
        more.add(write(
                "recordSpendLine",
                withObjective(spend(d, m.plusMonths(1).atDay(6).toString()), "EXPANSION")));
        more.add(importFile(
                "SPEND",
                "external_id,department_code,booked_on,amount,currency,category,objective\n" + unique("nms") + "," + d
                        + "," + m.plusMonths(1).atDay(21) + ",3.00,USD,OTHER,RETENTION\n"));
        more.add(importFile(
                "CAMPAIGNS",
                "code,name,department_code,channel_code,start_date,objective\n" + unique("NMK") + ",Campaign,"
                        + company.code("MK") + "," + company.code("CM") + ","
                        + m.plusMonths(1).atDay(1)
                        + ",EXPANSION\n"));
        // a scenario changes no stored figure: created and deleted around the closed month alike
        String scenario = unique("NMF");
        more.add(write(
                "createScenario",
                Map.of(
                        "code",
                        scenario,
                        "name",
                        "Scenario",
                        "overrides",
                        List.of(Map.of(
                                "driver",
                                "CHURN_RATE",
                                "fromMonth",
                                m.toString(),
                                "toMonth",
                                m.plusMonths(2).toString(),
                                "value",
                                "0.5",
                                "mode",
                                "ABSOLUTE")))));
        more.add(write("deleteScenario", Map.of("code", scenario)));
        // a budget version is a plan: a reforecast copied from the approved version holds m's lines
        // unchanged, takes lines of the open month after m, and approving and locking it moves no
        // budget of m (docs/metrics.md, Budget versions)
        String plan = unique(BUDGET_VERSIONS);
        String draft = unique(BUDGET_VERSIONS);
        more.add(write("createBudgetVersion", Map.of("name", plan, "copyFrom", latestApprovedBudgetVersion())));
        more.add(write(
                "setBudgetLines",
                Map.of(
                        "budgetVersion",
                        plan,
                        "departmentLines",
                        List.of(budgetLine(d, m.plusMonths(1))),
                        "segmentLines",
                        List.of(segmentBudgetLine(company.code("A"), m.plusMonths(1))))));
        more.add(write("approveBudgetVersion", Map.of("budgetVersion", plan)));
        // a transfer between two lines of the open month after m: requested, approved, rejected
        more.add(write("requestBudgetTransfer", transfer(plan, d, company.code("MK"), m.plusMonths(1))));
        more.add(write(
                "approveBudgetTransfer",
                Map.of("id", transferByAnother(plan, d, company.code("MK"), m.plusMonths(1)), "reason", "ok")));
        more.add(write(
                "rejectBudgetTransfer",
                Map.of("id", transferByAnother(plan, d, company.code("MK"), m.plusMonths(1)), "reason", "no")));
        // and between two segment lines of that month: requested, approved, rejected
        more.add(write(
                "requestSegmentBudgetTransfer",
                segmentTransfer(plan, company.code("A"), company.code("B"), m.plusMonths(1))));
        more.add(write(
                "approveSegmentBudgetTransfer",
                Map.of(
                        "id",
                        segmentTransferByAnother(plan, company.code("A"), company.code("B"), m.plusMonths(1)),
                        "reason",
                        "ok")));
        more.add(write(
                "rejectSegmentBudgetTransfer",
                Map.of(
                        "id",
                        segmentTransferByAnother(plan, company.code("A"), company.code("B"), m.plusMonths(1)),
                        "reason",
                        "no")));
        more.add(write("lockBudgetVersion", Map.of("budgetVersion", plan)));
        more.add(write("createBudgetVersion", Map.of("name", draft)));
        // targets are a plan too: those of the open month after m are accepted, m's refused
        more.add(write(
                "setSegmentTargets",
                Map.of(
                        "segmentCode",
                        company.code("A"),
                        "month",
                        m.plusMonths(1).toString(),
                        "newCustomers",
                        3,
                        "currency",
                        "USD")));
        // refused: dated in the closed month
        more.add(write("reverseSpendLine", Map.of("lineId", spendInM)));
        more.add(write("setBudgetLines", Map.of("budgetVersion", draft, "departmentLines", List.of(budgetLine(d, m)))));
        more.add(write("requestBudgetTransfer", transfer(latestApprovedBudgetVersion(), d, company.code("MK"), m)));
        more.add(write(
                "requestSegmentBudgetTransfer",
                segmentTransfer(latestApprovedBudgetVersion(), company.code("A"), company.code("B"), m)));
        more.add(write(
                "setSegmentTargets",
                Map.of("segmentCode", company.code("A"), "month", m.toString(), "newCustomers", 3, "currency", "USD")));
        // a department's kind decides what counts as acquisition spend (CAC): one with spend in the
        // closed month keeps its kind
        more.add(write("updateDepartment", Map.of("code", d, "kind", "MARKETING")));
        // a segment with figures in the closed month keeps its place in the tree (its parent's
        // rolled-up figures of m would move)
        more.add(write("moveSegment", Map.of("code", company.code("A"), "parentCode", segment2parent)));
        more.add(write("setHeadcount", Map.of("departmentCode", d, "month", m.toString(), "fte", "2")));
        more.add(write(
                "createAllocationRule",
                Map.of(
                        "code",
                        unique("NMA"),
                        "name",
                        "Operations to segments",
                        "driver",
                        "FIXED",
                        "effectiveFrom",
                        m.toString(),
                        "sourceDepartmentCode",
                        d,
                        "targetDimension",
                        "SEGMENT",
                        "targets",
                        List.of(Map.of("code", company.code("A"), "share", "1")))));
        more.add(write(
                "createCustomer",
                customer(unique("nmq"), company.code("A"), m.atDay(20).toString())));
        more.add(write(
                "updateCustomer",
                Map.of(
                        "externalId",
                        q2,
                        "segmentCode",
                        company.code("A"),
                        "effectiveFrom",
                        m.atDay(20).toString())));
        more.add(write("recordTouchpoints", Map.of("touchpoints", List.of(touch(q3, km, m.atDay(5))))));
        more.add(write("upsertCampaignResults", Map.of("results", List.of(result(km, m.atDay(5))))));
        more.add(importFile(
                "CUSTOMERS",
                "external_id,name,segment_code,acquired_on\n" + unique("nmq") + ",Customer," + company.code("B") + ","
                        + m.atDay(23) + "\n"));
        more.add(importFile(
                "CAMPAIGN_RESULTS",
                "campaign_code,date,impressions,clicks,leads,opportunities\n" + km + "," + m.atDay(23)
                        + ",10,1,0,0\n"));
        more.add(importFile(
                "TOUCHPOINTS",
                "customer_external_id,campaign_code,occurred_at,kind\n" + q3 + "," + km + "," + m.atDay(6)
                        + "T09:00:00Z,CLICK\n"));
        // objectives: a change dated in m, or from before m while the campaign has spend in m, and
        // lines of m with an objective
        more.add(write(
                "updateCampaign",
                Map.of(
                        "code",
                        k,
                        "objective",
                        "EXPANSION",
                        "effectiveFrom",
                        m.atDay(5).toString())));
        more.add(write(
                "updateCampaign",
                Map.of(
                        "code",
                        k,
                        "objective",
                        "BRAND",
                        "effectiveFrom",
                        m.minusMonths(1).atDay(2).toString())));
        more.add(write("recordSpendLine", withObjective(spend(d, m.atDay(22).toString()), "RETENTION")));
        more.add(importFile(
                "SPEND",
                "external_id,department_code,booked_on,amount,currency,category,objective\n" + unique("nms") + "," + d
                        + "," + m.atDay(23) + ",3.00,USD,OTHER,RETENTION\n"));
        List<String> expected = new ArrayList<>(java.util.Collections.nCopies(59, "ok"));
        expected.addAll(java.util.Collections.nCopies(20, "refused " + m));
        assertThat(more)
                .as("every other mutation and import file: open months pass, the closed month is refused")
                .containsExactlyElementsOf(expected);

        assertThat(driven)
                .as("every mutation of the schema is driven against the closed month")
                .containsAll(inputTypes().keySet());
        assertThat(importedFiles)
                .as("every import file is driven against the closed month")
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ImportFile.values())
                        .map(Enum::name)
                        .toList());

        List<String> after = reports.get();
        for (int i = 0; i < captured.size(); i++) {
            assertThat(after.get(i)).as("report %d", i).isEqualTo(captured.get(i));
        }
    }

    /** The versions this test approves would be read by later tests' default reports: dropped after it. */
    @AfterEach
    void dropBudgetVersions() {
        try (Sql sql = new Sql(environment)) {
            sql.dropBudgetVersions(BUDGET_VERSIONS);
        }
    }

    private String latestApprovedBudgetVersion() {
        return graphQl.document("{ budgetVersions { name isLatestApproved } }")
                .execute()
                .path("budgetVersions[?(@.isLatestApproved == true)].name")
                .entityList(String.class)
                .get()
                .get(0);
    }

    private static Map<String, Object> transfer(String version, String from, String to, YearMonth month) {
        return Map.of(
                "budgetVersion",
                version,
                "month",
                month.toString(),
                "fromDepartmentCode",
                from,
                "toDepartmentCode",
                to,
                "amount",
                "1.00",
                "reason",
                "plan");
    }

    /** A PENDING transfer of the open month requested by a FINANCE user other than the caller; its id. */
    private String transferByAnother(String version, String from, String to, YearMonth month) {
        Map<?, ?> t = clientWithToken(issueToken(dev.revgraph.shared.security.Role.FINANCE, List.of()))
                .documentName("requestBudgetTransfer")
                .variable("input", transfer(version, from, to, month))
                .execute()
                .path("requestBudgetTransfer.budgetTransfer")
                .entity(Map.class)
                .get();
        return (String) t.get("id");
    }

    private static Map<String, Object> segmentTransfer(String version, String from, String to, YearMonth month) {
        return Map.of(
                "budgetVersion",
                version,
                "month",
                month.toString(),
                "fromSegmentCode",
                from,
                "toSegmentCode",
                to,
                "amount",
                "1.00",
                "reason",
                "plan");
    }

    /** A PENDING segment transfer of the open month requested by a FINANCE user other than the caller; its id. */
    private String segmentTransferByAnother(String version, String from, String to, YearMonth month) {
        Map<?, ?> t = clientWithToken(issueToken(dev.revgraph.shared.security.Role.FINANCE, List.of()))
                .documentName("requestSegmentBudgetTransfer")
                .variable("input", segmentTransfer(version, from, to, month))
                .execute()
                .path("requestSegmentBudgetTransfer.segmentBudgetTransfer")
                .entity(Map.class)
                .get();
        return (String) t.get("id");
    }

    private static Map<String, Object> segmentBudgetLine(String segment, YearMonth month) {
        return Map.of("segmentCode", segment, "month", month.toString(), "amount", "40.00", "currency", "USD");
    }

    private static Map<String, Object> budgetLine(String department, YearMonth month) {
        return Map.of("departmentCode", department, "month", month.toString(), "amount", "40.00", "currency", "USD");
    }

    /** The expected outcomes, as (count, outcome) pairs in order. */
    private static List<String> outcomesOf(Object... countsAndOutcomes) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < countsAndOutcomes.length; i += 2) {
            expected.addAll(
                    java.util.Collections.nCopies((Integer) countsAndOutcomes[i], (String) countsAndOutcomes[i + 1]));
        }
        return expected;
    }

    private final java.util.Set<String> driven = new java.util.TreeSet<>();
    private final java.util.Set<String> importedFiles = new java.util.TreeSet<>();

    /**
     * "ok", or "refused yyyy-MM" when the first error names a month (else the error itself). The
     * mutation is sent as a document of its own, written from its name and the schema's type of its
     * {@code input} argument.
     */
    private String write(String mutation, Map<String, Object> input) {
        driven.add(mutation);
        String inputType = inputTypes().get(mutation);
        String document = "mutation($input: " + inputType + "!) { " + mutation
                + "(input: $input) { errors { __typename message ... on ClosedPeriodError { month } } } }";
        List<Map> errors = graphQl.document(document)
                .variable("input", input)
                .execute()
                .path(mutation + ".errors")
                .entityList(Map.class)
                .get();
        return outcome(errors);
    }

    /** Creates an API token and revokes it: neither touches a figure. */
    private String token() {
        driven.add("createApiToken");
        driven.add("revokeApiToken");
        String id = graphQl.document("mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {"
                        + " apiToken { id } errors { message } } }")
                .variable("input", Map.of("name", unique("nm token"), "role", "ANALYST"))
                .execute()
                .path("createApiToken.apiToken.id")
                .entity(String.class)
                .get();
        return write("revokeApiToken", Map.of("id", id));
    }

    /** Creates BI credentials and revokes them: neither touches a figure. */
    private String biCredentials() {
        String name = "bi_" + unique("nm").replaceAll("[^a-z0-9]", "_").toLowerCase();
        assertThat(write("createBiCredentials", Map.of("name", name))).isEqualTo("ok");
        return write("revokeBiCredentials", Map.of("name", name));
    }

    private Map<String, String> inputTypes;

    /** Every mutation of the served schema with the type of its {@code input} argument. */
    @SuppressWarnings("unchecked")
    private Map<String, String> inputTypes() {
        if (inputTypes == null) {
            List<Map> fields = graphQl.document(
                            "{ __type(name: \"Mutation\") { fields { name args { name type { ofType { name } } } } } }")
                    .execute()
                    .path("__type.fields")
                    .entityList(Map.class)
                    .get();
            inputTypes = new java.util.TreeMap<>();
            for (Map field : fields) {
                for (Map<String, Object> arg : (List<Map<String, Object>>) field.get("args")) {
                    if ("input".equals(arg.get("name"))) {
                        Map<String, Object> type = (Map<String, Object>) arg.get("type");
                        inputTypes.put((String) field.get("name"), (String)
                                ((Map<String, Object>) type.get("ofType")).get("name"));
                    }
                }
            }
        }
        return inputTypes;
    }

    private static Map<String, Object> touch(String customer, String campaign, java.time.LocalDate day) {
        return Map.of(
                "customerExternalId",
                customer,
                "campaignCode",
                campaign,
                "occurredAt",
                day + "T12:00:00Z",
                "kind",
                "CLICK");
    }

    private static Map<String, Object> result(String campaign, java.time.LocalDate day) {
        return Map.of(
                "campaignCode",
                campaign,
                "day",
                day.toString(),
                "impressions",
                10,
                "clicks",
                1,
                "leads",
                0,
                "opportunities",
                0);
    }

    /** The served JSON with every name replaced: names are labels, read live (docs/metrics.md). */
    private static String withoutNames(String json) {
        return json.replaceAll("\"(\\w+Name|name)\":\"[^\"]*\"", "\"$1\":\"~\"");
    }

    private String importFile(String file, String content) {
        importedFiles.add(file);
        driven.add("importCsv");
        List<Map> errors = api.mutate("importCsv", Map.of("file", file, "content", content))
                .path("importCsv.errors")
                .entityList(Map.class)
                .get();
        return outcome(errors);
    }

    private static String outcome(List<Map> errors) {
        if (errors.isEmpty()) {
            return "ok";
        }
        Object month = errors.get(0).get("month");
        String message = String.valueOf(errors.get(0).get("message"));
        if (month == null) {
            // import row errors name the month in their message ("month 2101-03 is closed: ...")
            var matcher = java.util.regex.Pattern.compile("month (\\d{4}-\\d{2}) is closed")
                    .matcher(message);
            return matcher.find() ? "refused " + matcher.group(1) : "error " + message;
        }
        return "refused " + month;
    }

    private static Map<String, Object> rate(String currency, java.time.LocalDate date, String rate) {
        return Map.of("currency", currency, "date", date.toString(), "rate", rate);
    }

    private static Map<String, Object> customer(String externalId, String segment, String acquiredOn) {
        return Map.of("externalId", externalId, "name", externalId, "segmentCode", segment, "acquiredOn", acquiredOn);
    }

    private static Map<String, Object> revenue(String customer, String day) {
        return Map.of(
                "customerExternalId",
                customer,
                "recognizedOn",
                day,
                "amount",
                "7.00",
                "currency",
                "USD",
                "recurring",
                true);
    }

    private static Map<String, Object> spend(String department, String day) {
        return Map.of(
                "departmentCode",
                department,
                "bookedOn",
                day,
                "amount",
                "7.00",
                "currency",
                "USD",
                "category",
                "OTHER");
    }

    private static Map<String, Object> withObjective(Map<String, Object> input, String objective) {
        Map<String, Object> with = new LinkedHashMap<>(input);
        with.put("objective", objective);
        return with;
    }

    private static Map<String, Object> budget(String department, String month) {
        return Map.of("departmentCode", department, "month", month, "amount", "70.00", "currency", "USD");
    }

    /** Every report of {@code closedFigures} over the month, as the JSON the API served. */
    private String figures(YearMonth m, String segment, String department, String version) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("from", m.atDay(1).toString());
        variables.put("to", m.atEndOfMonth().toString());
        variables.put("segmentCode", segment);
        variables.put("departmentCodes", List.of(department));
        variables.put("departmentCode", department);
        variables.put("version", version);
        var request = graphQl.documentName("closedFigures");
        for (var e : variables.entrySet()) {
            request = request.variable(e.getKey(), e.getValue());
        }
        var response = request.execute().returnResponse();
        assertThat(response.getErrors()).isEmpty();
        return JSON.writeValueAsString(response.toMap());
    }

    /** The month's expansion attribution under a model, as the JSON the API served. */
    private String expansionAttribution(YearMonth m, String model, String version) {
        var response = graphQl.documentName("closedExpansionAttribution")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("model", model)
                .variable("version", version)
                .execute()
                .returnResponse();
        assertThat(response.getErrors()).isEmpty();
        return JSON.writeValueAsString(response.toMap());
    }

    /** The month's campaign performance under a model, as the JSON the API served. */
    private String campaignPerformance(YearMonth m, String model, Integer halfLifeDays, String version) {
        var response = graphQl.documentName("closedCampaignPerformance")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("model", model)
                .variable("halfLifeDays", halfLifeDays)
                .variable("version", version)
                .execute()
                .returnResponse();
        assertThat(response.getErrors()).isEmpty();
        return JSON.writeValueAsString(response.toMap());
    }

    private static Map<String, Object> touchpoint(String customer, String campaign, String occurredAt) {
        return Map.of(
                "touchpoints",
                List.of(Map.of(
                        "customerExternalId",
                        customer,
                        "campaignCode",
                        campaign,
                        "occurredAt",
                        occurredAt,
                        "kind",
                        "CLICK")));
    }

    /** The month's P&L grouped by segment, product, region and department at once. */
    private String pnlByEveryDimension(YearMonth m) {
        var response = graphQl.documentName("profitAndLoss")
                .variable("from", m.atDay(1).toString())
                .variable("to", m.atEndOfMonth().toString())
                .variable("groupBy", List.of("SEGMENT", "PRODUCT", "REGION", "DEPARTMENT", "CHANNEL"))
                .execute()
                .returnResponse();
        assertThat(response.getErrors()).isEmpty();
        return JSON.writeValueAsString(response.toMap());
    }
}
