package dev.revgraph.retention;

import dev.revgraph.shared.RevgraphProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stamps the reporting currency into the maintained MRR movements (changeset 0024) before the
 * application serves anything, rebuilding them when they were built in another currency or never
 * (first start after the upgrade). From then on the database's triggers keep them exact.
 */
@Component
class MaintainedMovements implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(MaintainedMovements.class);

    private final RetentionRepository repository;
    private final String reporting;

    MaintainedMovements(RetentionRepository repository, RevgraphProperties properties) {
        this.repository = repository;
        this.reporting = properties.reportingCurrency();
    }

    @Override
    public void afterSingletonsInstantiated() {
        long start = System.nanoTime();
        if (repository.ensureMaintainedMovements(reporting)) {
            log.info("MRR movements rebuilt in {} in {} ms", reporting, (System.nanoTime() - start) / 1_000_000);
        }
    }
}
