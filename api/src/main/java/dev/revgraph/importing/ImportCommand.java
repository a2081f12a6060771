package dev.revgraph.importing;

import dev.revgraph.importing.ImportResult.FileResult;
import dev.revgraph.shared.importing.ImportFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar revgraph.jar import <dir>}: loads a directory into the configured database
 * (the embedded one by default) and exits. {@link dev.revgraph.Application#main} starts the
 * application without a web server for it; this runner does nothing unless the first argument
 * is {@code import}. Exit code 0 when the load committed, 1 when it was refused (every bad row
 * printed, nothing written), 2 on a usage error.
 */
@Component
class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

    private final ImportService service;
    private final PrintStream out = System.out;
    private int exitCode;

    ImportCommand(ImportService service) {
        this.service = service;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> words = args.getNonOptionArgs();
        if (words.isEmpty() || !words.get(0).equals("import")) {
            return;
        }
        if (words.size() != 2) {
            System.err.println("usage: java -jar revgraph.jar import <directory>");
            exitCode = 2;
            return;
        }
        Path directory = Path.of(words.get(1)).toAbsolutePath();
        out.println("Importing " + directory);
        long started = System.nanoTime();
        try {
            ImportResult result = service.importDirectory(directory, "cli:" + directory, new Printer());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            out.printf(
                    "Done in %s: %,d rows inserted, %,d skipped as already present.%n",
                    seconds(elapsed), result.inserted(), result.skipped());
        } catch (ImportFailedException e) {
            System.err.println("Import refused, nothing was written:");
            e.errors().forEach(error -> System.err.println("  " + error.message()));
            if (e.truncated()) {
                System.err.println("  (the list stops at " + ImportService.MAX_ERRORS + " errors)");
            }
            exitCode = 1;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private final class Printer implements ImportService.Progress {
        @Override
        public void staged(ImportFile file, long rows, Duration elapsed) {
            out.printf("  %s: %,d rows read (%,.0f rows/s)%n", file.fileName(), rows, rate(rows, elapsed));
        }

        @Override
        public void loaded(FileResult r) {
            out.printf(
                    "  %-16s %,12d rows: %,d inserted, %,d skipped in %s (%,.0f rows/s)%n",
                    r.file().fileName(),
                    r.rows(),
                    r.inserted(),
                    r.skipped(),
                    seconds(r.elapsed()),
                    rate(r.rows(), r.elapsed()));
            r.warnings().forEach(w -> out.printf("    warning: took %s%n", w.describe()));
        }
    }

    static double rate(long rows, Duration elapsed) {
        return rows / Math.max(elapsed.toNanos() / 1e9, 1e-3);
    }

    private static String seconds(Duration elapsed) {
        return String.format("%.1f s", elapsed.toMillis() / 1000.0);
    }
}
