package com.merchantinsights.etl.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one lock that serialises every change to the live cube tables across processes: the ETL's refresh, compaction
 * and calendar roll-ups, a rebuild's swap, a reprocessing run's switch and rollback. A PostgreSQL advisory lock, so
 * it needs no table and dies with the session that held it. Waiting for it is bounded ({@link #WAIT}): a holder that
 * never lets go (a stuck session) fails the waiting change with SQL state 55P03 instead of stalling it forever; the
 * ETL's next run tries again.
 */
public final class WarehouseLock {
    /** The advisory lock's key ("mi_etl" in ASCII). */
    public static final long KEY = 0x6d_695f_6574_6cL;

    /** The longest a change waits for another: a large reprocess switch holds the lock for minutes. */
    public static final Duration WAIT = Duration.ofMinutes(10);

    private WarehouseLock() {}

    /** Takes the lock inside the caller's transaction, waiting at most {@link #WAIT}; the commit or rollback releases it. */
    public static void inTransaction(Connection connection) throws SQLException {
        inTransaction(connection, WAIT);
    }

    /** As {@link #inTransaction(Connection)}, waiting at most {@code wait}. */
    public static void inTransaction(Connection connection, Duration wait) throws SQLException {
        // SET LOCAL: the bound is for this wait only; the transaction's later statements get the session's own.
        take(
                connection,
                "SET LOCAL lock_timeout = " + wait.toMillis(),
                "SELECT pg_advisory_xact_lock(" + KEY + ")",
                "SET LOCAL lock_timeout = DEFAULT",
                wait);
    }

    /**
     * Takes the lock for the connection's session, across transactions, until {@link #releaseForSession}; waits at
     * most {@link #WAIT}.
     */
    public static void forSession(Connection connection) throws SQLException {
        forSession(connection, WAIT);
    }

    /** As {@link #forSession(Connection)}, waiting at most {@code wait}. */
    public static void forSession(Connection connection, Duration wait) throws SQLException {
        take(
                connection,
                "SET lock_timeout = " + wait.toMillis(),
                "SELECT pg_advisory_lock(" + KEY + ")",
                "RESET lock_timeout",
                wait);
    }

    public static void releaseForSession(Connection connection) throws SQLException {
        execute(connection, "SELECT pg_advisory_unlock(" + KEY + ")");
    }

    private static void take(Connection connection, String bound, String lock, String unbound, Duration wait)
            throws SQLException {
        execute(connection, bound);
        try {
            execute(connection, lock);
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new SQLException(
                        "another change to the cube tables held the warehouse lock for over " + wait
                                + "; this one gave up (the next run tries again)",
                        e.getSQLState(),
                        e);
            }
            throw e;
        }
        execute(connection, unbound);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
