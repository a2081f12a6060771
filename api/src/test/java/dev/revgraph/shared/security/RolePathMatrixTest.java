package dev.revgraph.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.fiscal.FiscalService;
import dev.revgraph.support.Api;
import dev.revgraph.support.CampaignApi;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import dev.revgraph.token.ApiTokenService;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.graphql.execution.GraphQlSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The role-by-path matrix: walks the schema the application serves, reaches every object type
 * through every field that returns it (root fields, mutation payloads, nested fields), and for each
 * role sends the smallest document that follows the path over real HTTP. An allowed path must
 * answer without error; a denied one must answer FORBIDDEN and never carry the object.
 *
 * <p>The expected rules are written here, apart from the code that enforces them, and every
 * object type must be classified: a new type, or a new field returning {@code Customer} that
 * skips the guard, fails this test.
 *
 * <p>Each role follows, to every type, a path it may take, so the fields of a type are tried from
 * where that role can stand: a DEPARTMENT token reaches {@code Touchpoint} only as the payload of
 * {@code recordTouchpoints}, and from there asks for its {@code customer}.
 */
class RolePathMatrixTest extends IntegrationTest {

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> FINANCE = EnumSet.of(Role.ADMIN, Role.FINANCE);
    private static final Set<Role> DEPARTMENT = EnumSet.of(Role.ADMIN, Role.FINANCE, Role.DEPARTMENT);

    /** Who may read each restricted object type (docs/security.md). */
    private static final Map<String, Set<Role>> RESTRICTED = Map.ofEntries(
            Map.entry("Customer", FINANCE),
            Map.entry("CustomerAssignment", FINANCE),
            Map.entry("CustomerConnection", FINANCE),
            Map.entry("CustomerEdge", FINANCE),
            Map.entry("CustomerMonth", FINANCE),
            Map.entry("RevenueLine", FINANCE),
            Map.entry("RevenueLineConnection", FINANCE),
            Map.entry("RevenueLineEdge", FINANCE),
            Map.entry("SpendLine", DEPARTMENT),
            Map.entry("BudgetTransfer", DEPARTMENT),
            Map.entry("SpendLineConnection", DEPARTMENT),
            Map.entry("SpendLineEdge", DEPARTMENT),
            Map.entry("Touchpoint", DEPARTMENT),
            Map.entry("AuditEvent", FINANCE),
            Map.entry("AuditEventConnection", FINANCE),
            Map.entry("AuditEventEdge", FINANCE),
            Map.entry("ApiToken", ADMIN),
            Map.entry("BiCredential", ADMIN));

    /** Object types every role may read; a type in neither list fails the test until someone decides. */
    private static final Set<String> OPEN = Set.of("""
            AcquisitionEconomicsReport AcquisitionEconomicsRow AllocationPool AllocationReport AllocationRow AllocationRule AllocationRuleEvent AllocationRulePayload
            AllocationChange AllocationPoolChange DepartmentStatementChange
            AllocationRuleTarget ApiTokenPayload ArchivedError BiCredentialsPayload Budget BudgetPayload BudgetVersion BudgetVersionEvent
            BudgetVersionPayload BudgetTransferPayload SegmentBudget SegmentBudgetTransfer SegmentBudgetTransferPayload SegmentTarget SegmentTargetPayload TargetsVsActualChange TargetsVsActualReport TargetsVsActualRow
            BudgetVsActualChange BudgetVsActualReport BudgetVsActualRow BudgetWarning BudgetExceededError
            BudgetVsActualTotal Campaign CampaignAssignment CampaignConnection CampaignEdge CampaignFunnelReport CampaignFunnelRow CampaignPayload CampaignPerformanceReport
            CampaignPerformanceChange CampaignPerformanceRow CampaignPerformanceTotal CampaignResult CampaignResultsPayload CategoryAmount
            Channel ChannelPayload CloseRecord ClosedPeriodError CohortRetentionChange CohortRetentionReport CohortRetentionRow ConflictError
            CreateApiTokenPayload CreateBiCredentialsPayload CurrencyInfo CurrencyPayload CustomerPayload Department DepartmentAmount
            ExpansionAttributionReport ExpansionAttributionRow ExpansionAttributionTotal
            AcquisitionEconomicsChange CampaignFunnelChange ExpansionAttributionChange
            DepartmentPayload DepartmentStatementReport DepartmentStatementRow ForecastChange ForecastDifference ForecastDrivers
            ForecastReport ForecastRow
            FiscalMonth FiscalMonthPayload FxRate FxRatesPayload Headcount HeadcountPayload ImportCsvPayload
            ImportFileResult ImportRowError InputWarning InvalidInputError MetricDefinition MissingFxRateError
            Money MonthStatusEvent MrrMovementChange MrrMovementRow MrrMovementsReport Mutation NotFoundError PageInfo PnlChange
            PnlFigures PnlPlanChange PnlPlanFigures PnlRow Product ProductPayload ProfitAndLossReport Query Region RegionPayload Subscription
            RevenueLinePayload Scenario ScenarioComparison ScenarioComparisonRow ScenarioOverride ScenarioPayload
            Segment SegmentEconomicsChange SegmentEconomicsReport SegmentEconomicsRow
            SegmentPayload Settings SourceGroup SpendLinePayload TouchpointsPayload Viewer""".split("\\s+"));

