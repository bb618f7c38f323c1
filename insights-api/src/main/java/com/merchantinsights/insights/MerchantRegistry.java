package com.merchantinsights.insights;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.merchant.MerchantSettings;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The merchant registry: the settings of each registered merchant. */
interface MerchantRegistry {
    /** A registered merchant with the registry's own timestamps. */
    record Registered(MerchantSettings settings, Instant createdAt, Instant updatedAt) {}

    Optional<Registered> find(MerchantId merchant) throws SQLException;

    /** Inserts or replaces the merchant's settings; true when the merchant was new. */
    boolean put(MerchantSettings settings, Instant now) throws SQLException;

    /** Sets the merchant's query quota (issue 24), which replaces the defaults. */
    void putQuota(MerchantId merchant, MerchantQuotas.Quota quota, Instant now) throws SQLException;

    /** Removes the merchant's query quota; false when it had none. */
    boolean removeQuota(MerchantId merchant) throws SQLException;

    /** The quotas as every query reads them: cached, never waiting on the warehouse. */
    MerchantQuotas.Overrides quotaOverrides(java.time.Clock clock);
}
