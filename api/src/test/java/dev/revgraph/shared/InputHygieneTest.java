package dev.revgraph.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Input no service should see is refused as invalid input naming where it is: a NUL character in
 * any string (mutation variables, literals, query arguments, CSV cells), which PostgreSQL cannot
 * store in text, and a date before 1900-01-01 or after 2200-12-31 in any write. Nothing is written.
 */
class InputHygieneTest extends IntegrationTest {

    private Map<String, Object> spend(String department, String bookedOn, String memo) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("departmentCode", department);
        input.put("bookedOn", bookedOn);
        input.put("amount", "10.00");
        input.put("currency", "USD");
        input.put("category", "TOOLS");
        input.put("memo", memo);
        input.put("externalId", unique("HYG"));
        return input;
    }

    private List<Map<String, Object>> spendErrors(Map<String, Object> input) {
        var response = api.mutate("recordSpendLine", input);
        response.path("recordSpendLine.spendLine").valueIsNull();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) (List<?>)
                response.path("recordSpendLine.errors").entityList(Map.class).get();
        return errors;
    }

    private void assertNoSpendLine(String externalId) {
        graphQl.document("query($d: [String!]) { spendLines(filter: {departmentCodes: $d}) { totalCount } }")
                .variable("d", List.of(externalId))
                .execute()
                .path("spendLines.totalCount")
                .entity(Integer.class)
                .isEqualTo(0);
    }

    @Test
    void aNulCharacterInAMutationVariableIsInvalidInputNamingTheField() {
        String department = unique("HYGD");
        api.department(department, "GENERAL");
        assertThat(spendErrors(spend(department, "2031-03-01", "before\u0000after")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("__typename")).isEqualTo("InvalidInputError");
                    assertThat(e.get("code")).isEqualTo("INVALID");
                    assertThat(e.get("field")).isEqualTo(List.of("input", "memo"));
                    assertThat((String) e.get("message")).contains("NUL");
                });
        assertNoSpendLine(department);
    }

    @Test
    void aNulCharacterInALiteralOrAQueryArgumentIsInvalidToo() {
        String code = unique("HYGP");
        graphQl.document("mutation { createProduct(input: {code: \"" + code + "\", name: \"a\\u0000b\"}) {"
                        + " product { code } errors { field code } } }")
                .execute()
                .path("createProduct.product")
                .valueIsNull()
                .path("createProduct.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "name")
                .path("createProduct.errors[0].code")
                .entity(String.class)
                .isEqualTo("INVALID");
        graphQl.document("query($c: String!) { department(code: $c) { code } }")
                .variable("c", "x\u0000y")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getMessage()).contains("code must not contain the NUL character");
                    assertThat(e.getExtensions().get("code")).isEqualTo("INVALID");
                    assertThat(e.getExtensions().get("field")).isEqualTo(List.of("code"));
                }));
    }

    @Test
    void aNulCharacterInTheDocumentItselfIsASyntaxErrorNotAnInternalOne() {
        graphQl.document("{ settings { reportingCurrency \u0000 } }")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.getMessage()).doesNotContain("INTERNAL_ERROR");
                    assertThat(e.getErrorType().toString()).isNotEqualTo("INTERNAL_ERROR");
                }));
        graphQl.document("query($c: String!) { department(code: $c) { code } }")
                .variable("c", "ok")
                .operationName("x\u0000")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .isNotEmpty()
                        .allSatisfy(e -> assertThat(e.getErrorType().toString()).isNotEqualTo("INTERNAL_ERROR")));
    }

    @Test
    void aNulCharacterInACsvCellNamesTheLineAndColumn() {
        String code = unique("HYGC");
        var response = api.mutate(
                "importCsv",
                Map.of("file", "DEPARTMENTS", "content", "code,name,kind\n" + code + ",Na\u0000me,GENERAL\n"));
        response.path("importCsv.result")
                .valueIsNull()
                .path("importCsv.errors[0].line")
                .entity(Integer.class)
                .isEqualTo(2)
                .path("importCsv.errors[0].column")
                .entity(String.class)
                .isEqualTo("name")
                .path("importCsv.errors[0].reason")
                .entity(String.class)
                .isEqualTo("must not contain the NUL character (U+0000)");
    }

    @Test
    void datesOutsideTheCalendarAreRefusedInEveryWrite() {
        String department = unique("HYGT");
        api.department(department, "GENERAL");
        assertThat(spendErrors(spend(department, "1899-12-31", null)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.get("field")).isEqualTo(List.of("input", "bookedOn"));
                    assertThat((String) e.get("message")).contains("between 1900-01-01 and 2200-12-31");
                });
        assertThat(spendErrors(spend(department, "2201-01-01", null)))
                .singleElement()
                .satisfies(e -> assertThat(e.get("field")).isEqualTo(List.of("input", "bookedOn")));
        assertNoSpendLine(department);

        api.mutate("closeMonth", Map.of("month", "2201-01"))
                .path("closeMonth.errors[0].field")
                .entityList(String.class)
                .containsExactly("input", "month");

        var imported = api.mutate(
                "importCsv",
                Map.of(
                        "file",
                        "SPEND",
                        "content",
                        "external_id,department_code,booked_on,amount,currency,category\n" + unique("HYGX") + ","
                                + department + ",1850-06-30,10.00,USD,TOOLS\n"));
        imported.path("importCsv.result")
                .valueIsNull()
                .path("importCsv.errors[0].column")
                .entity(String.class)
                .isEqualTo("booked_on")
                .path("importCsv.errors[0].reason")
                .entity(String.class)
                .isEqualTo("must be between 1900-01-01 and 2200-12-31");

        // the edges of the range are taken
        api.spend(department, "1900-01-01", "1.00", "USD", "TOOLS");
        api.spend(department, "2200-12-31", "1.00", "USD", "TOOLS");
    }
}
