package com.merchantinsights.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small, deterministic sample data set for the local system's first start: a few merchants, a week of
 * orders, page views and refunds. The same seed and clock give the same events, so the expected numbers are
 * known before the pipeline computes them.
 */
public final class SampleEvents {
    public static final List<String> MERCHANTS = List.of("m_sample_chai", "m_sample_books", "m_sample_bikes");
    private static final String[] CHANNELS = {"web", "app", "pos"};
    private static final String[] TYPES = {
        "order.completed", "page.viewed", "page.viewed", "page.viewed", "order.refunded"
    };

    private SampleEvents() {}

    /** One generated event: its merchant, type and JSON. */
    public record SampleEvent(String merchantId, String type, Instant occurredAt, String json) {}

    /** {@code count} events spread over the 7 days before {@code now}, in every merchant. */
    public static List<SampleEvent> generate(long seed, Instant now, int count) {
        Random random = new Random(seed);
        Instant start = now.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MINUTES);
        long spanSeconds = Duration.between(start, now).minusMinutes(1).toSeconds();
        List<SampleEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String merchant = MERCHANTS.get(random.nextInt(MERCHANTS.size()));
            String type = TYPES[random.nextInt(TYPES.length)];
            Instant at = start.plusSeconds((long) (random.nextDouble() * spanSeconds));
            String customer = "c" + random.nextInt(200);
            StringBuilder json = new StringBuilder(256)
                    .append("{\"event_id\":\"sample-")
                    .append(seed)
                    .append('-')
                    .append(i)
                    .append('"')
                    .append(",\"merchant_id\":\"")
                    .append(merchant)
                    .append('"')
                    .append(",\"type\":\"")
                    .append(type)
                    .append('"')
                    .append(",\"occurred_at\":\"")
                    .append(at.atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
                    .append('"')
                    .append(",\"customer_id\":\"")
                    .append(customer)
                    .append('"');
            if (!type.equals("page.viewed")) {
                json.append(",\"amount\":")
                        .append(1000 + random.nextInt(500_000))
                        .append(",\"currency\":\"INR\"");
            }
            json.append(",\"dimensions\":{\"channel\":\"")
                    .append(CHANNELS[random.nextInt(CHANNELS.length)])
                    .append("\"}}");
            events.add(new SampleEvent(merchant, type, at, json.toString()));
        }
        return events;
    }

    /** The body of one {@code POST /v1/events} request carrying these events. */
    public static String batchBody(List<SampleEvent> events) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.get(i).json());
        }
        return body.append("]}").toString();
    }
}