    /** Mutations a DEPARTMENT token may call (within its departments); the token mutations are ADMIN's. */
    private static final Set<String> DEPARTMENT_WRITES = Set.of(
            "createCampaign",
            "updateCampaign",
            "endCampaign",
            "upsertCampaignResults",
            "recordTouchpoints",
            "recordSpendLine",
            "reverseSpendLine",
            "requestBudgetTransfer",
            "requestSegmentBudgetTransfer");

    private static final Set<String> ADMIN_WRITES =
            Set.of("createApiToken", "revokeApiToken", "createBiCredentials", "revokeBiCredentials");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger TOUCH = new AtomicInteger();
    private static final AtomicInteger CLOSED = new AtomicInteger();

    /** Paths per request, within the limits of 20 root fields and 30 aliases per document. */
    private static final int BATCH = 15;

    @Autowired
    GraphQlSource source;

    @Autowired
    ApiTokenService tokenService;

    @Autowired
    FiscalService fiscal;

    @Autowired
    Environment environment;

    private static final String BUDGET_VERSIONS = "RPMV";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private static boolean mayRead(Role role, String type) {
        Set<Role> readers = RESTRICTED.get(type);
        return readers == null || readers.contains(role);
    }

    private static boolean mayWrite(Role role, String mutation) {
        return switch (role) {
            case ADMIN -> true;
            case FINANCE -> !ADMIN_WRITES.contains(mutation);
            case DEPARTMENT -> DEPARTMENT_WRITES.contains(mutation);
            case ANALYST -> false;
        };
    }

    /** One field followed on the way, with the object type the path continues in (a fragment when the field is abstract). */
    private record Step(GraphQLFieldsContainer parent, GraphQLFieldDefinition field, GraphQLObjectType into) {}

    /** One path tried as one role, and whether the rules allow it. */
    private record Probe(Role role, List<Step> path, String target, boolean allowed) {

        boolean mutation() {
            return path.get(0).parent().getName().equals("Mutation");
        }
    }

    private record Outcome(int status, Map<String, Object> body, String raw) {}

    // ---- fixtures: one department, its campaign, a customer with revenue and a touchpoint, a spend line

    private String dept;
    private String otherDept;
    private String channel;
    private String segment;
    private String region;
    private String product;
    private String campaign;
    private String customer;
    private String spendLineId;
    private YearMonth month;
    private CampaignApi campaigns;
    private Map<String, Map<String, Object>> fieldArguments;
    private Map<String, Supplier<Map<String, Object>>> mutationInputs;
    private final Map<String, Map<String, Object>> lastInputs = new ConcurrentHashMap<>();

