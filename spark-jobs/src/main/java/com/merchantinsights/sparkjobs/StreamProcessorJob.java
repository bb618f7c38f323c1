package com.merchantinsights.sparkjobs;

import com.datastax.oss.driver.api.core.CqlSession;
import com.merchantinsights.stream.StreamCounters;
import com.merchantinsights.stream.StreamLease;
import com.merchantinsights.stream.StreamProcessor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The stream processor as a cluster job (spark-operator's SparkApplication, deploy/helm): the same streaming query and
 * supervisor as the local driver, without the ETL and the control endpoint. A hung query exits the driver with
 * status 70; the SparkApplication's restart policy starts a new one, which resumes from the checkpoint.
 */
@Command(
        name = "stream-processor",
        mixinStandardHelpOptions = true,
        description = "Runs the stream processor's query on a Spark cluster until stopped.")
public final class StreamProcessorJob implements Callable<Integer> {
    /** Exit status when the streaming query hung or a job ran out of memory (EX_SOFTWARE): restart me. */
    public static final int EXIT_STALLED = 70;
    /** Exit status when another driver holds the stream's lease (EX_TEMPFAIL): stop the other one first. */
    public static final int EXIT_LEASE_HELD = 75;

    private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorJob.class);
    private static final int SHUTDOWN_PRIORITY = 100;
    private static final Duration BATCH_GRACE = Duration.ofSeconds(30);

    @Mixin
    DriverOptions options;

    @CommandLine.Option(
            names = "--metrics-port",
            defaultValue = "0",
            description = "Serve the stream's metrics (GET /metrics, Prometheus text) on this port of every interface;"
                    + " 0: none (default).")
    int metricsPort;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamProcessorJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        options.validate();
        CqlSession leaseSession = options.cassandraSession();
        StreamLease lease;
        try {
            lease = StreamLease.acquire(
                    leaseSession,
                    StreamProcessor.QUERY_NAME,
                    options.leaseTtl,
                    () -> new Thread(() -> System.exit(EXIT_LEASE_HELD), "lease-lost-exit").start());
        } catch (StreamLease.LeaseHeldException e) {
            LOG.error(e.getMessage());
            leaseSession.close();
            return EXIT_LEASE_HELD;
        }
        SparkSession spark = JobSession.configured(options, "merchant-insights-stream-processor")
                .getOrCreate();
        StreamCounters counters = new StreamCounters();
        PoolTaskCounter tasks = new PoolTaskCounter(SchedulerPools.STREAM);
        spark.sparkContext().addSparkListener(tasks);
        StreamSupervisor stream = new StreamSupervisor(
                () -> {
                    SchedulerPools.joinStream(spark);
                    return StreamProcessor.start(spark, options.streamConfig(), counters, options.feedUrl());
                },
                tasks::tasksEnded,
                options.stallTimeout,
                () -> new Thread(() -> System.exit(EXIT_STALLED), "stall-exit").start());
        MetricsEndpoint metrics = metricsPort == 0
                ? null
                : MetricsEndpoint.start(
                        metricsPort,
                        new StreamMetrics(
                                counters,
                                () -> stream.query() == null
                                        ? null
                                        : stream.query().lastProgress(),
                                stream::restarts)::scrape);
        ShutdownHookManager.get()
                .addShutdownHook(
                        () -> {
                            if (metrics != null) {
                                metrics.close();
                            }
                            try {
                                stream.stop(BATCH_GRACE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                spark.stop();
                                lease.close();
                                leaseSession.close();
                                stopped.countDown();
                            }
                        },
                        SHUTDOWN_PRIORITY,
                        2,
                        TimeUnit.MINUTES);
        stream.start();
        LOG.info("stream processor running: trigger {}, checkpoint {}", options.triggerInterval, options.checkpointDir);
        stopped.await();
        return 0;
    }
}
