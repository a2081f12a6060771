package dev.revgraph.shared.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Department scoping of DEPARTMENT callers, checked inside the services beside their
 * {@code @PreAuthorize} role checks. Other roles are not scoped.
 */
@Component
public class Access {

    private static RevgraphAuthentication current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof RevgraphAuthentication r ? r : null;
    }

    /** True when the caller is scoped to departments. */
    public boolean scoped() {
        RevgraphAuthentication caller = current();
        return caller != null && caller.role() == Role.DEPARTMENT;
    }

    /** The departments in scope of a DEPARTMENT caller (empty for others). */
    public List<String> scope() {
        RevgraphAuthentication caller = current();
        return caller == null || caller.role() != Role.DEPARTMENT ? List.of() : List.copyOf(caller.departmentCodes());
    }

    /** Fails with an authorization error when a DEPARTMENT caller names a department outside its scope. */
    public void requireDepartment(String code) {
        if (scoped() && !current().departmentCodes().contains(code)) {
            throw new AccessDeniedException("department " + code + " is outside your scope");
        }
    }

    public void requireDepartments(Collection<String> codes) {
        codes.forEach(this::requireDepartment);
    }
}
