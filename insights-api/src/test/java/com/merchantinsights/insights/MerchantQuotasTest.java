package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import io.github.bucket4j.TimeMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each merchant's query budget (issue 24): its rate, its queries at once, its override; never another's. */
class MerchantQuotasTest {
    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    @Test
    void aMerchantOverItsRateIsRefusedWithTheWaitForItsNextTokenAndAnotherMerchantIsNot() {
        MerchantQuotas quotas =
                new MerchantQuotas(new MerchantQuotas.Quota(4, 100), MerchantQuotas.Overrides.NONE, clock);
        for (int i = 0; i < 4; i++) {
            quotas.acquire("noisy").close();
        }

        assertThatThrownBy(() -> quotas.acquire("noisy")).isInstanceOfSatisfying(InsightsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MERCHANT_QUOTA_EXCEEDED);
            assertThat(e.field()).contains("merchant_id");
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
            assertThat(e.getMessage()).contains("4 queries per second");
        });
        quotas.acquire("quiet").close();
        nanos.addAndGet(250_000_000L); // a quarter second: one token back at 4 per second
        quotas.acquire("noisy").close();
        assertThat(quotas.refused()).isEqualTo(1);
    }

    @Test
    void aMerchantsQueriesAtOnceAreCappedAndAFinishedOneFreesItsSlot() {
        MerchantQuotas quotas =
                new MerchantQuotas(new MerchantQuotas.Quota(1_000, 2), MerchantQuotas.Overrides.NONE, clock);
        List<MerchantQuotas.Permit> running = new ArrayList<>();
        running.add(quotas.acquire("m-1"));
        running.add(quotas.acquire("m-1"));

        assertThatThrownBy(() -> quotas.acquire("m-1"))
                .isInstanceOfSatisfying(
                        InsightsException.class, e -> assertThat(e.getMessage()).contains("2 queries at once"));
        running.add(quotas.acquire("m-2"));
        running.remove(0).close();
        running.add(quotas.acquire("m-1"));
        running.forEach(MerchantQuotas.Permit::close);
    }

    @Test
    void aMerchantsOverrideReplacesTheDefaultsAndAChangeAppliesAtOnce() {
        Map<String, MerchantQuotas.Quota> overrides = new java.util.concurrent.ConcurrentHashMap<>();
        overrides.put("big", new MerchantQuotas.Quota(10, 100));
        MerchantQuotas quotas =
                new MerchantQuotas(new MerchantQuotas.Quota(2, 100), m -> Optional.ofNullable(overrides.get(m)), clock);
        for (int i = 0; i < 10; i++) {
            quotas.acquire("big").close();
        }
        assertThatThrownBy(() -> quotas.acquire("big")).isInstanceOf(InsightsException.class);
        quotas.acquire("small").close();
        quotas.acquire("small").close();
        assertThatThrownBy(() -> quotas.acquire("small")).isInstanceOf(InsightsException.class);

        overrides.put("small", new MerchantQuotas.Quota(5, 100));
        quotas.acquire("small").close();
    }

    @Test
    void idleMerchantsAreForgottenAndOnesWithARunningQueryAreKept() {
        MerchantQuotas quotas =
                new MerchantQuotas(new MerchantQuotas.Quota(2, 5), MerchantQuotas.Overrides.NONE, clock);
        quotas.acquire("idle").close();
        MerchantQuotas.Permit running = quotas.acquire("busy");
        nanos.addAndGet(2_000_000_000L);

        quotas.forgetIdle();

        assertThat(quotas.tracked()).isEqualTo(1);
        running.close();
        quotas.forgetIdle();
        assertThat(quotas.tracked()).isZero();
    }
}
