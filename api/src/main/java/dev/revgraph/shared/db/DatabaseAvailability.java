package dev.revgraph.shared.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers, as far as the application knows. A request that runs into a lost
 * connection, or the embedded server's supervisor seeing its postmaster die, marks it unavailable;
 * from then on requests are answered at once with {@code UNAVAILABLE} (HTTP 503) instead of each
 * waiting for the pool's connection timeout, and readiness reports {@code REFUSING_TRAFFIC}. A probe
 * outside the pool then tries the server every {@link #PROBE_INTERVAL}; its first answer makes the
 * database available again, retires the pool's connections to the old server and restores readiness.
 * This holds alike for the embedded server (which its supervisor restarts) and an external one.
 */
@Component
public class DatabaseAvailability implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);

    /** How often the probe tries the server while it is unavailable. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    /** How long one probe may wait for the server to accept a connection and answer. */
    static final int PROBE_TIMEOUT_SECONDS = 2;

    private final ApplicationEventPublisher events;
    private final ObjectProvider<DataSource> dataSource;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean closed;

    DatabaseAvailability(ApplicationEventPublisher events, ObjectProvider<DataSource> dataSource) {
        this.events = events;
        this.dataSource = dataSource;
    }

    public boolean isAvailable() {
        return available.get();
    }

    /**
     * Records that the database did not answer ({@code reason} goes to the log only) and starts the
     * probe that notices its return. Repeated calls while it is unavailable change nothing.
     */
    public void markUnavailable(String reason) {
        if (closed) {
            return;
        }
        if (available.compareAndSet(true, false)) {
            log.warn(
                    "The database is unavailable ({}); requests are answered UNAVAILABLE until it answers again",
                    reason);
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            retirePooledConnections();
        }
        startProbe();
    }

    /**
     * Records that a request's database work failed for want of a connection ({@code reason} goes
     * to the log). A connection opened before a restart fails once even though the server is back,
     * so while the database counts as available the server is asked first, and only its silence
     * makes it unavailable.
     */
    public void reportConnectionFailure(String reason) {
        if (closed) {
            return;
        }
        if (!available.get()) {
            startProbe();
            return;
        }
        if (answers()) {
            log.info("A connection failed ({}) but the database answers: a connection to an earlier server", reason);
            retirePooledConnections();
            return;
        }
        markUnavailable(reason);
    }

    private void startProbe() {
        if (closed || !probing.compareAndSet(false, true)) {
            return;
        }
        Thread probe = new Thread(
                () -> {
                    try {
                        while (!closed && !available.get()) {
                            if (answers()) {
                                retirePooledConnections();
                                available.set(true);
                                log.info("The database answers again; requests are served");
                                AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
                                return;
                            }
                            Thread.sleep(PROBE_INTERVAL.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        probing.set(false);
                        if (!closed && !available.get()) {
                            startProbe();
                        }
                    }
                },
                "database-availability-probe");
        probe.setDaemon(true);
        probe.start();
    }

    /**
     * One connection straight to the server, outside the pool: the pool would wait its whole
     * connection timeout, and a probe must not take a connection a request needs.
     */
    private boolean answers() {
        DataSource source = dataSource.getIfAvailable();
        HikariDataSource hikari = hikari(source);
        if (hikari == null || hikari.getJdbcUrl() == null) {
            return probeThrough(source);
        }
        Properties properties = new Properties();
        properties.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) {
            properties.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            properties.setProperty("password", hikari.getPassword());
        }
        properties.setProperty("connectTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "revgraph availability probe");
        try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
                Statement statement = connection.createStatement()) {
            statement.execute("select 1");
            return true;
        } catch (SQLException e) {
            log.debug("The database does not answer yet: {}", e.getMessage());
            return false;
        }
    }

    private static boolean probeThrough(DataSource source) {
        if (source == null) {
            return false;
        }
        try (Connection connection = source.getConnection()) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Connections opened to a server that has since died fail on their next use; evicting them
     * (idle ones now, busy ones when they come back) keeps the pool from handing them out.
     */
    private void retirePooledConnections() {
        HikariDataSource hikari = hikari(dataSource.getIfAvailable());
        if (hikari != null && hikari.isRunning()) {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    /** The pool behind {@code source}, also when something wraps it; null when there is none. */
    private static HikariDataSource hikari(DataSource source) {
        try {
            return source != null && source.isWrapperFor(HikariDataSource.class)
                    ? source.unwrap(HikariDataSource.class)
                    : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void destroy() {
        closed = true;
    }
}
