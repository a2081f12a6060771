package dev.revgraph.importing;

import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.spendcontrol.BudgetWarning;
import java.time.Duration;
import java.util.List;

/** What a load did: a result per file in load order. */
public record ImportResult(List<FileResult> files) {

    /**
     * @param rows data rows in the file (the header not counted)
     * @param inserted rows that were new and are now stored
     * @param skipped rows whose key was already stored with the same values
     * @param warnings months the file took over their budget under a WARN spend control
     */
    public record FileResult(
            ImportFile file, long rows, long inserted, long skipped, Duration elapsed, List<BudgetWarning> warnings) {}

    public long inserted() {
        return files.stream().mapToLong(FileResult::inserted).sum();
    }

    public long skipped() {
        return files.stream().mapToLong(FileResult::skipped).sum();
    }
}
