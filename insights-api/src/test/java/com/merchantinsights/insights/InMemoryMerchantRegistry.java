package com.merchantinsights.insights;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.merchant.MerchantSettings;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The merchant registry in memory: a merchant's first registration sets created_at, every one sets updated_at. */
final class InMemoryMerchantRegistry implements MerchantRegistry {
    private final Map<MerchantId, Registered> merchants = new ConcurrentHashMap<>();
    final Map<String, MerchantQuotas.Quota> quotas = new ConcurrentHashMap<>();

    @Override
    public Optional<Registered> find(MerchantId merchant) {
        return Optional.ofNullable(merchants.get(merchant));
    }

    @Override
    public boolean put(MerchantSettings settings, Instant now) {
        Registered before = merchants.get(settings.merchantId());
        merchants.put(settings.merchantId(), new Registered(settings, before == null ? now : before.createdAt(), now));
        return before == null;
    }

    @Override
    public void putQuota(MerchantId merchant, MerchantQuotas.Quota quota, Instant now) {
        quotas.put(merchant.value(), quota);
    }

    @Override
    public boolean removeQuota(MerchantId merchant) {
        return quotas.remove(merchant.value()) != null;
    }

    @Override
    public MerchantQuotas.Overrides quotaOverrides(java.time.Clock clock) {
        return merchant -> Optional.ofNullable(quotas.get(merchant));
    }
}
