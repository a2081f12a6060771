package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 details the import relies on, without a database. */
class CsvReaderTest {

    @Test
    void splitsQuotedFieldsAndNamesEachRecordByItsFirstLine() {
        List<CsvReader.Row> rows = read("\uFEFFa,b,c\r\n1,\"x, \"\"y\"\"\",\r\n2,\"two\nlines\",z\n\n3,,\"\"\n");
        assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 2L, 3L, 5L, 6L);
        assertThat(rows.get(0).fields()).containsExactly("a", "b", "c");
        assertThat(rows.get(1).fields()).containsExactly("1", "x, \"y\"", null);
        assertThat(rows.get(2).fields()).containsExactly("2", "two\nlines", "z");
        assertThat(rows.get(3).fields()).containsExactly((String) null); // a blank line
        assertThat(rows.get(4).fields()).containsExactly("3", null, null);
    }

    @Test
    void readsALastRecordWithoutLineBreakAndABareCarriageReturn() {
        assertThat(read("a,b\rc,d"))
                .extracting(CsvReader.Row::fields)
                .containsExactly(Arrays.asList("a", "b"), Arrays.asList("c", "d"));
    }

    @Test
    void refusesAnUnclosedQuoteAndTextAfterAClosingQuote() {
        assertThatThrownBy(() -> read("a\n\"open\n"))
                .isInstanceOfSatisfying(
                        CsvReader.MalformedCsv.class, e -> assertThat(e.line).isEqualTo(2));
        assertThatThrownBy(() -> read("a\n\"x\"y\n")).isInstanceOf(CsvReader.MalformedCsv.class);
    }

    private static List<CsvReader.Row> read(String text) {
        CsvReader reader = new CsvReader(new StringReader(text));
        List<CsvReader.Row> rows = new ArrayList<>();
        for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }
}
