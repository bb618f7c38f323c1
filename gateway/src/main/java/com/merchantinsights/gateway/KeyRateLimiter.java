package com.merchantinsights.gateway;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One Bucket4j token bucket per API key, in this replica's memory (docs/decisions/0006-api-key-store.md: at scale
 * the Helm chart configures a shared Bucket4j backend instead). Buckets exist only for authenticated keys, so
 * their number is bounded by the key table, not by what clients send.
 */
final class KeyRateLimiter {
    private final GatewayConfig.RateLimit limit;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(GatewayConfig.RateLimit limit) {
        this(limit, TimeMeter.SYSTEM_NANOTIME); // nanoseconds: at 2,000/s a token comes back every 0.5 ms
    }

    /** With the given clock: tests drive time by hand. */
    KeyRateLimiter(GatewayConfig.RateLimit limit, TimeMeter time) {
        this.limit = limit;
        this.time = time;
    }

    /** The verdict on one request: admitted (a token was taken), or refused with the whole seconds to wait. */
    record Admission(boolean admitted, long retryAfterSeconds) {
        static final Admission ADMITTED = new Admission(true, 0);
    }

    Admission tryAcquire(String keyId) {
        ConsumptionProbe probe = buckets.computeIfAbsent(keyId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Admission.ADMITTED;
        }
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos) + (nanos % 1_000_000_000L == 0 ? 0 : 1);
        return new Admission(false, Math.max(1, seconds));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.requests(), limit.period()))
                .withCustomTimePrecision(time)
                .build();
    }
}
