package com.merchantinsights.etl;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.warehouse.WarehouseLock;
import com.merchantinsights.stream.RawEventsTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh of the cubes (decision 0027): snapshot the rebuild requests; aggregate the feed batches the warehouse has
 * not applied into delta rows of every grain; rebuild the merchant-local days of the requested hours whole from raw
 * events (decision 0029; only rows the applied feed covers: the rest arrive as deltas later); add the deltas, replace
 * the days, advance the feed positions and record the freshness (the hours of the feed batches left, decision 0033) in
 * one transaction. A crash anywhere leaves positions and requests in place, and the next run does the same work again.
 * Buckets that gathered deltas are compacted afterwards, each in its own transaction.
 */
public final class CubeEtl {
    private static final Logger LOG = LoggerFactory.getLogger(CubeEtl.class);

    /** Rows written by one refresh above which the cube tables' statistics are refreshed at once. */
    private static final long ANALYZE_AFTER_ROWS = 100_000;
    /** How long applied feed batches stay readable after they were written. */
    private static final java.time.Duration FEED_KEPT = java.time.Duration.ofDays(1);

    private final SparkSession spark;
    private final CubeEtlConfig config;
    private final String feedRoot;
    private final Clock clock;
    private final CubeTables tables;
    private final Consumer<RefreshPoint> reached;

    /** @param feedRoot where the stream writes the cube feed (decision 0027) */
    public CubeEtl(SparkSession spark, CubeEtlConfig config, String feedRoot, Clock clock) {
        this(spark, config, feedRoot, clock, point -> {});
    }

    /**
     * As the other constructor, with {@code reached} told when a refresh passes each {@link RefreshPoint}: a fault
     * test's hook, which may stop the process there.
     */
    public CubeEtl(
            SparkSession spark, CubeEtlConfig config, String feedRoot, Clock clock, Consumer<RefreshPoint> reached) {
        this.spark = spark;
        this.config = config;
        this.feedRoot = feedRoot;
        this.clock = clock;
        this.tables = new CubeTables(config.cube());
        this.reached = reached;
    }

