package com.merchantinsights.core.event;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * How Segment's HTTP Tracking API maps onto our event contract (docs/event-contract.md, docs/segment.md): spec event names to
 * canonical types, any other name normalised to our type pattern, and Segment's clock-skew correction.
 */
public final class SegmentNames {
    /** Segment e-commerce / B2B spec names with a canonical meaning here. */
    private static final Map<String, EventType> SPEC = Map.of(
            "order completed", EventType.ORDER_COMPLETED,
            "order refunded", EventType.ORDER_REFUNDED,
            "product viewed", EventType.PRODUCT_VIEWED,
            "cart viewed", EventType.CART_CREATED,
            "signed up", EventType.CUSTOMER_SIGNED_UP,
            "payment info entered", EventType.PAYMENT_SUCCEEDED);

    private static final int MAX_TYPE_LENGTH = 64;

    private SegmentNames() {}

    /**
     * The event type of a Segment {@code track} name: a spec name maps to its canonical type; any other name is
     * lower-cased, accents dropped, runs of other characters turned into one '_', trimmed of '_' at both ends,
     * prefixed with {@code track.} (so it never collides with a canonical type) and cut to 64 characters.
     * "Checkout Started" becomes {@code track.checkout_started}.
     */
    public static EventType trackType(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        EventType canonical = SPEC.get(key);
        if (canonical != null) {
            return canonical;
        }
        String ascii = Normalizer.normalize(key, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty()) {
            slug = "unnamed";
        }
        String type = "track." + slug;
        return new EventType(type.length() > MAX_TYPE_LENGTH ? type.substring(0, MAX_TYPE_LENGTH) : type);
    }

    /**
     * Segment's skew correction: the client's clock may be wrong, but the difference between its
     * {@code timestamp} and its {@code sentAt} is right, so {@code timestamp = receivedAt - (sentAt - timestamp)}.
     */
    public static Instant correctedTimestamp(Instant clientTimestamp, Instant sentAt, Instant receivedAt) {
        if (sentAt == null) {
            return clientTimestamp;
        }
        return receivedAt.minus(Duration.between(clientTimestamp, sentAt));
    }
}
