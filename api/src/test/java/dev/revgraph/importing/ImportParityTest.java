package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The same bad row sent through a feature's mutation and through its import file is refused for
 * the same reason: the same field (the mutation's camelCase name, the file's snake_case column),
 * the same error code and, where the rule is one rule of the feature stated once, the same reason
 * text. One test per ledger and dimension; rows are dated in 2083, which no other test uses.
 *
 * <p>Two differences are the format's on purpose (docs/import-format.md): a currency nobody
 * registered is a missing FX rate in a file (fx_rates.csv registers it), and a cell that is
 * malformed for its type (a negative count) is refused with the type's reason.
 */
class ImportParityTest extends IntegrationTest {

    @Autowired
    RevgraphProperties properties;

    String p;
    String dept;
    String archivedDept;
    String cur;
    String segment;
    String archivedSegment;
    String product;
    String archivedProduct;
    String channel;
    String campaign;
    String customer;

    @BeforeEach
    void company() {
        p = unique("PA") + "-";
        dept = p + "MKT";
        archivedDept = p + "OLD";
        cur = Api.uniqueCurrency();
        segment = p + "SMB";
        archivedSegment = p + "GONE";
        product = p + "PRO";
        archivedProduct = p + "LEGACY";
        channel = p + "WEB";
        campaign = p + "SPRING";
        customer = p + "ACME";
        api.department(dept, "MARKETING");
        api.department(archivedDept, "MARKETING");
        archive("archiveDepartment", archivedDept);
        api.currency(cur, "2083-01-01", "1.25");
        api.segment(segment, null);
        api.segment(archivedSegment, null);
        archive("archiveSegment", archivedSegment);
        api.product(product);
        api.product(archivedProduct);
        archive("archiveProduct", archivedProduct);
        api.ok("createChannel", "channel", Map.of("code", channel, "name", "Web", "paid", true));
        api.ok(
                "createCampaign",
                "campaign",
                Map.of(
                        "code",
                        campaign,
                        "name",
                        "Spring",
                        "departmentCode",
                        dept,
                        "channelCode",
                        channel,
                        "startDate",
                        "2083-02-01"));
        api.customer(customer, segment, "2083-02-01");
    }

    @Test
    void spendLedgerRefusesAlike() {
        String header = "external_id,department_code,booked_on,amount,currency,category,segment_code";
        Map<String, Object> good = input(
                "externalId",
                p + "S",
                "departmentCode",
                dept,
                "bookedOn",
                "2083-03-10",
                "amount",
                "10.00",
                "currency",
                cur,
                "category",
                "TOOLS");
        String row = p + "S," + dept + ",2083-03-10,10.00," + cur + ",TOOLS,";
        Case spend = new Case("recordSpendLine", good, ImportFile.SPEND, header, row);

        spend.with("departmentCode", p + "NOPE").cell(1, p + "NOPE").refusedAlike("department_code", "NOT_FOUND");
        spend.with("departmentCode", archivedDept).cell(1, archivedDept).refusedAlike("department_code", "ARCHIVED");
        spend.with("amount", "0").cell(3, "0").refusedAlike("amount", "INVALID", "must not be zero");
        spend.with("bookedOn", "2082-12-31").cell(2, "2082-12-31").refusedAlike("currency", "MISSING_FX_RATE");
        spend.with("segmentCode", p + "NOPE").cell(6, p + "NOPE").refusedAlike("segment_code", "NOT_FOUND");
        spend.with("segmentCode", archivedSegment).cell(6, archivedSegment).refusedAlike("segment_code", "ARCHIVED");
        spend.with("memo", "x".repeat(1001))
                .header(header + ",memo")
                .cell(7, "x".repeat(1001))
                .refusedAlike("memo", "INVALID", "must be at most 1000 characters");
    }

