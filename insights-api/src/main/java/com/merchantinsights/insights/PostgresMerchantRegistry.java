package com.merchantinsights.insights;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.merchant.MerchantSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** The merchant registry in the warehouse: one row per registered merchant. */
final class PostgresMerchantRegistry implements MerchantRegistry, AutoCloseable {
    private final HikariDataSource dataSource;

    PostgresMerchantRegistry(String jdbcUrl, String user, String password, QueryBounds bounds) {
        this.dataSource = WarehouseConnections.pool("insights-merchants", jdbcUrl, user, password, 2, false, bounds);
    }

    @Override
    public Optional<Registered> find(MerchantId merchant) throws SQLException {
        String sql = "SELECT display_name, time_zone, week_start, reporting_currency, created_at, updated_at "
                + "FROM merchants WHERE merchant_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, merchant.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Registered(
                        new MerchantSettings(
                                merchant,
                                rs.getString(1),
                                ZoneId.of(rs.getString(2)),
                                DayOfWeek.valueOf(rs.getString(3)),
                                rs.getString(4)),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()));
            }
        }
    }

    @Override
    public boolean put(MerchantSettings settings, Instant now) throws SQLException {
        String sql =
                "INSERT INTO merchants (merchant_id, display_name, time_zone, week_start, reporting_currency, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (merchant_id) DO UPDATE SET display_name = EXCLUDED.display_name, "
                        + "time_zone = EXCLUDED.time_zone, week_start = EXCLUDED.week_start, "
                        + "reporting_currency = EXCLUDED.reporting_currency, updated_at = EXCLUDED.updated_at "
                        + "RETURNING (xmax = 0)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, settings.merchantId().value());
            ps.setString(2, settings.displayName());
            ps.setString(3, settings.timeZone().getId());
            ps.setString(4, settings.weekStart().name());
            ps.setString(5, settings.reportingCurrency());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void putQuota(MerchantId merchant, MerchantQuotas.Quota quota, Instant now) throws SQLException {
        QuotaOverrides.put(dataSource, merchant.value(), quota, now);
    }

    @Override
    public boolean removeQuota(MerchantId merchant) throws SQLException {
        return QuotaOverrides.remove(dataSource, merchant.value());
    }

    @Override
    public MerchantQuotas.Overrides quotaOverrides(java.time.Clock clock) {
        return new QuotaOverrides(dataSource, clock);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
