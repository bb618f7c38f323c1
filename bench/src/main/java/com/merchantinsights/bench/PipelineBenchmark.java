package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run pipeline [minutes] [events-per-second]} (decision 0027): the whole data path in steady state. A raw
 * producer ({@link SteadyProducer}) writes the events topic at a fixed rate (default 5,000 events/s) in the
 * production-density shape ({@link PipelineShape}: Zipf merchant sizes, ~52 events per merchant and quarter hour,
 * 2 % late, 1 % re-sends) while the Spark driver runs the stream and the cube ETL on its schedule (default every 5
 * minutes; the archiver is held off, see below). After the warm-up (10 minutes of the default 40; a quarter of a
 * shorter run) the measured window runs from the commit of one ETL run to the commit of the first run after the rest
 * of the minutes, so that it holds whole runs and the events they applied match the stream's work in it; when no run
 * commits within the interval + 30 minutes after the minutes (the ETL fell behind), it ends at the last commit before,
 * and says so. Its ends are {@link PathSampler} samples, taken every 5 seconds.
 *
 * <p>Measured over the window: {@code path_cpu_us_per_ev}, the CPU of every process of the data path (Kafka,
 * Cassandra, PostgreSQL's postmaster and its backends, the Spark driver: /proc), this JVM (the load generator) not
 * counted, ÷ the events applied to the cube, which is the change of the totals cuboid's count in
 * {@code cube_quarter_hour} between the two run ends; {@code reads_per_event}, the events the window's ETL runs read
 * from any source ({@code etl_runs.events_read}: feed events plus the events of hours rebuilt from raw) ÷ those
 * events; {@code freshness_p99_s} from the {@link FreshnessProbe} (send → visible in {@code cube_quarter_hour}, polled
 * every second), over the probes sent in the window (the load goes on after the window until they are all visible);
 * {@code cores_5b} = 174,000 events/s (5 billion a day at a 3× peak) × {@code path_cpu_us_per_ev}. Beside them:
 * the same CPU per event the stream stored in the window ({@code path_cpu_us_per_stored_ev}: the two differ when the
 * ETL falls behind the stream), the window's CPU split between the stream and the ETL ({@link PathSplit}: their sum
 * per event, {@code path_us_model}, is what the path costs when the ETL keeps up), the stream's lag (records Kafka
 * acknowledged − records the stream processed) and its growth, the runs' durations and rows per event, the load
 * average and the hypervisor's steal.
 *
 * <p>Settings as system properties (bench/run passes them from the environment): {@code bench.etlInterval} (ISO-8601,
 * default PT5M; shorter only for a smoke run), {@code bench.archiveInterval} (default PT24H: off within a run; at its
 * production PT15M every late event's hour, anywhere in the 90 days, is archived again on each run).
 */
public final class PipelineBenchmark {
    static final int PORT_OFFSET = 700;
    private static final Duration FULL_WARM_UP = Duration.ofMinutes(10);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(60);

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 5_000;
        Duration etlInterval = Duration.parse(System.getProperty("bench.etlInterval", "PT5M"));
        Duration archiveInterval = Duration.parse(System.getProperty("bench.archiveInterval", "PT24H"));
        Duration total = Duration.ofMinutes(minutes);
        Duration warmUp = minutes >= 40 ? FULL_WARM_UP : total.dividedBy(4);
        Duration measured = total.minus(warmUp);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String loadBefore = PipelineReport.loadAverage();
        long stealBefore = CpuShares.stealNanos();

        PipelineShape shape = PipelineShape.forRate(rate, run);
        double firstsPerSecond = rate * (1 - SteadyProducer.RESEND_SHARE);
        Progress progress = Progress.console(System.out);
        progress.step(
                "bench",
                String.format(
                        Locale.ROOT,
                        "%s of %,.0f events/s (%s warm-up, >= %s measured), ETL every %s,"
                                + " archiver every %s; %,d merchants (%.1f events per merchant and quarter hour; the busiest %,.0f,"
                                + " %,d merchants >= 50), %.0f %% late, %.0f %% re-sends",
                        total,
                        rate,
                        warmUp,
                        measured,
                        etlInterval,
                        archiveInterval,
                        shape.merchants().size(),
                        firstsPerSecond * 900 / shape.merchants().size(),
                        shape.busiestPerQuarter(firstsPerSecond),
                        shape.merchantsWithAtLeast(50, firstsPerSecond),
                        PipelineShape.LATE_SHARE * 100,
                        SteadyProducer.RESEND_SHARE * 100));

        StackConfig config = BenchStack.freshConfig("pipeline")
                .withPorts(Ports.defaults().offsetBy(PORT_OFFSET))
                .withEtlInterval(etlInterval);
        try (LocalEngines engines = LocalEngines.start(config, progress)) {
            BenchWarehouse.register(engines, shape.merchants());
            List<ProcessHandle> daemons = List.of(BenchWarehouse.postmaster(engines));
            try (SparkDriverProcess driver = SparkDriverProcess.start(
                            config,
                            engines.endpoints(),
                            progress,
                            List.of("--archive-interval", archiveInterval.toString()));
                    Connection runsConnection = BenchWarehouse.connect(engines);
                    Connection samplerConnection = BenchWarehouse.connect(engines);
                    Connection probeConnection = BenchWarehouse.connect(engines)) {
                EtlRuns runs = new EtlRuns(runsConnection);
                SteadyProducer producer = new SteadyProducer(engines.kafkaBootstrapServers(), shape, rate).start();
                FreshnessProbe probe = new FreshnessProbe(producer, probeConnection, run).start();
                PathSampler sampler =
                        new PathSampler(new EtlRuns(samplerConnection), daemons, producer, driver).start();
                Thread reporter = reporter(producer, driver, runs, progress);
                PipelineWindow window;
                FreshnessProbe.Result freshness;
                try {
                    window = measure(
                            runs, sampler, warmUp, measured, etlInterval.plus(Duration.ofMinutes(30)), progress);
                    progress.step("bench", "the load goes on until the window's probes are visible");
                    Instant from = window.start().at();
                    Instant to = window.end().at();
                    long tailDeadline = System.nanoTime()
                            + etlInterval
                                    .multipliedBy(2)
                                    .plus(Duration.ofMinutes(10))
                                    .toNanos();
                    while (!probe.allVisible(from, to) && System.nanoTime() < tailDeadline && !sampler.driverGone()) {
                        Thread.sleep(1_000);
                    }
                    freshness = probe.result(from, to);
                } finally {
                    reporter.interrupt();
                    sampler.close();
                    probe.close();
                    producer.close();
                }
                long startRun = window.start().committedRun();
                long endRun = window.end().committedRun();
                EtlRuns.Window runsInWindow = runs.between(startRun, endRun);
                List<EtlRuns.Span> spans = runs.spans(startRun, endRun);
                List<EtlRunLog> logged =
                        EtlRunLog.read(config.directories().logFile("spark-driver"), startRun - 1, endRun);
                PathSplit split = PathSplit.of(
                        sampler.between(window.start(), window.end()), busy(spans, logged), window.applied());
                new PipelineReport(
                                rate,
                                shape,
                                etlInterval,
                                archiveInterval,
                                window,
                                runsInWindow,
                                spans,
                                logged,
                                split,
                                freshness,
                                producer.failed(),
                                driver.supervisedRestarts(),
                                sampler.driverGoneSince(),
                                loadBefore,
                                stealBefore)
                        .print();
            }
        }
    }

    private static PipelineWindow measure(
            EtlRuns runs, PathSampler sampler, Duration warmUp, Duration measured, Duration patience, Progress progress)
            throws Exception {
        waitUntil(sampler.latest().at().plus(warmUp), sampler);
        PathSampler.Sample start = sampler.awaitCommitAfter(sampler.latest().committedRun(), patience);
        if (start == null) {
            throw new IllegalStateException("no ETL run committed within " + patience + " after the warm-up ("
                    + runs.describeLast() + ")" + driverGone(sampler));
        }
        long cubeAtStart = cubeCountAt(runs, start.committedRun(), progress);
        progress.step("bench", "measured window opens at the commit of ETL run " + start.committedRun());
        waitUntil(start.at().plus(measured), sampler);
        PathSampler.Sample end = sampler.awaitCommitAfter(sampler.latest().committedRun(), patience);
        if (end == null) {
            end = sampler.firstWith(sampler.latest().committedRun());
            progress.step(
                    "bench",
                    "** no ETL run committed "
                            + (sampler.driverGone()
                                    ? "any more" + driverGone(sampler)
                                    : "within " + patience + " after the window's minutes")
                            + ": the window closes at the last commit, of"
                            + " run " + end.committedRun() + " (" + runs.describeLast() + ") **");
        }
        if (end.committedRun() == start.committedRun()) {
            throw new IllegalStateException(
                    "no ETL run committed in the measured window (" + runs.describeLast() + ")" + driverGone(sampler));
        }
        long cubeAtEnd = cubeCountAt(runs, end.committedRun(), progress);
        progress.step("bench", "measured window closes at the commit of ETL run " + end.committedRun());
        return new PipelineWindow(
                start, end, cubeAtStart, cubeAtEnd, cubeAtStart < 0 || cubeAtEnd < 0 ? -1 : cubeAtEnd - cubeAtStart);
    }

    /** The events in the cube while {@code run} is the newest commit; -1 when a newer run committed during the count. */
    private static long cubeCountAt(EtlRuns runs, long run, Progress progress) throws SQLException {
        long count = runs.eventsInCube();
        if (runs.lastCommitted() != run) {
            progress.step("bench", "** a run committed while the cube was counted at run " + run + ": no count **");
            return -1;
        }
        return count;
    }

    /** What each run kept busy: from its start to the end of its compaction (the driver's log), else to its commit. */
    private static List<PathSplit.Busy> busy(List<EtlRuns.Span> spans, List<EtlRunLog> logged) {
        return spans.stream()
                .map(span -> new PathSplit.Busy(
                        span.started(),
                        logged.stream()
                                .filter(l -> l.runId() == span.runId())
                                .findFirst()
                                .map(l -> span.started().plusMillis(l.totalMs()))
                                .orElse(span.committed())))
                .toList();
    }

    /** Prints what the load, the stream and the ETL are doing, every minute. */
    private static Thread reporter(
            SteadyProducer producer, SparkDriverProcess driver, EtlRuns runs, Progress progress) {
        ObjectMapper json = new ObjectMapper();
        Thread reporter = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(PROGRESS_EVERY.toMillis());
                            JsonNode status = json.readTree(driver.status());
                            progress.step(
                                    "bench",
                                    String.format(
                                            Locale.ROOT,
                                            "sent %,.0f/s, acked %,d; stream %,d records, lag %,d"
                                                    + " (batch %s, last %s ms; feed applied through batch %d); %s; load %s",
                                            producer.eventsPerSecond(),
                                            producer.acked(),
                                            status.path("records_total").asLong(),
                                            producer.acked()
                                                    - status.path("records_total")
                                                            .asLong(),
                                            status.path("batch_id").asText(),
                                            status.path("last_batch_ms").asText(),
                                            runs.appliedFeedBatch(),
                                            runs.describeLast(),
                                            PipelineReport.loadAverage()));
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            progress.step("bench", "progress unavailable: " + e);
                        }
                    }
                },
                CpuShares.CLIENT_THREAD_PREFIX + "-reporter");
        reporter.setDaemon(true);
        reporter.start();
        return reporter;
    }

    /** Waits until {@code when}, or until the driver is gone. */
    private static void waitUntil(Instant when, PathSampler sampler) throws InterruptedException {
        while (Instant.now().isBefore(when) && !sampler.driverGone()) {
            Thread.sleep(Math.min(
                    1_000, Math.max(1, Duration.between(Instant.now(), when).toMillis())));
        }
    }

    /** "; the Spark driver exited at …" when it did, else nothing. */
    private static String driverGone(PathSampler sampler) {
        return sampler.driverGone()
                ? "; the Spark driver exited at about " + sampler.driverGoneSince() + " and was not"
                        + " restarted (its supervisor restarts only a stalled stream); its log says why"
                : "";
    }
}