    @Test
    void revenueLedgerRefusesAlike() {
        String header = "external_id,customer_external_id,product_code,recognized_on,amount,currency,recurring";
        Map<String, Object> good = input(
                "externalId",
                p + "R",
                "customerExternalId",
                customer,
                "recognizedOn",
                "2083-03-10",
                "amount",
                "99.00",
                "currency",
                cur,
                "recurring",
                true);
        String row = p + "R," + customer + ",," + "2083-03-10,99.00," + cur + ",true";
        Case revenue = new Case("recordRevenueLine", good, ImportFile.REVENUE, header, row);

        revenue.with("customerExternalId", p + "NOBODY")
                .cell(1, p + "NOBODY")
                .refusedAlike("customer_external_id", "NOT_FOUND");
        revenue.with("productCode", archivedProduct).cell(2, archivedProduct).refusedAlike("product_code", "ARCHIVED");
        revenue.with("productCode", p + "NOPE").cell(2, p + "NOPE").refusedAlike("product_code", "NOT_FOUND");
        revenue.with("amount", "0.0000").cell(4, "0.0000").refusedAlike("amount", "INVALID", "must not be zero");
        revenue.with("recognizedOn", "2082-12-31").cell(3, "2082-12-31").refusedAlike("currency", "MISSING_FX_RATE");
    }

    @Test
    void budgetsRefuseAlike() {
        String header = "department_code,month,category,amount,currency";
        Map<String, Object> good =
                input("departmentCode", dept, "month", "2083-04", "amount", "500.00", "currency", cur);
        String row = dept + ",2083-04,,500.00," + cur;
        Case budget = new Case("setBudget", good, ImportFile.BUDGETS, header, row);

        budget.with("amount", "-1.00").cell(3, "-1.00").refusedAlike("amount", "INVALID", "must not be negative");
        budget.with("departmentCode", p + "NOPE").cell(0, p + "NOPE").refusedAlike("department_code", "NOT_FOUND");
        budget.with("departmentCode", archivedDept).cell(0, archivedDept).refusedAlike("department_code", "ARCHIVED");
        budget.with("month", "2082-12").cell(1, "2082-12").refusedAlike("currency", "MISSING_FX_RATE");
    }

    @Test
    void headcountRefusesAlike() {
        String header = "department_code,segment_code,month,fte";
        Map<String, Object> good = input("departmentCode", dept, "month", "2083-04", "fte", "2.5");
        Case headcount = new Case("setHeadcount", good, ImportFile.HEADCOUNT, header, dept + ",,2083-04,2.5");

        headcount.with("fte", "-0.5").cell(3, "-0.5").refusedAlike("fte", "INVALID", "must not be negative");
        headcount.with("departmentCode", p + "NOPE").cell(0, p + "NOPE").refusedAlike("department_code", "NOT_FOUND");
        headcount
                .with("departmentCode", archivedDept)
                .cell(0, archivedDept)
                .refusedAlike("department_code", "ARCHIVED");
        headcount
                .with("segmentCode", segment)
                .cell(1, segment)
                .refusedAlike("department_code", "INVALID", "must name exactly one of a department and a segment");
        Case bySegment = headcount.with("departmentCode", null).cell(0, "");
        bySegment
                .with("segmentCode", archivedSegment)
                .cell(1, archivedSegment)
                .refusedAlike("segment_code", "ARCHIVED");
        bySegment.with("segmentCode", p + "NOPE").cell(1, p + "NOPE").refusedAlike("segment_code", "NOT_FOUND");
        bySegment.refusedAlike("department_code", "INVALID", "must name exactly one of a department and a segment");
    }

