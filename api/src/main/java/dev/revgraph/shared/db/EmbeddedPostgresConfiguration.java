package dev.revgraph.shared.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.revgraph.shared.RevgraphProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
 * so that a new user runs Revgraph with nothing but a JDK. Setting {@code spring.datasource.url}
 * (or {@code SPRING_DATASOURCE_URL}) switches to that server instead, with no code change.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(RevgraphProperties properties) throws IOException {
        Path dataDir = usableDataDirectory(properties.embedded().dataDir());
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
        if (properties.embedded().port() > 0) {
            builder.setPort(properties.embedded().port());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info(
                "Embedded PostgreSQL on {} with data in {} (set spring.datasource.url to use another server)",
                postgres.getJdbcUrl("postgres", "postgres"),
                dataDir);
        return postgres;
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
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        return dataSource;
    }
}
