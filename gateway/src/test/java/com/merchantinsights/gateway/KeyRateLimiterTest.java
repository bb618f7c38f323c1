package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyRateLimiterTest {
    /** A clock the test moves by hand, so that no assertion depends on how fast the machine is. */
    private static final class ManualTime implements TimeMeter {
        private long nanos;

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private final ManualTime time = new ManualTime();
    /** 10 requests a minute (one every 6 s), bursts of 3. */
    private final KeyRateLimiter limiter =
            new KeyRateLimiter(new GatewayConfig.RateLimit(10, Duration.ofMinutes(1), 3), time);

    @Test
    void admitsTheBurstThenAsksToWaitForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("key_a").admitted()).isTrue();
        }
        assertThat(limiter.tryAcquire("key_a")).isEqualTo(new KeyRateLimiter.Admission(false, 6));

        time.advance(Duration.ofMillis(4_500));
        assertThat(limiter.tryAcquire("key_a"))
                .as("1.5 s left, rounded up")
                .isEqualTo(new KeyRateLimiter.Admission(false, 2));
        time.advance(Duration.ofMillis(1_500));
        assertThat(limiter.tryAcquire("key_a").admitted()).isTrue();
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("key_a");
        }
        assertThat(limiter.tryAcquire("key_a").admitted()).isFalse();
        assertThat(limiter.tryAcquire("key_b").admitted()).isTrue();
    }

    @Test
    void asksToWaitAtLeastOneSecondEvenWhenTheNextTokenIsCloser() {
        KeyRateLimiter fast = new KeyRateLimiter(new GatewayConfig.RateLimit(1_000, Duration.ofSeconds(1), 1), time);
        fast.tryAcquire("key_a");
        assertThat(fast.tryAcquire("key_a")).isEqualTo(new KeyRateLimiter.Admission(false, 1));
    }
}
