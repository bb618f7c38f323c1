package com.merchantinsights.insights;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The insights API's connections to the warehouse, each with the bounds of issue 20: a connection is made within a
 * second or not at all, a pooled one is waited for at most {@link #POOL_WAIT}, and every statement carries the
 * {@link QueryBounds}' statement and lock timeouts — so that a warehouse that is down, slow or locked is answered
 * {@code 503 warehouse_unavailable} in under 2 s, never a hang.
 */
final class WarehouseConnections {
    /** How long a request waits for a pooled connection (Hikari's minimum is 250 ms). */
    static final Duration POOL_WAIT = Duration.ofMillis(1_500);
    /** PostgreSQL's JDBC driver counts its connect timeout in whole seconds. */
    private static final int CONNECT_TIMEOUT_SECONDS = 1;

    private WarehouseConnections() {}

    /** A pool of {@code size} connections, none made before the first use (the service starts without PostgreSQL). */
    static HikariDataSource pool(
            String name, String jdbcUrl, String user, String password, int size, boolean readOnly, QueryBounds bounds) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setReadOnly(readOnly);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(POOL_WAIT.toMillis());
        config.setValidationTimeout(Math.min(1_000, POOL_WAIT.toMillis() - 250));
        config.setDataSourceProperties(driverProperties(bounds));
        return new HikariDataSource(config);
    }

    /** One connection of its own (readiness must not queue behind the queries for a pooled one). */
    static Connection single(String jdbcUrl, String user, String password, QueryBounds bounds) throws SQLException {
        Properties properties = driverProperties(bounds);
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static Properties driverProperties(QueryBounds bounds) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        // A warehouse that stops answering altogether cannot cancel a statement itself: the socket gives up a little
        // after the statement timeout would have.
        properties.setProperty(
                "socketTimeout", Long.toString(bounds.statementTimeout().toSeconds() + 2));
        properties.setProperty(
                "options",
                "-c statement_timeout=" + bounds.statementTimeout().toMillis() + " -c lock_timeout="
                        + bounds.lockTimeout().toMillis());
        properties.setProperty("ApplicationName", "insights-api");
        return properties;
    }
}
