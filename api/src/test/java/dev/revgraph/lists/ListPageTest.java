package dev.revgraph.lists;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.CampaignApi;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import dev.revgraph.support.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A first page of a list never scans or sorts a ledger (docs/scaling.md, "What a list page reads"):
 * it runs the token lookup, the filter's name lookups and one page statement, none of them inside
 * a transaction, and the page statement the API really sent is answered by an index that matches
 * both the filter and the list's order (date, then id: the keyset of the cursor).
 *
 * <p>The plan check EXPLAINs the page statement, bind values inlined, with sequential scans,
 * bitmap scans and sorts switched off for the statement ({@code SET LOCAL enable_...}): the planner
 * then falls back to one of them only when no index delivers the rows in order, whatever the size
 * of the shared test database, so the check cannot flip with the data other tests leave. Plans on a
 * generated ledger of a million lines, chosen with every method allowed, are in docs/performance.md.
 */
class ListPageTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    QueryCounter queries;

    @Autowired
    Environment environment;

    Sql sql;
    String dept;
    String segment;
    String campaign;
    String customer;

    @BeforeEach
    void company() {
        sql = new Sql(environment);
        dept = unique("LD");
        api.department(dept, "MARKETING");
        segment = unique("LS");
        api.segment(segment, null);
        String channel = unique("LC");
        CampaignApi campaigns = new CampaignApi(graphQl);
        campaigns.channel(channel, true);
        campaign = unique("LA");
        campaigns.campaign(campaign, dept, channel, "2026-06-01", Map.of());
        for (int i = 1; i <= 3; i++) {
            api.spend(dept, "2026-07-0" + i, "10", "USD", "TOOLS", Map.of("segmentCode", segment));
            api.spend(dept, "2026-07-0" + i, "20", "USD", "ADVERTISING", Map.of("campaignCode", campaign));
        }
        customer = unique("lc");
        api.customer(customer, segment, "2026-06-15");
        for (int i = 1; i <= 3; i++) {
            api.revenue(customer, "2026-07-0" + i, "100", "USD", true);
        }
    }

    @AfterEach
    void closeSql() {
        sql.close();
    }

    @Test
    void aFirstPageRunsTheTokenLookupItsNameLookupsAndOnePageStatementOutsideATransaction() {
        // the token, the page
        assertThat(pageStatements("spendLines", null)).hasSize(2);
        assertThat(pageStatements("revenueLines", null)).hasSize(2);
        assertThat(pageStatements("customers", null)).hasSize(2);
        assertThat(pageStatements("campaigns", null)).hasSize(2);
        // the token, the department codes, the page
        assertThat(pageStatements("spendLines", "{departmentCodes: [\"" + dept + "\"]}"))
                .hasSize(3);
        // the token, the customer, the page
        assertThat(pageStatements("revenueLines", "{customerExternalId: \"" + customer + "\"}"))
                .hasSize(3);
        // a department-scoped caller: its scope is the filter, resolved in one statement like a code list
        String scoped = issueToken(Role.DEPARTMENT, List.of(dept));
        queries.reset();
        clientWithToken(scoped)
                .document(document("spendLines", null))
                .execute()
                .path("spendLines.edges")
                .entityList(Object.class)
                .hasSize(6);
        assertThat(queries.count()).as("statements %s", queries.statements()).isEqualTo(3);
        assertThat(queries.inTransaction()).containsOnly(false);
    }

    @Test
    void everyFirstPageIsReadByAnIndexMatchingItsFilterAndOrder() throws SQLException {
        assertIndexed(pageStatements("spendLines", null), "spend_line", null);
        assertIndexed(
                pageStatements("spendLines", "{departmentCodes: [\"" + dept + "\"]}"), "spend_line", "department_id");
        assertIndexed(
                pageStatements("spendLines", "{campaignCode: \"" + campaign + "\"}"), "spend_line", "campaign_id");
        assertIndexed(pageStatements("spendLines", "{segmentCode: \"" + segment + "\"}"), "spend_line", "segment_id");
        assertIndexed(
                pageStatements("spendLines", "{from: \"2026-07-02\", to: \"2026-07-02\"}"), "spend_line", "booked_on");
        assertIndexed(
                pageStatements(
                        "spendLines",
                        "{from: \"2026-07-01\", to: \"2026-07-31\", departmentCodes: [\"" + dept + "\"]}"),
                "spend_line",
                "department_id");
        assertIndexed(pageStatements("revenueLines", null), "revenue_line", null);
        assertIndexed(
                pageStatements("revenueLines", "{customerExternalId: \"" + customer + "\"}"),
                "revenue_line",
                "customer_id");
        assertIndexed(
                pageStatements("revenueLines", "{from: \"2026-07-02\", to: \"2026-07-02\"}"),
                "revenue_line",
                "recognized_on");
        assertIndexed(pageStatements("customers", null), "customer", null);
        assertIndexed(pageStatements("customers", "{segmentCode: \"" + segment + "\"}"), "customer", "segment_id");
        assertIndexed(pageStatements("campaigns", null), "campaign", null);
    }

    private static String document(String list, String filter) {
        String node = switch (list) {
            case "spendLines" -> "bookedOn amount { amount currency }";
            case "revenueLines" -> "recognizedOn amount { amount currency }";
            case "customers" -> "externalId";
            default -> "code";
        };
        return "{ " + list + "(" + (filter == null ? "" : "filter: " + filter + ", ") + "first: 20) { edges { node { "
                + node + " } } } }";
    }

    /** Runs the first page of {@code list} over HTTP and returns the statements it ran, binds inlined. */
    private List<String> pageStatements(String list, String filter) {
        queries.reset();
        graphQl.document(document(list, filter))
                .execute()
                .path(list + ".edges")
                .entityList(Object.class)
                .satisfies(edges -> assertThat(edges).isNotEmpty());
        assertThat(queries.inTransaction()).as("statements in a transaction").containsOnly(false);
        return queries.inlined();
    }

    /**
     * The one statement ordered and limited like a page reads {@code table} with an index scan,
     * the index condition naming {@code column} when given, and no sort anywhere in the plan.
     */
    private void assertIndexed(List<String> statements, String table, String column) throws SQLException {
        List<String> pages = statements.stream()
                .filter(s -> s.contains(" order by ") && (s.contains(" limit ") || s.contains(" fetch next ")))
                .toList();
        assertThat(pages).as("page statements in %s", statements).hasSize(1);
        JsonNode plan = explain(pages.get(0));
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        assertThat(nodes)
                .as("plan %s", plan)
                .noneMatch(n -> n.path("Node Type").asString().contains("Sort"));
        List<JsonNode> scans = nodes.stream()
                .filter(n -> table.equals(n.path("Relation Name").asString()))
                .toList();
        assertThat(scans).as("scans of %s in %s", table, plan).hasSize(1);
        JsonNode scan = scans.get(0);
        assertThat(scan.path("Node Type").asString()).as("plan %s", plan).isIn("Index Scan", "Index Only Scan");
        if (column != null) {
            assertThat(scan.path("Index Cond").asString()).as("plan %s", plan).contains(column);
        }
    }

    private JsonNode explain(String statement) throws SQLException {
        var connection = sql.connection();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("set local enable_seqscan = off");
            s.execute("set local enable_bitmapscan = off");
            s.execute("set local enable_sort = off");
            s.execute("set local enable_incremental_sort = off");
            try (ResultSet r = s.executeQuery("explain (format json) " + statement)) {
                r.next();
                return JSON.readTree(r.getString(1)).get(0).get("Plan");
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, into);
        }
    }
}
