package dev.revgraph.shared;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Names who performs a write, for the ledgers' created-by columns, the month history and the audit trail. */
@Component
public class CurrentActor {

    /** The authenticated caller's name, or {@code system} for work without a caller (start-up, command line). */
    public String name() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }
}
