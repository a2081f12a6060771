package dev.revgraph.importing;

import dev.revgraph.shared.RevgraphProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code revgraph.demo-data=true}: loads the small demo dataset (2025-2026) at start-up, once.
 * The load is recorded as an import run with source {@code demo}; a later start finds it and
 * skips the load. It goes through the same engine as any import.
 */
@Component
@ConditionalOnProperty(name = "revgraph.demo-data", havingValue = "true")
class DemoDataLoader {

    static final String SOURCE = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final ImportService imports;
    private final String reporting;

    DemoDataLoader(ImportService imports, RevgraphProperties properties) {
        this.imports = imports;
        this.reporting = properties.reportingCurrency();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void load() throws IOException {
        if (imports.loaded(SOURCE)) {
            log.info("Demo data already loaded; skipping (revgraph.demo-data=true)");
            return;
        }
        Path directory = Files.createTempDirectory("revgraph-demo");
        try {
            DemoData.write(directory, DemoData.Options.small(reporting));
            ImportResult result = imports.importDirectory(directory, SOURCE, ImportService.Progress.NONE);
            log.info(
                    "Demo data loaded: {} rows inserted, {} skipped as already present",
                    result.inserted(),
                    result.skipped());
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
