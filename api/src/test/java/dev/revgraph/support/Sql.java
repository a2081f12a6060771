package dev.revgraph.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.core.env.Environment;

/** The test's own autocommit connection to the shared database, for setup and checks the API does not offer. */
public final class Sql implements AutoCloseable {

    private final Connection connection;

    public Sql(Environment environment) {
        try {
            this.connection = DriverManager.getConnection(
                    environment.getProperty("spring.datasource.url"),
                    environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password", ""));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as a long. */
    public long count(String sql, Object... parameters) {
        Object value = value(sql, parameters);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The rows of either multiset (two queries of the same columns) that the other lacks: 0 when they are equal. */
    public long differences(String left, String right) {
        return count("select count(*) from ((" + left + " except all " + right + ") union all (" + right
                + " except all " + left + ")) d");
    }

    /** The first column of the first row, or null when there is no row. */
    public Object value(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes the budget versions whose name starts with {@code prefix}, with their lines and
     * history: the latest approved version is read by every test's default reports, so a test that
     * approves a version removes it before the next test runs. The API never deletes a version.
     */
    public void dropBudgetVersions(String prefix) {
        String versions = "(select id from budget_version where name like '" + prefix.replace("'", "''") + "%')";
        execute("delete from budget_transfer where version_id in " + versions);
        execute("delete from budget where version_id in " + versions);
        execute("delete from budget_segment_line where version_id in " + versions);
        execute("delete from budget_version_event where version_id in " + versions);
        execute("update budget_version set copied_from_id = null where copied_from_id in " + versions);
        execute("delete from budget_version where id in " + versions);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
