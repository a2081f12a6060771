package dev.revgraph.bi;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The BI roles: their records in {@code bi_credential}, and the roles themselves, made and dropped
 * with PostgreSQL's own statements. A role name is an identifier made safe by {@link #role} and the
 * name checks of the service; a password is a literal made safe by {@link DSL#inline}.
 */
@Repository
class BiRepository {

    private final DSLContext dsl;

    BiRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stamps the settings the reporting views depend on (changeset 0041). */
    void stampSettings(String reportingCurrency, int fiscalYearStartMonth) {
        dsl.execute("""
                insert into reporting_setting (only_row, reporting_currency, fiscal_year_start_month, stamped_at)
                values (true, {0}, {1}, now())
                on conflict (only_row) do update
                set reporting_currency = excluded.reporting_currency,
                    fiscal_year_start_month = excluded.fiscal_year_start_month,
                    stamped_at = excluded.stamped_at
                where reporting_setting.reporting_currency is distinct from excluded.reporting_currency
                   or reporting_setting.fiscal_year_start_month is distinct from excluded.fiscal_year_start_month
                """, DSL.val(reportingCurrency), DSL.val(fiscalYearStartMonth));
    }

    /**
     * Serialises the BI role changes until the transaction ends: two concurrent GRANTs on the same
     * schema or function fail in PostgreSQL ("tuple concurrently updated").
     */
    void lock() {
        dsl.resultQuery("select pg_advisory_xact_lock(hashtext('revgraph.bi_credential'))")
                .fetch();
    }

    /** True when the application's database user may create roles (superuser or CREATEROLE). */
    boolean mayCreateRoles() {
        return Boolean.TRUE.equals(
                dsl.resultQuery("select rolsuper or rolcreaterole from pg_roles where rolname = current_user")
                        .fetchOne(0, Boolean.class));
    }

    boolean roleExists(String name) {
        return dsl.fetchExists(DSL.selectOne().from("pg_roles").where("rolname = {0}", DSL.val(name)));
    }

    String database() {
        return dsl.resultQuery("select current_database()").fetchOne(0, String.class);
    }

    /**
     * Creates the login role: it reads the reporting views (and runs the functions they read), in
     * read-only transactions, each statement within {@code timeout}; no other privilege.
     */
    void createRole(String name, String password, Duration timeout) {
        String role = role(name);
        dsl.execute("create role " + role
                + " login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls"
                + " connection limit 10 password " + DSL.inline(password));
        dsl.execute("alter role " + role + " set statement_timeout = " + DSL.inline(timeout.toMillis()));
        dsl.execute("alter role " + role + " set default_transaction_read_only = on");
        dsl.execute("alter role " + role + " set search_path = reporting");
        grant(name);
    }

    /** What a BI role may read: USAGE on the schema, SELECT on its views, EXECUTE on the functions they read. */
    void grant(String name) {
        String role = role(name);
        dsl.execute("grant usage on schema reporting to " + role);
        dsl.execute("grant select on all tables in schema reporting to " + role);
        for (String function : reportingFunctions()) {
            dsl.execute("grant execute on function " + function + " to " + role);
        }
    }

    /** Takes every privilege back, ends the role's sessions and drops it. */
    void dropRole(String name) {
        String role = role(name);
        if (!roleExists(name)) {
            return;
        }
        dsl.execute("revoke all on all tables in schema reporting from " + role);
        for (String function : reportingFunctions()) {
            dsl.execute("revoke all on function " + function + " from " + role);
        }
        dsl.execute("revoke all on schema reporting from " + role);
        // a superuser ends the role's open sessions; without one they stay open, reading nothing
        dsl.fetch(
                "select pg_terminate_backend(pid) from pg_stat_activity where usename = {0}"
                        + " and (select rolsuper from pg_roles where rolname = current_user)",
                DSL.val(name));
        dsl.execute("drop role " + role);
    }

    /** The functions the reporting views read, as regprocedure text (changeset 0041). */
    private List<String> reportingFunctions() {
        return dsl.fetch("""
                        select p.oid::regprocedure::text from pg_proc p
                        where p.pronamespace = current_schema()::regnamespace and p.proname like 'reporting\\_%'
                        order by 1
                        """).getValues(0, String.class);
    }

    /** The role's name as a quoted identifier. */
    private String role(String name) {
        return DSL.name(name).toString();
    }

    long insert(String name, String actor) {
        return dsl.resultQuery(
                        "insert into bi_credential (name, created_by) values ({0}, {1}) returning id",
                        DSL.val(name), DSL.val(actor))
                .fetchOne(0, Long.class);
    }

    void markRevoked(String name, String actor) {
        dsl.execute(
                "update bi_credential set revoked_at = now(), revoked_by = {1} where name = {0} and revoked_at is null",
                DSL.val(name), DSL.val(actor));
    }

    Optional<BiCredential> active(String name) {
        return dsl.fetch("select * from bi_credential where name = {0} and revoked_at is null", DSL.val(name)).stream()
                .findFirst()
                .map(BiRepository::credential);
    }

    Optional<BiCredential> byId(long id) {
        return dsl.fetch("select * from bi_credential where id = {0}", DSL.val(id)).stream()
                .findFirst()
                .map(BiRepository::credential);
    }

    List<BiCredential> all() {
        return dsl.fetch("select * from bi_credential order by id desc").map(BiRepository::credential);
    }

    private static BiCredential credential(Record r) {
        return new BiCredential(
                String.valueOf(r.get("id", Long.class)),
                r.get("name", String.class),
                r.get("created_at", OffsetDateTime.class),
                r.get("created_by", String.class),
                r.get("revoked_at", OffsetDateTime.class),
                r.get("revoked_by", String.class));
    }
}