    @Test
    void campaignsRefuseAlike() {
        String header = "code,name,department_code,channel_code,start_date,end_date,budget_amount,budget_currency";
        Map<String, Object> good = input(
                "code",
                p + "C",
                "name",
                "Summer",
                "departmentCode",
                dept,
                "channelCode",
                channel,
                "startDate",
                "2083-06-01");
        String row = p + "C,Summer," + dept + "," + channel + ",2083-06-01,,,";
        Case campaigns = new Case("createCampaign", good, ImportFile.CAMPAIGNS, header, row);

        // a negative planned budget: createCampaign refused it, campaigns.csv stored it
        campaigns
                .with("plannedBudgetAmount", "-100.00")
                .with("plannedBudgetCurrency", cur)
                .cell(6, "-100.00")
                .cell(7, cur)
                .refusedAlike("budget_amount", "INVALID", "must not be negative");
        campaigns
                .with("endDate", "2083-05-31")
                .cell(5, "2083-05-31")
                .refusedAlike(
                        "end_date",
                        "INVALID",
                        "must not be before the start date: the campaign would end (2083-05-31) before it starts"
                                + " (2083-06-01)");
        campaigns
                .with("plannedBudgetAmount", "100.00")
                .cell(6, "100.00")
                .refusedAlike("budget_currency", "INVALID", "must be given together with");
        campaigns
                .with("plannedBudgetCurrency", cur)
                .cell(7, cur)
                .refusedAlike("budget_amount", "INVALID", "must be given together with");
        // a budget in a currency without a rate on the start date: the mutation refused it, the file took it
        campaigns
                .with("startDate", "2082-12-01")
                .with("plannedBudgetAmount", "100.00")
                .with("plannedBudgetCurrency", cur)
                .cell(4, "2082-12-01")
                .cell(6, "100.00")
                .cell(7, cur)
                .refusedAlike("budget_currency", "MISSING_FX_RATE");
        campaigns.with("channelCode", p + "NOPE").cell(3, p + "NOPE").refusedAlike("channel_code", "NOT_FOUND");
        campaigns
                .with("departmentCode", archivedDept)
                .cell(2, archivedDept)
                .refusedAlike("department_code", "ARCHIVED");
        campaigns.with("code", "-bad").cell(0, "-bad").refusedAlike("code", "INVALID", "must be 1 to 64 letters");
    }

    @Test
    void campaignResultsRefuseAlike() {
        String header = "campaign_code,date,impressions,clicks,leads,opportunities";
        Map<String, Object> result = input(
                "campaignCode",
                campaign,
                "day",
                "2083-03-01",
                "impressions",
                100,
                "clicks",
                10,
                "leads",
                2,
                "opportunities",
                1);
        Case results = new Case(
                "upsertCampaignResults",
                result,
                ImportFile.CAMPAIGN_RESULTS,
                header,
                campaign + ",2083-03-01,100,10,2,1");
        results.listOf("results")
                .with("campaignCode", p + "NOPE")
                .cell(0, p + "NOPE")
                .refusedAlike("campaign_code", "NOT_FOUND");
        // the file's cell type refuses a negative count before the rule: same field, same code
        results.listOf("results").with("leads", -1).cell(4, "-1").refusedAlike("leads", "INVALID");
    }

    @Test
    void customersRefuseAlike() {
        String header = "external_id,name,segment_code,region_code,acquired_on,acquisition_campaign_code";
        Map<String, Object> good =
                input("externalId", p + "NEW", "name", "New Co", "segmentCode", segment, "acquiredOn", "2083-03-01");
        Case customers = new Case(
                "createCustomer", good, ImportFile.CUSTOMERS, header, p + "NEW,New Co," + segment + ",,2083-03-01,");
        customers.with("segmentCode", p + "NOPE").cell(2, p + "NOPE").refusedAlike("segment_code", "NOT_FOUND");
        customers
                .with("segmentCode", archivedSegment)
                .cell(2, archivedSegment)
                .refusedAlike("segment_code", "ARCHIVED");
        customers
                .with("acquisitionCampaignCode", p + "NOPE")
                .cell(5, p + "NOPE")
                .refusedAlike("acquisition_campaign_code", "NOT_FOUND");
        customers.with("name", " ").cell(1, " ").refusedAlike("name", "INVALID", "must not be blank");
    }

