package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.CubeEtl;
import com.merchantinsights.etl.EtlSummary;
import com.merchantinsights.stream.history.ArchiveSummary;
import com.merchantinsights.stream.history.PersonErasure;
import com.merchantinsights.stream.history.RawArchiver;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One cube refresh (and, with {@code --archive-dir}, the Parquet archive of the settled marked hours) as a cluster job (spark-operator's ScheduledSparkApplication, deploy/helm): the local driver's
 * scheduled ETL run, once, then exit. Runs never overlap (the schedule forbids it and the warehouse lock would
 * serialise them anyway), and a run that dies leaves its feed batches unapplied for the next one.
 */
@Command(
        name = "cube-etl",
        mixinStandardHelpOptions = true,
        description = "Refreshes the cubes once on a Spark cluster.")
public final class CubeEtlJob implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CubeEtlJob.class);

    @Mixin
    DriverOptions options;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CubeEtlJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        options.validateForEtl();
        SparkSession spark =
                JobSession.configured(options, "merchant-insights-cube-etl").getOrCreate();
        try {
            SchedulerPools.joinEtl(spark);
            CubeEtl etl = new CubeEtl(spark, options.etlConfig(), options.feedUrl(), Clock.systemUTC());
            etl.verifySchema();
            boolean archived = options.archiveDir != null && !options.archiveDir.isBlank();
            RawArchiver archiver = archived ? new RawArchiver(spark, options.archiveConfig(), Clock.systemUTC()) : null;
            PersonErasure erasure = new PersonErasure(
                    spark,
                    java.util.Optional.ofNullable(archiver).map(RawArchiver::archive),
                    options.rawRetention,
                    Clock.systemUTC());
            // The erasures the refresh makes possible (issue 23), their cells rebuilt in the same run.
            EtlSummary summary = new ErasureCycle(options.etlConfig(), erasure, Clock.systemUTC(), new Object())
                    .run(etl::runUntilCaughtUp);
            LOG.info(
                    "cube refresh {}: {} hour(s), {} event(s), {} row(s) in {} ms",
                    summary.runId(),
                    summary.hoursRebuilt(),
                    summary.eventsRead(),
                    summary.rowsWritten(),
                    summary.durationMs());
            if (archiver != null) {
                ArchiveSummary archivedHours = archiver.archiveMarkedHours();
                LOG.info(
                        "archived {} hour(s), {} row(s); {} hour(s) not settled yet",
                        archivedHours.hoursArchived().size(),
                        archivedHours.rowsArchived(),
                        archivedHours.hoursPending());
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}
