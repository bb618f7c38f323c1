package com.merchantinsights.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's per-merchant query quotas ({@code merchant_query_quotas}, issue 24): read whole, at most every
 * {@link #REFRESH}, so that a query never waits on it; a failed read keeps the quotas last read.
 */
final class QuotaOverrides implements MerchantQuotas.Overrides {
    static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(QuotaOverrides.class);

    private final DataSource warehouse;
    private final Clock clock;
    private volatile Map<String, MerchantQuotas.Quota> quotas = Map.of();
    private volatile Instant readAt = Instant.MIN;

    QuotaOverrides(DataSource warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    @Override
    public Optional<MerchantQuotas.Quota> of(String merchantId) {
        if (readAt.plus(REFRESH).isBefore(clock.instant())) {
            refresh();
        }
        return Optional.ofNullable(quotas.get(merchantId));
    }

    private synchronized void refresh() {
        Instant now = clock.instant();
        if (!readAt.plus(REFRESH).isBefore(now)) {
            return;
        }
        readAt = now;
        Map<String, MerchantQuotas.Quota> read = new HashMap<>();
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT merchant_id, queries_per_second, concurrent_queries FROM merchant_query_quotas");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                read.put(rs.getString(1), new MerchantQuotas.Quota(rs.getInt(2), rs.getInt(3)));
            }
            quotas = Map.copyOf(read);
        } catch (SQLException e) {
            LOG.warn("could not read the merchants' query quotas; keeping the {} read before", quotas.size(), e);
        }
    }

    /** Sets a merchant's quota; it applies from the next read (within {@link #REFRESH}) in every instance. */
    static void put(DataSource warehouse, String merchantId, MerchantQuotas.Quota quota, Instant now)
            throws SQLException {
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO merchant_query_quotas (merchant_id,"
                        + " queries_per_second, concurrent_queries, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (merchant_id) DO UPDATE SET queries_per_second = EXCLUDED.queries_per_second,"
                        + " concurrent_queries = EXCLUDED.concurrent_queries, updated_at = EXCLUDED.updated_at")) {
            ps.setString(1, merchantId);
            ps.setInt(2, quota.queriesPerSecond());
            ps.setInt(3, quota.concurrentQueries());
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /** Removes a merchant's quota (the defaults apply again); false when it had none. */
    static boolean remove(DataSource warehouse, String merchantId) throws SQLException {
        try (Connection c = warehouse.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM merchant_query_quotas WHERE merchant_id = ?")) {
            ps.setString(1, merchantId);
            return ps.executeUpdate() == 1;
        }
    }
}
