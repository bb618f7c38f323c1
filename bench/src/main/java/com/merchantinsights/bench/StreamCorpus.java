package com.merchantinsights.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The events both writers of the stream benchmark store: the events API's Kafka record shape (with
 * received_at), 1,000 merchants, occurrence times over the last six hours, and 1% exact re-sends so that the
 * deduplication path runs too. Seeded: every run stores the same events.
 */
final class StreamCorpus {
    static final int MERCHANTS = 1_000;
    static final double RESEND_SHARE = 0.01;
    private static final String[] TYPES = {"order.completed", "page.viewed", "product.viewed", "payment.succeeded"};
    private static final String[] CHANNELS = {"web", "app", "pos"};

    private StreamCorpus() {
    }

    static List<String> generate(int count, Instant now) {
        SplittableRandom random = new SplittableRandom(20261125);
        Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS);
        List<String> events = new ArrayList<>(count);
        while (events.size() < count) {
            if (!events.isEmpty() && random.nextDouble() < RESEND_SHARE) {
                events.add(events.get(random.nextInt(events.size())));
                continue;
            }
            int n = events.size();
            String merchant = String.format("m_bench_%04d", random.nextInt(MERCHANTS));
            Instant at = start.plusMillis(random.nextLong(6 * 3_600_000L));
            events.add("{\"event_id\":\"evt-" + n + "-" + Long.toHexString(random.nextLong()) + "\",\"merchant_id\":\""
                    + merchant + "\",\"type\":\"" + TYPES[random.nextInt(TYPES.length)] + "\",\"occurred_at\":\""
                    + at.atOffset(ZoneOffset.UTC) + "\",\"customer_id\":\"c-" + random.nextInt(50_000)
                    + "\",\"amount\":" + (100 + random.nextInt(100_000)) + ",\"currency\":\"INR\",\"dimensions\":"
                    + "{\"channel\":\"" + CHANNELS[random.nextInt(CHANNELS.length)] + "\",\"country\":\"IN\"},"
                    + "\"properties\":{\"sku\":\"s-" + random.nextInt(1_000) + "\"},\"received_at\":\""
                    + now.atOffset(ZoneOffset.UTC) + "\"}");
        }
        return events;
    }
}
