package com.merchantinsights.service.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nonces of the tokens this instance accepted, each kept until its token could no longer be accepted anyway
 * (issue time plus the token's lifetime), so that a token is good for one request only. Expired nonces are swept
 * at most once a second; at 10,000 requests a second the set holds some 350,000 nonces (about 40 MB).
 */
final class ReplayGuard {
    private final Duration lifetime;
    private final ConcurrentHashMap<String, Long> expiryMillisByNonce = new ConcurrentHashMap<>();
    private final AtomicLong nextSweepMillis = new AtomicLong();

    ReplayGuard(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** True the first time a nonce is offered within its lifetime, false on every later offer. */
    boolean firstUse(String nonce, Instant issued, Instant now) {
        long nowMillis = now.toEpochMilli();
        long sweepAt = nextSweepMillis.get();
        if (nowMillis >= sweepAt && nextSweepMillis.compareAndSet(sweepAt, nowMillis + 1_000)) {
            expiryMillisByNonce.values().removeIf(expiry -> expiry < nowMillis);
        }
        return expiryMillisByNonce.putIfAbsent(nonce, issued.plus(lifetime).toEpochMilli()) == null;
    }

    int size() {
        return expiryMillisByNonce.size();
    }
}