    /** Fails fast when the warehouse lacks a column the cube definition names; call once at start-up. */
    public void verifySchema() throws SQLException {
        try (Connection connection =
                DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())) {
            tables.verify(connection);
        }
    }

    /**
     * Runs refreshes until the feed is applied up to where it stood (each run takes at most
     * {@link CubeEtlConfig#maxFeedEventsPerRun} events, in its own transaction); stops early when the thread is
     * interrupted (the driver stopping), the rest left for the next run.
     *
     * @return the runs' work added up, the last run's id
     */
    public EtlSummary runUntilCaughtUp() throws SQLException {
        EtlSummary summary = run();
        while (summary.feedLeft() && !Thread.currentThread().isInterrupted()) {
            summary = summary.then(run());
        }
        return summary;
    }

    /**
     * Runs one refresh; a run with nothing to do only records itself and the freshness. A run capped by
     * {@link CubeEtlConfig#maxFeedEventsPerRun} says so in {@link EtlSummary#feedLeft()}.
     */
    public EtlSummary run() throws SQLException {
        long t0 = System.nanoTime();
        Instant startedAt = clock.instant();
        try (Connection connection =
                DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword())) {
            List<RebuildRequests.Request> requests = RebuildRequests.snapshot(connection);
            CubeFeedSlice slice = CubeFeedSlice.pending(
                    connection, feedRoot, spark.sparkContext().hadoopConfiguration(), config.maxFeedEventsPerRun());

            StagingTable.dropAbandoned(connection, startedAt);
            Refreshed refreshed = refresh(connection, requests, slice, startedAt);
            WarehouseRefresh.Result result = refreshed.result();
            long t1 = System.nanoTime();
            long compacted = new Compaction(connection, tables).compactDue(clock.instant());
            CubeFeedSlice.prune(
                    connection, feedRoot, spark.sparkContext().hadoopConfiguration(), clock.instant(), FEED_KEPT);
            long compactMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);

            long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            LOG.info(
                    "cube ETL run {}: {} feed batch(es), {} hour(s) rebuilt, {} event(s) read, {} row(s) written,"
                            + " {} row(s) compacted, {} ms ({} ms Spark, {} ms warehouse, {} ms compaction)",
                    result.runId(),
                    slice.batches().size(),
                    result.hoursRebuilt(),
                    result.eventsRead(),
                    result.rowsWritten(),
                    compacted,
                    durationMs,
                    refreshed.stageMs(),
                    refreshed.warehouseMs(),
                    compactMs);
            return new EtlSummary(
                    result.runId(),
                    result.hoursRebuilt(),
                    result.eventsRead(),
                    result.rowsWritten(),
                    durationMs,
                    refreshed.stageMs(),
                    refreshed.warehouseMs(),
                    slice.truncated());
        }
    }

    /** A committed refresh and how long its Spark part and its warehouse transaction took. */
    private record Refreshed(WarehouseRefresh.Result result, long stageMs, long warehouseMs) {}

    private Refreshed refresh(
            Connection connection, List<RebuildRequests.Request> requests, CubeFeedSlice slice, Instant startedAt)
            throws SQLException {
        LocalDayRebuild rebuild = null;
        DeltaLoad deltas = null;
        try {
            long t0 = System.nanoTime();
            // The warehouse's requests, and the cells of versions displaced in the batches this run applies.
            List<RebuildRequests.Request> rebuilt = new ArrayList<>(requests);
            rebuilt.addAll(slice.rebuildRequests(spark.sparkContext().hadoopConfiguration(), startedAt));
            if (!rebuilt.isEmpty()) {
                Set<String> merchants = new TreeSet<>();
                rebuilt.forEach(r -> merchants.add(r.merchantId()));
                rebuild =
                        LocalDayRebuild.of(rebuilt, MerchantCalendars.of(connection, merchants, config.defaultZone()));
            }
            Dataset<Row> feed = slice.read(spark);
            // One dataset of the registry's calendars for the deltas and the rebuilt days.
            Dataset<Row> calendars = feed == null && rebuild == null ? null : WarehouseRebuild.calendars(spark, config);
            if (feed != null) {
                // Events of the days rebuilt whole in this run are in the rebuild's raw read: not deltas as well.
                Dataset<Row> events = rebuild == null ? feed : rebuild.withoutTheseDays(feed);
                spark.sparkContext()
                        .setJobDescription("cube ETL: " + slice.batches().size() + " feed batch(es)");
                try {
                    deltas = DeltaLoad.stage(
                            spark, config, connection, startedAt, events.select(RawEventReader.CUBE_INPUT), calendars);
                } finally {
                    spark.sparkContext().setJobDescription(null);
                }
            }
            if (rebuild != null) {
                stage(connection, rebuild, slice, startedAt, calendars);
            }
            long t1 = System.nanoTime();
            connection.setAutoCommit(false);
            WarehouseLock.inTransaction(connection);
            DeltaLoad.Applied applied = deltas == null ? DeltaLoad.Applied.NONE : deltas.apply(connection, startedAt);
            WarehouseRefresh.Result result = new WarehouseRefresh(connection, tables)
                    .apply(
                            Optional.ofNullable(rebuild),
                            applied,
                            startedAt,
                            () -> freshnessAfter(connection, slice, requests));
            slice.record(connection, startedAt);
            RebuildRequests.consume(connection, requests);
            reached.accept(RefreshPoint.LOADED);
            connection.commit();
            reached.accept(RefreshPoint.COMMITTED);
            connection.setAutoCommit(true);
            dropStaged(connection, rebuild, deltas);
            analyzeAfterLargeRefresh(connection, result.rowsWritten());
            return new Refreshed(
                    result,
                    TimeUnit.NANOSECONDS.toMillis(t1 - t0),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
        } catch (SQLException | RuntimeException | Error e) {
            // An Error too (out of memory, say): the run is recorded as failed before the driver is replaced.
            recordFailure(connection, rebuild, deltas, requests.size(), startedAt, e);
            throw e;
        }
    }

    /** Pending after this run: the feed batches it did not apply, requests it did not consume. */
    private Freshness freshnessAfter(
            Connection connection, CubeFeedSlice slice, List<RebuildRequests.Request> consumed) {
        try {
            Set<RebuildRequests.Request> read = new HashSet<>(consumed);
            List<Instant> stillRequested = RebuildRequests.snapshot(connection).stream()
                    .filter(r -> !read.contains(r))
                    .map(RebuildRequests.Request::eventHour)
                    .toList();
            Set<Instant> feedLeft =
                    slice.hoursLeft(feedRoot, spark.sparkContext().hadoopConfiguration(), this::hoursOf);
            return Freshness.after(feedLeft, stillRequested, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("reading the rebuild requests for the freshness", e);
        }
    }

    /** The UTC hours of the events in these feed batches' Parquet files. */
    private Set<Instant> hoursOf(List<String> batchDirs) {
        Set<Instant> hours = new HashSet<>();
        for (Row row : spark.read()
                .parquet(batchDirs.toArray(String[]::new))
                .select(RawEventsTable.EVENT_HOUR)
                .distinct()
                .collectAsList()) {
            hours.add(row.getTimestamp(0).toInstant());
        }
        return hours;
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
                s.execute("ANALYZE " + WarehouseLayout.cubeTable(grain));
            }
        } catch (SQLException e) {
            // The refresh is committed; autovacuum will analyze later. Not worth failing a run over.
            LOG.warn("could not analyze the cube tables after {} rows", rowsWritten, e);
        }
    }

    /**
     * Spark reads the raw partitions of the requested days' hours — only rows the applied feed covers, once this run's
     * slice is applied — keeps the events of those days, aggregates every grain and stages the rows.
     */
    private void stage(
            Connection connection,
            LocalDayRebuild rebuild,
            CubeFeedSlice slice,
            Instant startedAt,
            Dataset<Row> calendars)
            throws SQLException {
        SortedSet<Instant> hours = rebuild.hours();
        spark.sparkContext()
                .setJobDescription("cube ETL: " + rebuild.windows().size() + " merchant day range(s), " + hours.size()
                        + " hour(s) from " + hours.first());
        try {
            Dataset<Row> raw = slice.anyFeedEver()
                    ? RawEventReader.hoursCoveredBy(spark, hours, slice.endOffsets())
                    : RawEventReader.hours(spark, hours);
            rebuild.stage(spark, config, connection, startedAt, raw, calendars);
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    private static void dropStaged(Connection connection, LocalDayRebuild rebuild, DeltaLoad deltas)
            throws SQLException {
        if (rebuild != null) {
            rebuild.drop(connection);
        }
        if (deltas != null) {
            deltas.drop(connection);
        }
    }

    private void recordFailure(
            Connection connection,
            LocalDayRebuild rebuild,
            DeltaLoad deltas,
            int hours,
            Instant startedAt,
            Throwable cause) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            dropStaged(connection, rebuild, deltas);
            String detail = String.valueOf(cause.getMessage());
            WarehouseRefresh.recordRun(
                    connection,
                    tables,
                    startedAt,
                    clock.instant(),
                    hours,
                    0,
                    0,
                    "failed",
                    detail.length() > 2000 ? detail.substring(0, 2000) : detail);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
