package dev.revgraph.token;

import dev.revgraph.shared.RevgraphProperties;
import dev.revgraph.shared.db.EmbeddedDatabaseCondition;
import dev.revgraph.shared.security.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * On the first run with the embedded database (never with an external one), creates an admin
 * token, prints how to use it, and keeps it in {@code admin-token} beside the data directory, so a
 * new user can call the API at once.
 */
@Component
@Conditional(EmbeddedDatabaseCondition.class)
class FirstRunAdminToken implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstRunAdminToken.class);

    private final ApiTokenService tokens;
    private final RevgraphProperties properties;

    FirstRunAdminToken(ApiTokenService tokens, RevgraphProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (tokens.anyToken()) {
            return;
        }
        String secret = tokens.issue("first-run admin", Role.ADMIN, List.of(), null, "system")
                .secret();
        Path file = properties.embedded().adminTokenFile();
        Files.deleteIfExists(file); // a token of an earlier, since deleted database
        try {
            // created readable by its owner only, never for a moment by anyone else
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps its default permissions
        }
        Files.writeString(file, secret + System.lineSeparator());
        log.warn("""

                First run: created an ADMIN API token (shown once; also saved in {}):

                    {}

                Send it as a header:  Authorization: Bearer {}
                Create tokens per person or BI tool with the createApiToken mutation, then revoke this one.
                """, file, secret, secret);
    }
}