    @Test
    void touchpointsRefuseAlike() {
        String header = "customer_external_id,campaign_code,occurred_at,kind";
        Map<String, Object> touchpoint = input(
                "customerExternalId",
                customer,
                "campaignCode",
                campaign,
                "occurredAt",
                "2083-03-01T10:00:00Z",
                "kind",
                "CLICK");
        Case touchpoints = new Case(
                "recordTouchpoints",
                touchpoint,
                ImportFile.TOUCHPOINTS,
                header,
                customer + "," + campaign + ",2083-03-01T10:00:00Z,CLICK");
        touchpoints
                .listOf("touchpoints")
                .with("customerExternalId", p + "NOBODY")
                .cell(0, p + "NOBODY")
                .refusedAlike("customer_external_id", "NOT_FOUND");
        touchpoints
                .listOf("touchpoints")
                .with("campaignCode", p + "NOPE")
                .cell(1, p + "NOPE")
                .refusedAlike("campaign_code", "NOT_FOUND");
    }

    @Test
    void fxRatesRefuseAlike() {
        Map<String, Object> rate = input("currency", cur, "date", "2083-05-01", "rate", "1.30");
        Case rates = new Case(
                "upsertFxRates", rate, ImportFile.FX_RATES, "date,currency,rate", "2083-05-01," + cur + ",1.30");
        rates.listOf("rates")
                .with("rate", "0")
                .cell(2, "0")
                .refusedAlike("rate", "INVALID", "must be greater than zero");
        rates.listOf("rates")
                .with("rate", "-1.5")
                .cell(2, "-1.5")
                .refusedAlike("rate", "INVALID", "must be greater than zero");
        String reporting = properties.reportingCurrency();
        rates.listOf("rates")
                .with("currency", reporting)
                .cell(1, reporting)
                .refusedAlike("currency", "INVALID", "is the reporting currency, which always converts at exactly 1");
    }

    @Test
    void departmentsChannelsAndProductsRefuseAlike() {
        Case departments = new Case(
                "createDepartment",
                input("code", p + "D", "name", "Sales", "kind", "SALES"),
                ImportFile.DEPARTMENTS,
                "code,name,kind",
                p + "D,Sales,SALES");
        departments.with("code", "-bad").cell(0, "-bad").refusedAlike("code", "INVALID", "must be 1 to 64 letters");
        departments.with("name", " ").cell(1, " ").refusedAlike("name", "INVALID", "must not be blank");

        Case channels = new Case(
                "createChannel",
                input("code", p + "CH", "name", "Events", "paid", true),
                ImportFile.CHANNELS,
                "code,name,paid",
                p + "CH,Events,true");
        channels.with("code", "a b").cell(0, "a b").refusedAlike("code", "INVALID", "must be 1 to 64 letters");
        channels.with("name", "n".repeat(201))
                .cell(1, "n".repeat(201))
                .refusedAlike("name", "INVALID", "must be at most 200 characters");

        Case products = new Case(
                "createProduct",
                input("code", p + "P", "name", "Plus"),
                ImportFile.PRODUCTS,
                "code,name",
                p + "P,Plus");
        products.with("code", "x".repeat(65))
                .cell(0, "x".repeat(65))
                .refusedAlike("code", "INVALID", "must be 1 to 64");
        products.with("name", " ").cell(1, " ").refusedAlike("name", "INVALID", "must not be blank");
    }

    @Test
    void treesRefuseAlike() {
        Case segments = new Case(
                "createSegment",
                input("code", p + "T", "name", "Tree"),
                ImportFile.SEGMENTS,
                "code,name,parent_code",
                p + "T,Tree,");
        segments.with("parentCode", p + "NOPE").cell(2, p + "NOPE").refusedAlike("parent_code", "NOT_FOUND");
        segments.with("parentCode", archivedSegment).cell(2, archivedSegment).refusedAlike("parent_code", "ARCHIVED");
        segments.with("code", "-bad").cell(0, "-bad").refusedAlike("code", "INVALID", "must be 1 to 64 letters");
    }

    private void archive(String document, String code) {
        api.mutate(document, Map.of("code", code))
                .path(document + ".errors")
                .entityList(Object.class)
                .hasSize(0);
    }

    private static Map<String, Object> input(Object... keysAndValues) {
        Map<String, Object> input = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            input.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return input;
    }

    /**
     * One bad row two ways: a mutation input and the same row of a file. {@code with} and
     * {@code cell} derive the bad row from a good one; {@code listOf} sends the input as the one
     * element of the mutation's list argument.
     */
    private final class Case {
        private final String document;
        private final Map<String, Object> input;
        private final ImportFile file;
        private final String header;
        private final String[] cells;
        private final String list;

