package com.merchantinsights.etl.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one lock that serialises every change to the live cube tables across processes: the ETL's refresh, compaction
 * and calendar roll-ups, a rebuild's swap, a reprocessing run's switch and rollback. A PostgreSQL advisory lock, so
 * it needs no table and dies with the session that held it.
 */
public final class WarehouseLock {
    /** The advisory lock's key ("mi_etl" in ASCII). */
    public static final long KEY = 0x6d_695f_6574_6cL;

    private WarehouseLock() {}

    /** Takes the lock inside the caller's transaction; the commit or rollback releases it. */
    public static void inTransaction(Connection connection) throws SQLException {
        execute(connection, "SELECT pg_advisory_xact_lock(" + KEY + ")");
    }

    /** Takes the lock for the connection's session, across transactions, until {@link #releaseForSession}. */
    public static void forSession(Connection connection) throws SQLException {
        execute(connection, "SELECT pg_advisory_lock(" + KEY + ")");
    }

    public static void releaseForSession(Connection connection) throws SQLException {
        execute(connection, "SELECT pg_advisory_unlock(" + KEY + ")");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
