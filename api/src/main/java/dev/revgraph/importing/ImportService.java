package dev.revgraph.importing;

import dev.revgraph.importing.ImportResult.FileResult;
import dev.revgraph.shared.CurrentActor;
import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.db.SqlStates;
import dev.revgraph.shared.error.UserErrorCode;
import dev.revgraph.shared.graphql.LiveEvents;
import dev.revgraph.shared.importing.Check;
import dev.revgraph.shared.importing.Column;
import dev.revgraph.shared.importing.FileSpec;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.importing.LoadGuard;
import dev.revgraph.shared.importing.Stage;
import dev.revgraph.shared.spendcontrol.BudgetWarning;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;

/**
 * The one import engine behind the command line and the {@code importCsv} mutation. A load (one
 * file, or a directory of files in the contract's order) runs in one transaction: each file is
 * parsed and type-checked cell by cell while it streams into a staging table through COPY, then
 * checked set-based in SQL (duplicate keys, references, rules, FX rates, stored conflicts, closed
 * months) and inserted set-based. The first file with bad rows stops the load; its error lists
 * every bad row found, up to {@link #MAX_ERRORS}, and nothing of the load is written.
 */
@Service
public class ImportService {

    public static final int MAX_ERRORS = 100;

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);

    /** Hears how a load advances; the command line prints it. */
    public interface Progress {
        Progress NONE = new Progress() {};

        /** Called every {@code PROGRESS_ROWS} rows while a file streams into its staging table. */
        default void staged(ImportFile file, long rows, Duration elapsed) {}

        default void loaded(FileResult result) {}
    }

    static final long PROGRESS_ROWS = 1_000_000;

    private final ImportRepository repository;
    private final CurrentActor actor;
    private final String reporting;
    private final LiveEvents events;
    private final Map<ImportFile, LoadGuard> guards;

    ImportService(
            ImportRepository repository,
            CurrentActor actor,
            RevgraphProperties properties,
            LiveEvents events,
            List<LoadGuard> guards) {
        this.events = events;
        this.guards = guards.stream().collect(Collectors.toMap(LoadGuard::file, g -> g));
        this.repository = repository;
        this.actor = actor;
        this.reporting = properties.reportingCurrency();
    }

    /**
     * Loads every file of the format found in {@code directory}, in the contract's order. A
     * {@code .csv} file the format does not know is an error (a misspelt name would otherwise be
     * silently ignored).
     */
    @Transactional
    public ImportResult importDirectory(Path directory, String source, Progress progress) {
        if (!Files.isDirectory(directory)) {
            throw fail(directory.toString(), null, null, "is not a directory", UserErrorCode.NOT_FOUND);
        }
        Set<String> known = new HashSet<>();
        for (ImportFile file : ImportFile.values()) {
            known.add(file.fileName());
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<String> unknown = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv") && !known.contains(n))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw fail(
                        unknown.get(0),
                        null,
                        null,
                        "is not a file of the import format; it takes "
                                + String.join(", ", known.stream().sorted().toList()),
                        UserErrorCode.INVALID);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.ensureCurrency(reporting);
        List<FileResult> results = new ArrayList<>();
        for (ImportFile file : ImportFile.values()) {
            Path path = directory.resolve(file.fileName());
            if (Files.isRegularFile(path)) {
                try (Reader reader = utf8(path)) {
                    FileResult result = load(file, reader, progress);
                    results.add(result);
                    progress.loaded(result);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (results.isEmpty()) {
            throw fail(
                    directory.toString(),
                    null,
                    null,
                    "holds none of the files of the import format",
                    UserErrorCode.NOT_FOUND);
        }
        ImportResult result = new ImportResult(results);
        record(source, result);
        return result;
    }

    /** Loads one file's content (the GraphQL mutation): finance and admins only; the command line is the operator's. */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    @Transactional
    public ImportResult importContent(ImportFile file, String content) {
        repository.ensureCurrency(reporting);
        ImportResult result = new ImportResult(List.of(load(file, new StringReader(content), Progress.NONE)));
        record("graphql", result);
        return result;
    }

    /** Whether a load from this source has succeeded before (the demo dataset loads once). */
    @Transactional(readOnly = true)
    public boolean loaded(String source) {
        return repository.loaded(source);
    }

    private void record(String source, ImportResult result) {
        repository.recordRun(
                source,
                result.files().stream().map(f -> f.file().fileName()).collect(Collectors.joining(",")),
                result.inserted(),
                result.skipped(),
                actor.name());
        result.files().forEach(events::afterCommit);
    }

    /**
     * The files loaded from now on ({@code importFinished}), each once its import has committed (a
     * refused file writes nothing and sends nothing). Imports are finance's, so is this.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'FINANCE')")
    public Flux<FileResult> finished() {
        return events.of(FileResult.class);
    }

    private FileResult load(ImportFile file, Reader reader, Progress progress) {
        FileSpec spec = file.spec();
        Stage stage = new Stage(spec);
        long started = System.nanoTime();
        FileSpec.Context context = new FileSpec.Context(DSL.val(reporting), DSL.val(actor.name()));
        repository.createStage(spec, stage);
        long rows = stage(file, stage, reader, progress, started);
        long staged = System.nanoTime();
        // one load of a file kind at a time, from here to commit: a concurrent load of the same new
        // rows then finds them stored and skips them instead of failing on the duplicate key
        repository.lockFileKind(spec);

        if (rows > 10_000) {
            repository.analyze(stage);
        }
        Errors errors = new Errors();
        errors.addAll(repository.duplicates(spec, stage, errors.room()));
        for (Check check : spec.checks(stage, context)) {
            errors.addAll(repository.check(spec, check, errors.room()));
        }
        errors.addAll(repository.conflicts(spec, stage, errors.room()));
        errors.throwIfAny();

        long checked = System.nanoTime();
        long skipped = repository.skipStored(spec, stage, rows);
        for (Check check : spec.newRowChecks(stage)) {
            errors.addAll(repository.check(spec, check, errors.room()));
        }
        if (spec.monthColumn() != null) {
            errors.addAll(repository.closedMonths(spec, stage, errors.room()));
        }
        errors.throwIfAny();

        long inserted = rows - skipped;
        LoadGuard guard = guards.get(file);
        LoadGuard.Pending guarded = inserted > 0 && guard != null ? guard.before(stage) : null;
        if (inserted > 0) {
            try {
                if (spec.monthColumn() != null) {
                    repository.lockMonths(spec, stage);
                }
                repository.insert(spec, stage, context);
            } catch (RuntimeException e) {
                // a month closed between the check and the lock: the schema's guard names it
                throw SqlStates.closedMonth(e)
                        .map(m -> fail(
                                spec.fileName(),
                                null,
                                spec.monthColumn(),
                                "month " + m + " is closed: reopen it or date the rows in an open month",
                                UserErrorCode.CLOSED_PERIOD))
                        .orElseThrow(() -> e);
            }
        }
        List<BudgetWarning> warnings = List.of();
        if (guarded != null) {
            LoadGuard.Verdict verdict = guarded.after(MAX_ERRORS);
            if (!verdict.refused().isEmpty()) {
                // thrown inside the load's transaction: nothing of the load is written
                throw new ImportFailedException(
                        verdict.refused().stream()
                                .map(r -> new RowError(
                                        spec.fileName(),
                                        r.line(),
                                        r.column(),
                                        r.reason(),
                                        UserErrorCode.BUDGET_EXCEEDED))
                                .toList(),
                        verdict.truncated());
            }
            warnings = verdict.warnings();
        }
        long finished = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug(
                    "{}: {} rows staged in {} ms, checked in {} ms, skipped/inserted in {} ms",
                    spec.fileName(),
                    rows,
                    (staged - started) / 1_000_000,
                    (checked - staged) / 1_000_000,
                    (finished - checked) / 1_000_000);
        }
        return new FileResult(file, rows, inserted, skipped, Duration.ofNanos(finished - started), warnings);
    }

    /** Parses, type-checks and COPYs the rows into the staging table; returns the number of data rows. */
    private long stage(ImportFile file, Stage stage, Reader reader, Progress progress, long started) {
        FileSpec spec = file.spec();
        String name = spec.fileName();
        Errors errors = new Errors();
        CsvReader csv = new CsvReader(reader);
        CsvReader.Row header;
        try {
            header = csv.next();
        } catch (CsvReader.MalformedCsv e) {
            throw fail(name, e.line, null, e.getMessage(), UserErrorCode.INVALID);
        }
        if (header == null) {
            throw fail(name, 1L, null, "the file is empty: a header row is required", UserErrorCode.INVALID);
        }
        Column[] columns = header(spec, header, errors);
        errors.throwIfAny();

        List<Column> present = Arrays.asList(columns);
        ImportRepository.Copy copy = repository.copy(stage, present);
        boolean done = false;
        long rows = 0;
        try {
            String[] values = new String[columns.length];
            CsvReader.Row row;
            while (errors.room() > 0 && (row = next(csv, name, errors)) != null) {
                List<String> fields = row.fields();
                if (fields.size() == 1 && fields.get(0) == null && columns.length > 1) {
                    continue; // a blank line
                }
                rows++;
                if (fields.size() != columns.length) {
                    errors.add(new RowError(
                            name,
                            row.line(),
                            null,
                            "has " + fields.size() + " fields, the header has " + columns.length,
                            UserErrorCode.INVALID));
                    continue;
                }
                boolean good = true;
                for (int i = 0; i < columns.length; i++) {
                    Column column = columns[i];
                    String value = fields.get(i);
                    String reason = value == null
                            ? (column.required() ? "is required" : null)
                            : column.type().check(value, column.values());
                    if (reason != null) {
                        errors.add(new RowError(name, row.line(), column.name(), reason, UserErrorCode.INVALID));
                        good = false;
                    } else {
                        values[i] = value == null ? null : column.type().copyValue(value);
                    }
                }
                if (good && errors.isEmpty()) {
                    copy.write(row.line(), values);
                }
                if (rows % PROGRESS_ROWS == 0) {
                    progress.staged(file, rows, Duration.ofNanos(System.nanoTime() - started));
                }
            }
            errors.throwIfAny();
            copy.end();
            done = true;
        } finally {
            if (!done) {
                copy.cancel();
            }
        }
        return rows;
    }

    private static CsvReader.Row next(CsvReader csv, String name, Errors errors) {
        try {
            return csv.next();
        } catch (CsvReader.MalformedCsv e) {
            errors.add(new RowError(name, e.line, null, e.getMessage(), UserErrorCode.INVALID));
            return null; // the rest of the file cannot be split into rows reliably
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                errors.add(new RowError(
                        name, csv.line(), null, "the file is not valid UTF-8 (near this line)", UserErrorCode.INVALID));
                return null;
            }
            throw e;
        }
    }

    /** Maps the header to the spec's columns: unknown, repeated and missing required columns are errors. */
    private static Column[] header(FileSpec spec, CsvReader.Row header, Errors errors) {
        Map<String, Column> byName = new HashMap<>();
        spec.columns().forEach(c -> byName.put(c.name(), c));
        String expected = spec.columns().stream()
                .map(c -> c.required() ? c.name() + "*" : c.name())
                .collect(Collectors.joining(", "));
        Column[] columns = new Column[header.fields().size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.length; i++) {
            String name = header.fields().get(i);
            Column column = name == null ? null : byName.get(name);
            if (name == null) {
                errors.add(new RowError(
                        spec.fileName(),
                        1L,
                        null,
                        "column " + (i + 1) + " has no name in the header",
                        UserErrorCode.INVALID));
            } else if (column == null) {
                errors.add(new RowError(
                        spec.fileName(),
                        1L,
                        name,
                        "unknown column " + name + ": the file takes " + expected + " (* = required)",
                        UserErrorCode.INVALID));
            } else if (!seen.add(name)) {
                errors.add(new RowError(
                        spec.fileName(),
                        1L,
                        name,
                        "column " + name + " appears twice in the header",
                        UserErrorCode.INVALID));
            }
            columns[i] = column;
        }
        for (Column column : spec.columns()) {
            if (column.required() && !seen.contains(column.name())) {
                errors.add(new RowError(
                        spec.fileName(),
                        1L,
                        column.name(),
                        "required column " + column.name() + " is missing from the header",
                        UserErrorCode.INVALID));
            }
        }
        return columns;
    }

    private static Reader utf8(Path path) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(Files.newInputStream(path), decoder);
    }

    private static ImportFailedException fail(
            String file, Long line, String column, String reason, UserErrorCode code) {
        return new ImportFailedException(List.of(new RowError(file, line, column, reason, code)), false);
    }

    /** The bad rows of one file, capped at {@link #MAX_ERRORS}. */
    private static final class Errors {
        private final List<RowError> list = new ArrayList<>();
        private boolean truncated;

        void add(RowError error) {
            if (list.size() < MAX_ERRORS) {
                list.add(error);
            } else {
                truncated = true;
            }
        }

        void addAll(List<RowError> errors) {
            errors.forEach(this::add);
        }

        int room() {
            return Math.max(MAX_ERRORS - list.size(), 0);
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                list.sort(Comparator.comparing((RowError e) -> e.line() == null ? 0 : e.line()));
                throw new ImportFailedException(list, truncated || room() == 0);
            }
        }
    }
}
