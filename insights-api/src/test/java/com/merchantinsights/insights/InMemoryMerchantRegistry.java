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
}
