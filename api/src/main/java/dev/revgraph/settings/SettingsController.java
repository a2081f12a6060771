package dev.revgraph.settings;

import dev.revgraph.shared.RevgraphProperties;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Serves the settings every figure depends on. */
@Controller
class SettingsController {

    /** The GraphQL {@code Settings} type. */
    record Settings(String reportingCurrency, int fiscalYearStartMonth) {}

    private final RevgraphProperties properties;

    SettingsController(RevgraphProperties properties) {
        this.properties = properties;
    }

    @QueryMapping
    Settings settings() {
        return new Settings(properties.reportingCurrency(), properties.fiscalYearStartMonth());
    }
}
