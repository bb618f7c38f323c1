package com.merchantinsights.service;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Which failures of a warehouse call mean "PostgreSQL is down, overloaded or too slow right now" (retry later:
 * {@code 503 warehouse_unavailable}) rather than a fault of ours ({@code 500 internal}).
 */
public final class WarehouseFailures {
    /**
     * 57014 query_canceled (the statement timeout), 55P03 lock_not_available (the lock timeout), 57P01–57P03 an
     * administrator's shutdown or a server that cannot take connections yet, 53300 too many connections.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("57014", "55P03", "57P01", "57P02", "57P03", "53300");

    private WarehouseFailures() {}

    public static boolean unavailable(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool waited its longest for a connection
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
                    return true; // 08: connection exceptions
                }
            }
        }
        return false;
    }
}
