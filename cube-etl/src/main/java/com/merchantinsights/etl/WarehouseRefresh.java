package com.merchantinsights.etl;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.reprocess.CubeSwitch;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The warehouse side of one refresh, run inside the caller's transaction: replace the base rows of the dirty hours
 * with the staged ones, rebuild every merchant-local hour, day, week and month they fall in, drop buckets past their
 * grain's retention, record the run and the freshness. Either all of it is visible to the insights API, or none of it.
 */
final class WarehouseRefresh {
    /** How long the refreshed hours are remembered for reprocess switches (runs older than this are not switched). */
    private static final java.time.Duration REFRESHED_HOURS_KEPT = java.time.Duration.ofDays(30);

    private static final String DELETE_BASE_SQL = """
            WITH deleted AS (
              DELETE FROM cube_quarter_hour b
              USING unnest(?::timestamptz[], ?::timestamptz[]) AS h(hour_start, hour_end)
              WHERE b.bucket_start >= h.hour_start AND b.bucket_start < h.hour_end
              RETURNING b.merchant_id, b.bucket_start)
            SELECT DISTINCT merchant_id, bucket_start FROM deleted""";
    private static final String RECORD_RUN_SQL = """
            INSERT INTO etl_runs (started_at, finished_at, hours_rebuilt, events_read, rows_written, logic_version,
                                  outcome, detail, cube_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id""";
    private static final String FRESHNESS_SQL = """
            INSERT INTO freshness (singleton, last_refresh, complete_through, pending_hours) VALUES (true, ?, ?, ?)
            ON CONFLICT (singleton) DO UPDATE SET last_refresh = EXCLUDED.last_refresh,
              complete_through = EXCLUDED.complete_through, pending_hours = EXCLUDED.pending_hours""";

    record Result(long runId, long eventsRead, long rowsWritten) {
    }

    private final Connection connection;
    private final CubeTables tables;
    private final ZoneId defaultZone;

    WarehouseRefresh(Connection connection, CubeTables tables, ZoneId defaultZone) {
        this.connection = connection;
        this.tables = tables;
        this.defaultZone = defaultZone;
    }

    /**
     * @param staging   the staged base rows of the hours rebuilt whole, absent when none is
     * @param hours     the UTC hours rebuilt whole for all merchants (rebuild requests, decision 0027)
     * @param deltas    what the caller added from the feed in this transaction, before the hours are rebuilt: its
     *                  hours count as refreshed, its events as read
     * @param freshness evaluated last, as close to the commit as possible
     */
    Result apply(Optional<StagingTable> staging, Collection<Instant> hours, DeltaLoad.Applied deltas, Instant startedAt,
                 Supplier<Freshness> freshness) throws SQLException {
        // Serialises refreshes across processes (a second driver, a manual run) and with reprocess switches.
        CubeSwitch.lockWarehouse(connection);
        Map<String, Set<Instant>> changed = new TreeMap<>();
        deleteBaseRows(hours, changed);
        long eventsRead = deltas.events();
        long rows = deltas.rows();
        if (staging.isPresent()) {
            eventsRead += readStaged(staging.get(), changed);
            String columns = String.join(", ", tables.stagingColumns());
            try (Statement s = connection.createStatement()) {
                rows += s.executeUpdate("INSERT INTO cube_quarter_hour (" + columns + ") SELECT " + columns + " FROM "
                        + staging.get().name());
            }
        }
        Map<String, MerchantCalendar> calendars = MerchantCalendars.of(connection, changed.keySet(), defaultZone);
        rows += new CalendarRollups(connection, tables).rebuild(changed, calendars);
        Freshness now = freshness.get();
        Set<Instant> refreshed = new TreeSet<>(hours);
        refreshed.addAll(deltas.hours());
        recordRefreshedHours(refreshed, now.lastRefresh());
        dropExpired(now.lastRefresh());
        long runId = recordRun(connection, tables, startedAt, now.lastRefresh(), hours.size(), eventsRead, rows,
                "succeeded", null);
        try (PreparedStatement p = connection.prepareStatement(FRESHNESS_SQL)) {
            bind(p, List.of(CalendarRollups.utc(now.lastRefresh()), CalendarRollups.utc(now.completeThrough()),
                    now.pendingHours()));
            p.executeUpdate();
        }
        if (staging.isPresent()) {
            staging.get().drop(connection);
        }
        return new Result(runId, eventsRead, rows);
    }

    static long recordRun(Connection connection, CubeTables tables, Instant startedAt, Instant finishedAt, int hours,
                          long eventsRead, long rowsWritten, String outcome, String detail) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(RECORD_RUN_SQL)) {
            bind(p, Arrays.asList(CalendarRollups.utc(startedAt), CalendarRollups.utc(finishedAt), hours, eventsRead,
                    rowsWritten, tables.cube().version(), outcome, detail, tables.cube().name()));
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

    /** Buckets whose start is older than their grain's retention, counted back from now. */
    private void dropExpired(Instant now) throws SQLException {
        for (Grain grain : Grain.values()) {
            Period kept = tables.cube().retention().get(grain);
            LocalDate cutoffDay = LocalDate.ofInstant(now, ZoneOffset.UTC).minus(kept);
            Object cutoff = grain == Grain.QUARTER_HOUR || grain == Grain.HOUR
                    ? cutoffDay.atStartOfDay().atOffset(ZoneOffset.UTC) : java.sql.Date.valueOf(cutoffDay);
            try (PreparedStatement p = connection.prepareStatement(
                    "DELETE FROM " + CubeTables.table(grain) + " WHERE bucket_start < ?")) {
                p.setObject(1, cutoff);
                p.executeUpdate();
            }
        }
    }

    private void deleteBaseRows(Collection<Instant> hours, Map<String, Set<Instant>> changed) throws SQLException {
        if (hours.isEmpty()) {
            return;
        }
        Array starts = connection.createArrayOf("text", hours.stream().map(Instant::toString).toArray());
        Array ends = connection.createArrayOf("text", hours.stream().map(h -> h.plusSeconds(3600).toString()).toArray());
        try (PreparedStatement p = connection.prepareStatement(DELETE_BASE_SQL)) {
            p.setArray(1, starts);
            p.setArray(2, ends);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    add(changed, rs);
                }
            }
        }
    }

    /** Adds the staged buckets to {@code changed}; returns the number of events they count. */
    private long readStaged(StagingTable staging, Map<String, Set<Instant>> changed) throws SQLException {
        long events = 0;
        String count = tables.cube().countMeasure().name();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT merchant_id, bucket_start, sum(" + count + ") FROM " + staging.name()
                     + " WHERE cuboid = '" + GroupingSet.TOTALS_ID + "' GROUP BY merchant_id, bucket_start")) {
            while (rs.next()) {
                add(changed, rs);
                events += rs.getLong(3);
            }
        }
        return events;
    }

    private static void add(Map<String, Set<Instant>> changed, ResultSet rs) throws SQLException {
        changed.computeIfAbsent(rs.getString(1), m -> new TreeSet<>())
                .add(rs.getObject(2, OffsetDateTime.class).toInstant());
    }

    static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
