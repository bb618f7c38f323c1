package com.merchantinsights.bench;

import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.events.EventProducerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The baseline: a plain Kafka producer with the events API's own settings ({@link EventProducerSettings}) sending the
 * bytes the events API would write, with the event id as key as it does, as fast as one thread can; placed on
 * partitions as the events API places them, or by the key's hash (Kafka's default placement, and ours before decision
 * 0024), whichever the benchmark finds faster.
 */
final class RawProducerLoad {
    private final String bootstrapServers;
    private final EventCorpus corpus;

    RawProducerLoad(String bootstrapServers, EventCorpus corpus) {
        this.bootstrapServers = bootstrapServers;
        this.corpus = corpus;
    }

    /** How records find their partition. */
    enum Placement {
        /** As the events API does (Kafka's sticky partitioner, keys ignored). */
        STICKY("placed as ours"),
        /** By the hash of the record's key, the event id: every batch of events spread over all partitions. */
        KEYED("keyed by event_id");

        private final String label;

        Placement(String label) {
            this.label = label;
        }

        Properties settings(String bootstrapServers) {
            Properties props = EventProducerSettings.of(bootstrapServers, Duration.ofSeconds(30));
            if (this == KEYED) {
                props.put(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, false);
                props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
            }
            return props;
        }

        String label() {
            return label;
        }
    }

    /** What a phase achieved, and the CPU snapshot taken before the producer's threads end. */
    record Run(double eventsPerSecond, CpuShares cpuAtEnd) {}

    /**
     * Events acknowledged per second over {@code phase}, sent by {@code threads} threads through one producer (it is
     * thread-safe, and one sending thread may leave a core idle).
     */
    Run run(Duration phase, int threads, Placement placement) throws InterruptedException {
        Properties props = placement.settings(bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CpuShares.RAW_PRODUCER_ID);
        List<EventCorpus.Template> values = corpus.kafkaValues(Instant.now());
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            long end = start + phase.toNanos();
            List<Thread> senders = new ArrayList<>();
            CountDownLatch sent = new CountDownLatch(threads);
            CountDownLatch measured = new CountDownLatch(1); // a thread that ended could not be measured any more
            for (int t = 0; t < threads; t++) {
                int first = t * (values.size() / threads);
                senders.add(new Thread(
                        () -> {
                            for (int i = first; System.nanoTime() < end; i++) {
                                EventCorpus.Template template = values.get(i % values.size());
                                byte[] value = corpus.fresh(template);
                                String key = EventCorpus.idAt(value, template.idOffsets()[0]);
                                producer.send(new ProducerRecord<>(Topics.EVENTS, key, value), (m, e) -> {
                                    if (e == null) {
                                        acked.incrementAndGet();
                                    } else {
                                        failed.incrementAndGet();
                                    }
                                });
                            }
                            sent.countDown();
                            awaitUninterruptibly(measured);
                        },
                        CpuShares.CLIENT_THREAD_PREFIX + "-raw-sender-" + t));
            }
            senders.forEach(Thread::start);
            sent.await();
            producer.flush();
            // Snapshot before the threads end, the producer's I/O thread included (it ends on close).
            Run run = new Run(acked.get() / ((System.nanoTime() - start) / 1e9), CpuShares.now());
            measured.countDown();
            for (Thread sender : senders) {
                sender.join();
            }
            ProducerStats.of(producer.metrics()).print("raw (" + describe(threads, placement) + ")");
            if (failed.get() > 0) {
                System.out.println("  (" + failed.get() + " raw sends failed)");
            }
            return run;
        }
    }

    /** "1 thread, placed as ours": how a raw phase sent. */
    static String describe(int threads, Placement placement) {
        return threads + " thread" + (threads > 1 ? "s" : "") + ", " + placement.label();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