        Case(String document, Map<String, Object> input, ImportFile file, String header, String row) {
            this(document, input, file, header, row.split(",", -1), null);
        }

        private Case(
                String document,
                Map<String, Object> input,
                ImportFile file,
                String header,
                String[] cells,
                String list) {
            this.document = document;
            this.input = input;
            this.file = file;
            this.header = header;
            this.cells = cells;
            this.list = list;
        }

        Case listOf(String argument) {
            return new Case(document, input, file, header, cells, argument);
        }

        Case with(String field, Object value) {
            Map<String, Object> changed = new HashMap<>(input);
            changed.put(field, value);
            return new Case(document, changed, file, header, cells, list);
        }

        Case header(String otherHeader) {
            String[] wider = java.util.Arrays.copyOf(cells, otherHeader.split(",", -1).length);
            for (int i = cells.length; i < wider.length; i++) {
                wider[i] = "";
            }
            return new Case(document, input, file, otherHeader, wider, list);
        }

        Case cell(int index, String value) {
            String[] changed = cells.clone();
            changed[index] = value;
            return new Case(document, input, file, header, changed, list);
        }

        void refusedAlike(String column, String code) {
            refusedAlike(column, code, null);
        }

        /**
         * Both ways refuse the row naming the same field with {@code code}; with {@code reason},
         * both reasons start with it (the mutation's message after the field's name).
         */
        void refusedAlike(String column, String code, String reason) {
            String field = camel(column);
            Map<String, Object> variables = list == null ? input : Map.of(list, List.of(input));
            List<Map<String, Object>> mutationErrors = errors(api.mutate(document, variables), document + ".errors");
            Optional<Map<String, Object>> byMutation = mutationErrors.stream()
                    .filter(e -> field.equals(last(e.get("field"))))
                    .findFirst();
            assertThat(byMutation)
                    .as("%s refuses %s naming %s; it answered %s", document, variables, field, mutationErrors)
                    .isPresent();

            String content = header + "\n" + String.join(",", cells) + "\n";
            List<Map<String, Object>> importErrors = errors(
                    api.mutate("importCsv", Map.of("file", file.name(), "content", content)), "importCsv.errors");
            Optional<Map<String, Object>> byImport = importErrors.stream()
                    .filter(e -> column.equals(e.get("column")))
                    .findFirst();
            assertThat(byImport)
                    .as("%s refuses %s naming %s; it answered %s", file.fileName(), content, column, importErrors)
                    .isPresent();

            assertThat(byMutation.get().get("code"))
                    .as("%s's code for %s", document, field)
                    .isEqualTo(code);
            assertThat(byImport.get().get("code"))
                    .as("%s's code for %s", file.fileName(), column)
                    .isEqualTo(code);
            if (reason != null) {
                String message = (String) byMutation.get().get("message");
                String afterField = message.substring(message.indexOf(' ') + 1);
                assertThat(afterField).as("%s's reason", document).startsWith(reason);
                assertThat((String) byImport.get().get("reason"))
                        .as("%s's reason", file.fileName())
                        .startsWith(reason);
            }
        }

        private static String last(Object path) {
            if (path instanceof List<?> parts && !parts.isEmpty()) {
                String tail = String.valueOf(parts.get(parts.size() - 1));
                return tail.substring(tail.lastIndexOf('.') + 1);
            }
            return null;
        }

        private String camel(String column) {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : column.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return switch (out.toString()) {
                case "budgetAmount" -> "plannedBudgetAmount";
                case "budgetCurrency" -> "plannedBudgetCurrency";
                case "date" -> file == ImportFile.CAMPAIGN_RESULTS ? "day" : "date";
                default -> out.toString();
            };
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> errors(
                org.springframework.graphql.test.tester.GraphQlTester.Response response, String path) {
            return (List<Map<String, Object>>)
                    (List<?>) response.path(path).entityList(Map.class).get();
        }
    }
}
