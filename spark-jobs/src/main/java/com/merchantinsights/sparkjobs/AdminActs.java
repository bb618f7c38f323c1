package com.merchantinsights.sparkjobs;

import com.merchantinsights.etl.CubeEtl;
import com.merchantinsights.etl.RawEventReader;
import com.merchantinsights.etl.Reprocessing;
import com.merchantinsights.etl.WarehouseRebuild;
import com.merchantinsights.stream.history.PersonErasure;
import com.merchantinsights.stream.history.RawArchiver;
import com.merchantinsights.stream.history.RawHistory;
import com.merchantinsights.stream.history.RawPromotion;
import com.merchantinsights.stream.history.RawRederivation;
import com.merchantinsights.stream.history.RederiveRequest;
import com.merchantinsights.stream.history.RederiveStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's administrative acts over one Spark session — cube refresh, archive, re-derivation, reprocessing,
 * warehouse rebuild — wired the one way both hosts use: the local driver (beside the stream, on its schedules) and a
 * cluster's one-off {@link AdminActJob} (decision 0052). Every Spark action of an act runs in the ETL's scheduler
 * pool.
 */
final class AdminActs {
    final CubeEtl cubeEtl;
    final RawArchiver archiver;
    final RederiveRunner rederive;
    final Reprocessing reprocessing;
    final ReprocessRunner reprocess;
    final WarehouseRebuildRunner warehouseRebuild;
    final ErasureCycle erasures;

    AdminActs(SparkSession spark, DriverOptions options, CubeEtl cubeEtl) {
        this.cubeEtl = cubeEtl;
        Clock clock = Clock.systemUTC();
        archiver = new RawArchiver(spark, options.archiveConfig(), clock);
        RawHistory rawHistory = new RawHistory(spark, archiver.archive(), options.rawRetention);
        // The archiver's methods hold its monitor while they publish hours: an erasure's rewrite holds it too.
        erasures = new ErasureCycle(
                options.etlConfig(),
                new PersonErasure(spark, java.util.Optional.of(archiver.archive()), options.rawRetention, clock),
                clock,
                archiver);
        RawRederivation rederivation = new RawRederivation(spark, rawHistory, options.rawRetention, clock);
        rederive = new RederiveRunner(new RederiveRunner.Job() {
            @Override
            public RederiveStatus plan(RederiveRequest request) {
                return rederivation.plan(request);
            }

            @Override
            public RederiveStatus run(RederiveStatus planned, java.util.function.Consumer<RederiveStatus> progress) {
                SchedulerPools.joinEtl(spark);
                return rederivation.run(planned, progress);
            }
        });
        RawPromotion promotion = new RawPromotion(spark, rawHistory, archiver.archive(), options.rawRetention, clock);
        reprocessing = new Reprocessing(spark, options.etlConfig(), clock, new Reprocessing.RawVersions() {
            @Override
            public void backup(long runId, Collection<Instant> hours, Set<String> merchants) {
                SchedulerPools.joinEtl(spark);
                promotion.backup(runId, hours, merchants);
            }

            @Override
            public void promote(long runId, String rawVersion, Collection<Instant> hours, Set<String> merchants) {
                SchedulerPools.joinEtl(spark);
                promotion.promote(runId, rawVersion, hours, merchants);
            }

            @Override
            public void restore(long runId, Collection<Instant> hours, Set<String> merchants) {
                SchedulerPools.joinEtl(spark);
                promotion.restore(runId, hours, merchants);
            }
        });
        reprocess = new ReprocessRunner(reprocessing.rebuild(), (runId, request) -> {
            SchedulerPools.joinEtl(spark);
            reprocessing
                    .rebuild()
                    .build(
                            runId,
                            request,
                            (hours, merchants) -> request.rawVersion() == null
                                    ? rawHistory
                                            .hours(hours, Set.copyOf(merchants), clock.instant(), null)
                                            .select(RawEventReader.CUBE_INPUT)
                                    : RawHistory.version(spark, request.rawVersion(), hours, merchants)
                                            .select(RawEventReader.CUBE_INPUT));
        });
        warehouseRebuild = new WarehouseRebuildRunner(
                new WarehouseRebuild(spark, options.etlConfig()),
                (hours, merchants) -> rawHistory
                        .hours(hours, Set.copyOf(merchants), clock.instant(), null)
                        .select(RawEventReader.CUBE_INPUT),
                () -> SchedulerPools.joinEtl(spark));
    }

    void close() {
        rederive.close();
        reprocess.close();
    }
}
