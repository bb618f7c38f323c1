package com.merchantinsights.bench;

import com.merchantinsights.cli.LocalSecrets;
import com.merchantinsights.cli.LocalServices;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.gateway.keys.KeyAdmin;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Ingest through gateway + events-api into Kafka against the raw Kafka producer on the same broker, in one run: the
 * same event bytes (every event with its own never-repeated id), the same producer settings, warm-up for both. Then
 * the latency of 1,000-event requests at half of our own maximum batched rate, sent open-loop. Each phase prints where
 * the two cores went (Kafka, our services, the load generator, the rest), since all of them share the machine.
 *
 * <p>Usage: {@code bench/run ingest [seconds-per-phase=15] [concurrent-requests=8]}. With
 * {@code -Dbench.jfr=DIR} (or {@code BENCH_JFR=DIR} through bench/run) a JFR profile of the measured 1,000-per-request
 * phase is written to {@code DIR/ingest-batch1000.jfr}; JFR costs CPU, so take the figures from a run without it.
 */
public final class IngestBenchmark {
    private static final int POOL = 50_000;
    /** Enough keys that their rate limits (2,000 requests/s each) never cap the single-event phase. */
    private static final int CLIENT_KEYS = 16;

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 15);
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Duration warmUp = Duration.ofSeconds(5);
        Optional<Path> jfrDir = Optional.ofNullable(System.getProperty("bench.jfr")).map(Path::of);
        StackConfig config = BenchStack.freshConfig("ingest");
        try (LocalEngines engines = LocalEngines.start(config, Progress.console(System.out));
             LocalServices services = LocalServices.start(config, engines, LocalSecrets.loadOrCreate(config.workDir()));
             HttpLoad http = new HttpLoad(services.gatewayUri().resolve("/v1/events"), clientKeys(config, engines))) {
            EventCorpus corpus = EventCorpus.generate(POOL, Instant.now());
            System.out.printf("%,d distinct sample events of %.0f bytes on average, a new event_id on every send; "
                    + "%d s per phase, %d concurrent requests%n", corpus.size(), corpus.averageEventBytes(),
                    phase.toSeconds(), concurrency);

            // JFR instruments JDK classes when the first recording starts, and the JIT recompiles what it inlined: start
            // one now, before any warm-up, so that the phase recording later measures the system, not a recompilation.
            Optional<Recording> primer = jfrDir.map(dir -> startRecording());
            primer.ifPresent(r -> r.setMaxAge(Duration.ofSeconds(30)));
            RawProducerLoad rawLoad = new RawProducerLoad(engines.kafkaBootstrapServers(), corpus);
            rawLoad.run(Duration.ofSeconds(10), 1);
            CpuShares before = CpuShares.now();
            RawProducerLoad.Run raw = rawLoad.run(phase, 1);
            System.out.printf("raw Kafka producer:        %,10.0f events/s%n", raw.eventsPerSecond());
            System.out.println("  " + raw.cpuAtEnd().since(before));
            CpuShares before2 = CpuShares.now();
            RawProducerLoad.Run raw2 = rawLoad.run(phase, 2);
            System.out.printf("raw Kafka producer, 2 threads: %,10.0f events/s%n", raw2.eventsPerSecond());
            System.out.println("  " + raw2.cpuAtEnd().since(before2));

            // The JIT needs tens of seconds of traffic on two busy cores to compile the HTTP, proxy, intake and producer
            // paths (hundreds of C2 compilations; the raw producer's one loop is compiled in seconds): warm up on every
            // request size before measuring any, so that both sides are measured compiled.
            List<EventCorpus.Template> bodies1000 = corpus.requestBodies(1000);
            List<EventCorpus.Template> bodies100 = corpus.requestBodies(100);
            List<EventCorpus.Template> singles = corpus.requestBodies(1);
            http.closedLoop(corpus, bodies1000, 1000, concurrency, Duration.ofSeconds(15));
            http.closedLoop(corpus, bodies100, 100, concurrency, Duration.ofSeconds(5));
            http.closedLoop(corpus, singles, 1, concurrency * 4, Duration.ofSeconds(5));
            http.closedLoop(corpus, bodies1000, 1000, concurrency, warmUp);
            Optional<Recording> recording = jfrDir.map(dir -> startRecording());
            Phase batch1000 = measure(() -> http.closedLoop(corpus, bodies1000, 1000, concurrency, phase));
            recording.ifPresent(r -> stopRecording(r, jfrDir.get().resolve("ingest-batch1000.jfr")));
            batch1000.print("ours, 1,000 per request:", raw.eventsPerSecond());

            http.closedLoop(corpus, bodies100, 100, concurrency, warmUp);
            Phase batch100 = measure(() -> http.closedLoop(corpus, bodies100, 100, concurrency, phase));
            batch100.print("ours, 100 per request:", raw.eventsPerSecond());

            http.closedLoop(corpus, singles, 1, concurrency * 4, warmUp);
            Phase single = measure(() -> http.closedLoop(corpus, singles, 1, concurrency * 4, phase));
            single.print("ours, single events:", raw.eventsPerSecond());

            double halfRate = batch1000.throughput.eventsPerSecond() / 2 / 1000;
            CpuShares latencyStart = CpuShares.now();
            HttpLoad.Latency latency = http.openLoop(corpus, bodies1000, halfRate, phase);
            System.out.printf("latency at %.1f requests/s (half of max, 1,000 events each): p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms, errors %d%n", halfRate, latency.p50Ms(), latency.p99Ms(), latency.maxMs(), latency.errors());
            System.out.println("  " + CpuShares.now().since(latencyStart));

            CpuShares beforeAgain = CpuShares.now();
            RawProducerLoad.Run rawAfter = rawLoad.run(phase, 1);
            System.out.printf("raw Kafka producer again:  %,10.0f events/s (the ratios use the higher of the two)%n",
                    rawAfter.eventsPerSecond());
            System.out.println("  " + rawAfter.cpuAtEnd().since(beforeAgain));
            primer.ifPresent(Recording::close);
            double rawBest = Math.max(raw.eventsPerSecond(), rawAfter.eventsPerSecond());
            System.out.printf("RESULT raw_eps=%.0f batch1000_eps=%.0f batch100_eps=%.0f single_eps=%.0f ratio_1000=%.3f "
                            + "ratio_100=%.3f p50_ms=%.1f p99_ms=%.1f at_rps=%.1f errors=%d client_cores_1000=%.2f "
                            + "kafka_cores_1000=%.2f%n",
                    rawBest, batch1000.throughput.eventsPerSecond(), batch100.throughput.eventsPerSecond(),
                    single.throughput.eventsPerSecond(), batch1000.throughput.eventsPerSecond() / rawBest,
                    batch100.throughput.eventsPerSecond() / rawBest, latency.p50Ms(), latency.p99Ms(), halfRate,
                    latency.errors() + batch1000.throughput.failures() + batch100.throughput.failures()
                            + single.throughput.failures(), batch1000.clientCores, batch1000.kafkaCores);
        }
        System.exit(0);
    }

    /**
     * The local platform key and more platform keys, one per client as it were; the gateway picks new keys up within
     * seconds, long before the single-event phase that needs them.
     */
    private static List<String> clientKeys(StackConfig config, LocalEngines engines) {
        KeyAdmin admin = KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
        List<String> keys = new java.util.ArrayList<>(List.of(LocalSecrets.loadOrCreate(config.workDir()).platformKey()));
        for (int i = 1; i < CLIENT_KEYS; i++) {
            keys.add(admin.create(Scope.PLATFORM, Optional.empty(), "ingest benchmark client " + i).secret());
        }
        return keys;
    }

    private interface Load {
        HttpLoad.Throughput run() throws InterruptedException;
    }

    private record Phase(HttpLoad.Throughput throughput, String cpu, double clientCores, double kafkaCores,
                         ProducerStats producer) {
        void print(String label, double raw) {
            System.out.printf("%-26s %,10.0f events/s  (%.0f%% of raw), %,.0f requests/s%n", label,
                    throughput.eventsPerSecond(), 100 * throughput.eventsPerSecond() / raw, throughput.requestsPerSecond());
            if (throughput.failures() > 0) {
                System.out.println("  (" + throughput.failures() + " requests failed, e.g. " + throughput.failureSample() + ")");
            }
            System.out.println("  " + cpu);
            producer.print("events API");
        }
    }

    private static Phase measure(Load load) throws InterruptedException {
        CpuShares start = CpuShares.now();
        HttpLoad.Throughput throughput = load.run();
        CpuShares end = CpuShares.now();
        return new Phase(throughput, end.since(start), end.clientCores(start), end.kafkaCores(start),
                ProducerStats.fromJmx(CpuShares.RAW_PRODUCER_ID));
    }

    private static Recording startRecording() {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return recording;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start JFR", e);
        }
    }

    private static void stopRecording(Recording recording, Path file) {
        try {
            recording.stop();
            Files.createDirectories(file.getParent());
            recording.dump(file);
            System.out.println("  JFR profile of this phase: " + file + " (events from " + recording.getStartTime() + " to "
                    + recording.getStopTime() + "; the file may hold older events of the same chunks)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + file, e);
        } finally {
            recording.close();
        }
    }

    private IngestBenchmark() {
    }
}