    private void fixtures() {
        campaigns = new CampaignApi(graphQl);
        month = YearMonth.of(2072, 1); // its own year, like monthToClose()
        CompanyBuilder company = new CompanyBuilder(graphQl)
                .department("RPM", "MARKETING")
                .department("RPM2", "SALES")
                .channel("RPMC", true)
                .segment("RPMS", null)
                .region("RPMR", null)
                .product("RPMP")
                .campaign("RPMK", "RPM", "RPMC", month.atDay(1).toString())
                .customer("RPMU", "RPMS", null, month.atDay(15).toString(), "RPMK")
                .recurring("RPMU", "100.00", month.atDay(20).toString())
                .touches("RPMU", "RPMK", month.atDay(2) + "T09:00:00Z")
                .results("RPMK", month.atDay(3).toString(), 10, 2, 1, 0)
                .budget("RPM", month.toString(), "500.00")
                .build();
        dept = company.code("RPM");
        otherDept = company.code("RPM2");
        channel = company.code("RPMC");
        segment = company.code("RPMS");
        region = company.code("RPMR");
        product = company.code("RPMP");
        campaign = company.code("RPMK");
        customer = company.code("RPMU");
        spendLineId = spendLine();

        String from = month.atDay(1).toString();
        String to = month.atEndOfMonth().toString();
        fieldArguments = new HashMap<>();
        fieldArguments.put("Query.budgetVsActual", Map.of("from", from, "to", to));
        fieldArguments.put("Query.allocations", Map.of("from", from, "to", to));
        fieldArguments.put("Query.headcount", Map.of("from", month.toString(), "to", month.toString()));
        fieldArguments.put("Query.budgets", Map.of("from", month.toString(), "to", month.toString()));
        fieldArguments.put("Query.segmentBudgets", Map.of("from", month.toString(), "to", month.toString()));
        fieldArguments.put("Query.targetsVsActual", Map.of("from", from, "to", to, "segmentCode", segment));
        fieldArguments.put("Query.campaign", Map.of("code", campaign));
        fieldArguments.put("Query.campaignPerformance", Map.of("from", from, "to", to));
        fieldArguments.put("Query.expansionAttribution", Map.of("from", from, "to", to));
        fieldArguments.put("Query.acquisitionEconomics", Map.of("from", from, "to", to));
        fieldArguments.put("Query.campaignFunnel", Map.of("from", from, "to", to));
        fieldArguments.put("Query.campaignResults", Map.of("campaignCode", campaign, "from", from, "to", to));
        fieldArguments.put("Query.channel", Map.of("code", channel));
        fieldArguments.put("Query.closeHistory", Map.of("month", month.toString()));
        fieldArguments.put("Query.cohortRetention", Map.of("from", from, "to", to));
        fieldArguments.put("Query.customer", Map.of("externalId", customer));
        fieldArguments.put("Query.department", Map.of("code", dept));
        fieldArguments.put("Query.departmentStatement", Map.of("from", from, "to", to));
        // a forecast of the first month after the last closed one (the walk closes months of 2080
        // only, before any other test's last closed month or after it: either way within the horizon)
        YearMonth open = YearMonth.from(fiscal.firstOpenDay());
        Map<String, Object> forecast = Map.of(
                "from", open.atDay(1).toString(), "to", open.atEndOfMonth().toString(), "segmentCode", segment);
        fieldArguments.put("Query.forecast", forecast);
        fieldArguments.put("Query.compareScenarios", forecast);
        fieldArguments.put("Query.fiscalMonths", Map.of("from", month.toString(), "to", month.toString()));
        fieldArguments.put("Query.fxRates", Map.of("currency", "USD"));
        fieldArguments.put("Query.mrrMovements", Map.of("from", from, "to", to));
        fieldArguments.put("Query.product", Map.of("code", product));
        fieldArguments.put("Query.profitAndLoss", Map.of("from", from, "to", to));
        fieldArguments.put("Query.region", Map.of("code", region));
        fieldArguments.put("Query.segment", Map.of("code", segment));
        fieldArguments.put("Query.segmentEconomics", Map.of("from", from, "to", to));
        fieldArguments.put("Query.spendLine", Map.of("id", spendLineId));
        fieldArguments.put("Customer.mrrHistory", Map.of("from", month.toString(), "to", month.toString()));
        fieldArguments.put(
                "Customer.assignmentOn", Map.of("date", month.atDay(10).toString()));
        fieldArguments.put(
                "Campaign.assignmentOn", Map.of("date", month.atDay(10).toString()));

        String day = month.atDay(10).toString();
        mutationInputs = new HashMap<>();
        mutationInputs.put("archiveChannel", () -> Map.of("code", freshChannel()));
        mutationInputs.put("archiveDepartment", () -> Map.of("code", freshDepartment()));
        mutationInputs.put("setSpendControl", () -> Map.of("departmentCode", freshDepartment(), "control", "WARN"));
        mutationInputs.put("archiveProduct", () -> Map.of("code", freshProduct()));
        mutationInputs.put("archiveRegion", () -> Map.of("code", freshRegion()));
        mutationInputs.put("archiveSegment", () -> Map.of("code", freshSegment()));
        mutationInputs.put("setHeadcount", () -> Map.of("departmentCode", dept, "month", month.toString(), "fte", "2"));
        mutationInputs.put("createAllocationRule", () -> allocationRule(freshDepartment()));
        mutationInputs.put(
                "endAllocationRule", () -> Map.of("code", freshAllocationRule(), "lastMonth", month.toString()));
        mutationInputs.put("closeMonth", () -> Map.of("month", monthToClose().toString()));
        mutationInputs.put(
                "createScenario",
                () -> Map.of(
                        "code",
                        unique("RPMF"),
                        "name",
                        "Matrix scenario",
                        "overrides",
                        List.of(Map.of(
                                "driver",
                                "NEW_CUSTOMERS",
                                "fromMonth",
                                month.toString(),
                                "toMonth",
                                month.toString(),
                                "value",
                                "0.2",
                                "mode",
                                "RELATIVE"))));
        mutationInputs.put("deleteScenario", () -> Map.of("code", freshScenario()));
        mutationInputs.put("createBudgetVersion", () -> Map.of("name", unique(BUDGET_VERSIONS)));
        mutationInputs.put(
                "setBudgetLines",
                () -> Map.of(
                        "budgetVersion",
                        freshBudgetVersion(false),
                        "departmentLines",
                        List.of(Map.of(
                                "departmentCode",
                                dept,
                                "month",
                                month.toString(),
                                "amount",
                                "10.00",
                                "currency",
                                "USD"))));
        mutationInputs.put("approveBudgetVersion", () -> Map.of("budgetVersion", freshBudgetVersion(false)));
        mutationInputs.put("lockBudgetVersion", () -> Map.of("budgetVersion", freshBudgetVersion(true)));
        mutationInputs.put("requestBudgetTransfer", () -> transferInput(freshBudgetVersion(true)));
        mutationInputs.put("approveBudgetTransfer", () -> Map.of("id", freshTransfer(), "reason", "matrix"));
        mutationInputs.put("rejectBudgetTransfer", () -> Map.of("id", freshTransfer(), "reason", "matrix"));
        mutationInputs.put(
                "requestSegmentBudgetTransfer", () -> segmentTransferInput(freshBudgetVersion(true), freshSegment()));
        mutationInputs.put(
                "approveSegmentBudgetTransfer", () -> Map.of("id", freshSegmentTransfer(), "reason", "matrix"));
        mutationInputs.put(
                "rejectSegmentBudgetTransfer", () -> Map.of("id", freshSegmentTransfer(), "reason", "matrix"));
        mutationInputs.put(
                "setSegmentTargets",
                () -> Map.of("segmentCode", segment, "month", month.toString(), "newCustomers", 2, "currency", "USD"));
        mutationInputs.put("createApiToken", () -> Map.of("name", "matrix", "role", "ANALYST"));
        mutationInputs.put("createBiCredentials", () -> Map.of("name", biName()));
        mutationInputs.put("revokeBiCredentials", () -> Map.of("name", freshBiCredentials()));
        mutationInputs.put(
                "createCampaign",
                () -> Map.of(
                        "code",
                        unique("RPMK"),
                        "name",
                        "Matrix campaign",
                        "departmentCode",
                        dept,
                        "channelCode",
                        channel,
                        "startDate",
                        day));
        mutationInputs.put("createChannel", () -> Map.of("code", unique("RPMC"), "name", "Matrix", "paid", true));
        mutationInputs.put(
                "createCustomer",
                () -> Map.of(
                        "externalId",
                        unique("RPMU"),
                        "name",
                        "Matrix customer",
                        "segmentCode",
                        segment,
                        "acquiredOn",
                        day));
        mutationInputs.put(
                "createDepartment", () -> Map.of("code", unique("RPM"), "name", "Matrix", "kind", "GENERAL"));
        mutationInputs.put("createProduct", () -> Map.of("code", unique("RPMP"), "name", "Matrix"));
        mutationInputs.put("createRegion", () -> Map.of("code", unique("RPMR"), "name", "Matrix"));
        mutationInputs.put("createSegment", () -> Map.of("code", unique("RPMS"), "name", "Matrix"));
        mutationInputs.put("endCampaign", () -> Map.of("code", freshCampaign()));
        mutationInputs.put(
                "importCsv",
                () -> Map.of("file", "PRODUCTS", "content", "code,name\n" + unique("RPMP") + ",Imported\n"));
        mutationInputs.put("moveRegion", () -> Map.of("code", freshRegion(), "parentCode", region));
        mutationInputs.put("moveSegment", () -> Map.of("code", freshSegment(), "parentCode", segment));
        mutationInputs.put(
                "recordRevenueLine",
                () -> Map.of(
                        "customerExternalId",
                        customer,
                        "recognizedOn",
                        day,
                        "amount",
                        "10.00",
                        "currency",
                        "USD",
                        "recurring",
                        false));
        mutationInputs.put(
                "recordSpendLine",
                () -> Map.of(
                        "departmentCode",
                        dept,
                        "bookedOn",
                        day,
                        "amount",
                        "5.00",
                        "currency",
                        "USD",
                        "category",
                        "ADVERTISING",
                        "campaignCode",
                        campaign));
        mutationInputs.put(
                "recordTouchpoints",
                () -> Map.of(
                        "touchpoints",
                        List.of(Map.of(
                                "customerExternalId",
                                customer,
                                "campaignCode",
                                campaign,
                                "kind",
                                "CLICK",
                                "occurredAt",
                                month.atDay(5) + "T09:00:" + String.format("%02d", TOUCH.incrementAndGet() % 60)
                                        + "Z"))));
        mutationInputs.put("renameProduct", () -> Map.of("code", product, "name", "Renamed"));
        mutationInputs.put("renameRegion", () -> Map.of("code", region, "name", "Renamed"));
        mutationInputs.put("renameSegment", () -> Map.of("code", segment, "name", "Renamed"));
        mutationInputs.put("reopenMonth", () -> Map.of("month", closedMonth(), "reason", "matrix"));
        mutationInputs.put("reverseRevenueLine", () -> Map.of("lineId", revenueLine()));
        mutationInputs.put("reverseSpendLine", () -> Map.of("lineId", spendLine()));
        mutationInputs.put("revokeApiToken", () -> Map.of("id", freshToken()));
        mutationInputs.put(
                "setBudget",
                () -> Map.of("departmentCode", dept, "month", month.toString(), "amount", "100.00", "currency", "USD"));
        mutationInputs.put("updateCampaign", () -> Map.of("code", campaign, "name", "Renamed"));
        mutationInputs.put("updateChannel", () -> Map.of("code", channel, "name", "Renamed"));
        mutationInputs.put("updateCustomer", () -> Map.of("externalId", customer, "name", "Renamed"));
        mutationInputs.put("updateDepartment", () -> Map.of("code", dept, "name", "Renamed"));
        mutationInputs.put(
                "upsertCampaignResults",
                () -> Map.of(
                        "results",
                        List.of(Map.of(
                                "campaignCode",
                                campaign,
                                "day",
                                day,
                                "impressions",
                                10,
                                "clicks",
                                1,
                                "leads",
                                1,
                                "opportunities",
                                0))));
        mutationInputs.put("upsertCurrency", () -> Map.of("code", Api.uniqueCurrency(), "name", "Matrix"));
        mutationInputs.put("upsertFxRates", () -> {
            String currency = Api.uniqueCurrency();
            api.currency(currency);
            return Map.of("rates", List.of(Map.of("currency", currency, "date", day, "rate", "1.25")));
        });
    }

