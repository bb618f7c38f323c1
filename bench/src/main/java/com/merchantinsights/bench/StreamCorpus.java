package com.merchantinsights.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The records of the stream benchmark, in the events API's Kafka record shape, in topic order: 1,000 merchants,
 * occurrence times over the six hours before receipt (1 % of them 8 to 60 days late), received one millisecond
 * apart, on six partitions in runs of 1,000 (one request's events land on one partition: decision 0024). Mixed in:
 * 1 % exact re-sends (a client retry seconds to minutes later) and 0.1 % differing re-sends of an event — half of
 * them right next to their first version on another partition (the same micro-batch), half minutes later in the
 * topic; each moves occurred_at by up to two hours and changes the amount. Seeded: every run writes the same records.
 */
final class StreamCorpus {
    static final int MERCHANTS = 1_000;
    static final int PARTITIONS = 6;
    static final double RESEND_SHARE = 0.01;
    static final double CONFLICT_SHARE = 0.001;
    static final double LATE_SHARE = 0.01;
    private static final int RUN = 1_000;
    private static final String[] TYPES = {"order.completed", "page.viewed", "product.viewed", "payment.succeeded"};
    private static final String[] CHANNELS = {"web", "app", "pos"};

    /** One record to produce, and what the stream must make of it. */
    record Record(int partition, String eventId, String value, Kind kind, Instant receivedAt) {}

    enum Kind {
        FIRST,
        RESEND,
        CONFLICT
    }

    /** The event fields a record is built from (kept so that a re-send can be built from its first version). */
    private record Event(
            String eventId,
            String merchant,
            String type,
            Instant occurredAt,
            String customer,
            long amount,
            String channel,
            int sku) {
        String json(Instant receivedAt) {
            return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"" + type
                    + "\",\"occurred_at\":\"" + occurredAt.atOffset(ZoneOffset.UTC) + "\",\"customer_id\":\"" + customer
                    + "\",\"amount\":" + amount + ",\"currency\":\"INR\",\"dimensions\":{\"channel\":\"" + channel
                    + "\",\"country\":\"IN\"},\"properties\":{\"sku\":\"s-" + sku + "\"},\"received_at\":\""
                    + receivedAt.atOffset(ZoneOffset.UTC) + "\"}";
        }
    }

    private StreamCorpus() {}

    static List<Record> generate(int count, Instant now) {
        SplittableRandom random = new SplittableRandom(20261204);
        Instant firstReceipt = now.minus(Duration.ofMillis(count));
        Instant hourZero = firstReceipt.truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS);
        List<Event> firsts = new ArrayList<>();
        List<Record> records = new ArrayList<>(count);
        List<Record> minutesLater = new ArrayList<>();
        while (records.size() + minutesLater.size() < count) {
            int position = records.size();
            Instant receivedAt = firstReceipt.plusMillis(position);
            int partition = (position / RUN) % PARTITIONS;
            double roll = random.nextDouble();
            if (!firsts.isEmpty() && roll < RESEND_SHARE) {
                Event again = firsts.get(random.nextInt(Math.max(0, firsts.size() - 50_000), firsts.size()));
                records.add(new Record(partition, again.eventId(), again.json(receivedAt), Kind.RESEND, receivedAt));
                continue;
            }
            Event event = event(records.size(), random, hourZero, receivedAt);
            firsts.add(event);
            records.add(new Record(partition, event.eventId(), event.json(receivedAt), Kind.FIRST, receivedAt));
            if (roll > 1 - CONFLICT_SHARE) {
                Event differing = new Event(
                        event.eventId(),
                        event.merchant(),
                        event.type(),
                        event.occurredAt().plusSeconds(random.nextLong(-7_200, 7_200)),
                        event.customer(),
                        event.amount() + 1 + random.nextInt(1_000),
                        event.channel(),
                        event.sku());
                if (random.nextBoolean()) {
                    // Received 0.2 s later, produced right after it, on another partition: the same micro-batch.
                    Instant later = receivedAt.plusMillis(200);
                    records.add(new Record(
                            (partition + 1) % PARTITIONS,
                            event.eventId(),
                            differing.json(later),
                            Kind.CONFLICT,
                            later));
                } else {
                    Instant later = receivedAt.plus(Duration.ofMinutes(3));
                    minutesLater.add(
                            new Record(partition, event.eventId(), differing.json(later), Kind.CONFLICT, later));
                }
            }
        }
        // The minutes-later versions go a third of the topic further on (their receipt is minutes later too).
        List<Record> all = new ArrayList<>(records.size() + minutesLater.size());
        int shift = records.size() / 3;
        int next = 0;
        for (int i = 0; i < records.size(); i++) {
            all.add(records.get(i));
            while (next < minutesLater.size()
                    && i >= shift + next * (records.size() - shift) / Math.max(1, minutesLater.size())) {
                Record later = minutesLater.get(next++);
                all.add(new Record(
                        (i / RUN) % PARTITIONS, later.eventId(), later.value(), later.kind(), later.receivedAt()));
            }
        }
        while (next < minutesLater.size()) {
            Record later = minutesLater.get(next++);
            all.add(later);
        }
        return all;
    }

    private static Event event(int n, SplittableRandom random, Instant hourZero, Instant receivedAt) {
        String merchant = String.format("m_bench_%04d", random.nextInt(MERCHANTS));
        Instant occurredAt = random.nextDouble() < LATE_SHARE
                ? receivedAt.minus(Duration.ofMinutes(random.nextLong(8 * 24 * 60, 60 * 24 * 60)))
                : hourZero.plusMillis(
                        random.nextLong(Duration.between(hourZero, receivedAt).toMillis()));
        return new Event(
                "evt-" + n + "-" + Long.toHexString(random.nextLong()),
                merchant,
                TYPES[random.nextInt(TYPES.length)],
                occurredAt.truncatedTo(ChronoUnit.MILLIS),
                "c-" + random.nextInt(50_000),
                100 + random.nextInt(100_000),
                CHANNELS[random.nextInt(CHANNELS.length)],
                random.nextInt(1_000));
    }
}
