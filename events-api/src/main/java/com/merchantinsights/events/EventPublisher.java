package com.merchantinsights.events;

import com.merchantinsights.core.layout.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes validated events to the events topic and waits until Kafka acknowledged each (acks=all, idempotent
 * producer). The caller learns exactly which events are stored, so it never answers 202 for one that is not.
 */
final class EventPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final ReentrantLock appendLock = new ReentrantLock();

    EventPublisher(String bootstrapServers, Duration ackTimeout) {
        this(new KafkaProducer<>(EventProducerSettings.of(bootstrapServers, ackTimeout)), ackTimeout);
    }

    /** With a producer of the caller's (a test's). */
    EventPublisher(Producer<String, byte[]> producer, Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
        this.producer = producer;
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
        Acknowledgements acks = new Acknowledgements(events.size());
        boolean appending = tryLock(deadline);
        long turn = System.nanoTime();
        try {
            for (int i = 0; i < events.size(); i++) {
                if (!appending) {
                    acks.settle(i, false); // no turn to append within the timeout
                    continue;
                }
                ValidatedEvent event = events.get(i);
                try {
                    producer.send(new ProducerRecord<>(topic, event.eventId(), event.value()), acks.of(i));
                } catch (RuntimeException e) {
                    acks.settle(i, false);
                }
            }
        } finally {
            if (appending) {
                appendLock.unlock();
            }
        }
        long appended = System.nanoTime();
        acks.await(deadline);
        List<ValidatedEvent> stored = new ArrayList<>(events.size());
        List<ValidatedEvent> failed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (acks.stored(i) ? stored : failed).add(events.get(i));
        }
        return new Outcome(stored, failed, turn - started, appended - turn, System.nanoTime() - appended);
    }

    /**
     * What Kafka said of each record of one request, counted down as its callbacks arrive: the request waits once for
     * all of them rather than on each record's future (a timed wait per record was ≈ 10 % of the events API's CPU at
     * 1,000 records per request, JFR). A record not settled by the deadline counts as not stored.
     */
    static final class Acknowledgements {
        private static final int PENDING = 0;
        private static final int STORED = 1;
        private static final int FAILED = 2;

        private final AtomicIntegerArray states;
        private final AtomicInteger pending;
        private final CountDownLatch settled = new CountDownLatch(1);

        Acknowledgements(int records) {
            this.states = new AtomicIntegerArray(records);
            this.pending = new AtomicInteger(records);
            if (records == 0) {
                settled.countDown();
            }
        }

        /** The producer's callback for record {@code index}. */
        Callback of(int index) {
            return (metadata, exception) -> settle(index, exception == null);
        }

        /** The first word on a record is final (a send that throws may have called its callback already). */
        void settle(int index, boolean stored) {
            if (states.compareAndSet(index, PENDING, stored ? STORED : FAILED) && pending.decrementAndGet() == 0) {
                settled.countDown();
            }
        }

        void await(long deadlineNanos) {
            try {
                settled.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean stored(int index) {
            return states.get(index) == STORED;
        }
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