    /** A rule input moving a fresh department's pool onto the fixture's segment in the fixture's month. */
    private Map<String, Object> allocationRule(String source) {
        return Map.of(
                "code",
                unique("RPMA"),
                "name",
                "Matrix rule",
                "sourceDepartmentCode",
                source,
                "targetDimension",
                "SEGMENT",
                "driver",
                "FIXED",
                "targets",
                List.of(Map.of("code", segment, "share", "1")),
                "effectiveFrom",
                month.toString(),
                "effectiveTo",
                month.toString());
    }

    private String freshAllocationRule() {
        Map<String, Object> input = allocationRule(freshDepartment());
        api.ok("createAllocationRule", "allocationRule", input);
        return (String) input.get("code");
    }

    /** A new DRAFT budget version's name, approved when {@code approved}. */
    private String freshBudgetVersion(boolean approved) {
        String name = unique(BUDGET_VERSIONS);
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", name));
        if (approved) {
            api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", name));
        }
        return name;
    }

    private Map<String, Object> transferInput(String version) {
        return Map.of(
                "budgetVersion",
                version,
                "month",
                month.toString(),
                "fromDepartmentCode",
                dept,
                "toDepartmentCode",
                otherDept,
                "amount",
                "1.00",
                "reason",
                "matrix");
    }

