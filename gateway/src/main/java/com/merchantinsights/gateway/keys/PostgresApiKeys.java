package com.merchantinsights.gateway.keys;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.gateway.ApiKeys;
import com.merchantinsights.service.keys.KeyStoreException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's API keys: every active key of the warehouse's {@code api_keys} table, held in memory by digest and
 * kept current by a poll, every {@link ApiKeyStoreConfig#refreshInterval()}, of the rows created or revoked since
 * the previous poll. A request never waits for PostgreSQL, and a presented key that matches nothing costs a hash
 * and a map lookup, never a query: guessing keys cannot load the warehouse. If the warehouse is unreachable the
 * last copy keeps serving (ingest must not depend on it); the snapshot-age metric shows how stale it is.
 * See docs/decisions/0006-api-key-store.md.
 */
public final class PostgresApiKeys implements ApiKeys, AutoCloseable {
    /**
     * Each poll re-reads changes this far behind the previous poll's database time: a row becomes visible when its
     * transaction commits, but carries the transaction's start time, so a short transaction still open during one
     * poll is caught by the next. Key administration commits single statements, well within this margin.
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    /** How long a starting gateway tries to reach the key store before it refuses to start. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(5);
    /** Longer than any real key, shorter than anything worth hashing. */
    private static final int MAX_PRESENTED_LENGTH = 256;

    private static final String COLUMNS = "key_id, digest, scope, merchant_id, revoked_at";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresApiKeys.class);

    private final ApiKeyStoreConfig config;
    private final HikariDataSource pool;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, Identity> byDigest = new ConcurrentHashMap<>();
    /** Database time of the last successful poll; only the refresher thread (or start) writes it. */
    private Instant watermark;

    private long lastFullReloadNanos;
    private volatile long lastSuccessNanos;
    private volatile boolean failing;
    private volatile Timer fullReloads;
    private volatile Timer incrementalRefreshes;

    private PostgresApiKeys(ApiKeyStoreConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gateway-api-keys-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the gateway's own pool, loads every active key (failing fast when it cannot) and starts refreshing. */
    public static PostgresApiKeys start(ApiKeyStoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("gateway-api-keys");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setReadOnly(true); // the gateway only reads keys; administration is another path
        hikari.setConnectionTimeout(5_000);
        // A gateway without its keys would refuse every request: it does not start (decision 0041). Kubernetes keeps
        // the running replicas serving from their copies and starts this one again; locally `up` says why.
        hikari.setConnectionTimeout(STARTUP_WAIT.toMillis());
        hikari.addDataSourceProperty("connectTimeout", Long.toString(STARTUP_WAIT.toSeconds()));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new KeyStoreException(refusal(config, e), e);
        }
        PostgresApiKeys keys = new PostgresApiKeys(config, pool);
        try {
            keys.reloadAll();
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new KeyStoreException(refusal(config, e), e);
        }
        long interval = config.refreshInterval().toNanos();
        keys.refresher.scheduleWithFixedDelay(keys::refresh, interval, interval, TimeUnit.NANOSECONDS);
        return keys;
    }

    private static String refusal(ApiKeyStoreConfig config, Exception cause) {
        return "the gateway does not start without its API keys, and could not read them from " + config.jdbcUrl()
                + " within " + STARTUP_WAIT.toSeconds() + " s (" + cause.getMessage()
                + "); start it again once PostgreSQL answers — running gateways keep serving from their copies";
    }

    @Override
    public Optional<Identity> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_PRESENTED_LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDigest.get(ApiKeyDigest.sha256Hex(presentedKey)));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("gateway.api_keys.active", this, keys -> keys.byDigest.size())
                .description("Active API keys this gateway knows")
                .register(registry);
        Gauge.builder(
                        "gateway.api_keys.snapshot_age",
                        this,
                        keys -> keys.snapshotAge().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("Time since the last successful refresh of the API keys")
                .register(registry);
        fullReloads =
                Timer.builder("gateway.api_keys.refresh").tag("kind", "full").register(registry);
        incrementalRefreshes = Timer.builder("gateway.api_keys.refresh")
                .tag("kind", "incremental")
                .register(registry);
    }

    /** Time since the keys were last read successfully. */
    public Duration snapshotAge() {
        return Duration.ofNanos(System.nanoTime() - lastSuccessNanos);
    }

    /** How many active keys this gateway knows. */
    public int size() {
        return byDigest.size();
    }

    private void refresh() {
        try {
            if (System.nanoTime() - lastFullReloadNanos
                    >= config.fullReloadInterval().toNanos()) {
                reloadAll();
            } else {
                applyChanges();
            }
            if (failing) {
                failing = false;
                LOG.info("API keys refreshed again from {}", config.jdbcUrl());
            }
        } catch (SQLException | RuntimeException e) {
            // Never let an exception escape: it would cancel the schedule for good.
            if (!failing) {
                failing = true;
                LOG.warn("API keys could not be refreshed; the gateway keeps its last copy until the store answers", e);
            }
        }
    }

    /** Reads every active key into a new map and swaps it in. */
    void reloadAll() throws SQLException {
        long started = System.nanoTime();
        Map<String, Identity> fresh = new ConcurrentHashMap<>();
        try (Connection connection = pool.getConnection()) {
            Instant now = databaseNow(connection);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                connection.setAutoCommit(false); // lets the driver stream rows in fetch-size chunks
                try (ResultSet rows =
                        statement.executeQuery("SELECT " + COLUMNS + " FROM api_keys WHERE revoked_at IS NULL")) {
                    while (rows.next()) {
                        identity(rows).ifPresent(identity -> fresh.put(digest(rows), identity));
                    }
                }
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
            byDigest = fresh;
            watermark = now;
        }
        lastFullReloadNanos = System.nanoTime();
        lastSuccessNanos = lastFullReloadNanos;
        record(fullReloads, started);
    }

    /** Applies the keys created or revoked since the previous poll (minus {@link #OVERLAP}); returns their number. */
    int applyChanges() throws SQLException {
        long started = System.nanoTime();
        int changed = 0;
        Map<String, Identity> current = byDigest;
        try (Connection connection = pool.getConnection()) {
            Instant now = databaseNow(connection);
            Timestamp since = Timestamp.from(watermark.minus(OVERLAP));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_keys WHERE created_at > ? OR revoked_at > ?")) {
                select.setTimestamp(1, since);
                select.setTimestamp(2, since);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        changed++;
                        String digest = digest(rows);
                        Optional<Identity> identity =
                                rows.getTimestamp("revoked_at") == null ? identity(rows) : Optional.empty();
                        if (identity.isPresent()) {
                            current.put(digest, identity.get());
                        } else {
                            current.remove(digest);
                        }
                    }
                }
            }
            watermark = now;
        }
        lastSuccessNanos = System.nanoTime();
        record(incrementalRefreshes, started);
        return changed;
    }

    private static Instant databaseNow(Connection connection) throws SQLException {
        // The database's clock, not ours: created_at and revoked_at come from it.
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT now()")) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    private static String digest(ResultSet row) {
        try {
            return row.getString("digest");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row's identity; empty (and logged) for a row the table's checks should have refused. */
    private static Optional<Identity> identity(ResultSet row) throws SQLException {
        String keyId = row.getString("key_id");
        try {
            String merchant = row.getString("merchant_id");
            return Optional.of(new Identity(
                    keyId,
                    Scope.fromWireName(row.getString("scope")),
                    Optional.ofNullable(merchant).map(MerchantId::new)));
        } catch (IllegalArgumentException e) {
            LOG.warn("API key {} is ignored: {}", keyId, e.getMessage());
            return Optional.empty();
        }
    }

    private static void record(Timer timer, long startedNanos) {
        if (timer != null) {
            timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }
}
