package dev.revgraph.shared;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings every figure depends on, under {@code revgraph.*}.
 *
 * @param reportingCurrency the currency reports convert into; FX rates are quoted into it
 * @param fiscalYearStartMonth the calendar month (1-12) with which the fiscal year starts
 * @param embedded where the embedded PostgreSQL keeps its data when no database is configured
 */
@ConfigurationProperties("revgraph")
public record RevgraphProperties(
        @DefaultValue("USD") String reportingCurrency,
        @DefaultValue("1") int fiscalYearStartMonth,
        @DefaultValue Embedded embedded) {

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
     * @param dataDir the persistent data directory of the embedded PostgreSQL
     * @param port its TCP port on localhost; 0 picks a free one
     */
    public record Embedded(@DefaultValue("${user.home}/.revgraph/data") Path dataDir, @DefaultValue("0") int port) {}
}
