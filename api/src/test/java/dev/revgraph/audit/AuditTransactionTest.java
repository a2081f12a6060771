package dev.revgraph.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.security.Role;
import dev.revgraph.support.IntegrationTest;
import dev.revgraph.support.Sql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * A change and its audit row are one transaction: the row commits with the change, a failure to
 * write it (or any failure up to the commit) takes the change with it, and a refused call is
 * recorded on its own with only a bounded digest of its input. The failures are real: a trigger
 * the test creates on the audit trail or on the changed table, matching only the test's own code.
 */
class AuditTransactionTest extends IntegrationTest {

    @Autowired
    Environment environment;

    private Sql sql;

    @BeforeEach
    void connect() {
        sql = new Sql(environment);
    }

    @AfterEach
    void disconnect() {
        sql.close();
    }

    private Map<String, Object> createProduct(String code) {
        return api.mutate("createProduct", Map.of("code", code, "name", "Audited " + code))
                .path("createProduct")
                .entity(Map.class)
                .get();
    }

    private long auditRows(String code, boolean succeeded) {
        return sql.count(
                "select count(*) from audit_event where action = 'createProduct' and succeeded = ?"
                        + " and input->'input'->>'code' = ?",
                succeeded,
                code);
    }

    @Test
    void theAuditRowCommitsInTheChangesOwnTransaction() {
        String code = unique("AUDTX");
        createProduct(code);

        assertThat(auditRows(code, true)).isOne();
        // xmin is the id of the transaction that wrote the row: one transaction wrote both
        Object productTx = sql.value("select xmin::text from product where code = ?", code);
        Object auditTx = sql.value(
                "select xmin::text from audit_event where action = 'createProduct'"
                        + " and input->'input'->>'code' = ?",
                code);
        assertThat(productTx).isNotNull().isEqualTo(auditTx);
    }

    @Test
    void anAuditRowThatCannotBeWrittenTakesTheChangeWithIt() {
        String code = unique("AUDFAIL");
        String function =
                "test_refuse_audit_" + code.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        sql.execute("create function " + function + "() returns trigger language plpgsql as $$ begin"
                + " if new.succeeded and new.input->'input'->>'code' = '" + code + "' then"
                + " raise exception 'the test refuses this audit row'; end if; return new; end $$");
        sql.execute("create trigger " + function + " before insert on audit_event for each row execute function "
                + function + "()");
        try {
            var response = api.mutate("createProduct", Map.of("code", code, "name", "Never kept"));
            response.errors()
                    .satisfy(errors -> assertThat(errors)
                            .singleElement()
                            .satisfies(e -> assertThat(e.getMessage()).startsWith("INTERNAL_ERROR")));
        } finally {
            sql.execute("drop trigger " + function + " on audit_event");
            sql.execute("drop function " + function + "()");
        }

        assertThat(sql.count("select count(*) from product where code = ?", code))
                .as("the product written before the audit row failed is rolled back")
                .isZero();
        assertThat(auditRows(code, true)).isZero();
        assertThat(auditRows(code, false))
                .as("the failed attempt is recorded on its own")
                .isOne();
        // the same call goes through once the audit trail takes it again
        assertThat(createProduct(code).get("errors")).isEqualTo(List.of());
        assertThat(auditRows(code, true)).isOne();
    }

    @Test
    void aCommitThatFailsLeavesNeitherTheChangeNorItsAuditRow() {
        String code = unique("AUDCOMMIT");
        String function =
                "test_refuse_commit_" + code.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        sql.execute("create function " + function + "() returns trigger language plpgsql as $$ begin"
                + " raise exception 'the test refuses this commit'; end $$");
        // a deferred constraint trigger fires at commit, after the change and the audit row are written
        sql.execute("create constraint trigger " + function + " after insert on product deferrable initially deferred"
                + " for each row when (new.code = '" + code + "') execute function " + function + "()");
        try {
            api.mutate("createProduct", Map.of("code", code, "name", "Never kept"))
                    .errors()
                    .satisfy(errors -> assertThat(errors)
                            .singleElement()
                            .satisfies(e -> assertThat(e.getMessage()).startsWith("INTERNAL_ERROR")));
        } finally {
            sql.execute("drop trigger " + function + " on product");
            sql.execute("drop function " + function + "()");
        }

        assertThat(sql.count("select count(*) from product where code = ?", code))
                .isZero();
        assertThat(auditRows(code, true)).isZero();
        assertThat(auditRows(code, false)).isOne();
    }

    @Test
    void aRefusedCallKeepsOnlyABoundedDigestOfItsInput() {
        String analyst = issueToken(Role.ANALYST, List.of());
        String code = unique("AUDBIG");
        String memo = "m".repeat(500_000);
        clientWithToken(analyst)
                .documentName("createProduct")
                .variable("input", Map.of("code", code, "name", memo))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .singleElement()
                        .satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));

        String input = (String) sql.value(
                "select input::text from audit_event where action = 'createProduct'"
                        + " and not succeeded and input->>'head' like ?",
                "%" + code + "%");
        assertThat(input).as("the refused call is in the trail").isNotNull();
        assertThat(input.length()).as("a digest, not the 500 KB sent").isLessThan(5_000);
        assertThat(input).contains("\"sha256\"").contains("\"truncated\": true").contains("\"bytes\": 5000");
        assertThat(sql.count("select count(*) from product where code = ?", code))
                .isZero();
    }
}