    /** A PENDING transfer of 1.00 from a 10.00 line of a new approved version, requested by a FINANCE user of its own. */
    private String freshTransfer() {
        String name = unique(BUDGET_VERSIONS);
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", name));
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        name,
                        "departmentLines",
                        List.of(Map.of(
                                "departmentCode",
                                dept,
                                "month",
                                month.toString(),
                                "amount",
                                "10.00",
                                "currency",
                                "USD"))));
        api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", name));
        Map<?, ?> transfer = clientWithToken(issueToken(Role.FINANCE, List.of()))
                .documentName("requestBudgetTransfer")
                .variable("input", transferInput(name))
                .execute()
                .path("requestBudgetTransfer.budgetTransfer")
                .entity(Map.class)
                .get();
        return (String) transfer.get("id");
    }

    private Map<String, Object> segmentTransferInput(String version, String toSegment) {
        return Map.of(
                "budgetVersion",
                version,
                "month",
                month.toString(),
                "fromSegmentCode",
                segment,
                "toSegmentCode",
                toSegment,
                "amount",
                "1.00",
                "reason",
                "matrix");
    }

    /** A PENDING segment transfer of 1.00 from a 10.00 segment line of a new approved version, requested by a FINANCE user of its own. */
    private String freshSegmentTransfer() {
        String name = unique(BUDGET_VERSIONS);
        api.ok("createBudgetVersion", "budgetVersion", Map.of("name", name));
        api.ok(
                "setBudgetLines",
                "budgetVersion",
                Map.of(
                        "budgetVersion",
                        name,
                        "segmentLines",
                        List.of(Map.of(
                                "segmentCode",
                                segment,
                                "month",
                                month.toString(),
                                "amount",
                                "10.00",
                                "currency",
                                "USD"))));
        api.ok("approveBudgetVersion", "budgetVersion", Map.of("budgetVersion", name));
        Map<?, ?> transfer = clientWithToken(issueToken(Role.FINANCE, List.of()))
                .documentName("requestSegmentBudgetTransfer")
                .variable("input", segmentTransferInput(name, freshSegment()))
                .execute()
                .path("requestSegmentBudgetTransfer.segmentBudgetTransfer")
                .entity(Map.class)
                .get();
        return (String) transfer.get("id");
    }

    /** The versions the walk approves are read by every later test's default reports: dropped after it. */
    @AfterEach
    void dropBudgetVersions() {
        try (Sql sql = new Sql(environment)) {
            sql.dropBudgetVersions(BUDGET_VERSIONS);
        }
    }

    private String freshScenario() {
        String code = unique("RPMF");
        api.ok("createScenario", "scenario", Map.of("code", code, "name", "Matrix scenario", "overrides", List.of()));
        return code;
    }

    private String freshChannel() {
        String code = unique("RPMC");
        campaigns.channel(code, false);
        return code;
    }

    private String freshDepartment() {
        String code = unique("RPM");
        api.department(code, "GENERAL");
        return code;
    }

    private String freshProduct() {
        String code = unique("RPMP");
        api.product(code);
        return code;
    }

    private String freshRegion() {
        String code = unique("RPMR");
        api.region(code, null);
        return code;
    }

    private String freshSegment() {
        String code = unique("RPMS");
        api.segment(code, null);
        return code;
    }

    private String freshCampaign() {
        String code = unique("RPMK");
        campaigns.campaign(code, dept, channel, month.atDay(1).toString(), Map.of());
        return code;
    }

    /**
     * A month of this test's own years to close: the walk closes a dozen, which would carry the
     * shared {@link Api#uniqueMonth} sequence into the years other tests fix (2045).
     */
    private static YearMonth monthToClose() {
        return YearMonth.of(2080, 1).plusMonths(CLOSED.getAndIncrement());
    }

    private String closedMonth() {
        YearMonth closed = monthToClose();
        api.close(closed);
        return closed.toString();
    }

    private String spendLine() {
        return api.spend(
                dept, month.atDay(6).toString(), "25.00", "USD", "ADVERTISING", Map.of("campaignCode", campaign));
    }

    private String revenueLine() {
        return api.revenue(customer, month.atDay(21).toString(), "30.00", "USD", true);
    }

    private static String biName() {
        return "bi_" + unique("matrix").replaceAll("[^a-z0-9]", "_").toLowerCase();
    }

    private String freshBiCredentials() {
        String name = biName();
        graphQl.document("mutation($name: String!) { createBiCredentials(input: {name: $name}) { password } }")
                .variable("name", name)
                .execute()
                .path("createBiCredentials.password")
                .hasValue();
        return name;
    }

    private String freshToken() {
        return graphQl.document("""
                        mutation { createApiToken(input: {name: "matrix", role: ANALYST}) { apiToken { id } } }""")
                .execute()
                .path("createApiToken.apiToken.id")
                .entity(String.class)
                .get();
    }

    // ---- the walk

    @Test
    void everyPathToEveryObjectTypeFollowsTheRoleRules() throws Exception {
        GraphQLSchema schema = source.schema();
        List<String> problems = new CopyOnWriteArrayList<>();

        Set<String> unclassified = new TreeSet<>();
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            if (type instanceof GraphQLObjectType
                    && !type.getName().startsWith("__")
                    && !RESTRICTED.containsKey(type.getName())
                    && !OPEN.contains(type.getName())) {
                unclassified.add(type.getName());
            }
        }
        assertThat(unclassified)
                .as("object types nobody has decided who may read: add each to RESTRICTED (and "
                        + "TypeReaders) or OPEN")
                .isEmpty();

        fixtures();
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            tokens.put(
                    role,
                    tokenService
                            .issue(
                                    "matrix " + role,
                                    role,
                                    role == Role.DEPARTMENT ? List.of(dept) : List.of(),
                                    null,
                                    "test")
                            .secret());
        }

        List<Probe> probes = new ArrayList<>();
        Set<String> reachedByAnyRole = new TreeSet<>();
        for (Role role : Role.values()) {
            Map<String, List<Step>> routes = routes(schema, role);
            reachedByAnyRole.addAll(routes.keySet());
            for (Map.Entry<String, List<Step>> route : routes.entrySet()) {
                GraphQLObjectType parent = (GraphQLObjectType) schema.getType(route.getKey());
                for (GraphQLFieldDefinition field : parent.getFieldDefinitions()) {
                    GraphQLNamedType target = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(field.getType());
                    if (!(target instanceof GraphQLFieldsContainer || target instanceof GraphQLUnionType)) {
                        continue;
                    }
                    if (!argumentsKnown(parent, field)) {
                        problems.add("no arguments for " + parent.getName() + "." + field.getName()
                                + ": add them to fieldArguments or mutationInputs");
                        continue;
                    }
                    List<Step> path = new ArrayList<>(route.getValue());
                    path.add(new Step(parent, field, null));
                    boolean allowed = mayRead(role, target.getName())
                            && (!parent.getName().equals("Mutation") || mayWrite(role, field.getName()));
                    probes.add(new Probe(role, path, target.getName(), allowed));
                }
            }
        }
        // Each path is an aliased root field of its own, so up to BATCH paths share a request: the
        // allowed and the denied ones apart, since a denied non-null root field nulls the whole
        // answer; and a denied mutation alone, since the mutations after it would not run.
        Map<List<Object>, List<Probe>> groups = new LinkedHashMap<>();
        for (Probe probe : probes) {
            groups.computeIfAbsent(List.of(probe.role(), probe.mutation(), probe.allowed()), k -> new ArrayList<>())
                    .add(probe);
        }
        List<Callable<Void>> requests = new ArrayList<>();
        for (List<Probe> group : groups.values()) {
            int size = group.get(0).mutation() && !group.get(0).allowed() ? 1 : BATCH;
            for (int from = 0; from < group.size(); from += size) {
                List<Probe> batch = group.subList(from, Math.min(group.size(), from + size));
                requests.add(() -> {
                    check(tokens.get(batch.get(0).role()), batch, problems);
                    return null;
                });
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> done : pool.invokeAll(requests)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> unreached = new TreeSet<>();
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            // the Subscription root is served over WebSocket only: LiveEventsTest walks its fields per
            // role; the types they return are reached here through queries and mutations
            if (type instanceof GraphQLObjectType
                    && !type.getName().startsWith("__")
                    && !type.getName().equals("Subscription")
                    && !reachedByAnyRole.contains(type.getName())) {
                unreached.add(type.getName());
            }
        }
        assertThat(unreached).as("object types no path reached").isEmpty();
        assertThat(problems).as(probes.size() + " paths walked").isEmpty();
    }

    /**
     * For one role, a shortest path it may follow to every object type it can reach: queries first,
     * mutations (the role's own) for what only a payload leads to.
     */
    private Map<String, List<Step>> routes(GraphQLSchema schema, Role role) {
        Map<String, List<Step>> routes = new LinkedHashMap<>();
        for (GraphQLObjectType root : List.of(schema.getQueryType(), schema.getMutationType())) {
            ArrayDeque<GraphQLObjectType> queue = new ArrayDeque<>();
            routes.put(root.getName(), List.of());
            queue.add(root);
            while (!queue.isEmpty()) {
                GraphQLObjectType parent = queue.poll();
                for (GraphQLFieldDefinition field : parent.getFieldDefinitions()) {
                    GraphQLType target = GraphQLTypeUtil.unwrapAll(field.getType());
                    boolean allowed = target instanceof GraphQLNamedType named
                            && mayRead(role, named.getName())
                            && (parent != schema.getMutationType() || mayWrite(role, field.getName()))
                            && argumentsKnown(parent, field);
                    if (!allowed) {
                        continue;
                    }
                    for (GraphQLObjectType into : objectTypes(schema, target)) {
                        if (!routes.containsKey(into.getName()) && mayRead(role, into.getName())) {
                            List<Step> path = new ArrayList<>(routes.get(parent.getName()));
                            path.add(new Step(parent, field, target instanceof GraphQLObjectType ? null : into));
                            routes.put(into.getName(), path);
                            queue.add(into);
                        }
                    }
                }
            }
        }
        return routes;
    }

    private static List<GraphQLObjectType> objectTypes(GraphQLSchema schema, GraphQLType type) {
        if (type instanceof GraphQLObjectType object) {
            return List.of(object);
        }
        if (type instanceof GraphQLInterfaceType abstractType) {
            return schema.getImplementations(abstractType);
        }
        if (type instanceof GraphQLUnionType union) {
            return union.getTypes().stream().map(t -> (GraphQLObjectType) t).toList();
        }
        return List.of();
    }

    private boolean argumentsKnown(GraphQLObjectType parent, GraphQLFieldDefinition field) {
        String key = parent.getName() + "." + field.getName();
        if (parent.getName().equals("Mutation")) {
            return mutationInputs.containsKey(field.getName());
        }
        boolean required = field.getArguments().stream()
                .anyMatch(a -> GraphQLTypeUtil.isNonNull(a.getType()) && !a.hasSetDefaultValue());
        return !required || fieldArguments.containsKey(key);
    }

    /** Builds one document of the batch's paths, each under its own alias, sends it, and records what breaks the rules. */
    @SuppressWarnings("unchecked")
    private void check(String token, List<Probe> batch, List<String> problems) throws Exception {
        boolean mutation = batch.get(0).mutation();
        Map<String, Object> variables = new LinkedHashMap<>();
        List<String> declarations = new ArrayList<>();
        StringBuilder selections = new StringBuilder();
        for (int p = 0; p < batch.size(); p++) {
            selections.append(" p").append(p).append(':').append(selection(batch.get(p), variables, declarations));
        }
        String document = (mutation ? "mutation" : "query")
                + (declarations.isEmpty() ? "" : "(" + String.join(", ", declarations) + ")") + " {" + selections
                + " }";
        Outcome outcome = send(token, document, variables);
        if (outcome.status() != 200) {
            problems.add(batch.get(0).role() + ": HTTP " + outcome.status() + " for\n    " + document);
            return;
        }
        List<Map<String, Object>> errors =
                (List<Map<String, Object>>) outcome.body().getOrDefault("errors", List.of());
        Map<String, Object> data = (Map<String, Object>) outcome.body().get("data");
        for (Map<String, Object> error : errors) {
            if (!(error.get("path") instanceof List<?> path) || path.isEmpty()) {
                problems.add(batch.get(0).role() + ": the document failed as a whole: " + error + "\n    " + document);
                return;
            }
        }
        for (int p = 0; p < batch.size(); p++) {
            Probe probe = batch.get(p);
            String alias = "p" + p;
            List<Map<String, Object>> own = errors.stream()
                    .filter(e -> alias.equals(((List<?>) e.get("path")).get(0)))
                    .toList();
            String answer = JSON.writeValueAsString(data == null ? null : data.get(alias));
            String where = probe.role() + " " + describe(probe.path()) + " -> " + probe.target() + ": ";
            if (probe.allowed()) {
                if (!own.isEmpty()) {
                    problems.add(where + "allowed, but answered " + own);
                } else if (mutation && answer.contains("Error\"")) {
                    problems.add(where + "the fixture's input was refused: " + answer);
                }
            } else {
                boolean forbidden = own.stream()
                        .anyMatch(e -> e.get("extensions") instanceof Map<?, ?> x
                                && "FORBIDDEN".equals(x.get("classification")));
                if (!forbidden) {
                    problems.add(where + "denied, but answered without FORBIDDEN: " + own + " " + answer);
                }
                if (answer.contains("\"__typename\":\"" + probe.target() + "\"")) {
                    problems.add(where + "denied, but the answer carries a " + probe.target() + ": " + answer);
                }
            }
        }
    }

    /** The selection of one path from its root field down to {@code __typename} of its target, declaring its variables. */
    private String selection(Probe probe, Map<String, Object> variables, List<String> declarations) {
        List<Step> path = probe.path();
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            Step step = path.get(i);
            open.append(' ').append(step.field().getName());
            Map<String, Object> values = i == 0 && probe.mutation()
                    ? Map.of("input", input(step.field().getName(), probe.allowed()))
                    : fieldArguments.getOrDefault(
                            step.parent().getName() + "." + step.field().getName(), Map.of());
            List<String> arguments = new ArrayList<>();
            for (GraphQLArgument argument : step.field().getArguments()) {
                if (values.containsKey(argument.getName())) {
                    String variable = "v" + variables.size();
                    variables.put(variable, values.get(argument.getName()));
                    declarations.add("$" + variable + ": " + GraphQLTypeUtil.simplePrint(argument.getType()));
                    arguments.add(argument.getName() + ": $" + variable);
                }
            }
            if (!arguments.isEmpty()) {
                open.append('(').append(String.join(", ", arguments)).append(')');
            }
            if (i == path.size() - 1) {
                open.append(" { __typename }");
                break;
            }
            open.append(" {");
            close.insert(0, " }");
            if (i == 0 && probe.mutation() && payloadHasErrors(step)) {
                open.append(" errors { __typename }");
            }
            if (step.into() != null) {
                open.append(" ... on ").append(step.into().getName()).append(" {");
                close.insert(0, " }");
            }
        }
        return open.append(close).toString();
    }

    /**
     * A fresh input for a mutation that should run; a refused one never reaches the input's
     * checks, so it gets the last input made instead of new records made for it.
     */
    private Map<String, Object> input(String mutation, boolean allowed) {
        Map<String, Object> last = lastInputs.get(mutation);
        if (allowed || last == null) {
            last = mutationInputs.get(mutation).get();
            lastInputs.put(mutation, last);
        }
        return last;
    }

    private static boolean payloadHasErrors(Step step) {
        return GraphQLTypeUtil.unwrapAll(step.field().getType()) instanceof GraphQLObjectType payload
                && payload.getFieldDefinition("errors") != null;
    }

    private static String describe(List<Step> path) {
        StringBuilder text = new StringBuilder(path.get(0).parent().getName());
        for (Step step : path) {
            text.append('.').append(step.field().getName());
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private Outcome send(String token, String document, Map<String, Object> variables) throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", document, "variables", variables));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> parsed =
                response.statusCode() == 200 ? JSON.readValue(response.body(), Map.class) : Map.of();
        return new Outcome(response.statusCode(), parsed, response.body());
    }
}
