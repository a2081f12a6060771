package dev.revgraph.shared.db;

import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code db} health contributor in place of Spring Boot's: DOWN at once while the database is
 * known to be away (Boot's check would wait the pool's connection timeout on every call), otherwise
 * Boot's query through the pool, whose failure marks the database unavailable for the requests too.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

    /** Named so that Boot's own {@code db} contributor steps aside. */
    @Bean
    HealthIndicator dbHealthContributor(DataSource dataSource, DatabaseAvailability availability) {
        DataSourceHealthIndicator query = new DataSourceHealthIndicator(dataSource);
        return () -> {
            if (!availability.isAvailable()) {
                return Health.down()
                        .withDetail("database", "unavailable, reconnecting")
                        .build();
            }
            Health health = query.health(true);
            if (health != null && Status.DOWN.equals(health.getStatus())) {
                availability.reportConnectionFailure("the health check's query failed");
            }
            return health;
        };
    }
}
