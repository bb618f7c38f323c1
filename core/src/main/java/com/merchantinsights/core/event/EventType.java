package com.merchantinsights.core.event;

import java.util.Objects;
import java.util.regex.Pattern;

/** What happened, e.g. {@code order.completed}; the pattern keeps types usable as cube keys. */
public record EventType(String value) {
    public static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

    public static final EventType ORDER_COMPLETED = new EventType("order.completed");
    public static final EventType ORDER_REFUNDED = new EventType("order.refunded");
    public static final EventType PAYMENT_SUCCEEDED = new EventType("payment.succeeded");
    public static final EventType PAYMENT_FAILED = new EventType("payment.failed");
    public static final EventType PAGE_VIEWED = new EventType("page.viewed");
    public static final EventType PRODUCT_VIEWED = new EventType("product.viewed");
    public static final EventType CART_CREATED = new EventType("cart.created");
    public static final EventType CUSTOMER_SIGNED_UP = new EventType("customer.signed_up");

    public EventType {
        Objects.requireNonNull(value, "value");
        if (!PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("type must match " + PATTERN.pattern());
        }
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
