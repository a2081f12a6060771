package dev.revgraph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.CompanyBuilder;
import dev.revgraph.support.CompanyBuilder.Tags;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.QueryCounter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.GraphQlTester.Response;

/**
 * The N+1 guard of the whole API: for every connection, every list and every field resolved per
 * parent, the same request runs over N and over 10N parents and must run the same, small number of
 * SQL statements. Each request (an operation of {@code graphql-test/queryCount.graphql}) selects
 * every field of its types, associations of associations included, and each measurement first
 * checks that the lists really hold N and 10N items with their associations filled in, so that no
 * test passes on empty lists or null associations.
 *
 * <p>A request's DataLoaders cache what they loaded, so an association already loaded elsewhere in
 * the same request costs no statement. The data therefore gives the N and the 10N request the same
 * mix of cached and new keys: a customer's touchpoints go to its acquisition campaign Ci and to Ei,
 * which is no one's acquisition campaign (with C(i+1) instead, the last customer of a page would
 * touch a campaign outside the page's acquisition campaigns for N but not for 10N, and the two
 * counts would differ by a subtree of loads that are no N+1).
 *
 * <p>The data, built once by {@link CompanyBuilder} under this run's own prefix, is dated in 2045,
 * where no other test writes ({@link Api#uniqueMonth} hands out two months a call from 2100 on and
 * stays above it); requests over 30 months read on into 2047, where nothing is. With i
 * from 0 to 29:
 *
 * <pre>
 * code               what
 * T, Si, Gi          segment tree: root T, its children Si, their children Gi; U, Ui, UGi the same for i &lt; 3
 * RT, RSi, RGi       region tree of the same shape (RU, RUi, RUGi for i &lt; 3)
 * Di, Pi, Hi         department (budget 100 USD for 2045-03), product, channel
 * Ci                 campaign of Di, Hi, Si, Pi, RSi running on 2045-06-(i+1) only, with results that day;
 *                    C0 also has results every day of April 2045
 * Ei                 campaign of Di, Hi, Si, Pi, RSi running on 2045-08-(i+1) only, no one's acquisition campaign
 * Ki                 customer in Si and RSi, acquired 2045-01-01 by Ci, touched by Ci and Ei, recurring
 *                    revenue 100 USD on day i+1 (at most 28) of January, February and March 2045
 * KA, KB             customers in U touched by C0..C2 and by C0..C29
 * spend i            10 USD of Di on 2045-03-(i+1) for Ci, Si, Pi, RSi
 * reversals          of spend 0 and of K0's January revenue, on the same day, so each page shows both ends
 * currency Q         rates on 2045-01-01..2045-01-30
 * </pre>
 */
class QueryCountTest extends IntegrationTest {

    private static final int N = 3;
    private static final int TEN_N = 10 * N;

    /** This run's prefix of every code of the fixture; null until the fixture is loaded. */
    private static String prefix;

    private static String currency;

    @Autowired
    QueryCounter queries;

    /** A check of an answer for n parents. */
    @FunctionalInterface
    private interface Check {
        void accept(Response response, int n);

        default Check andThen(Check next) {
            return (response, n) -> {
                accept(response, n);
                next.accept(response, n);
            };
        }
    }

    // ---- connections

    @Test
    void spendLinePagesLoadEveryAssociationInBatches() {
        fixture();
        assertFlat(
                "spendLines",
                23,
                n -> query("countSpendLines")
                        .variable("filter", Map.of("segmentCode", code("T")))
                        .variable("first", n)
                        .execute(),
                sized(
                                "spendLines.edges",
                                "spendLines.edges[*].node.department.code",
                                "spendLines.edges[*].node.segment.parent.code",
                                "spendLines.edges[*].node.segment.children[*].code",
                                "spendLines.edges[*].node.product.code",
                                "spendLines.edges[*].node.region.parent.code",
                                "spendLines.edges[*].node.region.children[*].code",
                                "spendLines.edges[*].node.campaign.department.code",
                                "spendLines.edges[*].node.campaign.channel.code",
                                "spendLines.edges[*].node.campaign.product.code",
                                "spendLines.edges[*].node.campaign.segment.parent.code",
                                "spendLines.edges[*].node.campaign.region.children[*].code")
                        .andThen(exactly(
                                1,
                                "spendLines.edges[*].node.reverses.department.code",
                                "spendLines.edges[*].node.reversedBy.department.code")));
    }

