package dev.revgraph.importing;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar revgraph.jar generate-demo <dir> [--scale N] [--seed S] [--start YYYY-MM]
 * [--months N] [--prefix P] [--reporting USD] [--currencies EUR,GBP]}: writes the demo dataset.
 * Needs no database, so it runs without starting Spring.
 */
public final class DemoCommand {

    private DemoCommand() {}

    /** Runs the command with the arguments after {@code generate-demo}; returns the exit code. */
    public static int run(String[] args) {
        String directory = null;
        int scale = 1;
        long seed = 42;
        YearMonth start = YearMonth.of(2025, 1);
        int months = 24;
        String prefix = "";
        String reporting = "USD";
        List<String> currencies = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--scale" -> scale = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--start" -> start = YearMonth.parse(args[++i]);
                    case "--months" -> months = Integer.parseInt(args[++i]);
                    case "--prefix" -> prefix = args[++i];
                    case "--reporting" -> reporting = args[++i];
                    case "--currencies" -> currencies = Arrays.asList(args[++i].split(","));
                    default -> {
                        if (args[i].startsWith("--") || directory != null) {
                            throw new IllegalArgumentException("unknown argument " + args[i]);
                        }
                        directory = args[i];
                    }
                }
            }
            if (directory == null) {
                throw new IllegalArgumentException("the output directory is missing");
            }
            DemoData.Options defaults = DemoData.Options.small(reporting);
            DemoData.Options options = new DemoData.Options(
                    scale,
                    seed,
                    start,
                    months,
                    prefix,
                    reporting,
                    currencies == null ? defaults.currencies() : currencies);
            long started = System.nanoTime();
            DemoData.Tally tally = DemoData.write(Path.of(directory), options);
            System.out.printf(
                    "Wrote %,d rows (%,d ledger lines) to %s in %.1f s%n",
                    tally.totalRows(),
                    tally.ledgerLines(),
                    Path.of(directory).toAbsolutePath(),
                    (System.nanoTime() - started) / 1e9);
            tally.rows().forEach((file, rows) -> System.out.printf("  %-16s %,12d%n", file, rows));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("generate-demo: " + e.getMessage());
            System.err.println("usage: java -jar revgraph.jar generate-demo <dir> [--scale N] [--seed S]"
                    + " [--start YYYY-MM] [--months N] [--prefix P] [--reporting USD] [--currencies EUR,GBP]");
            return 2;
        }
    }
}
