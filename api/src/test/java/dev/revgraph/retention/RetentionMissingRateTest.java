package dev.revgraph.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.Api;
import dev.revgraph.support.IntegrationTest;
import java.sql.Date;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A revenue line dated before its currency's first rate (possible for lines written before a
 * rate was corrected away, or loaded straight into the database) cannot be converted: every
 * retention report over it refuses with MISSING_FX_RATE naming the currency and the line's day,
 * read from the customer-month rollup exactly as the lines would say it, and a report whose
 * customers do not include it is not affected. A rate dated before the line then converts it: the
 * currency's customer-month rows are rebuilt (100 x 1.4 + 100 x 1.5 = 290.00).
 */
class RetentionMissingRateTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aLineWithoutARateIsNamedByEveryRetentionReport() {
        LocalDate month = Api.uniqueMonth().atDay(1);
        String currency = Api.uniqueCurrency();
        api.currency(currency, month.plusDays(20).toString(), "1.5");
        String segment = unique("NORATE");
        String other = unique("RATED");
        api.segment(segment, null);
        api.segment(other, null);
        long customer = customer(segment, month);
        long rated = customer(other, month);
        insertLine(customer, month.plusDays(9), currency); // before the first rate (day 21)
        insertLine(customer, month.plusDays(25), currency);
        insertLine(rated, month.plusDays(25), currency);

        String from = month.toString();
        String to = month.plusMonths(1).minusDays(1).toString();
        String expected = "no FX rate for " + currency + " dated on or before " + month.plusDays(9);
        try {
            for (String document : new String[] {"mrrMovements", "cohortRetention"}) {
                graphQl.documentName(document)
                        .variable("from", from)
                        .variable("to", to)
                        .variable("segmentCode", segment)
                        .execute()
                        .errors()
                        .satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                            assertThat(e.getMessage()).as(document).startsWith(expected);
                            assertThat(e.getExtensions()).containsEntry("code", "MISSING_FX_RATE");
                        }));
                graphQl.documentName(document)
                        .variable("from", from)
                        .variable("to", to)
                        .variable("segmentCode", other)
                        .execute()
                        .errors()
                        .verify();
            }
        } finally {
            // the ledger is append-only: give the line its rate so that whole-company reports of
            // the tests sharing this database can convert it
            api.currency(currency, month.toString(), "1.4");
        }
        graphQl.documentName("mrrMovements")
                .variable("from", from)
                .variable("to", to)
                .variable("segmentCode", segment)
                .execute()
                .errors()
                .verify()
                .path("mrrMovements.rows[0].endMrr")
                .entity(String.class)
                .isEqualTo("290.00");
    }

    private long customer(String segment, LocalDate acquired) {
        return jdbc.queryForObject(
                """
                insert into customer (external_id, name, segment_id, acquired_on)
                values (?, ?, (select id from segment where code = ?), ?) returning id""", Long.class, segment + "-C", segment + " customer", segment, Date.valueOf(acquired));
    }

    private void insertLine(long customer, LocalDate day, String currency) {
        jdbc.update("""
                insert into revenue_line (customer_id, recognized_on, amount, currency, recurring, created_by)
                values (?, ?, 100, ?, true, 'test')""", customer, Date.valueOf(day), currency);
    }
}
