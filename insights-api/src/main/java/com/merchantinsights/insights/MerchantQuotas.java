package com.merchantinsights.insights;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each merchant's query budget in this instance (issue 24): a token bucket of queries per second (Bucket4j, a second's
 * worth of burst) and a cap on its queries running at once, so that one merchant's heavy dashboard cannot take the
 * warehouse's connections and the instance's threads from everyone else. Over either: {@code 429
 * merchant_quota_exceeded} with a {@code Retry-After} from the bucket (when its next token comes) or one second (a
 * running query ends). The budget is per merchant, not per key: a merchant's many keys and the platform's key asking
 * for it share it. A merchant's override ({@link Overrides}) replaces the defaults.
 */
public final class MerchantQuotas {
    /**
     * A merchant's budget in one instance.
     *
     * @param queriesPerSecond  sustained rate, and the burst (one second's worth)
     * @param concurrentQueries queries of the merchant running at once
     */
    public record Quota(int queriesPerSecond, int concurrentQueries) {
        /**
         * Enough for a dashboard (a page asks 4–6 queries: three or four pages a second), tight for a scraper; at the
         * first measurement 50 and 8 let a noisy merchant's own heavy queries lift another's p99 past 50 ms.
         */
        public static final Quota DEFAULT = new Quota(20, 4);

        public Quota {
            if (queriesPerSecond < 1 || concurrentQueries < 1) {
                throw new IllegalArgumentException("a query quota allows at least 1 query per second and 1 at once: "
                        + queriesPerSecond + ", " + concurrentQueries);
            }
        }
    }

    /** Per-merchant overrides of the default quota (the registry's {@code merchant_query_quotas}). */
    interface Overrides {
        Optional<Quota> of(String merchantId);

        Overrides NONE = merchantId -> Optional.empty();
    }

    /** Held while a query runs; closing it frees the merchant's slot. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Quota defaults;
    private final Overrides overrides;
    private final TimeMeter time;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();

    MerchantQuotas(Quota defaults, Overrides overrides) {
        this(defaults, overrides, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With the given clock: tests drive time by hand. */
    MerchantQuotas(Quota defaults, Overrides overrides, TimeMeter time) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.time = time;
    }

    /** One merchant's bucket and running queries, made again when its quota changes. */
    private final class State {
        final Quota quota;
        final Bucket bucket;
        final AtomicInteger running = new AtomicInteger();

        State(Quota quota) {
            this.quota = quota;
            this.bucket = Bucket.builder()
                    .addLimit(limit -> limit.capacity(quota.queriesPerSecond())
                            .refillGreedy(quota.queriesPerSecond(), Duration.ofSeconds(1)))
                    .withCustomTimePrecision(time)
                    .build();
        }
    }

    /** Admits one query of the merchant, or refuses it with {@code merchant_quota_exceeded}. */
    Permit acquire(String merchantId) {
        Quota quota = overrides.of(merchantId).orElse(defaults);
        // Counted as running inside the map's update, so that forgetIdle never drops a state a query is taking.
        State state = states.compute(merchantId, (id, known) -> {
            State current = known != null && known.quota.equals(quota) ? known : new State(quota);
            current.running.incrementAndGet();
            return current;
        });
        if (state.running.get() > quota.concurrentQueries()) {
            state.running.decrementAndGet();
            throw refusal(merchantId, quota.concurrentQueries() + " queries at once", 1);
        }
        ConsumptionProbe probe = state.bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            state.running.decrementAndGet();
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw refusal(merchantId, quota.queriesPerSecond() + " queries per second", seconds);
        }
        if ((admitted.incrementAndGet() & 4095) == 0) {
            forgetIdle();
        }
        return () -> state.running.decrementAndGet();
    }

    private InsightsException refusal(String merchantId, String limit, long retryAfterSeconds) {
        refused.incrementAndGet();
        return new InsightsException(
                ErrorCode.MERCHANT_QUOTA_EXCEEDED,
                "Merchant " + merchantId + " is over its query quota (" + limit + ")",
                "merchant_id",
                retryAfterSeconds);
    }

    /** Queries refused so far (a metric of the service). */
    long refused() {
        return refused.get();
    }

    /**
     * Forgets merchants with nothing running and a full bucket: they start afresh next time, the same as kept. Keeps
     * the map at the merchants active in the last second or so, whatever their number.
     */
    void forgetIdle() {
        for (String merchantId : states.keySet()) {
            states.computeIfPresent(
                    merchantId,
                    (id, state) -> state.running.get() == 0
                                    && state.bucket.getAvailableTokens() >= state.quota.queriesPerSecond()
                            ? null
                            : state);
        }
    }

    int tracked() {
        return states.size();
    }
}