    @Test
    void revenueLinePagesLoadEveryAssociationInBatches() {
        fixture();
        assertFlat(
                "revenueLines",
                34,
                n -> query("countRevenueLines")
                        .variable("filter", Map.of("segmentCode", code("T")))
                        .variable("first", n)
                        .variable("asOf", "2045-02")
                        .variable("from", "2045-01")
                        .variable("to", "2045-03")
                        .execute(),
                sized(
                                "revenueLines.edges",
                                "revenueLines.edges[*].node.product.code",
                                "revenueLines.edges[*].node.customer.segment.parent.code",
                                "revenueLines.edges[*].node.customer.region.parent.code",
                                "revenueLines.edges[*].node.customer.lifetimeRevenue.amount",
                                "revenueLines.edges[*].node.customer.status",
                                "revenueLines.edges[*].node.customer.acquisitionCampaign.channel.code")
                        .andThen(exactly(
                                1,
                                "revenueLines.edges[*].node.reverses.customer.externalId",
                                "revenueLines.edges[*].node.reversedBy.customer.externalId")));
    }

    @Test
    void customerPagesLoadEveryFieldInBatches() {
        fixture();
        Check check = sized(
                "customers.edges",
                "customers.edges[*].node.segment.parent.code",
                "customers.edges[*].node.segment.children[*].code",
                "customers.edges[*].node.region.parent.code",
                "customers.edges[*].node.lifetimeRevenue.amount",
                "customers.edges[*].node.status",
                "customers.edges[*].node.tenureMonths",
                "customers.edges[*].node.acquisitionCampaign.segment.parent.code");
        assertFlat(
                "customers",
                26,
                n -> query("countCustomers")
                        .variable("filter", Map.of("segmentCode", code("T")))
                        .variable("first", n)
                        .variable("asOf", "2045-02")
                        .variable("from", "2045-01")
                        .variable("to", "2045-03")
                        .execute(),
                check.andThen((response, n) -> {
                    // two touchpoints and three months of history each
                    response.path("customers.edges[*].node.touchpoints[*].campaign.region.parent.code")
                            .entityList(Object.class)
                            .hasSize(2 * n);
                    response.path("customers.edges[*].node.touchpoints[*].customer.externalId")
                            .entityList(Object.class)
                            .hasSize(2 * n);
                    response.path("customers.edges[*].node.mrrHistory[*].movement")
                            .entityList(Object.class)
                            .hasSize(3 * n);
                }));
    }

    @Test
    void campaignPagesLoadEveryAssociationInBatches() {
        fixture();
        assertFlat(
                "campaigns",
                16,
                n -> query("countCampaigns")
                        .variable("filter", Map.of("segmentCode", code("T")))
                        .variable("first", n)
                        .execute(),
                sized(
                        "campaigns.edges",
                        "campaigns.edges[*].node.department.code",
                        "campaigns.edges[*].node.channel.code",
                        "campaigns.edges[*].node.segment.parent.code",
                        "campaigns.edges[*].node.segment.children[*].code",
                        "campaigns.edges[*].node.product.code",
                        "campaigns.edges[*].node.region.parent.code",
                        "campaigns.edges[*].node.region.children[*].code"));
    }

