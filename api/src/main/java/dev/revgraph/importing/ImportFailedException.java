package dev.revgraph.importing;

import java.util.List;

/**
 * A rejected load: every bad row found, up to {@link ImportService#MAX_ERRORS}. Thrown inside the
 * load's transaction, so nothing of the load is written.
 */
public class ImportFailedException extends RuntimeException {

    private final List<RowError> errors;
    private final boolean truncated;

    public ImportFailedException(List<RowError> errors, boolean truncated) {
        super(errors.get(0).message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
        this.truncated = truncated;
    }

    public List<RowError> errors() {
        return errors;
    }

    /** True when more bad rows exist than were listed. */
    public boolean truncated() {
        return truncated;
    }
}
