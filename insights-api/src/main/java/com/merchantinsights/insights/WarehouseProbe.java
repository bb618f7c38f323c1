package com.merchantinsights.insights;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness from a connection of its own: a probe never waits behind the queries for a pooled connection, and a busy
 * pool is not mistaken for an unreachable warehouse. The connection is checked on every probe (at most 1 s) and made
 * again when it broke.
 */
final class WarehouseProbe implements BooleanSupplier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseProbe.class);
    private static final int VALID_WITHIN_SECONDS = 1;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final QueryBounds bounds;
    private Connection connection;
    private boolean failing;

    WarehouseProbe(String jdbcUrl, String user, String password, QueryBounds bounds) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bounds = bounds;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        try {
            if (connection == null || !connection.isValid(VALID_WITHIN_SECONDS)) {
                closeQuietly();
                connection = WarehouseConnections.single(jdbcUrl, user, password, bounds);
            }
            if (failing) {
                failing = false;
                LOG.info("the warehouse answers again");
            }
            return true;
        } catch (SQLException e) {
            if (!failing) {
                failing = true;
                LOG.warn("not ready: the warehouse does not answer: {}", e.toString());
            }
            closeQuietly();
            return false;
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
