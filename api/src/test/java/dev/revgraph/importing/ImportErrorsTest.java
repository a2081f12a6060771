package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each kind of bad row refuses the whole file with the right line, column and code, and writes
 * nothing (not even the file's good rows). Dates are in 2037, which no other test uses.
 */
class ImportErrorsTest extends IntegrationTest {

    private static final String SPEND_HEADER = "external_id,department_code,booked_on,amount,currency,category";

    @Autowired
    JdbcTemplate jdbc;

    String p;
    String dept;
    String cur;

    @BeforeEach
    void dimensions() {
        p = unique("IE") + "-";
        dept = p + "MKT";
        cur = Api.uniqueCurrency();
        ok(ImportFile.DEPARTMENTS, "code,name,kind\n" + dept + ",Marketing,MARKETING\n");
        ok(ImportFile.FX_RATES, "date,currency,rate\n2037-01-01," + cur + ",1.25\n");
    }

    @Test
    void rejectsAMissingRequiredColumn() {
        List<Map<String, Object>> errors = refused(ImportFile.DEPARTMENTS, "code,kind\n" + p + "X,GENERAL\n");
        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> assertError(e, 1, "name", "INVALID", "required column name is missing from the header"));
        assertNothingStored("department", "code");
    }

    @Test
    void rejectsAnUnknownColumn() {
        List<Map<String, Object>> errors =
                refused(ImportFile.DEPARTMENTS, "code,name,kind,colour\n" + p + "X,X,GENERAL,red\n");
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertError(
                        e,
                        1,
                        "colour",
                        "INVALID",
                        "unknown column colour: the file takes code*, name*, kind* (* = required)"));
        assertNothingStored("department", "code");
    }

    @Test
    void rejectsABadDateAndWritesNotEvenTheGoodRows() {
        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + "\n"
                        + p + "1," + dept + ",2037-02-10,10.00," + cur + ",TOOLS\n"
                        + p + "2," + dept + ",2037-02-30,10.00," + cur + ",TOOLS\n");
        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> assertError(e, 3, "booked_on", "INVALID", "must be a date YYYY-MM-DD, like 2026-03-31"));
        assertNothingStored("spend_line", "external_id");
    }

    @Test
    void rejectsBadNumbers() {
        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + "\n"
                        + p + "1," + dept + ",2037-02-10,\"1,234.50\"," + cur + ",TOOLS\n"
                        + p + "2," + dept + ",2037-02-10,1.23456," + cur + ",TOOLS\n"
                        + p + "3," + dept + ",2037-02-10,1e3," + cur + ",TOOLS\n");
        assertThat(errors).hasSize(3);
        assertError(
                errors.get(0), 2, "amount", "INVALID", "must be a plain decimal number with a dot, like -1234.5678");
        assertError(errors.get(1), 3, "amount", "INVALID", "must have at most 4 decimal places");
        assertError(
                errors.get(2), 4, "amount", "INVALID", "must be a plain decimal number with a dot, like -1234.5678");
        assertNothingStored("spend_line", "external_id");
    }

    @Test
    void rejectsUnknownReferencesAndListsEveryBadRowInLineOrder() {
        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + ",campaign_code\n"
                        + p + "1," + p + "NOPE,2037-02-10,10.00," + cur + ",TOOLS,\n"
                        + p + "2," + dept + ",2037-02-10,10.00," + cur + ",TOOLS,\n"
                        + p + "3," + dept + ",2037-02-10,10.00," + cur + ",TOOLS," + p + "CMP\n"
                        + p + "4," + dept + ",2037-02-10,0," + cur + ",TOOLS,\n"
                        + p + "5," + dept + ",2037-02-10,5.00,QZZ,TOOLS,\n");
        assertThat(errors).extracting(e -> e.get("line")).containsExactly(2, 4, 5, 6);
        assertError(errors.get(0), 2, "department_code", "NOT_FOUND", "unknown department " + p + "NOPE");
        assertError(errors.get(1), 4, "campaign_code", "NOT_FOUND", "unknown campaign " + p + "CMP");
        assertError(errors.get(2), 5, "amount", "INVALID", "must not be zero");
        assertError(
                errors.get(3),
                6,
                "currency",
                "MISSING_FX_RATE",
                "no FX rate for QZZ dated on or before 2037-02-10: load it in fx_rates.csv");
        assertThat(errors.get(0).get("message"))
                .isEqualTo("spend.csv line 2, column department_code: unknown department " + p + "NOPE");
        assertNothingStored("spend_line", "external_id");
    }

    @Test
    void rejectsADuplicateKeyInsideOneFile() {
        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + "\n"
                        + p + "1," + dept + ",2037-02-10,10.00," + cur + ",TOOLS\n"
                        + p + "2," + dept + ",2037-02-10,10.00," + cur + ",TOOLS\n"
                        + p + "1," + dept + ",2037-02-10,10.00," + cur + ",TOOLS\n");
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertError(
                        e, 4, "external_id", "CONFLICT", "repeats the key of line 2 (external_id " + p + "1)"));
        assertNothingStored("spend_line", "external_id");
    }

    @Test
    void skipsAStoredRowWithTheSameValuesAndRejectsOneWithOtherValues() {
        String line = p + "1," + dept + ",2037-02-10,10.00," + cur + ",TOOLS\n";
        ok(ImportFile.SPEND, SPEND_HEADER + "\n" + line);
        // the same values (10.0 equals 10.00) are skipped, new rows go in
        Map<String, Object> again = ok(
                ImportFile.SPEND,
                "category,currency,amount,booked_on,department_code,"
                        + "external_id\nTOOLS," + cur + ",10.0,2037-02-10," + dept + "," + p + "1\nTOOLS," + cur
                        + ",7.00,2037-02-11," + dept + "," + p + "2\n");
        assertThat(again).containsEntry("inserted", 1).containsEntry("skipped", 1);
        // mostly stored: the new rows are kept by another way (a copy, not a delete), same outcome
        Map<String, Object> mostly = ok(
                ImportFile.SPEND,
                SPEND_HEADER + "\n" + line
                        + p + "2," + dept + ",2037-02-11,7.00," + cur + ",TOOLS\n"
                        + p + "4," + dept + ",2037-02-13,4.00," + cur + ",TOOLS\n");
        assertThat(mostly).containsEntry("inserted", 1).containsEntry("skipped", 2);

        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + "\n"
                        + p + "3," + dept + ",2037-02-12,3.00," + cur + ",TOOLS\n"
                        + p + "1," + dept + ",2037-02-10,11.00," + cur + ",OTHER\n");
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertError(
                        e,
                        3,
                        "external_id",
                        "CONFLICT",
                        "is already stored (external_id " + p
                                + "1) with another amount, category: the key of a stored row"
                                + " cannot take new values (ledgers: post a reversing line instead)"));
        assertThat(jdbc.queryForObject("select count(*) from spend_line where external_id like ?", Long.class, p + "%"))
                .isEqualTo(3);
    }

    @Test
    void rejectsRowsInAClosedMonthNamingTheMonth() {
        api.close(YearMonth.of(2037, 6));
        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + "\n"
                        + p + "1," + dept + ",2037-05-31,10.00," + cur + ",TOOLS\n"
                        + p + "2," + dept + ",2037-06-01,10.00," + cur + ",TOOLS\n");
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertError(
                        e,
                        3,
                        "booked_on",
                        "CLOSED_PERIOD",
                        "month 2037-06 is closed: reopen it or date the row in an open month"));
        assertNothingStored("spend_line", "external_id");
    }

    @Test
    void linksParentsGivenLaterInTheFileAndRejectsCycles() {
        ok(
                ImportFile.SEGMENTS,
                "code,name,parent_code\n" + p + "LEAF,Leaf," + p + "MID\n" + p + "MID,Mid," + p + "TOP\n" + p
                        + "TOP,Top,\n");
        assertThat(jdbc.queryForObject(
                        "select p.code from segment s join segment p on p.id = s.parent_id" + " where s.code = ?",
                        String.class,
                        p + "LEAF"))
                .isEqualTo(p + "MID");

        List<Map<String, Object>> errors = refused(
                ImportFile.SEGMENTS,
                "code,name,parent_code\n" + p + "A,A," + p + "B\n" + p + "B,B," + p + "A\n" + p + "C,C," + p + "TOP\n");
        assertThat(errors).hasSize(2);
        assertError(errors.get(0), 2, "parent_code", "INVALID", "the parents of " + p + "A form a cycle");
        assertThat(jdbc.queryForObject("select count(*) from segment where code like ?", Long.class, p + "%"))
                .isEqualTo(3);
    }

    @Test
    void readsQuotedFieldsAcrossLinesAndCountsLinesFromTheHeader() {
        List<Map<String, Object>> errors = refused(
                ImportFile.SPEND,
                SPEND_HEADER + ",memo\n"
                        + p + "1," + dept + ",2037-02-10,10.00," + cur + ",TOOLS,\"Two lines,\nwith \"\"quotes\"\"\"\n"
                        + p + "2," + dept + ",2037-02-10,10.00," + cur + ",TOYS,\n");
        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> assertError(
                                e,
                                4,
                                "category",
                                "INVALID",
                                "must be one of ADVERTISING, SALARIES, CONTRACTORS, TOOLS, EVENTS, COST_OF_SERVICE, OVERHEAD, OTHER"));

        ok(
                ImportFile.SPEND,
                SPEND_HEADER + ",memo\r\n" + p + "1," + dept + ",2037-02-10,10.00," + cur
                        + ",TOOLS,\"Two lines,\r\nwith \"\"quotes\"\"\"\r\n");
        assertThat(jdbc.queryForObject("select memo from spend_line where external_id = ?", String.class, p + "1"))
                .isEqualTo("Two lines,\r\nwith \"quotes\"");
    }

    @Test
    void rejectsARowWithTheWrongNumberOfFields() {
        List<Map<String, Object>> errors = refused(ImportFile.PRODUCTS, "code,name\n" + p + "A,Alpha,extra\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.get("line")).isEqualTo(2);
            assertThat(e.get("column")).isNull();
            assertThat(e.get("reason")).isEqualTo("has 3 fields, the header has 2");
        });
        assertNothingStored("product", "code");
    }

    private static void assertError(Map<String, Object> error, int line, String column, String code, String reason) {
        assertThat(error.get("__typename")).isEqualTo("ImportRowError");
        assertThat(error.get("line")).isEqualTo(line);
        assertThat(error.get("column")).isEqualTo(column);
        assertThat(error.get("code")).isEqualTo(code);
        assertThat(error.get("reason")).isEqualTo(reason);
        assertThat(error.get("field")).isEqualTo(List.of("input", "content"));
    }

    private void assertNothingStored(String table, String column) {
        String others = table.equals("department") ? " and code <> '" + dept + "'" : "";
        assertThat(jdbc.queryForObject(
                        "select count(*) from " + table + " where " + column + " like ?" + others, Long.class, p + "%"))
                .isZero();
    }

    private Map<String, Object> ok(ImportFile file, String content) {
        var response = api.mutate("importCsv", Map.of("file", file.name(), "content", content));
        response.path("importCsv.errors").entityList(Object.class).hasSize(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> result =
                response.path("importCsv.result").entity(Map.class).get();
        return result;
    }

    private List<Map<String, Object>> refused(ImportFile file, String content) {
        var response = api.mutate("importCsv", Map.of("file", file.name(), "content", content));
        response.path("importCsv.result").valueIsNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) (List<?>)
                response.path("importCsv.errors").entityList(Map.class).get();
        assertThat(errors).isNotEmpty();
        return errors;
    }
}
