package dev.revgraph.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.revgraph.support.IntegrationTest;
import graphql.schema.diff.DiffEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

/**
 * Guards the contract the generated clients and BI tools rely on: the schema the application
 * serves must equal the committed snapshot {@code schema/snapshot/schema.graphqls}. A breaking
 * change fails with the list of what breaks; any other difference fails with the command that
 * rewrites the snapshot, so that every change of the contract is a reviewed change of that file.
 */
class SchemaSnapshotTest extends IntegrationTest {

    private static final String UPDATE_COMMAND =
            "./mvnw -B -pl api -am test -Dtest=SchemaSnapshotTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                    + SchemaSnapshot.UPDATE_PROPERTY + "=true";

    @Autowired
    GraphQlSource source;

    @Test
    void servedSchemaEqualsTheCommittedSnapshot() throws IOException {
        String served = SchemaSnapshot.print(source.schema());
        Path file = SchemaSnapshot.file();
        if (SchemaSnapshot.updateRequested()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, served, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("no schema snapshot at " + file + ": write it with\n  " + UPDATE_COMMAND);
        }
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        if (committed.equals(served)) {
            return;
        }
        List<DiffEvent> breaking = SchemaSnapshot.breakingChanges(committed, served);
        if (!breaking.isEmpty()) {
            fail("the served schema breaks clients of " + SchemaSnapshot.FILE + ":\n"
                    + breaking.stream().map(e -> "  - " + describe(e)).collect(Collectors.joining("\n"))
                    + "\nKeep the old element (mark it @deprecated(reason: \"...\") and add the new one beside it),"
                    + " or, if the break is intended and agreed with the clients' owners, update the snapshot with\n  "
                    + UPDATE_COMMAND);
        }
        fail("the served schema differs from " + SchemaSnapshot.FILE + " without breaking clients (an addition or a"
                + " new description). Review the change and update the snapshot, then regenerate the clients with"
                + " the build:\n  " + UPDATE_COMMAND + "\nFirst difference: " + firstDifference(committed, served));
    }

    @Test
    void snapshotIsTheSchemaTheClientsGenerateFrom() {
        // the clients' builds read this exact path; keep it outside src/main/resources so Spring does not load it
        assertThat(SchemaSnapshot.FILE).doesNotContain("src/main/resources");
    }

    private static String describe(DiffEvent event) {
        return event.getCategory() + " " + event.getTypeKind() + " " + event.getTypeName()
                + (event.getFieldName() == null ? "" : "." + event.getFieldName()) + ": " + event.getReasonMsg();
    }

    private static String firstDifference(String committed, String served) {
        String[] a = committed.split("\n", -1);
        String[] b = served.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < b.length ? b[i] : "<end of file>";
            if (!left.equals(right)) {
                return "line " + (i + 1) + "\n  snapshot: " + left + "\n  served:   " + right;
            }
        }
        return "none";
    }
}
