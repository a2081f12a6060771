package dev.revgraph.shared;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings every figure depends on, under {@code revgraph.*}.
 *
 * @param reportingCurrency the currency reports convert into; FX rates are quoted into it
 * @param fiscalYearStartMonth the calendar month (1-12) with which the fiscal year starts
 * @param embedded where the embedded PostgreSQL keeps its data when no database is configured
 * @param bi the SQL reporting surface for BI tools (docs/bi.md)
 */
@ConfigurationProperties("revgraph")
public record RevgraphProperties(
        @DefaultValue("USD") String reportingCurrency,
        @DefaultValue("1") int fiscalYearStartMonth,
        @DefaultValue Embedded embedded,
        @DefaultValue Bi bi) {

    public RevgraphProperties {
        if (!reportingCurrency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(
                    "revgraph.reporting-currency must be an ISO 4217 code such as USD, not " + reportingCurrency);
        }
        if (fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
            throw new IllegalArgumentException(
                    "revgraph.fiscal-year-start-month must be 1 to 12, not " + fiscalYearStartMonth);
        }
    }

    /**
     * Where the embedded PostgreSQL lives. The default is computed here, not in a
     * {@code @DefaultValue}: annotation defaults are taken literally, so a placeholder such as
     * {@code ${user.home}} there became a directory of that name and PostgreSQL refused to start.
     *
     * <p>{@code pg_ctl} starts the server through {@code /bin/sh} with the directory in double
     * quotes, where {@code "}, {@code $}, {@code `} and {@code \} would be interpreted, so a path
     * holding one is refused at binding, before PostgreSQL starts, with the setting's name.
     *
     * @param dataDir the persistent data directory of the embedded PostgreSQL; unset means
     *     {@code ~/.revgraph/data}
     * @param port its TCP port on localhost; 0 picks a free one
     */
    public record Embedded(Path dataDir, @DefaultValue("0") int port) {

        public Embedded {
            dataDir = (dataDir == null
                            ? defaultDataDir(System.getenv("HOME"), System.getProperty("user.home"))
                            : dataDir)
                    .toAbsolutePath()
                    .normalize();
            String text = dataDir.toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '$' || c == '`' || c == '\\' || Character.isISOControl(c)) {
                    throw new IllegalArgumentException("revgraph.embedded.data-dir must not contain "
                            + (Character.isISOControl(c) ? "a control character" : "the character " + c)
                            + ", which PostgreSQL's pg_ctl would hand to a shell: " + text
                            + " (spaces and other punctuation are fine)");
                }
            }
        }

        /**
         * {@code ~/.revgraph/data}, where {@code ~} is {@code $HOME} as the shell reads it, so that
         * the README's {@code cat ~/.revgraph/admin-token} finds the token; the JVM's
         * {@code user.home} (the password database's entry on Java 17) only when {@code HOME} is unset.
         */
        static Path defaultDataDir(String homeVariable, String userHome) {
            String home = homeVariable != null && !homeVariable.isBlank() ? homeVariable : userHome;
            return Path.of(home, ".revgraph", "data");
        }

        /** The file the first-run admin token is saved in: {@code admin-token} beside the data directory. */
        public Path adminTokenFile() {
            Path parent = dataDir.getParent();
            return (parent == null ? dataDir : parent).resolve("admin-token");
        }
    }

    /**
     * The SQL reporting surface (docs/bi.md).
     *
     * @param listenAddress with the embedded PostgreSQL: one more address (an IP address of this
     *     machine, or {@code *} for all) it listens on for BI tools, where only BI roles connect,
     *     with their password; unset means localhost only, as without BI
     * @param port with the embedded PostgreSQL: the port it listens on (on localhost and the listen
     *     address); 0 keeps {@code revgraph.embedded.port}
     * @param statementTimeout the longest statement a BI role may run ({@code statement_timeout} set
     *     on each role createBiCredentials creates)
     */
    public record Bi(
            String listenAddress,
            @DefaultValue("0") int port,
            @DefaultValue("60s") Duration statementTimeout) {

        public Bi {
            if (listenAddress != null && listenAddress.isBlank()) {
                listenAddress = null;
            }
            if (listenAddress != null && !listenAddress.matches("\\*|[0-9A-Za-z.:%-]{1,253}")) {
                throw new IllegalArgumentException(
                        "revgraph.bi.listen-address must be one host name or IP address, or *, not " + listenAddress);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("revgraph.bi.port must be 0 to 65535, not " + port);
            }
            if (statementTimeout == null || statementTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("revgraph.bi.statement-timeout must be at least 1ms");
            }
        }
    }
}
