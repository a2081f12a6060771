package dev.revgraph.importing;

import dev.revgraph.shared.error.UserErrorCode;
import dev.revgraph.shared.importing.ImportFile;
import dev.revgraph.shared.spendcontrol.BudgetWarning;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** The GraphQL way into the import engine: one file per call. */
@Controller
class ImportController {

    record ImportCsvInput(ImportFile file, String content) {}

    record ImportFileResult(ImportFile file, long rows, long inserted, long skipped, List<BudgetWarning> warnings) {

        static ImportFileResult of(ImportResult.FileResult r) {
            return new ImportFileResult(r.file(), r.rows(), r.inserted(), r.skipped(), r.warnings());
        }
    }

    record ImportRowError(
            String message,
            List<String> field,
            UserErrorCode code,
            String file,
            Long line,
            String column,
            String reason) {}

    record ImportCsvPayload(ImportFileResult result, List<ImportRowError> errors, boolean truncated) {}

    private final ImportService service;

    ImportController(ImportService service) {
        this.service = service;
    }

    @SubscriptionMapping
    Flux<ImportFileResult> importFinished() {
        return service.finished().map(ImportFileResult::of);
    }

    @MutationMapping
    ImportCsvPayload importCsv(@Argument ImportCsvInput input) {
        try {
            ImportResult.FileResult r =
                    service.importContent(input.file(), input.content()).files().get(0);
            return new ImportCsvPayload(ImportFileResult.of(r), List.of(), false);
        } catch (ImportFailedException e) {
            return new ImportCsvPayload(
                    null,
                    e.errors().stream()
                            .map(x -> new ImportRowError(
                                    x.message(),
                                    List.of("input", "content"),
                                    x.code(),
                                    x.file(),
                                    x.line(),
                                    x.column(),
                                    x.reason()))
                            .toList(),
                    e.truncated());
        }
    }
}
