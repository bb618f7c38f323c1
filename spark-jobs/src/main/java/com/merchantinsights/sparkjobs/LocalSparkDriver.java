package com.merchantinsights.sparkjobs;

import com.datastax.oss.driver.api.core.CqlSession;
import com.merchantinsights.etl.CubeEtl;
import com.merchantinsights.etl.CubeRebuild;
import com.merchantinsights.etl.EtlSummary;
import com.merchantinsights.etl.Reprocessing;
import com.merchantinsights.etl.WarehouseRebuild;
import com.merchantinsights.stream.StreamCounters;
import com.merchantinsights.stream.StreamLease;
import com.merchantinsights.stream.StreamProcessor;
import com.merchantinsights.stream.history.ArchiveSummary;
import com.merchantinsights.stream.history.RederiveRequest;
import com.merchantinsights.stream.history.RederiveStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Local launcher: one Spark driver hosting the stream processor's query and the scheduled cube ETL, plus the
 * control endpoint. Stops cleanly on SIGTERM: control endpoint, ETL schedule, streaming query, then Spark.
 */
@Command(
        name = "spark-jobs",
        mixinStandardHelpOptions = true,
        description = "Runs the stream processor and the scheduled cube ETL in one local Spark driver.")
public final class LocalSparkDriver implements Callable<Integer>, ControlRoutes.Driver {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSparkDriver.class);
    /** Above Spark's own hook (FileSystem priority 10 + 30) so the query stops before Spark does. */
    private static final int SHUTDOWN_PRIORITY = 100;

    private static final Duration BATCH_GRACE = Duration.ofSeconds(10);
    private static final Duration ETL_GRACE = Duration.ofSeconds(60);

    @Mixin
    DriverOptions options;

    @CommandLine.Option(
            names = "--halt-file",
            paramLabel = "PATH",
            description =
                    "Fault tests only: when this file says 'loaded' or 'committed', the next cube refresh halts the"
                            + " JVM at that point (and deletes the file).")
    java.nio.file.Path haltFile;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final StreamCounters counters = new StreamCounters();
    private volatile SparkSession spark;
    private volatile StreamLease lease;
    private volatile CqlSession leaseSession;
    private volatile StreamSupervisor stream;
    private volatile RunCoordinator<EtlSummary> etl;
    private volatile RunCoordinator<ArchiveSummary> archiving;
    private volatile AdminActs acts;
    private volatile ControlToken controlToken;
    private final StreamMetrics metrics =
            new StreamMetrics(counters, this::lastProgress, () -> stream == null ? 0 : stream.restarts());

    public static void main(String[] args) {
        int exitCode = new CommandLine(new LocalSparkDriver()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        options.validateForLocalDriver();
        ShutdownHookManager.get().addShutdownHook(this::shutdown, SHUTDOWN_PRIORITY, 2, TimeUnit.MINUTES);
        // Before Spark, the control port or anything else: a second driver must not touch the checkpoint at all.
        leaseSession = options.cassandraSession();
        try {
            lease = StreamLease.acquire(
                    leaseSession,
                    StreamProcessor.QUERY_NAME,
                    options.leaseTtl,
                    () -> new Thread(() -> System.exit(StreamProcessorJob.EXIT_LEASE_HELD), "lease-lost-exit").start());
        } catch (StreamLease.LeaseHeldException e) {
            LOG.error(e.getMessage());
            System.err.println(e.getMessage());
            leaseSession.close();
            stopped.countDown();
            return StreamProcessorJob.EXIT_LEASE_HELD;
        }
        // After the lease: a driver that may not run never replaces the running one's token.
        ControlToken token = ControlToken.random(new SecureRandom());
        token.writeTo(options.controlTokenFile);
        controlToken = token;
        ControlServer control =
                ControlServer.start(options.controlPort, new ControlAccess(token), new ControlRoutes(this));

        spark = JobSession.create(options);
        PoolTaskCounter streamTasks = new PoolTaskCounter(SchedulerPools.STREAM);
        spark.sparkContext().addSparkListener(streamTasks);
        stream = new StreamSupervisor(
                () -> {
                    SchedulerPools.joinStream(spark);
                    return StreamProcessor.start(spark, options.streamConfig(), counters, options.feedUrl());
                },
                streamTasks::tasksEnded,
                options.stallTimeout,
                () -> new Thread(() -> System.exit(StreamProcessorJob.EXIT_STALLED), "stall-exit").start());
        CubeEtl cubeEtl = haltFile == null
                ? new CubeEtl(spark, options.etlConfig(), options.feedUrl(), Clock.systemUTC())
                : new CubeEtl(spark, options.etlConfig(), options.feedUrl(), Clock.systemUTC(), new HaltFile(haltFile));
        cubeEtl.verifySchema();
        Runnable replaceMe =
                () -> new Thread(() -> System.exit(StreamProcessorJob.EXIT_STALLED), "fatal-error-exit").start();
        acts = new AdminActs(spark, options, cubeEtl);
        AdminActs wired = acts;
        etl = new RunCoordinator<>(
                "cube-etl",
                () -> {
                    SchedulerPools.joinEtl(spark);
                    // With the erasures the refresh makes possible (issue 23): their cells are rebuilt in the same run.
                    return wired.erasures.run(cubeEtl::runUntilCaughtUp);
                },
                options.etlInterval,
                replaceMe);
        archiving = new RunCoordinator<>(
                "raw-archiver",
                () -> {
                    SchedulerPools.joinEtl(spark);
                    return acts.archiver.archiveMarkedHours();
                },
                options.archiveInterval,
                replaceMe);
        acts.reprocessing.rebuild().abandonInterruptedRuns();
        stream.start();
        etl.start();
        archiving.start();
        LOG.info(
                "Spark driver up in {} ms: control on 127.0.0.1:{} (token in {}), ETL every {}, trigger {}, zone {},"
                        + " archive {}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                control.port(),
                options.controlTokenFile,
                options.etlInterval,
                options.triggerInterval,
                options.defaultZone,
                options.archiveUrl());

        stopped.await();
        control.close();
        return 0;
    }

    @Override
    public long startReprocess(CubeRebuild.Request request) throws Exception {
        return started().reprocess.start(request);
    }

    @Override
    public Reprocessing reprocessing() {
        return started().reprocessing;
    }

    @Override
    public boolean ready() {
        StreamSupervisor s = stream;
        return s != null && s.isActive();
    }

    @Override
    public EtlSummary runEtl() throws Exception {
        RunCoordinator<EtlSummary> coordinator = etl;
        if (coordinator == null) {
            throw new IllegalStateException("the driver is still starting");
        }
        try {
            return coordinator.request().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public ArchiveSummary archive(Instant from, Instant to) throws Exception {
        RunCoordinator<ArchiveSummary> coordinator = archiving;
        if (coordinator == null) {
            throw new IllegalStateException("the driver is still starting");
        }
        if (from == null) {
            return await(coordinator.request());
        }
        // A backfill runs on the caller's thread; the archiver takes one run at a time, scheduled or not.
        AdminActs a = started();
        SchedulerPools.joinEtl(spark);
        return a.archiver.archiveRange(from, to);
    }

    @Override
    public WarehouseRebuild.Summary rebuildWarehouse(Instant from, Instant to, boolean swap) throws Exception {
        return started().warehouseRebuild.rebuild(from, to, swap);
    }

    @Override
    public void startRederive(RederiveRequest request) {
        started().rederive.start(request);
    }

    @Override
    public RederiveStatus rederiveStatus() {
        AdminActs a = acts;
        return a == null ? null : a.rederive.latest();
    }

    private AdminActs started() {
        AdminActs a = acts;
        if (a == null) {
            throw new IllegalStateException("the driver is still starting");
        }
        return a;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> run) throws Exception {
        try {
            return run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private StreamingQueryProgress lastProgress() {
        StreamSupervisor s = stream;
        StreamingQuery query = s == null ? null : s.query();
        return query == null ? null : query.lastProgress();
    }

    @Override
    public String metrics() {
        return metrics.scrape();
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        StreamSupervisor s = stream;
        StreamingQuery query = s == null ? null : s.query();
        status.put("query_active", s != null && s.isActive());
        // A micro-batch with records is being processed right now: what a fault test waits for to kill mid-batch.
        status.put(
                "batch_in_progress",
                query != null
                        && query.status().isTriggerActive()
                        && query.status().isDataAvailable());
        StreamingQueryProgress progress = query == null ? null : query.lastProgress();
        if (progress != null) {
            status.put("batch_id", progress.batchId());
            status.put("progress_timestamp", progress.timestamp());
            status.put("num_input_rows", progress.numInputRows());
            status.put("input_rows_per_second", progress.inputRowsPerSecond());
            status.put("processed_rows_per_second", progress.processedRowsPerSecond());
            status.put("batch_duration_ms", progress.durationMs().get("triggerExecution"));
        }
        status.put("consumer_lag", metrics.consumerLag());
        status.put("events_per_second", metrics.eventsPerSecond());
        status.put("batches_stored", counters.batches());
        status.put("records_total", counters.records());
        status.put("events_stored_total", counters.stored());
        status.put("duplicates_total", counters.duplicates());
        status.put("conflicts_total", counters.conflicts());
        status.put("displaced_total", counters.displaced());
        status.put("rejected_records_total", counters.rejectedRecords());
        status.put("dead_letters_total", counters.deadLetters());
        status.put("busy_ms_total", TimeUnit.NANOSECONDS.toMillis(counters.busyNanos()));
        status.put("drain_window_ms", counters.drainWindowMillis());
        status.put("last_batch_ms", TimeUnit.NANOSECONDS.toMillis(counters.lastBatchNanos()));
        status.put("query_restarts", s == null ? 0 : s.restarts());
        status.put("query_last_failure", s == null ? null : s.lastFailure());
        RunCoordinator<EtlSummary> e = etl;
        Map<String, Object> etlStatus = new LinkedHashMap<>();
        etlStatus.put("running", e != null && e.isRunning());
        etlStatus.put(
                "last_summary", e == null || e.lastSummary() == null ? null : ControlRoutes.summary(e.lastSummary()));
        etlStatus.put("last_success_at", e == null ? null : e.lastSuccessAt());
        etlStatus.put("last_failure", e == null ? null : e.lastFailure());
        status.put("etl", etlStatus);
        RunCoordinator<ArchiveSummary> a = archiving;
        Map<String, Object> archiveStatus = new LinkedHashMap<>();
        archiveStatus.put("root", options.archiveUrl());
        archiveStatus.put("running", a != null && a.isRunning());
        archiveStatus.put(
                "last_summary", a == null || a.lastSummary() == null ? null : ControlRoutes.summary(a.lastSummary()));
        archiveStatus.put("last_success_at", a == null ? null : a.lastSuccessAt());
        archiveStatus.put("last_failure", a == null ? null : a.lastFailure());
        status.put("archive", archiveStatus);
        return status;
    }

    /** A stopped driver leaves no usable secret behind; a stale file would only mislead a caller. */
    private void deleteControlToken() {
        ControlToken token = controlToken;
        if (token == null) {
            return;
        }
        try {
            token.deleteFrom(options.controlTokenFile);
        } catch (IOException e) {
            LOG.warn("cannot delete the control token file {}: {}", options.controlTokenFile, e.toString());
        }
    }

    private void shutdown() {
        LOG.info("stopping: ETL schedule, streaming query, Spark");
        try {
            if (acts != null) {
                acts.close();
            }
            if (archiving != null) {
                archiving.stop(ETL_GRACE);
            }
            if (etl != null) {
                etl.stop(ETL_GRACE);
            }
            if (stream != null) {
                stream.stop(BATCH_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (spark != null) {
                spark.stop();
            }
            if (lease != null) {
                lease.close();
            }
            if (leaseSession != null) {
                leaseSession.close();
            }
            deleteControlToken();
            stopped.countDown();
            LOG.info("stopped");
        }
    }
}
