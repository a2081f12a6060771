package dev.revgraph.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the fault tests read straight from PostgreSQL after a load: stored lines and their audit rows. */
public final class LedgerChecks {

    private LedgerChecks() {}

    /** How many spend lines each external id starting with {@code prefix} has. */
    public static Map<String, Integer> linesPerExternalId(Connection connection, String prefix) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select external_id, count(*) from spend_line where external_id like ? group by external_id")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /** The external ids starting with {@code prefix} that a succeeded {@code recordSpendLine} audit row names. */
    public static Set<String> auditedExternalIds(Connection connection, String prefix) throws SQLException {
        Set<String> audited = new HashSet<>();
        try (PreparedStatement statement =
                connection.prepareStatement("select result -> 'spendLine' ->> 'externalId' from audit_event"
                        + " where action = 'recordSpendLine' and succeeded"
                        + " and result -> 'spendLine' ->> 'externalId' like ?")) {
            statement.setString(1, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    audited.add(rows.getString(1));
                }
            }
        }
        return audited;
    }

    /** A server setting as the running server reports it. */
    public static String setting(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
