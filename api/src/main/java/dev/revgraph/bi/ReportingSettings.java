package dev.revgraph.bi;

import dev.revgraph.shared.RevgraphProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stamps the reporting currency and the fiscal year's first month into the database before the
 * application serves anything, so the reporting views (changeset 0041) convert and label as the
 * GraphQL reports do; and grants every active BI role what it may read again, so a view or
 * function a later changeset adds is readable by the roles made before it.
 */
@Component
class ReportingSettings implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ReportingSettings.class);

    private final BiRepository repository;
    private final RevgraphProperties properties;

    ReportingSettings(BiRepository repository, RevgraphProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        repository.stampSettings(properties.reportingCurrency(), properties.fiscalYearStartMonth());
        for (BiCredential credential : repository.all()) {
            if (credential.active() && repository.roleExists(credential.name())) {
                try {
                    repository.grant(credential.name());
                } catch (RuntimeException e) { // jOOQ's or Spring's DataAccessException
                    log.warn("Could not renew the grants of BI role {}: {}", credential.name(), e.getMessage());
                }
            }
        }
    }
}
