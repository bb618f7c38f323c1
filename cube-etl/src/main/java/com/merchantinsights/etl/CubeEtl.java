package com.merchantinsights.etl;

import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh of the cubes: snapshot the dirty marks, rebuild their hours from raw events into a staging
 * table, swap them into the cube in one transaction, and only then clear the marks it read (never a mark
 * written meanwhile). A crash anywhere leaves the marks in place, and the next run rebuilds the same hours again.
 */
public final class CubeEtl {
    private static final Logger LOG = LoggerFactory.getLogger(CubeEtl.class);

    /** Rows written by one refresh above which the cube tables' statistics are refreshed at once. */
    private static final long ANALYZE_AFTER_ROWS = 100_000;

    private final SparkSession spark;
    private final CubeEtlConfig config;
    private final Clock clock;
    private final CubeTables tables;

    public CubeEtl(SparkSession spark, CubeEtlConfig config, Clock clock) {
        this.spark = spark;
        this.config = config;
        this.clock = clock;
        this.tables = new CubeTables(config.cube());
    }

    /** Fails fast when the warehouse lacks a column the cube definition names; call once at start-up. */
    public void verifySchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())) {
            tables.verify(connection);
        }
    }

    /** Runs one refresh; a run with no dirty hour only records itself and the freshness. */
    public EtlSummary run() throws SQLException {
        long t0 = System.nanoTime();
        Instant startedAt = clock.instant();
        try (DirtyMarkStore marks = DirtyMarkStore.open(spark);
             Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())) {
            List<DirtyMark> snapshot = marks.snapshot();
            SortedSet<Instant> hours = new TreeSet<>();
            snapshot.forEach(mark -> hours.add(mark.eventHour()));

            StagingTable.dropAbandoned(connection, startedAt);
            Refreshed refreshed = refresh(connection, marks, snapshot, hours, startedAt);
            WarehouseRefresh.Result result = refreshed.result();
            int cleared = marks.clearThrough(snapshot);

            long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            LOG.info("cube ETL run {}: {} hour(s) rebuilt, {} event(s) read, {} row(s) written, {} of {} mark(s) cleared, "
                            + "{} ms ({} ms Spark, {} ms warehouse)", result.runId(), hours.size(), result.eventsRead(),
                    result.rowsWritten(), cleared, snapshot.size(), durationMs, refreshed.stageMs(), refreshed.warehouseMs());
            return new EtlSummary(result.runId(), hours.size(), result.eventsRead(), result.rowsWritten(), durationMs,
                    refreshed.stageMs(), refreshed.warehouseMs());
        }
    }

    /** A committed refresh and how long its Spark part and its warehouse transaction took. */
    private record Refreshed(WarehouseRefresh.Result result, long stageMs, long warehouseMs) {
    }

    private Refreshed refresh(Connection connection, DirtyMarkStore marks, List<DirtyMark> snapshot,
                              SortedSet<Instant> hours, Instant startedAt) throws SQLException {
        StagingTable staging = null;
        try {
            long t0 = System.nanoTime();
            if (!hours.isEmpty()) {
                staging = StagingTable.create(connection, startedAt, tables);
                stage(staging, hours);
            }
            long t1 = System.nanoTime();
            connection.setAutoCommit(false);
            WarehouseRefresh.Result result = new WarehouseRefresh(connection, tables, config.defaultZone()).apply(
                    Optional.ofNullable(staging), hours, startedAt,
                    () -> Freshness.after(snapshot, marks.snapshot(), clock.instant()));
            connection.commit();
            connection.setAutoCommit(true);
            analyzeAfterLargeRefresh(connection, result.rowsWritten());
            return new Refreshed(result, TimeUnit.NANOSECONDS.toMillis(t1 - t0),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
        } catch (SQLException | RuntimeException e) {
            recordFailure(connection, staging, hours.size(), startedAt, e);
            throw e;
        }
    }

    /**
     * A refresh that rewrote many rows (a backfill, a first load) leaves the planner's statistics behind until
     * autovacuum catches up, and the insights API's index lookups can turn into scans meanwhile: refresh them now.
     */
    private void analyzeAfterLargeRefresh(Connection connection, long rowsWritten) {
        if (rowsWritten < ANALYZE_AFTER_ROWS) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            for (Grain grain : Grain.values()) {
                s.execute("ANALYZE " + CubeTables.table(grain));
            }
        } catch (SQLException e) {
            // The refresh is committed; autovacuum will analyze later. Not worth failing a run over.
            LOG.warn("could not analyze the cube tables after {} rows", rowsWritten, e);
        }
    }

    /** Spark reads the dirty hours' partitions, aggregates them and writes the base rows to the staging table. */
    private void stage(StagingTable staging, SortedSet<Instant> hours) {
        spark.sparkContext().setJobDescription("cube ETL: " + hours.size() + " hour(s) from " + hours.first());
        try {
            Dataset<Row> cube = BaseCubeQuery.aggregate(RawEventReader.hours(spark, hours), config.cube());
            cube.foreachPartition(new StagingWriter(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(),
                    staging.name(), tables.stagingColumns(),
                    config.cube().measures().stream().map(com.merchantinsights.core.cube.Measure::kind).toList()));
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    private void recordFailure(Connection connection, StagingTable staging, int hours, Instant startedAt, Exception cause) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (staging != null) {
                staging.drop(connection);
            }
            String detail = String.valueOf(cause.getMessage());
            WarehouseRefresh.recordRun(connection, tables, startedAt, clock.instant(), hours, 0, 0, "failed",
                    detail.length() > 2000 ? detail.substring(0, 2000) : detail);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
