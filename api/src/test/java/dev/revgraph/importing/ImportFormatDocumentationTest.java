package dev.revgraph.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/import-format.md the contract the engine implements: its table of files lists every
 * file in load order, with exactly the columns each file takes (required ones starred) and its key.
 */
class ImportFormatDocumentationTest {

    private static final String DOCUMENT = "docs/import-format.md";

    @Test
    void theTableOfFilesMatchesEveryFileSpec() throws IOException {
        List<String> lines = Files.readAllLines(document(), StandardCharsets.UTF_8);
        for (ImportFile file : ImportFile.values()) {
            int position = file.ordinal() + 1;
            FileSpec spec = file.spec();
            Optional<String> row = lines.stream()
                    .filter(l -> l.startsWith("| " + position + " | `" + spec.fileName() + "` |"))
                    .findFirst();
            assertThat(row)
                    .as("row %d of the table names %s", position, spec.fileName())
                    .isPresent();
            String[] cells = row.get().split("\\|");
            String columns = spec.columns().stream()
                    .map(c -> "`" + c.name() + "`" + (c.required() ? "\\*" : ""))
                    .collect(Collectors.joining(", "));
            assertThat(cells[3].trim()).as("columns of %s", spec.fileName()).isEqualTo(columns);
            String key = spec.key().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
            assertThat(cells[4].trim()).as("key of %s", spec.fileName()).isEqualTo(key);
        }
    }

    @Test
    void everyEnumValueAFileAcceptsIsListed() throws IOException {
        String text = Files.readString(document(), StandardCharsets.UTF_8);
        for (ImportFile file : ImportFile.values()) {
            for (Column column : file.spec().columns()) {
                for (String value : column.values()) {
                    assertThat(text)
                            .as("%s %s value %s", file.fileName(), column.name(), value)
                            .contains(value);
                }
            }
        }
    }

    /** The document, found from the api module (where Surefire runs) or the repository root. */
    private static Path document() {
        for (Path candidate : new Path[] {Path.of("..", DOCUMENT), Path.of(DOCUMENT)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "cannot find " + DOCUMENT + " from " + Path.of("").toAbsolutePath());
    }
}
