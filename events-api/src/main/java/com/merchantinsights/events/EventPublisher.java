package com.merchantinsights.events;

import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes validated events to the events topic and waits until Kafka acknowledged each (acks=all, idempotent
 * producer). The caller learns exactly which events are stored, so it never answers 202 for one that is not.
 */
final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final ReentrantLock appendLock = new ReentrantLock();

    EventPublisher(String bootstrapServers, Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
        this.producer = new KafkaProducer<>(EventProducerSettings.of(bootstrapServers, ackTimeout));
    }

    /**
     * Which events Kafka stored and which it did not, and where the time went: waiting for the turn to append, handing
     * the records to the producer, waiting for Kafka's acknowledgements.
     */
    record Outcome(
            List<ValidatedEvent> stored,
            List<ValidatedEvent> failed,
            long turnNanos,
            long appendNanos,
            long ackNanos) {}

    Outcome publish(List<ValidatedEvent> events) {
        return publish(Topics.EVENTS, events);
    }

    /** Dead letters travel like events, to their own topic, and are acknowledged the same way. */
    Outcome publishDeadLetters(List<ValidatedEvent> deadLetters) {
        return publish(Topics.DEAD_LETTERS, deadLetters);
    }

    private Outcome publish(String topic, List<ValidatedEvent> events) {
        long started = System.nanoTime();
        long deadline = started + ackTimeout.toNanos();
        List<Future<RecordMetadata>> futures = new ArrayList<>(events.size());
        boolean appending = tryLock(deadline);
        long turn = System.nanoTime();
        try {
            for (ValidatedEvent event : events) {
                try {
                    futures.add(
                            appending
                                    ? producer.send(new ProducerRecord<>(topic, event.eventId(), event.value()))
                                    : CompletableFuture.failedFuture(
                                            new TimeoutException("no turn to append within the timeout")));
                } catch (RuntimeException e) {
                    futures.add(CompletableFuture.failedFuture(e));
                }
            }
        } finally {
            if (appending) {
                appendLock.unlock();
            }
        }
        long appended = System.nanoTime();
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
        return new Outcome(stored, failed, turn - started, appended - turn, System.nanoTime() - appended);
    }

    /**
     * One request appends at a time, as a single producer thread would. An append holds its partition's queue while
     * it compresses the record into the open batch; with a dozen request threads on six queues, the JVM spent more
     * CPU spinning on those monitors than sending (docs/decisions/0007-ingest-hot-path.md). A waiting request parks.
     */
    private boolean tryLock(long deadline) {
        try {
            return appendLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Flushes what is in flight; called on graceful shutdown after the HTTP server stopped taking requests. */
    @Override
    public void close() {
        producer.close(ackTimeout);
    }
}
