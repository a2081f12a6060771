package dev.revgraph.shared.importing;

import dev.revgraph.shared.spendcontrol.BudgetWarning;
import java.util.List;

/**
 * A rule a feature applies around the insert of one file's new rows, in the load's transaction,
 * when the rule depends on what the rows add up to once stored (the spend controls on spend.csv).
 * Spring beans implementing it are found by the engine; a refusal fails the whole load like any
 * bad row.
 */
public interface LoadGuard {

    /** The file it guards. */
    ImportFile file();

    /**
     * Called once the stage holds only the new rows and they passed every check, before they are
     * inserted: may lock and read what {@link Pending#after} compares with.
     */
    Pending before(Stage stage);

    /** A guarded insert under way. */
    interface Pending {

        /** Called after the insert: the rows refused (the load then fails) and the warnings of a load that passes. */
        Verdict after(int limit);
    }

    /** A row refused by the guard: its line, the column at fault and why. */
    record Refusal(long line, String column, String reason) {}

    /**
     * The guard's answer: no refusal means the load passes with {@code warnings}; {@code truncated}
     * when more rows are refused than listed.
     */
    record Verdict(List<Refusal> refused, boolean truncated, List<BudgetWarning> warnings) {

        public static final Verdict PASS = new Verdict(List.of(), false, List.of());
    }
}
