package dev.revgraph.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes from the schema the Liquibase changelog really produces on PostgreSQL.
 *
 * <p>jOOQ's own Liquibase support simulates the changelog on H2, which cannot read our
 * PostgreSQL SQL; so the build migrates a throw-away embedded PostgreSQL and reads its catalog.
 * The output is skipped when the changelog has not changed since the last run.
 *
 * <p>Arguments: resource root, changelog path under it, output directory, target package.
 */
public final class JooqCodegen {

    /**
     * Not generated: Liquibase's own tables, and the set-returning function the movement triggers
     * use (changeset 0024), which Java never calls.
     */
    private static final String EXCLUDES = "databasechangelog.*|customer_mrr_months";

    private JooqCodegen() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: JooqCodegen <resourceRoot> <changelog> <outputDir> <package>");
        }
        Path resourceRoot = Path.of(args[0]);
        String changelog = args[1];
        Path output = Path.of(args[2]);
        String packageName = args[3];

        // the generator's own settings count too: changing what is excluded regenerates
        String fingerprint = fingerprint(resourceRoot.resolve(changelog).getParent()) + " excludes=" + EXCLUDES;
        Path stamp = output.resolve(".changelog-fingerprint");
        if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("[jooq-codegen] changelog unchanged, generated sources are current");
            return;
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection migration = postgres.getPostgresDatabase().getConnection()) {
                var database =
                        DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(migration));
                try (Liquibase liquibase =
                        new Liquibase(changelog, new DirectoryResourceAccessor(resourceRoot), database)) {
                    liquibase.update("");
                }
            }
            // Liquibase closes its connection when done: jOOQ reads the catalog on a fresh one.
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                GenerationTool tool = new GenerationTool();
                tool.setConnection(connection);
                tool.run(new Configuration()
                        .withGenerator(new Generator()
                                .withDatabase(new Database()
                                        .withName("org.jooq.meta.postgres.PostgresDatabase")
                                        .withInputSchema("public")
                                        .withOutputSchemaToDefault(true)
                                        .withExcludes(EXCLUDES))
                                .withGenerate(new Generate()
                                        .withJavaTimeTypes(true)
                                        .withDeprecated(false)
                                        .withPojos(false)
                                        .withDaos(false))
                                .withTarget(new Target()
                                        .withPackageName(packageName)
                                        .withDirectory(output.toString()))));
            }
        }
        Files.writeString(stamp, fingerprint);
    }

    private static String fingerprint(Path changelogDir) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(changelogDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            digest.update(changelogDir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            try {
                digest.update(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
