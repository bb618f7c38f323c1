package com.merchantinsights.gateway;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Bucket4j token bucket per API key: in this replica's memory (the local stack's one gateway), or in
 * PostgreSQL so that all replicas share it (docs/decisions/0022-shared-rate-limit.md). Buckets exist only for
 * authenticated keys, so their number is bounded by the key table, not by what clients send.
 */
final class KeyRateLimiter {
    /** The table of migration V30; its rows expire once a bucket would be full again anyway. */
    static final String SHARED_TABLE = "gateway_rate_limit_buckets";

    /** The longest a request waits for a pooled connection to the shared store (Hikari's minimum). */
    static final Duration STORE_WAIT = Duration.ofMillis(250);
    /** The store's statement timeout: one row's read-modify-write takes about a millisecond. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(200);
    /** How long a request waits for another replica's lock on its key's row. */
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(100);
    /** After a failure of the store, requests are admitted without asking it for this long. */
    static final Duration BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(KeyRateLimiter.class);
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Function<String, Bucket> newBucket;
    private final AtomicLong storeFailures = new AtomicLong();
    /** System.nanoTime() until which the store is not asked (0: ask it). */
    private volatile long backOffUntil;

    KeyRateLimiter(GatewayConfig.RateLimit limit) {
        this(limit, TimeMeter.SYSTEM_NANOTIME); // nanoseconds: at 2,000/s a token comes back every 0.5 ms
    }

    /** With the given clock: tests drive time by hand. */
    KeyRateLimiter(GatewayConfig.RateLimit limit, TimeMeter time) {
        this(keyId -> Bucket.builder()
                .addLimit(configuration(limit).getBandwidths()[0])
                .withCustomTimePrecision(time)
                .build());
    }

    private KeyRateLimiter(Function<String, Bucket> newBucket) {
        this.newBucket = newBucket;
    }

    /**
     * Buckets in the warehouse's {@value #SHARED_TABLE}, one row per key, updated under {@code SELECT … FOR UPDATE}:
     * every replica takes from the same bucket, at the cost of one round trip to PostgreSQL per request. The
     * replicas' wall clocks refill it, so they must agree (NTP) to within a token's period.
     */
    static KeyRateLimiter shared(GatewayConfig.RateLimit limit, DataSource warehouse) {
        ProxyManager<String> proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(warehouse)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(SHARED_TABLE)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        BucketConfiguration configuration = configuration(limit);
        return new KeyRateLimiter(keyId -> proxies.builder().build(keyId, () -> configuration));
    }

    private static BucketConfiguration configuration(GatewayConfig.RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.requests(), limit.period()))
                .build();
    }

    /** Requests admitted without a limit because the shared store failed (a metric of the gateway). */
    long storeFailures() {
        return storeFailures.get();
    }

    /** The verdict on one request: admitted (a token was taken), or refused with the whole seconds to wait. */
    record Admission(boolean admitted, long retryAfterSeconds) {
        static final Admission ADMITTED = new Admission(true, 0);
    }

    Admission tryAcquire(String keyId) {
        long until = backOffUntil;
        if (until != 0 && System.nanoTime() - until < 0) {
            storeFailures.incrementAndGet();
            return Admission.ADMITTED;
        }
        ConsumptionProbe probe;
        try {
            probe = buckets.computeIfAbsent(keyId, newBucket).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException storeUnreachable) {
            // Fail open: a warehouse outage, a slow statement or a lock held too long must not stop ingest, which the
            // limiter only protects; for a second the store is not asked at all, so requests do not each wait for it.
            backOffUntil = System.nanoTime() + BACKOFF.toNanos();
            if (storeFailures.getAndIncrement() % 1_000 == 0) {
                LOG.warn(
                        "rate limit store failed, admitting without a limit for {} s: {}",
                        BACKOFF.toSeconds(),
                        storeUnreachable.toString());
            }
            return Admission.ADMITTED;
        }
        if (until != 0) {
            backOffUntil = 0;
        }
        if (probe.isConsumed()) {
            return Admission.ADMITTED;
        }
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos) + (nanos % 1_000_000_000L == 0 ? 0 : 1);
        return new Admission(false, Math.max(1, seconds));
    }
}
