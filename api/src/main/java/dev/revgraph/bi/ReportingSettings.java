package dev.revgraph.bi;

import dev.revgraph.shared.RevgraphProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stamps the reporting currency and the fiscal year's first month into the database before the
 * application serves anything, so the reporting views (changeset 0041) convert and label as the
 * GraphQL reports do.
 */
@Component
class ReportingSettings implements SmartInitializingSingleton {

    private final BiRepository repository;
    private final RevgraphProperties properties;

    ReportingSettings(BiRepository repository, RevgraphProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        repository.stampSettings(properties.reportingCurrency(), properties.fiscalYearStartMonth());
    }
}
