package dev.revgraph;

import dev.revgraph.importing.DemoCommand;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Revgraph: the one GraphQL profitability view that every department reads the same way.
 *
 * <p>The first argument picks what the jar does: nothing (or options only) serves GraphQL;
 * {@code import <dir>} loads a directory of CSV files and exits, without a web server;
 * {@code generate-demo <dir>} writes the demo dataset and exits, without starting Spring.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Application {

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "generate-demo" -> System.exit(DemoCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            case "import" -> System.exit(runCommand(true, args));
            default -> SpringApplication.run(Application.class, args);
        }
    }

    /**
     * Runs a command of the {@code dev.revgraph.importing.ImportCommand} kind: the application
     * without a web server, whose runner does the work; returns the exit code. With
     * {@code quietLogs} only warnings and the embedded database's address are logged, so the
     * command's own progress lines stand out (tests leave the JVM's logging alone).
     */
    public static int runCommand(boolean quietLogs, String... args) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        if (quietLogs) {
            application.setDefaultProperties(Map.of(
                    "spring.main.banner-mode", "off",
                    "logging.level.root", "WARN",
                    "logging.level.dev.revgraph.shared.db", "INFO"));
        }
        try (ConfigurableApplicationContext context = application.run(args)) {
            return SpringApplication.exit(context);
        } catch (RuntimeException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }
}
