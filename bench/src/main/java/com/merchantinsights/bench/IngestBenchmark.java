package com.merchantinsights.bench;

import com.merchantinsights.cli.LocalSecrets;
import com.merchantinsights.cli.LocalServices;
import com.merchantinsights.cli.SampleEvents;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest through gateway + events-api into Kafka against the raw Kafka producer on the same broker, in one run:
 * same events, same producer settings (acks=all, idempotent, lz4). Then the latency of 1,000-event requests
 * at half of our own maximum batched rate, sent open-loop so that a slow answer cannot hide later ones.
 *
 * <p>Usage: {@code bench/run ingest [seconds-per-phase=15] [client-threads=8]}.
 */
public final class IngestBenchmark {
    private static final int POOL = 50_000;

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 15);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        StackConfig config = BenchStack.freshConfig("ingest");
        try (LocalEngines engines = LocalEngines.start(config, Progress.console(System.out));
             LocalServices services = LocalServices.start(config, engines, LocalSecrets.loadOrCreate(config.workDir()))) {
            List<SampleEvents.SampleEvent> events = SampleEvents.generate(7, Instant.now(), POOL);
            String key = LocalSecrets.loadOrCreate(config.workDir()).platformKey();
            URI endpoint = services.gatewayUri().resolve("/v1/events");
            System.out.printf("events of %d bytes on average, %d s per phase, %d client threads%n",
                    events.stream().mapToInt(e -> e.json().length()).sum() / events.size(), phase.toSeconds(), threads);

            rawProducer(engines.kafkaBootstrapServers(), events, Duration.ofSeconds(5)); // warm-up
            double raw = rawProducer(engines.kafkaBootstrapServers(), events, phase);
            System.out.printf("raw Kafka producer:        %,10.0f events/s%n", raw);
            http(endpoint, key, bodies(events, 1000), 1000, threads, Duration.ofSeconds(5)); // warm-up
            double batch1000 = http(endpoint, key, bodies(events, 1000), 1000, threads, phase);
            System.out.printf("ours, 1,000 per request:   %,10.0f events/s  (%.0f%% of raw)%n", batch1000, 100 * batch1000 / raw);
            double batch100 = http(endpoint, key, bodies(events, 100), 100, threads, phase);
            System.out.printf("ours, 100 per request:     %,10.0f events/s  (%.0f%% of raw)%n", batch100, 100 * batch100 / raw);
            double single = http(endpoint, key, bodies(events, 1), 1, threads * 4, phase);
            System.out.printf("ours, single events:       %,10.0f events/s  (%.0f%% of raw)%n", single, 100 * single / raw);
            double halfRate = batch1000 / 2 / 1000;
            Latency latency = openLoop(endpoint, key, bodies(events, 1000), halfRate, phase);
            System.out.printf("latency at %.1f requests/s (half of max, 1,000 events each): p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d%n",
                    halfRate, latency.p50Ms, latency.p99Ms, latency.maxMs, latency.errors);
            System.out.printf("RESULT raw_eps=%.0f batch1000_eps=%.0f batch100_eps=%.0f single_eps=%.0f ratio_1000=%.3f "
                            + "ratio_100=%.3f p50_ms=%.1f p99_ms=%.1f at_rps=%.1f errors=%d%n",
                    raw, batch1000, batch100, single, batch1000 / raw, batch100 / raw, latency.p50Ms, latency.p99Ms, halfRate,
                    latency.errors);
        }
        System.exit(0);
    }

    private static double rawProducer(String bootstrap, List<SampleEvents.SampleEvent> events, Duration phase) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // The same bytes our events API produces: the event plus its received_at.
        List<byte[]> values = events.stream().map(e -> (e.json().substring(0, e.json().length() - 1)
                + ",\"received_at\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8)).toList();
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            long end = start + phase.toNanos();
            int i = 0;
            while (System.nanoTime() < end) {
                byte[] value = values.get(i % values.size());
                producer.send(new ProducerRecord<>(Topics.EVENTS, "raw-" + i, value), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
                i++;
            }
            producer.flush();
            return acked.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static List<String> bodies(List<SampleEvents.SampleEvent> events, int perRequest) {
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from + perRequest <= Math.min(events.size(), 20 * perRequest + perRequest); from += perRequest) {
            bodies.add(perRequest == 1 ? events.get(from).json() : SampleEvents.batchBody(events.subList(from, from + perRequest)));
        }
        return bodies;
    }

    private static double http(URI endpoint, String key, List<String> bodies, int perRequest, int threads, Duration phase)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            pool.submit(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> r = client.send(request(endpoint, key, bodies.get(i++ % bodies.size())),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 202) {
                            accepted.addAndGet(perRequest);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(phase.toSeconds() + 60, TimeUnit.SECONDS);
        if (failures.get() > 0) {
            System.out.println("  (" + failures.get() + " requests failed)");
        }
        return accepted.get() / ((System.nanoTime() - start) / 1e9);
    }

    private record Latency(double p50Ms, double p99Ms, double maxMs, long errors) {
    }

    /** Sends at a fixed rate whatever the answers do, measuring from each request's intended start. */
    private static Latency openLoop(URI endpoint, String key, List<String> bodies, double rps, Duration phase)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long interval = (long) (1e9 / rps);
        long start = System.nanoTime();
        long count = (long) (phase.toSeconds() * rps);
        List<java.util.concurrent.CompletableFuture<?>> inFlight = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long intended = start + i * interval;
            for (long now = System.nanoTime(); now < intended; now = System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(intended - now); // no spinning: we share 2 cores
            }
            inFlight.add(client.sendAsync(request(endpoint, key, bodies.get((int) (i % bodies.size()))), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                        if (e != null || r.statusCode() != 202) {
                            errors.incrementAndGet();
                        }
                    }));
        }
        java.util.concurrent.CompletableFuture.allOf(inFlight.toArray(new java.util.concurrent.CompletableFuture[0]))
                .exceptionally(e -> null).join();
        var histogram = recorder.getIntervalHistogram();
        return new Latency(histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0, errors.get());
    }

    private static HttpRequest request(URI endpoint, String key, String body) {
        return HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
