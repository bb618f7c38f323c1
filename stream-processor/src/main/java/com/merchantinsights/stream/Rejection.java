package com.merchantinsights.stream;

import com.merchantinsights.core.event.EventType;
import com.merchantinsights.core.event.MerchantId;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a Kafka record cannot become a raw event row. The events API validates before producing, so these only
 * show up for records that bypassed it or for a contract drift; the code is what a dead letter will carry.
 */
public enum Rejection {
    MALFORMED_JSON,
    MISSING_EVENT_ID,
    INVALID_MERCHANT_ID,
    INVALID_TYPE,
    INVALID_OCCURRED_AT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The first rule a record breaks, if any: only what the raw store needs to place and count the row is
     * checked here (identity, merchant, type, occurrence time); everything else stays in the payload.
     */
    public static Optional<Rejection> firstBrokenRule(
            boolean malformed, String eventId, String merchantId, String type, boolean occurredAtParsed) {
        if (malformed) {
            return Optional.of(MALFORMED_JSON);
        }
        if (eventId == null || eventId.isBlank()) {
            return Optional.of(MISSING_EVENT_ID);
        }
        if (!MerchantId.isValid(merchantId)) {
            return Optional.of(INVALID_MERCHANT_ID);
        }
        if (!EventType.isValid(type)) {
            return Optional.of(INVALID_TYPE);
        }
        if (!occurredAtParsed) {
            return Optional.of(INVALID_OCCURRED_AT);
        }
        return Optional.empty();
    }
}
