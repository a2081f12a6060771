package dev.revgraph.bi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A BI role reads the views of {@code reporting} and nothing else, writes nothing, runs under a
 * statement timeout; the mutations are ADMIN's, audited without the password, refuse a bad name
 * with a typed error naming the field and write nothing then; revoking drops the role.
 */
class BiCredentialsTest extends IntegrationTest {

    private String newName() {
        return "bi_" + unique("iso").replaceAll("[^a-z0-9]", "_").toLowerCase();
    }

    private Map<String, Object> create(String name) {
        return graphQl.documentName("createBiCredentials")
                .variable("input", Map.of("name", name))
                .execute()
                .path("createBiCredentials")
                .entity(Map.class)
                .get();
    }

    @Test
    void theRoleReadsTheReportingViewsOnly() throws SQLException {
        String name = newName();
        Map<String, Object> created = create(name);
        assertThat((List<?>) created.get("errors")).isEmpty();
        String password = (String) created.get("password");

        try (Connection bi = DriverManager.getConnection(TestDatabase.url(), name, password)) {
            assertThat(ReportingSchemaTest.rows(bi, "select current_user as who"))
                    .containsExactly(Map.of("who", name));
            bi.setAutoCommit(true);
            // every reporting view reads
            for (String view : List.of(
                    "pnl_monthly",
                    "budget_vs_actual",
                    "mrr_movements",
                    "cohort_cells",
                    "segment",
                    "region",
                    "product",
                    "department",
                    "channel")) {
                assertThat(ReportingSchemaTest.rows(bi, "select count(*) as n from reporting." + view))
                        .as(view)
                        .hasSize(1);
            }
            assertThat(ReportingSchemaTest.rows(bi, "show statement_timeout"))
                    .containsExactly(Map.of("statement_timeout", "1min"));

            // nothing else: ledgers, rollups, tokens, audit, internal tables and the functions behind
            // the views, even with the application's schema on the search path
            try (Statement s = bi.createStatement()) {
                s.execute("set search_path = public, reporting");
            }
            for (String sql : List.of(
                    "select * from public.api_token",
                    "select * from public.audit_event",
                    "select * from public.spend_line",
                    "select * from public.revenue_line",
                    "select * from public.customer",
                    "select * from public.spend_rollup",
                    "select * from public.closed_revenue_rollup",
                    "select * from public.bi_credential",
                    "select * from public.reporting_setting",
                    "select * from public.revenue_rollup_reported(false)",
                    "select * from public.databasechangelog")) {
                assertRefused(bi, sql);
            }
            // and writes nothing
            for (String sql : List.of(
                    "insert into public.segment (code, name) values ('x', 'x')",
                    "update public.api_token set revoked_at = now()",
                    "delete from public.audit_event",
                    "delete from reporting.product",
                    "create table public.bi_wrote (x int)",
                    "create table reporting.bi_wrote (x int)",
                    "create view reporting.bi_wrote as select 1",
                    "alter role " + name + " createrole")) {
                assertRefused(bi, sql);
            }
        }

        // listed without a password, audited without it
        List<Map<String, Object>> listed =
                graphQl
                        .documentName("biCredentials")
                        .execute()
                        .path("biCredentials")
                        .entityList(Object.class)
                        .get()
                        .stream()
                        .map(o -> (Map<String, Object>) o)
                        .filter(c -> name.equals(c.get("name")))
                        .toList();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).containsEntry("active", true).doesNotContainKey("password");
        String audit = graphQl.document("""
                        { auditEvents(action: "createBiCredentials", first: 50) { edges { node { input result succeeded } } } }""")
                .execute()
                .path("auditEvents.edges")
                .entityList(Object.class)
                .get()
                .toString();
        assertThat(audit).contains(name).doesNotContain(password);

        // revoked: the role is gone
        Map<String, Object> revoked = graphQl.documentName("revokeBiCredentials")
                .variable("input", Map.of("name", name))
                .execute()
                .path("revokeBiCredentials")
                .entity(Map.class)
                .get();
        assertThat((List<?>) revoked.get("errors")).isEmpty();
        assertThat((Map<String, Object>) revoked.get("biCredential")).containsEntry("active", false);
        assertThatThrownBy(() -> DriverManager.getConnection(TestDatabase.url(), name, password)
                        .close())
                .isInstanceOf(SQLException.class);
        try (Connection admin = DriverManager.getConnection(TestDatabase.url(), owner(), ownerPassword())) {
            assertThat(ReportingSchemaTest.rows(admin, "select 1 from pg_roles where rolname = ?", name))
                    .isEmpty();
        }
        // a second revoke names the field
        Map<String, Object> again = graphQl.documentName("revokeBiCredentials")
                .variable("input", Map.of("name", name))
                .execute()
                .path("revokeBiCredentials")
                .entity(Map.class)
                .get();
        assertThat((List<Map<String, Object>>) again.get("errors"))
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .containsEntry("field", List.of("input", "name"))
                        .containsEntry("code", "NOT_FOUND"));
    }

    @Test
    void aBadNameIsRefusedNamingTheFieldAndCreatesNothing() throws SQLException {
        for (String bad : List.of("Bad Name", "x", "pg_reader", "1abc", "a;drop role postgres")) {
            Map<String, Object> payload = create(bad);
            assertThat(payload.get("password")).isNull();
            assertThat((List<Map<String, Object>>) payload.get("errors"))
                    .as(bad)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e)
                            .containsEntry("field", List.of("input", "name"))
                            .containsEntry("code", "INVALID"));
        }
        // an existing role's name (the application's own) is a conflict, and nothing is written
        Map<String, Object> taken = create(owner().toLowerCase());
        assertThat((List<Map<String, Object>>) taken.get("errors"))
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .containsEntry("field", List.of("input", "name"))
                        .containsEntry("code", "CONFLICT"));
        try (Connection admin = DriverManager.getConnection(TestDatabase.url(), owner(), ownerPassword())) {
            assertThat(ReportingSchemaTest.rows(
                            admin, "select 1 from bi_credential where name in ('Bad Name', 'x', ?)", owner()))
                    .isEmpty();
        }
    }

    @Test
    void onlyAnAdminManagesBiCredentials() {
        String finance = issueToken(Role.FINANCE, List.of());
        String name = newName();
        List<?> errors = clientWithToken(finance)
                .documentName("createBiCredentials")
                .variable("input", Map.of("name", name))
                .execute()
                .returnResponse()
                .getErrors();
        assertThat(errors).isNotEmpty();
        assertThat(clientWithToken(finance)
                        .documentName("biCredentials")
                        .execute()
                        .returnResponse()
                        .getErrors())
                .isNotEmpty();
    }

    private static void assertRefused(Connection bi, String sql) {
        assertThatThrownBy(() -> {
                    try (Statement s = bi.createStatement()) {
                        s.execute(sql);
                    }
                })
                .as(sql)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                        .as(sql + ": " + e.getMessage())
                        // insufficient_privilege, a read-only transaction refusing the write, or a
                        // view that takes no write at all
                        .isIn("42501", "25006", "55000"));
    }

    private String owner() {
        return environment("spring.datasource.username");
    }

    private String ownerPassword() {
        return environment("spring.datasource.password");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.core.env.Environment env;

    private String environment(String key) {
        return env.getProperty(key, "");
    }
}
