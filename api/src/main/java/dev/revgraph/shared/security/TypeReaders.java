package dev.revgraph.shared.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which roles may read each GraphQL object type whose content is restricted. A type left out is
 * readable by every authenticated caller. The rule belongs to the type, not to the field that
 * returns it, so that a customer is as closed behind a mutation's payload or a nested field as
 * behind the {@code customers} query: {@link FieldAuthorization} guards every field whose type is
 * (or wraps) a type listed here, including fields added later. docs/security.md explains the rules.
 *
 * <p>Rows within a readable type (the departments a DEPARTMENT caller sees spend lines of, the
 * campaigns it writes on) are checked by the services.
 */
public final class TypeReaders {

    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> FINANCE = EnumSet.of(Role.ADMIN, Role.FINANCE);
    private static final Set<Role> DEPARTMENT = EnumSet.of(Role.ADMIN, Role.FINANCE, Role.DEPARTMENT);

    private static final Map<String, Set<Role>> READERS = Map.ofEntries(
            // customers and what is known of each one: names, revenue, MRR history, touchpoints
            Map.entry("Customer", FINANCE),
            Map.entry("CustomerAssignment", FINANCE),
            Map.entry("CustomerConnection", FINANCE),
            Map.entry("CustomerEdge", FINANCE),
            Map.entry("CustomerMonth", FINANCE),
            Map.entry("RevenueLine", FINANCE),
            Map.entry("RevenueLineConnection", FINANCE),
            Map.entry("RevenueLineEdge", FINANCE),
            // the spend ledger's lines; a DEPARTMENT caller sees those of its departments only
            Map.entry("SpendLine", DEPARTMENT),
            Map.entry("SpendLineConnection", DEPARTMENT),
            Map.entry("SpendLineEdge", DEPARTMENT),
            // a touchpoint is read back only by those who may record one
            Map.entry("Touchpoint", DEPARTMENT),
            // who did what, and the tokens themselves
            Map.entry("AuditEvent", FINANCE),
            Map.entry("AuditEventConnection", FINANCE),
            Map.entry("AuditEventEdge", FINANCE),
            Map.entry("ApiToken", ADMIN),
            Map.entry("BiCredential", ADMIN));

    private TypeReaders() {}

    /** The roles that may read the type, or null when every authenticated caller may. */
    public static Set<Role> of(String typeName) {
        return READERS.get(typeName);
    }

    /** True when {@code role} may read the type. */
    public static boolean mayRead(Role role, String typeName) {
        Set<Role> readers = READERS.get(typeName);
        return readers == null || (role != null && readers.contains(role));
    }
}
