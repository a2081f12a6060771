package dev.revgraph.shared.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.revgraph.shared.RevgraphProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts an embedded PostgreSQL with a persistent data directory when no database is configured,
 * so that a new user runs Revgraph with nothing but a JDK; it runs durably and is restarted when it
 * dies ({@link EmbeddedDatabase}). Setting {@code spring.datasource.url}
 * (or {@code SPRING_DATASOURCE_URL}) switches to that server instead, with no code change.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(RevgraphProperties properties, DatabaseAvailability availability)
            throws IOException {
        Path dataDir = usableDataDirectory(properties.embedded().dataDir());
        Files.createDirectories(dataDir);
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, properties.embedded().port(), availability);
        log.info(
                "Embedded PostgreSQL on {} with data in {} (set spring.datasource.url to use another server)",
                database.jdbcUrl(),
                dataDir);
        return database;
    }

    /**
     * The data directory as an absolute path, or a clear refusal before PostgreSQL starts. Spaces
     * and most punctuation work, but {@code pg_ctl} starts the server through {@code /bin/sh} with
     * the directory in double quotes, where {@code "}, {@code $}, {@code `} and {@code \} would be
     * interpreted by the shell (a literal {@code ${user.home}} once failed there as "Bad substitution").
     */
    static Path usableDataDirectory(Path configured) {
        Path dataDir = configured.toAbsolutePath().normalize();
        String text = dataDir.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '$' || c == '`' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalStateException("revgraph.embedded.data-dir must not contain "
                        + (Character.isISOControl(c) ? "control characters" : "the character " + c)
                        + " (PostgreSQL's pg_ctl passes the directory through a shell): " + text
                        + ". Choose another directory, for example ~/.revgraph/data.");
            }
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IllegalStateException("revgraph.embedded.data-dir is a file, not a directory: " + text);
        }
        return dataDir;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        // The supervisor restarts a dead server on the same port, so this URL stays right.
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setUsername("postgres");
        return dataSource;
    }
}
