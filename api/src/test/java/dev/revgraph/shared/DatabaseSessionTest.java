package dev.revgraph.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every pooled connection plans each statement with its actual parameters: after five executions
 * of a server-prepared statement PostgreSQL may switch to a generic plan, which for the reports
 * (ranges, models, scopes as parameters) measured orders of magnitude slower at 10M lines.
 */
class DatabaseSessionTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void pooledConnectionsPlanEveryStatementWithItsParameters() {
        for (int i = 0; i < 8; i++) {
            assertThat(jdbc.queryForObject("select current_setting('plan_cache_mode')", String.class))
                    .isEqualTo("force_custom_plan");
        }
    }
}
