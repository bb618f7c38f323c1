package com.merchantinsights.insights;

import com.merchantinsights.insights.query.ReadSnapshot;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The warehouse connection pool of the insights API, and the freshness facts the ETL publishes. */
final class PostgresCubeReader implements CubeReader, AutoCloseable {
    private final HikariDataSource dataSource;

    PostgresCubeReader(String jdbcUrl, String user, String password, QueryBounds bounds) {
        this.dataSource = WarehouseConnections.pool("insights-cubes", jdbcUrl, user, password, 8, true, bounds);
    }

    /** The pool, shared with the cube queries. */
    javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public <T> T inSnapshot(ReadSnapshot.Work<T> work) throws SQLException {
        return ReadSnapshot.of(dataSource, work);
    }

    @Override
    public Freshness freshness() throws SQLException {
        try (ReadSnapshot.Borrowed c = ReadSnapshot.borrow(dataSource);
                PreparedStatement ps = c.connection()
                        .prepareStatement("SELECT complete_through, last_refresh, pending_hours FROM freshness");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Freshness.NEVER_REFRESHED;
            }
            return new Freshness(
                    rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getInt(3));
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
