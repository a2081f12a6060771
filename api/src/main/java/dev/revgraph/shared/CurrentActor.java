package dev.revgraph.shared;

import org.springframework.stereotype.Component;

/** Names who performs a write, for the ledgers' created-by columns and the month history. */
@Component
public class CurrentActor {

    /** The authenticated principal's name, or {@code anonymous} while the endpoint is open. */
    public String name() {
        return "anonymous";
    }
}
