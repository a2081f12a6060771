package dev.revgraph.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The application's connections never turn a statement into a server-prepared one, so every
 * execution is planned with its actual parameters: after five executions of a server-prepared
 * statement PostgreSQL may switch to a generic plan, which for the reports (ranges, models,
 * scopes as parameters) measured orders of magnitude slower at 10M lines.
 */
class DatabaseSessionTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void statementsRepeatedOnAConnectionAreNotServerPrepared() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < 10; i++) {
                try (PreparedStatement statement =
                        connection.prepareStatement("select count(*) from fiscal_month where month >= ?")) {
                    statement.setObject(1, LocalDate.of(2000 + i, 1, 1));
                    statement.executeQuery().close();
                }
            }
            try (PreparedStatement prepared = connection.prepareStatement(
                            "select count(*) from pg_prepared_statements where from_sql = false");
                    ResultSet rs = prepared.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
