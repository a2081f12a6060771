package dev.revgraph.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The spend ledger against a hand-worked dataset, in March 2026 (reporting currency USD).
 *
 * <pre>
 * rates  E: 1.10 from 03-01, 1.20 from 03-16      G: 1.23456 from 03-01
 * line  dept  date   amount     cat              tags          in USD (full precision)  served
 *  1    D1    03-05  100.00 E   ADVERTISING      seg S1, prod P   100 x 1.10 = 110.00        110.00
 *  2    D1    03-20  200.00 E   ADVERTISING      seg S            200 x 1.20 = 240.00        240.00
 *  3    D2    03-10   80.00 G   COST_OF_SERVICE  seg S2, reg R     80 x 1.23456 = 98.7648     98.76
 *  4    D1    03-16   33.3333 E TOOLS            -            33.3333 x 1.20 = 39.99996      40.00
 *  5    D2    03-31   50.00 USD SALARIES         seg S1                    50.00             50.00
 *  6    D2    03-31    0.005 USD OTHER           -                          0.005             0.01
 *  7    D2    03-31    0.005 USD OTHER           -                          0.005             0.01
 * S1 is a child of S; S2 is a separate root.
 *
 * filter                 lines           full-precision sum          served total
 * D1 + D2                all 7           538.77476                   538.77  (rounded lines would add to 538.78)
 * segment S (subtree)    1, 2, 5         400.00                      400.00
 * department D1          1, 2, 4         389.99996                   390.00
 * department D2          3, 5, 6, 7      148.7748                    148.77
 * ADVERTISING            1, 2            350.00                      350.00
 * 03-10 .. 03-16         3, 4            138.76476                   138.76
 * currency E             1, 2, 4         389.99996                   390.00
 * product P              1               110.00                      110.00
 * region R               3               98.7648                      98.76
 * </pre>
 */
class SpendLedgerTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    String d1;
    String d2;
    String e;
    String g;
    String s;
    String s1;
    String s2;
    String p;
    String r;
    String[] lines = new String[8];

    @BeforeEach
    void handWorkedLedger() {
        d1 = unique("D1");
        d2 = unique("D2");
        api.department(d1, "MARKETING");
        api.department(d2, "OPERATIONS");
        e = Api.uniqueCurrency();
        g = Api.uniqueCurrency();
        api.currency(e, "2026-03-01", "1.10", "2026-03-16", "1.20");
        api.currency(g, "2026-03-01", "1.23456");
        s = unique("S");
        s1 = unique("S1");
        s2 = unique("S2");
        api.segment(s, null);
        api.segment(s1, s);
        api.segment(s2, null);
        p = unique("P");
        api.product(p);
        r = unique("R");
        api.region(r, null);

        lines[1] = api.spend(d1, "2026-03-05", "100.00", e, "ADVERTISING", Map.of("segmentCode", s1, "productCode", p));
        lines[2] = api.spend(d1, "2026-03-20", "200.00", e, "ADVERTISING", Map.of("segmentCode", s));
        lines[3] =
                api.spend(d2, "2026-03-10", "80.00", g, "COST_OF_SERVICE", Map.of("segmentCode", s2, "regionCode", r));
        lines[4] = api.spend(d1, "2026-03-16", "33.3333", e, "TOOLS");
        lines[5] = api.spend(d2, "2026-03-31", "50.00", "USD", "SALARIES", Map.of("segmentCode", s1));
        lines[6] = api.spend(d2, "2026-03-31", "0.005", "USD", "OTHER");
        lines[7] = api.spend(d2, "2026-03-31", "0.005", "USD", "OTHER");
    }

    private void assertTotal(Map<String, Object> filter, int count, String total) {
        graphQl.documentName("spendLines")
                .variable("filter", filter)
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(count)
                .path("spendLines.total.amount")
                .entity(String.class)
                .isEqualTo(total)
                .path("spendLines.total.currency")
                .entity(String.class)
                .isEqualTo("USD");
    }

    @Test
    void convertsEachLineAtTheLatestRateOnOrBeforeItsDate() {
        graphQl.documentName("spendLines")
                .variable("filter", Map.of("departmentCodes", List.of(d1, d2)))
                .execute()
                .path("spendLines.edges[*].node.reportingAmount.amount")
                .entityList(String.class)
                .containsExactly("110.00", "98.76", "40.00", "240.00", "50.00", "0.01", "0.01")
                .path("spendLines.edges[*].node.amount.amount")
                .entityList(String.class)
                .containsExactly("100.00", "80.00", "33.3333", "200.00", "50.00", "0.005", "0.005");
    }

    @Test
    void totalsTheWholeFilterAtFullPrecisionThenRounds() {
        assertTotal(Map.of("departmentCodes", List.of(d1, d2)), 7, "538.77");
        assertTotal(Map.of("segmentCode", s), 3, "400.00");
        assertTotal(Map.of("departmentCodes", List.of(d1)), 3, "390.00");
        assertTotal(Map.of("departmentCodes", List.of(d2)), 4, "148.77");
        assertTotal(Map.of("departmentCodes", List.of(d1, d2), "categories", List.of("ADVERTISING")), 2, "350.00");
        assertTotal(Map.of("departmentCodes", List.of(d1, d2), "from", "2026-03-10", "to", "2026-03-16"), 2, "138.76");
        assertTotal(Map.of("currency", e), 3, "390.00");
        assertTotal(Map.of("productCode", p), 1, "110.00");
        assertTotal(Map.of("regionCode", r), 1, "98.76");
    }

    @Test
    void pagesWithCursorsInBookingOrder() {
        Map<String, Object> filter = Map.of("departmentCodes", List.of(d1, d2));
        var page1 = graphQl.documentName("spendLines")
                .variable("filter", filter)
                .variable("first", 3)
                .execute();
        page1.path("spendLines.edges[*].node.id")
                .entityList(String.class)
                .containsExactly(lines[1], lines[3], lines[4])
                .path("spendLines.pageInfo.hasNextPage")
                .entity(Boolean.class)
                .isEqualTo(true)
                .path("spendLines.pageInfo.hasPreviousPage")
                .entity(Boolean.class)
                .isEqualTo(false)
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(7);
        String after =
                page1.path("spendLines.pageInfo.endCursor").entity(String.class).get();
        var page2 = graphQl.documentName("spendLines")
                .variable("filter", filter)
                .variable("first", 3)
                .variable("after", after)
                .execute();
        page2.path("spendLines.edges[*].node.id")
                .entityList(String.class)
                .containsExactly(lines[2], lines[5], lines[6])
                .path("spendLines.pageInfo.hasPreviousPage")
                .entity(Boolean.class)
                .isEqualTo(true)
                .path("spendLines.total.amount")
                .entity(String.class)
                .isEqualTo("538.77");
        String after2 =
                page2.path("spendLines.pageInfo.endCursor").entity(String.class).get();
        graphQl.documentName("spendLines")
                .variable("filter", filter)
                .variable("first", 3)
                .variable("after", after2)
                .execute()
                .path("spendLines.edges[*].node.id")
                .entityList(String.class)
                .containsExactly(lines[7])
                .path("spendLines.pageInfo.hasNextPage")
                .entity(Boolean.class)
                .isEqualTo(false);
    }

    @Test
    void rejectsForgedCursorsAndOversizePages() {
        graphQl.documentName("spendLines")
                .variable("after", "bm90LWEtY3Vyc29y")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(err -> {
                    assertThat(err.getMessage()).contains("after is not a cursor of this list");
                    assertThat(err.getExtensions()).containsEntry("field", List.of("after"));
                }));
        graphQl.documentName("spendLines")
                .variable("first", 501)
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(err -> assertThat(err.getMessage()).isEqualTo("first must be between 1 and 500")));
    }

    @Test
    void unknownFilterCodesAreErrorsNotEmptyLists() {
        graphQl.documentName("spendLines")
                .variable("filter", Map.of("departmentCodes", List.of(d1, "NOPE")))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(err -> {
                    assertThat(err.getMessage()).isEqualTo("no department has code NOPE");
                    assertThat(err.getExtensions())
                            .containsEntry("code", "NOT_FOUND")
                            .containsEntry("field", List.of("filter", "departmentCodes"));
                }));
    }

    @Test
    void aRetryWithTheSameExternalIdReturnsTheOriginalLine() {
        String key = unique("inv");
        Map<String, Object> input = new HashMap<>(Map.of(
                "externalId",
                key,
                "departmentCode",
                d1,
                "bookedOn",
                "2026-03-18",
                "amount",
                "12.50",
                "currency",
                e,
                "category",
                "EVENTS",
                "vendor",
                "Venue Ltd"));
        String first = (String) api.ok("recordSpendLine", "spendLine", input).get("id");
        input.put("amount", "12.5000");
        assertThat(api.ok("recordSpendLine", "spendLine", input).get("id")).isEqualTo(first);

        input.put("amount", "12.51");
        api.mutate("recordSpendLine", input)
                .path("recordSpendLine.spendLine")
                .valueIsNull()
                .path("recordSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("recordSpendLine.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(first)
                .path("recordSpendLine.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "externalId");
        assertTotal(Map.of("departmentCodes", List.of(d1), "categories", List.of("EVENTS")), 1, "15.00");
    }

    @Test
    void reversesALineOnceWithAnOppositeLinkedLine() {
        var reversal = api.mutate("reverseSpendLine", Map.of("lineId", lines[1], "memo", "booked twice"));
        reversal.path("reverseSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("reverseSpendLine.spendLine.amount.amount")
                .entity(String.class)
                .isEqualTo("-100.00")
                .path("reverseSpendLine.spendLine.amount.currency")
                .entity(String.class)
                .isEqualTo(e)
                .path("reverseSpendLine.spendLine.reportingAmount.amount")
                .entity(String.class)
                .isEqualTo("-110.00")
                .path("reverseSpendLine.spendLine.bookedOn")
                .entity(String.class)
                .isEqualTo("2026-03-05")
                .path("reverseSpendLine.spendLine.memo")
                .entity(String.class)
                .isEqualTo("booked twice")
                .path("reverseSpendLine.spendLine.reverses.id")
                .entity(String.class)
                .isEqualTo(lines[1]);
        String reversalId = reversal.path("reverseSpendLine.spendLine.id")
                .entity(String.class)
                .get();
        reversal.path("reverseSpendLine.spendLine.reverses.reversedBy.id")
                .entity(String.class)
                .isEqualTo(reversalId);

        api.mutate("reverseSpendLine", Map.of("lineId", lines[1]))
                .path("reverseSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ConflictError")
                .path("reverseSpendLine.errors[0].existingId")
                .entity(String.class)
                .isEqualTo(reversalId);
        api.mutate("reverseSpendLine", Map.of("lineId", reversalId))
                .path("reverseSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("InvalidInputError")
                .path("reverseSpendLine.errors[0].message")
                .entity(String.class)
                .satisfies(m -> assertThat(m).contains("is itself a reversal"));
        api.mutate("reverseSpendLine", Map.of("lineId", "999999999"))
                .path("reverseSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("NotFoundError");

        // 538.77476 - 110.00 = 428.77476
        assertTotal(Map.of("departmentCodes", List.of(d1, d2)), 8, "428.77");
    }

    @Test
    void theLedgerIsAppendOnlyInTheDatabaseItself() {
        assertThatThrownBy(() -> jdbc.update("update spend_line set amount = 1 where id = ?", Long.parseLong(lines[1])))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from spend_line where id = ?", Long.parseLong(lines[1])))
                .hasMessageContaining("append-only");
    }

    @Test
    void aClosedMonthTakesNoNewLineAndAReversalGoesIntoAnOpenMonth() {
        YearMonth closed = Api.uniqueMonth();
        api.currency(e, closed.atDay(1).toString(), "1.30");
        String line = api.spend(d1, closed.atDay(10).toString(), "10.00", e, "TOOLS");
        api.close(closed);

        api.mutate(
                        "recordSpendLine",
                        Map.of(
                                "departmentCode",
                                d1,
                                "bookedOn",
                                closed.atDay(11).toString(),
                                "amount",
                                "1.00",
                                "currency",
                                "USD",
                                "category",
                                "TOOLS"))
                .path("recordSpendLine.spendLine")
                .valueIsNull()
                .path("recordSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError")
                .path("recordSpendLine.errors[0].month")
                .entity(String.class)
                .isEqualTo(closed.toString())
                .path("recordSpendLine.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "bookedOn");

        api.mutate("reverseSpendLine", Map.of("lineId", line))
                .path("reverseSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo("ClosedPeriodError");
        String next = closed.plusMonths(1).atDay(2).toString();
        api.mutate("reverseSpendLine", Map.of("lineId", line, "bookedOn", next))
                .path("reverseSpendLine.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("reverseSpendLine.spendLine.bookedOn")
                .entity(String.class)
                .isEqualTo(next)
                .path("reverseSpendLine.spendLine.reportingAmount.amount")
                .entity(String.class)
                .isEqualTo("-13.00");
        assertTotal(
                Map.of(
                        "departmentCodes",
                        List.of(d1),
                        "from",
                        closed.atDay(1).toString(),
                        "to",
                        closed.atEndOfMonth().toString()),
                1,
                "13.00");
    }

    @Test
    void badInputGetsATypedErrorNamingTheFieldAndWritesNothing() {
        String dept = unique("D3");
        api.department(dept, "SALES");
        String archived = unique("D4");
        api.department(archived, "SALES");
        api.ok("archiveDepartment", "department", Map.of("code", archived));
        String archivedSegment = unique("SX");
        api.segment(archivedSegment, null);
        api.ok("archiveSegment", "segment", Map.of("code", archivedSegment));

        expectError(
                input(dept, "2026-03-10", "10", "USD", Map.of("departmentCode", "NOPE")),
                "NotFoundError",
                "departmentCode",
                "no department has code NOPE");
        expectError(
                input(archived, "2026-03-10", "10", "USD", Map.of()),
                "ArchivedError",
                "departmentCode",
                "department " + archived + " is archived");
        expectError(
                input(dept, "2026-03-10", "10", "USD", Map.of("segmentCode", archivedSegment)),
                "ArchivedError",
                "segmentCode",
                "segment " + archivedSegment + " is archived");
        expectError(
                input(dept, "2026-03-10", "10", "USD", Map.of("segmentCode", "NOPE")),
                "NotFoundError",
                "segmentCode",
                "no segment has code NOPE");
        expectError(
                input(dept, "2026-03-10", "10", "USD", Map.of("campaignCode", "NOPE")),
                "NotFoundError",
                "campaignCode",
                "no campaign has code NOPE");
        expectError(
                input(dept, "2026-03-10", "0", "USD", Map.of()),
                "InvalidInputError",
                "amount",
                "amount must not be zero");
        expectError(
                input(dept, "2026-03-10", "1.23456", "USD", Map.of()),
                "InvalidInputError",
                "amount",
                "amount must have at most 4 decimal places");
        expectError(
                input(dept, "2026-02-27", "10", e, Map.of()),
                "MissingFxRateError",
                "currency",
                "no FX rate for " + e + " dated on or before 2026-02-27");
        expectError(
                input(dept, "2026-03-10", "10", "ZZZ", Map.of()),
                "NotFoundError",
                "currency",
                "currency ZZZ is not registered: add it with upsertCurrency and give it FX rates");

        expectGraphQlError(input(dept, "2026-03-10", "1E+3", "USD", Map.of()), "Decimal must be a plain decimal");
        expectGraphQlError(input(dept, "2026-03-10", "-5e-3", "USD", Map.of()), "Decimal must be a plain decimal");
        expectGraphQlError(input(dept, "2026-13-01", "10", "USD", Map.of()), "Date must be an ISO date YYYY-MM-DD");
        expectGraphQlError(input(dept, "2026-03-10", "10", "usd", Map.of()), "Currency must be an ISO 4217 code");

        assertTotal(Map.of("departmentCodes", List.of(dept, archived)), 0, "0.00");
    }

    private Map<String, Object> input(
            String dept, String date, String amount, String currency, Map<String, Object> overrides) {
        Map<String, Object> input = new HashMap<>(Map.of(
                "departmentCode", dept, "bookedOn", date, "amount", amount, "currency", currency, "category", "TOOLS"));
        input.putAll(overrides);
        return input;
    }

    private void expectError(Map<String, Object> input, String type, String field, String message) {
        api.mutate("recordSpendLine", input)
                .path("recordSpendLine.spendLine")
                .valueIsNull()
                .path("recordSpendLine.errors[0].__typename")
                .entity(String.class)
                .isEqualTo(type)
                .path("recordSpendLine.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", field)
                .path("recordSpendLine.errors[0].message")
                .entity(String.class)
                .isEqualTo(message);
    }

    private void expectGraphQlError(Map<String, Object> input, String message) {
        api.mutate("recordSpendLine", input)
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(err -> assertThat(err.getMessage())
                                .contains("Variable 'input' has an invalid value")
                                .contains(message)));
    }
}
