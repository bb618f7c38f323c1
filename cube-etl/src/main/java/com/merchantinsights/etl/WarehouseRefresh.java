package com.merchantinsights.etl;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.reprocess.CubePartitions;
import com.merchantinsights.etl.warehouse.WarehouseLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse side of one refresh, run inside the caller's transaction, after the feed's deltas are added: replace
 * the rows of the local days rebuilt from raw events and roll their weeks and months up again, drop the months past their
 * grain's retention, record the run and the freshness. Either all of it is visible to the insights API, or none of it.
 */
final class WarehouseRefresh {
    /** How long the refreshed hours are remembered for reprocess switches (runs older than this are not switched). */
    private static final java.time.Duration REFRESHED_HOURS_KEPT = java.time.Duration.ofDays(30);
    /** How long a retention drop waits for the lock on its table before it gives way to the readers. */
    private static final java.time.Duration DROP_LOCK_TIMEOUT = java.time.Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRefresh.class);

    private static final String RECORD_RUN_SQL = """
            INSERT INTO etl_runs (started_at, finished_at, hours_rebuilt, events_read, rows_written, logic_version,
                                  outcome, detail, cube_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id""";
    private static final String FRESHNESS_SQL = """
            INSERT INTO freshness (singleton, last_refresh, complete_through, pending_hours) VALUES (true, ?, ?, ?)
            ON CONFLICT (singleton) DO UPDATE SET last_refresh = EXCLUDED.last_refresh,
              complete_through = EXCLUDED.complete_through, pending_hours = EXCLUDED.pending_hours""";

    record Result(long runId, long eventsRead, long rowsWritten, int hoursRebuilt) {}

    private final Connection connection;
    private final CubeTables tables;

    WarehouseRefresh(Connection connection, CubeTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /**
     * @param rebuild   the local days rebuilt whole from raw events for rebuild requests (decision 0029), staged
     * @param deltas    what the caller added from the feed in this transaction, before the days are rebuilt: its
     *                  hours count as refreshed, its events as read
     * @param freshness evaluated last, as close to the commit as possible
     */
    Result apply(
            Optional<LocalDayRebuild> rebuild,
            DeltaLoad.Applied deltas,
            Instant startedAt,
            Supplier<Freshness> freshness)
            throws SQLException {
        // Serialises refreshes across processes (a second driver, a manual run) and with reprocess switches.
        WarehouseLock.inTransaction(connection);
        long eventsRead = deltas.events();
        long rows = deltas.rows();
        Set<Instant> refreshed = new TreeSet<>(deltas.hours());
        if (rebuild.isPresent()) {
            LocalDayRebuild days = rebuild.get();
            rows += days.apply(connection, tables);
            eventsRead += days.events(connection, tables);
            refreshed.addAll(days.hours());
        }
        Freshness now = freshness.get();
        recordRefreshedHours(refreshed, now.lastRefresh());
        dropExpired(now.lastRefresh());
        int hoursRebuilt = rebuild.map(r -> r.hours().size()).orElse(0);
        long runId = recordRun(
                connection, tables, startedAt, now.lastRefresh(), hoursRebuilt, eventsRead, rows, "succeeded", null);
        try (PreparedStatement p = connection.prepareStatement(FRESHNESS_SQL)) {
            bind(
                    p,
                    List.of(
                            CalendarRollups.utc(now.lastRefresh()),
                            CalendarRollups.utc(now.completeThrough()),
                            now.pendingHours()));
            p.executeUpdate();
        }
        return new Result(runId, eventsRead, rows, hoursRebuilt);
    }

    static long recordRun(
            Connection connection,
            CubeTables tables,
            Instant startedAt,
            Instant finishedAt,
            int hours,
            long eventsRead,
            long rowsWritten,
            String outcome,
            String detail)
            throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(RECORD_RUN_SQL)) {
            bind(
                    p,
                    Arrays.asList(
                            CalendarRollups.utc(startedAt),
                            CalendarRollups.utc(finishedAt),
                            hours,
                            eventsRead,
                            rowsWritten,
                            tables.cube().version(),
                            outcome,
                            detail,
                            tables.cube().name()));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What a reprocess switch asks: which hours did a refresh rebuild since my rows were built? */
    private void recordRefreshedHours(Collection<Instant> hours, Instant now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO refreshed_hours (event_hour, refreshed_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Instant hour : hours) {
                p.setObject(1, CalendarRollups.utc(hour));
                p.setObject(2, CalendarRollups.utc(now));
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM refreshed_hours WHERE refreshed_at < ?")) {
            p.setObject(1, CalendarRollups.utc(now.minus(REFRESHED_HOURS_KEPT)));
            p.executeUpdate();
        }
    }

    /**
     * Retention by month (decision 0031): drops a grain's month partitions once the whole month is older than the
     * grain's retention, counted back from now; so a bucket is kept at least its retention and at most a month longer,
     * and no run deletes rows. Dropping a partition locks its table against readers until the refresh commits: tried
     * for at most {@link #DROP_LOCK_TIMEOUT} (never queued behind a long query with readers queued behind it), and
     * left to the next run when the lock is not granted in time.
     */
    private void dropExpired(Instant now) throws SQLException {
        for (Grain grain : Grain.values()) {
            YearMonth firstKept = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .minus(tables.cube().retention().get(grain)));
            List<YearMonth> months = CubePartitions.months(connection, "public", WarehouseLayout.cubeTable(grain));
            if (months.isEmpty() || !months.get(0).isBefore(firstKept)) {
                continue;
            }
            Savepoint savepoint = connection.setSavepoint();
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + DROP_LOCK_TIMEOUT.toMillis() + "ms'");
                List<String> dropped = CubePartitions.dropBefore(connection, grain, firstKept);
                s.execute("SET LOCAL lock_timeout TO DEFAULT");
                connection.releaseSavepoint(savepoint);
                LOG.info("retention: dropped {} (buckets before {})", dropped, firstKept);
            } catch (SQLException e) {
                connection.rollback(savepoint);
                LOG.warn(
                        "retention: could not drop the partitions of {} before {} now ({}); the next run tries again",
                        WarehouseLayout.cubeTable(grain),
                        firstKept,
                        e.getMessage());
            }
        }
        // The cardinality caps' admissions live as long as the day rows they decided (decision 0042).
        try (PreparedStatement expired =
                connection.prepareStatement("DELETE FROM cube_dimension_values WHERE day < ?")) {
            expired.setObject(
                    1,
                    LocalDate.ofInstant(now, ZoneOffset.UTC)
                            .minus(tables.cube().retention().get(Grain.DAY)));
            expired.executeUpdate();
        }
    }

    static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
