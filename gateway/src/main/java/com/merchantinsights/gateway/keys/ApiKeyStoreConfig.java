package com.merchantinsights.gateway.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the gateway reads API keys and how often it refreshes its copy.
 *
 * @param jdbcUrl            the warehouse holding the {@code api_keys} table
 * @param refreshInterval    how often keys created or revoked since the last refresh are fetched: the bound on how
 *                           long a revoked key still passes (and a new key is not yet known)
 * @param fullReloadInterval how often the whole table is read again, repairing anything an incremental refresh
 *                           cannot see (a deleted row, a transaction open longer than the overlap)
 * @param poolSize           connections of the gateway's own pool
 */
public record ApiKeyStoreConfig(
        String jdbcUrl,
        String user,
        String password,
        Duration refreshInterval,
        Duration fullReloadInterval,
        int poolSize) {
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_FULL_RELOAD_INTERVAL = Duration.ofMinutes(10);
    public static final int DEFAULT_POOL_SIZE = 2;

    public ApiKeyStoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        requirePositive("refreshInterval", refreshInterval);
        requirePositive("fullReloadInterval", fullReloadInterval);
        if (fullReloadInterval.compareTo(refreshInterval) < 0) {
            throw new IllegalArgumentException("fullReloadInterval must not be shorter than refreshInterval");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive, was " + poolSize);
        }
    }

    /** Refresh every 2 s, full reload every 10 minutes, 2 connections. */
    public static ApiKeyStoreConfig defaults(String jdbcUrl, String user, String password) {
        return new ApiKeyStoreConfig(
                jdbcUrl, user, password, DEFAULT_REFRESH_INTERVAL, DEFAULT_FULL_RELOAD_INTERVAL, DEFAULT_POOL_SIZE);
    }

    public ApiKeyStoreConfig withRefreshInterval(Duration interval) {
        return new ApiKeyStoreConfig(
                jdbcUrl,
                user,
                password,
                interval,
                fullReloadInterval.compareTo(interval) < 0 ? interval : fullReloadInterval,
                poolSize);
    }

    /** Every setting but the password, which a log line must not carry. */
    @Override
    public String toString() {
        return "ApiKeyStoreConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, refreshInterval="
                + refreshInterval + ", fullReloadInterval=" + fullReloadInterval + ", poolSize=" + poolSize + "]";
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
