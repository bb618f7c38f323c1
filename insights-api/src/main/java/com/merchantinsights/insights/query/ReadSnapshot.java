package com.merchantinsights.insights.query;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One answer, one snapshot of the warehouse: every statement of an answer (the series, the comparison periods, the
 * freshness) reads in one read-only REPEATABLE READ transaction, so a refresh or a reprocess switch that commits
 * meanwhile is seen by all of them or by none: an answer never mixes two versions of the cube (decision 0016).
 */
public final class ReadSnapshot {
    private static final ThreadLocal<Connection> CURRENT = new ThreadLocal<>();

    /** What runs inside the snapshot. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** A connection for one statement: the snapshot's when one is open on this thread (not closed here), else a pooled one. */
    public record Borrowed(Connection connection, boolean owned) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            if (owned) {
                connection.close();
            }
        }
    }

    private ReadSnapshot() {}

    public static <T> T of(DataSource dataSource, Work<T> work) throws SQLException {
        if (CURRENT.get() != null) {
            return work.run();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            CURRENT.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                CURRENT.remove();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        }
    }

    public static Borrowed borrow(DataSource dataSource) throws SQLException {
        Connection current = CURRENT.get();
        return current != null ? new Borrowed(current, false) : new Borrowed(dataSource.getConnection(), true);
    }
}
