package com.merchantinsights.core.metric;

import com.merchantinsights.core.event.EventType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named business metric that counts one event type. The walking skeleton's catalogue; the metrics catalogue
 * file of the cube issue replaces it with amounts, ratios and distinct counts.
 */
public record CountMetric(String name, EventType countedType, String description) {
    private static final Map<String, CountMetric> CATALOGUE = Map.of(
            "orders", new CountMetric("orders", EventType.ORDER_COMPLETED, "Completed orders"),
            "refunds", new CountMetric("refunds", EventType.ORDER_REFUNDED, "Refunded orders"),
            "page_views", new CountMetric("page_views", EventType.PAGE_VIEWED, "Page views"),
            "signups", new CountMetric("signups", EventType.CUSTOMER_SIGNED_UP, "Customer sign-ups"));

    public CountMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(countedType, "countedType");
        Objects.requireNonNull(description, "description");
    }

    public static Optional<CountMetric> named(String name) {
        return Optional.ofNullable(CATALOGUE.get(name));
    }
}
