package dev.revgraph.shared.security;

import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated caller: a name, one role, and for DEPARTMENT callers the departments in scope. */
public class RevgraphAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private final Role role;
    private final Set<String> departmentCodes;

    public RevgraphAuthentication(String name, Role role, Set<String> departmentCodes) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
        this.name = name;
        this.role = role;
        this.departmentCodes = Set.copyOf(departmentCodes);
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }

    public Role role() {
        return role;
    }

    public Set<String> departmentCodes() {
        return departmentCodes;
    }
}
