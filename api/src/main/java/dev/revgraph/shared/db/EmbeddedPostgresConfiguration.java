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
        String listenAddress = properties.bi().listenAddress();
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, port(properties), listenAddress, availability);
        log.info(
                "Embedded PostgreSQL on {} with data in {} (set spring.datasource.url to use another server)",
                database.jdbcUrl(),
                dataDir);
        if (listenAddress != null) {
            log.info(
                    "Embedded PostgreSQL listens for BI tools on {} port {}: BI roles only, with their password (docs/bi.md)",
                    listenAddress,
                    database.port());
        }
        return database;
    }

    /** revgraph.bi.port when set, else revgraph.embedded.port; both set must agree (a server has one port). */
    static int port(RevgraphProperties properties) {
        int embedded = properties.embedded().port();
        int bi = properties.bi().port();
        if (bi > 0 && embedded > 0 && bi != embedded) {
            throw new IllegalStateException("revgraph.bi.port (" + bi + ") and revgraph.embedded.port (" + embedded
                    + ") name different ports of the one embedded PostgreSQL: set one of them");
        }
        return bi > 0 ? bi : embedded;
    }

    /** The configured data directory, refused before PostgreSQL starts when it is an existing file. */
    static Path usableDataDirectory(Path dataDir) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IllegalStateException("revgraph.embedded.data-dir is a file, not a directory: " + dataDir);
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