    @Test
    void auditPagesStayFlat() {
        String name = unique("NQ audit");
        String secret = query("countCreateApiToken")
                .variable("input", Map.of("name", name, "role", "ADMIN"))
                .execute()
                .path("createApiToken.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("createApiToken.secret")
                .entity(String.class)
                .get();
        GraphQlTester auditor = clientWithToken(secret);
        for (int i = 0; i < TEN_N; i++) {
            auditor.documentName("createProduct")
                    .variable("input", Map.of("code", unique("NQA"), "name", "P"))
                    .execute()
                    .path("createProduct.errors")
                    .entityList(Object.class)
                    .hasSize(0);
        }
        assertFlat(
                "auditEvents",
                2,
                n -> query("countAuditEvents")
                        .variable("actor", "token:" + name)
                        .variable("first", n)
                        .execute(),
                sized("auditEvents.edges", "auditEvents.edges[*].node.input"));
    }

    // ---- lists below one parent

    @Test
    void aCustomersTouchpointsAndHistoryStayFlat() {
        fixture();
        // KA has 3 touchpoints, KB 30; the history spans 3 and 30 months
        assertFlat(
                "customer.touchpoints and mrrHistory",
                23,
                n -> query("countCustomer")
                        .variable("externalId", code(n == N ? "KA" : "KB"))
                        .variable("asOf", "2045-02")
                        .variable("from", "2045-01")
                        .variable("to", YearMonth.of(2045, 1).plusMonths(n - 1).toString())
                        .execute(),
                sized(
                        "customer.touchpoints",
                        "customer.touchpoints[*].customer.externalId",
                        "customer.touchpoints[*].campaign.department.code",
                        "customer.touchpoints[*].campaign.channel.code",
                        "customer.touchpoints[*].campaign.product.code",
                        "customer.touchpoints[*].campaign.segment.parent.code",
                        "customer.touchpoints[*].campaign.region.children[*].code",
                        "customer.mrrHistory"));
    }

    @Test
    void segmentAndRegionChildrenStayFlat() {
        fixture();
        // U and RU have 3 children, T and RT 30, each child one child of its own
        assertFlat(
                "segment and region children",
                13,
                n -> query("countTrees")
                        .variable("segment", code(n == N ? "U" : "T"))
                        .variable("region", code(n == N ? "RU" : "RT"))
                        .execute(),
                sized(
                        "segment.children",
                        "segment.children[*].parent.code",
                        "segment.children[*].children[*].parent.parent.code",
                        "segment.children[*].children[*].path",
                        "region.children",
                        "region.children[*].parent.code",
                        "region.children[*].children[*].parent.parent.code"));
    }

    @Test
    void campaignResultsStayFlat() {
        fixture();
        assertFlat(
                "campaignResults",
                15,
                n -> query("countCampaignResults")
                        .variable("campaignCode", code("C0"))
                        .variable("from", "2045-04-01")
                        .variable("to", LocalDate.of(2045, 4, n).toString())
                        .execute(),
                sized(
                        "campaignResults",
                        "campaignResults[*].campaign.department.code",
                        "campaignResults[*].campaign.channel.code",
                        "campaignResults[*].campaign.segment.parent.code",
                        "campaignResults[*].campaign.region.children[*].code"));
    }

    @Test
    void budgetsStayFlat() {
        fixture();
        assertFlat(
                "budgets",
                4,
                n -> query("countBudgets")
                        .variable("from", "2045-03")
                        .variable("to", "2045-03")
                        .variable("departmentCodes", codes("D", n))
                        .execute(),
                sized("budgets", "budgets[*].department.code"));
    }

    @Test
    void fxRatesStayFlat() {
        fixture();
        assertFlat(
                "fxRates",
                2,
                n -> query("countFxRates")
                        .variable("currency", currency)
                        .variable("from", "2045-01-01")
                        .variable("to", LocalDate.of(2045, 1, n).toString())
                        .execute(),
                sized("fxRates"));
    }

    @Test
    void fiscalMonthsAndTheirHistoryStayFlat() {
        // close and reopen the first N months (ours), so that each has two events of history
        YearMonth first = YearMonth.of(2045, 1);
        for (int i = 0; i < N; i++) {
            YearMonth month = first.plusMonths(i);
            api.ok("closeMonth", "fiscalMonth", Map.of("month", month.toString()));
            api.ok("reopenMonth", "fiscalMonth", Map.of("month", month.toString(), "reason", "query count test"));
        }
        assertFlat(
                "fiscalMonths",
                3,
                n -> query("countFiscalMonths")
                        .variable("from", first.toString())
                        .variable("to", first.plusMonths(n - 1).toString())
                        .execute(),
                sized("fiscalMonths").andThen(exactly(2 * N, "fiscalMonths[*].history[*].action")));
    }

    // ---- reports

    @Test
    void budgetVsActualStaysFlat() {
        fixture();
        assertFlat(
                "budgetVsActual",
                4,
                n -> query("countBudgetVsActual")
                        .variable("from", "2045-03-01")
                        .variable("to", "2045-03-31")
                        .variable("departmentCodes", codes("D", n))
                        .execute(),
                sized("budgetVsActual.rows"));
    }

    @Test
    void departmentStatementStaysFlat() {
        fixture();
        // one statement for the whole report, whatever the number of periods: n months
        assertFlat(
                "departmentStatement",
                4,
                n -> query("countDepartmentStatement")
                        .variable("from", "2045-01-01")
                        .variable(
                                "to",
                                YearMonth.of(2045, 1)
                                        .plusMonths(n - 1)
                                        .atEndOfMonth()
                                        .toString())
                        .execute(),
                sized("departmentStatement.company"));
    }

    @Test
    void profitAndLossStaysFlat() {
        fixture();
        // the report statement carries the codes and names of its slices and breakdown departments:
        // no look-up per grouped dimension after it
        assertFlat(
                "profitAndLoss",
                6,
                n -> query("countProfitAndLoss")
                        .variable("from", "2045-03-01")
                        .variable("to", "2045-03-31")
                        .variable("groupBy", List.of("DEPARTMENT", "SEGMENT", "PRODUCT", "REGION", "CHANNEL"))
                        .variable("filter", Map.of("departmentCodes", codes("D", n)))
                        .execute(),
                sized(
                        "profitAndLoss.rows",
                        "profitAndLoss.rows[*].operatingExpensesByDepartment[*].departmentCode",
                        "profitAndLoss.rows[*].channelCode"));
    }

    @Test
    void segmentEconomicsStaysFlat() {
        fixture();
        assertFlat(
                "segmentEconomics",
                12,
                n -> query("countSegmentEconomics")
                        .variable("from", "2045-01-01")
                        .variable("to", "2045-03-31")
                        .variable("segmentCode", code(n == N ? "U" : "T"))
                        .execute(),
                // the subtree: its root, n children and n grandchildren
                (response, n) -> response.path("segmentEconomics.rows[*].comparison.segmentCode")
                        .entityList(Object.class)
                        .hasSize(1 + 2 * n));
    }

    @Test
    void mrrMovementsStayFlat() {
        fixture();
        assertFlat(
                "mrrMovements",
                5,
                n -> query("countMrrMovements")
                        .variable("from", "2045-01-01")
                        .variable(
                                "to",
                                YearMonth.of(2045, 1)
                                        .plusMonths(n - 1)
                                        .atEndOfMonth()
                                        .toString())
                        .variable("segmentCode", code("T"))
                        .execute(),
                sized("mrrMovements.rows"));
    }

    @Test
    void cohortRetentionStaysFlat() {
        fixture();
        assertFlat(
                "cohortRetention",
                5,
                n -> query("countCohortRetention")
                        .variable("from", "2045-01-01")
                        .variable(
                                "to",
                                YearMonth.of(2045, 1)
                                        .plusMonths(n - 1)
                                        .atEndOfMonth()
                                        .toString())
                        .variable("segmentCode", code("T"))
                        .execute(),
                // one cohort (2045-01), one row per month
                sized("cohortRetention.rows"));
    }

    @Test
    void campaignPerformanceStaysFlat() {
        fixture();
        assertFlat(
                "campaignPerformance",
                3,
                n -> query("countCampaignPerformance")
                        .variable("from", "2045-06-01")
                        .variable("to", LocalDate.of(2045, 6, n).toString())
                        .execute(),
                // campaigns of other tests without an end date are in every range; ours run one day each
                (response, n) -> assertThat(
                                response
                                        .path("campaignPerformance.rows[*].code")
                                        .entityList(String.class)
                                        .get()
                                        .stream()
                                        .filter(c -> c != null && c.startsWith(prefix)))
                        .hasSize(n));
    }

    @Test
    void expansionAttributionStaysFlat() {
        fixture();
        assertFlat(
                "expansionAttribution",
                3,
                n -> query("countExpansionAttribution")
                        .variable("from", "2045-01-01")
                        .variable("to", LocalDate.of(2045, 1, n).toString())
                        .execute(),
                // one statement whatever the range: the movements, credits and spend of its months
                (response, n) ->
                        response.path("expansionAttribution.total.creditedMrr").hasValue());
    }

    // ---- whole lists: the request is the same, the database grows tenfold in between

    @Test
    void dimensionCurrencyAndTokenListsStayFlat() {
        String p = unique("NQL");
        List<String> currencies = new ArrayList<>();
        IntConsumer grow = n -> {
            // grow every list to n items of our own
            int from = n == N ? 0 : N;
            List<Integer> range = IntStream.range(from, n).boxed().toList();
            CompanyBuilder company = new CompanyBuilder(graphQl, p);
            if (from == 0) {
                company.segment("ROOT", null).region("ROOT", null);
            }
            for (int i : range) {
                company.department("D" + i, "SALES")
                        .product("P" + i)
                        .channel("H" + i, false)
                        .segment("N" + i, "ROOT")
                        .segment("M" + i, "N" + i)
                        .region("N" + i, "ROOT")
                        .region("M" + i, "N" + i)
                        .currency("Q" + i, "2045-05-01", "1.5", "2045-05-02", "1.6");
                currencies.add(company.code("Q" + i));
            }
            company.build();
            for (int i : range) {
                query("countCreateApiToken")
                        .variable(
                                "input",
                                Map.of(
                                        "name",
                                        p + "-T" + i,
                                        "role",
                                        "DEPARTMENT",
                                        "departmentCodes",
                                        List.of(p + "-D" + i)))
                        .execute()
                        .path("createApiToken.errors")
                        .entityList(Object.class)
                        .hasSize(0);
            }
        };
        assertFlat(
                "departments, products, channels, segments, regions, currencies, apiTokens",
                12,
                grow,
                n -> query("countLists").execute(),
                (response, n) -> {
                    assertThat(ours(response, "departments[*].code", p)).hasSize(n);
                    assertThat(ours(response, "products[*].code", p)).hasSize(n);
                    assertThat(ours(response, "channels[*].code", p)).hasSize(n);
                    assertThat(ours(response, "segments[*].parent.code", p + "-N"))
                            .hasSize(n);
                    assertThat(ours(response, "segments[*].children[*].children[*].code", p))
                            .hasSize(n);
                    assertThat(ours(response, "regions[*].parent.code", p + "-N"))
                            .hasSize(n);
                    assertThat(ours(response, "regions[*].children[*].children[*].code", p))
                            .hasSize(n);
                    assertThat(ours(response, "apiTokens[*].departmentCodes[*]", p))
                            .hasSize(n);
                    List<String> rated = response.path("currencies[*].latestRate.currency")
                            .entityList(String.class)
                            .get();
                    assertThat(rated.stream().filter(currencies::contains)).hasSize(n);
                });
    }

    // ---- lists in mutation payloads

    @Test
    void batchMutationPayloadsStayFlat() {
        fixture();
        assertFlat(
                "upsertCampaignResults",
                16,
                n -> query("countUpsertCampaignResults")
                        .variable(
                                "input",
                                Map.of(
                                        "results",
                                        IntStream.range(0, n)
                                                .mapToObj(i -> Map.of(
                                                        "campaignCode",
                                                        code("C" + i),
                                                        "day",
                                                        n == N ? "2045-05-01" : "2045-05-02",
                                                        "impressions",
                                                        10,
                                                        "clicks",
                                                        1,
                                                        "leads",
                                                        0,
                                                        "opportunities",
                                                        0))
                                                .toList()))
                        .execute(),
                sized(
                        "upsertCampaignResults.results",
                        "upsertCampaignResults.results[*].campaign.segment.parent.code",
                        "upsertCampaignResults.results[*].campaign.channel.code"));
        assertFlat(
                "recordTouchpoints",
                33,
                n -> query("countRecordTouchpoints")
                        .variable(
                                "input",
                                Map.of(
                                        "touchpoints",
                                        IntStream.range(0, n)
                                                .mapToObj(i -> Map.of(
                                                        "customerExternalId",
                                                        code("K" + i),
                                                        "campaignCode",
                                                        code("C" + i),
                                                        "kind",
                                                        "DEMO",
                                                        "occurredAt",
                                                        (n == N ? "2045-05-01" : "2045-05-02") + "T12:00:00Z"))
                                                .toList()))
                        .variable("asOf", "2045-02")
                        .variable("from", "2045-01")
                        .variable("to", "2045-03")
                        .execute(),
                sized(
                        "recordTouchpoints.touchpoints",
                        "recordTouchpoints.touchpoints[*].campaign.channel.code",
                        "recordTouchpoints.touchpoints[*].customer.segment.parent.code",
                        "recordTouchpoints.touchpoints[*].customer.status"));
        // the token, one check that the call's currencies are registered (it was one per rate), the
        // stored rates, the closed-month guard, the upsert and the audit event
        assertFlat(
                "upsertFxRates",
                6,
                n -> query("countUpsertFxRates")
                        .variable(
                                "input",
                                Map.of(
                                        "rates",
                                        IntStream.range(0, n)
                                                .mapToObj(i -> Map.of(
                                                        "currency",
                                                        currency,
                                                        "date",
                                                        LocalDate.of(2045, n == N ? 6 : 7, i + 1)
                                                                .toString(),
                                                        "rate",
                                                        "1.25"))
                                                .toList()))
                        .execute(),
                sized("upsertFxRates.rates"));
    }

    // ---- measuring

    /**
     * Runs {@code request} for N and for 10N parents, checking each answer with {@code check}: the
     * statements are the same both times and at most {@code atMost}, the count measured when the test
     * was written. That is the token lookup, for a report the data version's read (the result cache,
     * docs/performance.md), the root field's own statements, then one statement per
     * association and level of the request: a {@code @BatchMapping} batches per parent type, so the
     * department of a spend line and the department of its campaign are two statements.
     */
    private void assertFlat(String what, int atMost, IntFunction<Response> request, Check check) {
        assertFlat(what, atMost, n -> {}, request, check);
    }

    /** As above, running {@code prepare} (not counted) before each request. */
    private void assertFlat(String what, int atMost, IntConsumer prepare, IntFunction<Response> request, Check check) {
        List<String> small = statements(N, prepare, request, check);
        List<String> large = statements(TEN_N, prepare, request, check);
        System.out.printf(
                "query count: %s: %d statements for %d parents, %d for %d%n",
                what, small.size(), N, large.size(), TEN_N);
        assertThat(large.size())
                .as(
                        "%s: statements for %d parents against %d; for %d:%n%s%nfor %d:%n%s",
                        what, TEN_N, N, N, summary(small), TEN_N, summary(large))
                .isEqualTo(small.size());
        assertThat(small.size())
                .as("%s: statements per request:%n%s", what, summary(small))
                .isLessThanOrEqualTo(atMost);
    }

    /** The SQL statements of one request for {@code n} parents, after checking its answer. */
    private List<String> statements(int n, IntConsumer prepare, IntFunction<Response> request, Check check) {
        prepare.accept(n);
        queries.reset();
        Response response = request.apply(n);
        List<String> statements = queries.statements();
        check.accept(response, n);
        return statements;
    }

    private static String summary(List<String> statements) {
        return String.join(
                "\n",
                statements.stream()
                        .map(sql -> "  " + (sql.length() > 160 ? sql.substring(0, 160) + "..." : sql))
                        .toList());
    }

    /** Each path holds exactly n values: the list, or one association of each of its n items. */
    private static Check sized(String... paths) {
        return (response, n) -> {
            for (String path : paths) {
                response.path(path).entityList(Object.class).hasSize(n);
            }
        };
    }

    /** Each path holds exactly {@code count} values, whatever n. */
    private static Check exactly(int count, String... paths) {
        return (response, n) -> {
            for (String path : paths) {
                response.path(path).entityList(Object.class).hasSize(count);
            }
        };
    }

    private static List<String> ours(Response response, String path, String prefix) {
        return response.path(path).entityList(String.class).get().stream()
                .filter(c -> c.startsWith(prefix))
                .toList();
    }

    private GraphQlTester.Request<?> query(String operation) {
        return graphQl.documentName("queryCount").operationName(operation);
    }

    private static String code(String name) {
        return prefix + "-" + name;
    }

    private static List<String> codes(String name, int n) {
        return IntStream.range(0, n).mapToObj(i -> code(name + i)).toList();
    }

    // ---- the fixture

    /** Loads the data described on the class once per run. */
    private void fixture() {
        synchronized (QueryCountTest.class) {
            if (prefix != null) {
                return;
            }
            String p = unique("NQ");
            prefix = p;
            try {
                load();
            } catch (RuntimeException | AssertionError e) {
                prefix = null;
                throw e;
            }
        }
    }

    private void load() {
        List<Integer> all = IntStream.range(0, TEN_N).boxed().toList();
        List<Integer> few = IntStream.range(0, N).boxed().toList();
        CompanyBuilder company = new CompanyBuilder(graphQl, prefix);
        company.currency(
                "Q",
                all.stream()
                        .flatMap(i -> Stream.of(LocalDate.of(2045, 1, i + 1).toString(), "1.1"))
                        .toArray(String[]::new));
        currency = company.code("Q");
        all.forEach(
                i -> company.department("D" + i, "MARKETING").product("P" + i).channel("H" + i, true));
        company.segment("T", null).segment("U", null).region("RT", null).region("RU", null);
        all.forEach(i -> company.segment("S" + i, "T").region("RS" + i, "RT"));
        all.forEach(i -> company.segment("G" + i, "S" + i).region("RG" + i, "RS" + i));
        few.forEach(i -> company.segment("U" + i, "U").region("RU" + i, "RU"));
        few.forEach(i -> company.segment("UG" + i, "U" + i).region("RUG" + i, "RU" + i));
        all.forEach(
                i -> company.campaign("C" + i, "D" + i, "H" + i, day(2045, 6, i), day(2045, 6, i), dims(i), "100.00"));
        all.forEach(i -> company.campaign("E" + i, "D" + i, "H" + i, day(2045, 8, i), day(2045, 8, i), dims(i), null));
        all.forEach(i -> company.results("C" + i, day(2045, 6, i), 1000, 100, 10, 1));
        all.forEach(i -> company.results("C0", day(2045, 4, i), 500, 50, 5, 1));
        all.forEach(i -> company.customer("K" + i, "S" + i, "RS" + i, "2045-01-01", "C" + i));
        company.customer("KA", "U", "RU", "2045-01-01", null).customer("KB", "U", "RU", "2045-01-01", null);
        all.forEach(i -> company.touch("K" + i, "C" + i, "2045-01-01T01:00:00Z", "CLICK")
                .touch("K" + i, "E" + i, "2045-01-01T02:00:00Z", "EMAIL"));
        few.forEach(i -> company.touch("KA", "C" + i, "2045-01-01T03:00:00Z", "FORM"));
        all.forEach(i -> company.touch("KB", "C" + i, "2045-01-01T03:00:00Z", "MEETING"));
        all.forEach(i ->
                company.spend("D" + i, day(2045, 3, i), "10.00", "USD", "ADVERTISING", dims(i).andCampaign("C" + i)));
        for (int month = 1; month <= 3; month++) {
            for (int i : all) {
                company.revenue("K" + i, "P" + i, day(2045, month, Math.min(i, 27)), "100.00", "USD", true);
            }
        }
        all.forEach(i -> company.budget("D" + i, "2045-03", "100.00"));
        company.build();

        String spend0 = query("countSpendLines")
                .variable("filter", Map.of("segmentCode", code("T")))
                .variable("first", 1)
                .execute()
                .path("spendLines.edges[0].node.id")
                .entity(String.class)
                .get();
        api.ok("reverseSpendLine", "spendLine", Map.of("lineId", spend0, "bookedOn", "2045-03-01"));
        String revenue0 = query("countRevenueLines")
                .variable("filter", Map.of("segmentCode", code("T")))
                .variable("first", 1)
                .variable("asOf", "2045-01")
                .variable("from", "2045-01")
                .variable("to", "2045-01")
                .execute()
                .path("revenueLines.edges[0].node.id")
                .entity(String.class)
                .get();
        api.ok("reverseRevenueLine", "revenueLine", Map.of("lineId", revenue0, "recognizedOn", "2045-01-01"));
    }

    /** The segment Si, product Pi and region RSi that campaign i and its spend are tagged with. */
    private static Tags dims(int i) {
        return Tags.segment("S" + i).andProduct("P" + i).andRegion("RS" + i);
    }

    /** Day {@code index + 1} of the month, as a date string. */
    private static String day(int year, int month, int index) {
        return LocalDate.of(year, month, index + 1).toString();
    }
}
