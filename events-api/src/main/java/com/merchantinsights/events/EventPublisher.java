package com.merchantinsights.events;

import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes validated events to the events topic and waits until Kafka acknowledged each (acks=all, idempotent
 * producer). The caller learns exactly which events are stored, so it never answers 202 for one that is not.
 */
final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Duration ackTimeout;

    EventPublisher(String bootstrapServers, Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // Bound every wait so that a Kafka outage becomes a prompt 503, never a hung request.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ackTimeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(ackTimeout.toMillis(), 5_000));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    /** Which events Kafka stored and which it did not. */
    record Outcome(List<ValidatedEvent> stored, List<ValidatedEvent> failed) {
    }

    Outcome publish(List<ValidatedEvent> events) {
        return publish(Topics.EVENTS, events);
    }

    /** Dead letters travel like events, to their own topic, and are acknowledged the same way. */
    Outcome publishDeadLetters(List<ValidatedEvent> deadLetters) {
        return publish(Topics.DEAD_LETTERS, deadLetters);
    }

    private Outcome publish(String topic, List<ValidatedEvent> events) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(events.size());
        for (ValidatedEvent event : events) {
            try {
                futures.add(producer.send(new ProducerRecord<>(topic, event.eventId(), event.value())));
            } catch (RuntimeException e) {
                futures.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<ValidatedEvent> stored = new ArrayList<>(events.size());
        List<ValidatedEvent> failed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                stored.add(events.get(i));
            } catch (ExecutionException | TimeoutException e) {
                failed.add(events.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(events.get(i));
            }
        }
        return new Outcome(stored, failed);
    }

    /** Flushes what is in flight; called on graceful shutdown after the HTTP server stopped taking requests. */
    @Override
    public void close() {
        producer.close(ackTimeout);
    }
}
