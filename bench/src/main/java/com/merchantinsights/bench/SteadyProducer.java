package com.merchantinsights.bench;

import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.events.EventProducerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A raw producer at a fixed rate: Kafka records byte for byte as the events API writes them (the event as sent, then
 * received_at, stamped at the send, as the last field; the event id as key; the events API's producer settings, so
 * keys are ignored for placement), from {@link PipelineShape}. 1 % of the sends are re-sends of an event sent up to
 * {@value #RESEND_WINDOW} events earlier (half a minute at 5,000 a second): the same event id and content, a later
 * received_at, as a client's retry through the events API writes it. One sending thread, paced by the clock: behind
 * schedule it catches up, and {@link #eventsPerSecond()} says what it achieved.
 */
final class SteadyProducer implements AutoCloseable {
    static final double RESEND_SHARE = 0.01;
    private static final int RESEND_WINDOW = 150_000;
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final KafkaProducer<String, byte[]> producer;
    private final PipelineShape shape;
    private final double rate;
    private final String[] recent = new String[RESEND_WINDOW];
    private final AtomicLong firsts = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile long startNanos;

    SteadyProducer(String bootstrapServers, PipelineShape shape, double eventsPerSecond) {
        Properties props = EventProducerSettings.of(bootstrapServers, Duration.ofSeconds(30));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CpuShares.RAW_PRODUCER_ID);
        this.producer = new KafkaProducer<>(props);
        this.shape = shape;
        this.rate = eventsPerSecond;
        this.sender = new Thread(this::send, CpuShares.CLIENT_THREAD_PREFIX + "-steady-producer");
    }

    /** Starts sending; returns at once. */
    SteadyProducer start() {
        startNanos = System.nanoTime();
        sender.start();
        return this;
    }

    /** The producer, for another sender of records in the same format (the freshness probe). */
    KafkaProducer<String, byte[]> kafka() {
        return producer;
    }

    private void send() {
        SplittableRandom random = new SplittableRandom(20261204);
        long sent = 0;
        long sequence = 0;
        while (running) {
            long due = (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
            while (sent < due && running) {
                Instant now = Instant.now();
                String json;
                long stored = firsts.get();
                if (stored > 0 && random.nextDouble() < RESEND_SHARE) {
                    json = recent[(int) (random.nextLong(Math.max(0, stored - RESEND_WINDOW), stored) % RESEND_WINDOW)];
                    resends.incrementAndGet();
                } else {
                    PipelineShape.Event event = shape.next(sequence++, random, now);
                    json = event.json();
                    recent[(int) (stored % RESEND_WINDOW)] = json;
                    firsts.incrementAndGet();
                    if (event.late()) {
                        late.incrementAndGet();
                    }
                }
                send(json, now, null);
                sent++;
            }
            LockSupport.parkNanos(PACE_NANOS);
        }
    }

    /** Sends one event with received_at = {@code receivedAt}, on {@code partition} or where the partitioner puts it. */
    void send(String json, Instant receivedAt, Integer partition) {
        producer.send(
                new ProducerRecord<>(Topics.EVENTS, partition, eventId(json), kafkaValue(json, receivedAt)),
                (metadata, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
    }

    /** The record value as the events API writes it: the event as sent, then received_at as the last field. */
    static byte[] kafkaValue(String json, Instant receivedAt) {
        return (json.substring(0, json.length() - 1) + ",\"received_at\":\"" + receivedAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The record key: the event id of a body that starts with it, as {@link PipelineShape}'s and the probe's do. */
    static String eventId(String json) {
        String field = "{\"event_id\":\"";
        if (!json.startsWith(field)) {
            throw new IllegalArgumentException("the body does not start with its event_id: " + json);
        }
        return json.substring(field.length(), json.indexOf('"', field.length()));
    }

    /** Records acknowledged by Kafka so far (probes included). */
    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    long firsts() {
        return firsts.get();
    }

    long late() {
        return late.get();
    }

    long resends() {
        return resends.get();
    }

    /** Events sent per second since the start (first versions and re-sends; probes not counted). */
    double eventsPerSecond() {
        return (firsts.get() + resends.get()) / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** Stops sending and waits for every record in flight. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join();
        producer.flush();
        producer.close();
    }
}
