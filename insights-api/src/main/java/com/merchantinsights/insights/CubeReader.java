package com.merchantinsights.insights;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Reads the cube tables; never raw events. */
final class CubeReader implements AutoCloseable {
    private final HikariDataSource dataSource;

    CubeReader(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setReadOnly(true);
        config.setPoolName("insights-cubes");
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    /** Event counts per local day (the totals cuboid, all currencies), for the days of [from, to] that have any. */
    Map<LocalDate, Long> dailyCounts(String merchantId, String eventType, LocalDate from, LocalDate to) throws SQLException {
        String sql = "SELECT bucket_start, sum(event_count) FROM cube_day WHERE merchant_id = ? AND cuboid = 'all' "
                + "AND event_type = ? AND bucket_start BETWEEN ? AND ? GROUP BY bucket_start";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, merchantId);
            ps.setString(2, eventType);
            ps.setDate(3, Date.valueOf(from));
            ps.setDate(4, Date.valueOf(to));
            Map<LocalDate, Long> counts = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getDate(1).toLocalDate(), rs.getLong(2));
                }
            }
            return counts;
        }
    }

    Freshness freshness() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT complete_through, last_refresh, pending_hours FROM freshness");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Freshness.NEVER_REFRESHED;
            }
            return new Freshness(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getInt(3));
        }
    }

    boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
