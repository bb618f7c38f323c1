package com.merchantinsights.etl;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The warehouse side of one refresh, run inside the caller's transaction: replace the base rows of the dirty
 * hours with the staged ones, recompute the local days they fall in, record the run and the freshness. Either
 * all of it is visible to the insights API, or none of it.
 */
final class WarehouseRefresh {
    /** Serialises refreshes across processes too (a second driver, a manual run). */
    private static final long ADVISORY_LOCK = 0x6d_695f_6574_6cL;

    private static final String DELETE_BASE_SQL = """
            WITH deleted AS (
              DELETE FROM cube_base_15m b
              USING unnest(?::timestamptz[], ?::timestamptz[]) AS h(hour_start, hour_end)
              WHERE b.bucket_start >= h.hour_start AND b.bucket_start < h.hour_end
              RETURNING b.merchant_id, b.bucket_start)
            SELECT DISTINCT merchant_id, bucket_start FROM deleted""";
    private static final String RECORD_RUN_SQL = """
            INSERT INTO etl_runs (started_at, finished_at, hours_rebuilt, events_read, rows_written, logic_version,
                                  outcome, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id""";
    private static final String FRESHNESS_SQL = """
            INSERT INTO freshness (singleton, last_refresh, complete_through, pending_hours) VALUES (true, ?, ?, ?)
            ON CONFLICT (singleton) DO UPDATE SET last_refresh = EXCLUDED.last_refresh,
              complete_through = EXCLUDED.complete_through, pending_hours = EXCLUDED.pending_hours""";

    record Result(long runId, long eventsRead, long rowsWritten) {
    }

    private final Connection connection;
    private final ZoneId zone;

    WarehouseRefresh(Connection connection, ZoneId zone) {
        this.connection = connection;
        this.zone = zone;
    }

    /**
     * @param staging   the staged base rows, absent when no hour is dirty
     * @param hours     the dirty UTC hours, rebuilt whole for all merchants
     * @param freshness evaluated last, as close to the commit as possible
     */
    Result apply(Optional<StagingTable> staging, Collection<Instant> hours, Instant startedAt,
                 Supplier<Freshness> freshness) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
        }
        Set<MerchantBucket> changed = new HashSet<>(deleteBaseRows(hours));
        long eventsRead = 0;
        long baseRows = 0;
        if (staging.isPresent()) {
            eventsRead = readStaged(staging.get(), changed);
            try (Statement s = connection.createStatement()) {
                baseRows = s.executeUpdate("INSERT INTO cube_base_15m (merchant_id, bucket_start, event_type, event_count) "
                        + "SELECT merchant_id, bucket_start, event_type, event_count FROM " + staging.get().name());
            }
        }
        long dayRows = rollUpDays(DayRefresh.touchedBy(changed, zone));
        Freshness now = freshness.get();
        long runId = recordRun(connection, startedAt, now.lastRefresh(), hours.size(), eventsRead, baseRows + dayRows,
                "succeeded", null);
        try (PreparedStatement p = connection.prepareStatement(FRESHNESS_SQL)) {
            bind(p, List.of(DayRefresh.utc(now.lastRefresh()), DayRefresh.utc(now.completeThrough()), now.pendingHours()));
            p.executeUpdate();
        }
        if (staging.isPresent()) {
            staging.get().drop(connection);
        }
        return new Result(runId, eventsRead, baseRows + dayRows);
    }

    static long recordRun(Connection connection, Instant startedAt, Instant finishedAt, int hours, long eventsRead,
                          long rowsWritten, String outcome, String detail) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(RECORD_RUN_SQL)) {
            bind(p, Arrays.asList(DayRefresh.utc(startedAt), DayRefresh.utc(finishedAt), hours, eventsRead,
                    rowsWritten, CubeEtl.LOGIC_VERSION, outcome, detail));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<MerchantBucket> deleteBaseRows(Collection<Instant> hours) throws SQLException {
        if (hours.isEmpty()) {
            return List.of();
        }
        Array starts = connection.createArrayOf("text", hours.stream().map(Instant::toString).toArray());
        Array ends = connection.createArrayOf("text", hours.stream().map(h -> h.plusSeconds(3600).toString()).toArray());
        try (PreparedStatement p = connection.prepareStatement(DELETE_BASE_SQL)) {
            p.setArray(1, starts);
            p.setArray(2, ends);
            List<MerchantBucket> deleted = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    deleted.add(new MerchantBucket(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
                }
            }
            return deleted;
        }
    }

    /** Adds the staged buckets to {@code changed}; returns the number of events they count. */
    private long readStaged(StagingTable staging, Set<MerchantBucket> changed) throws SQLException {
        long events = 0;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT merchant_id, bucket_start, sum(event_count) FROM " + staging.name()
                     + " GROUP BY merchant_id, bucket_start")) {
            while (rs.next()) {
                changed.add(new MerchantBucket(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
                events += rs.getLong(3);
            }
        }
        return events;
    }

    private long rollUpDays(List<DayRefresh> days) throws SQLException {
        if (days.isEmpty()) {
            return 0;
        }
        try (PreparedStatement delete = connection.prepareStatement(DayRefresh.DELETE_SQL);
             PreparedStatement insert = connection.prepareStatement(DayRefresh.INSERT_SQL)) {
            for (DayRefresh day : days) {
                bind(delete, day.deleteParameters());
                delete.addBatch();
                bind(insert, day.insertParameters());
                insert.addBatch();
            }
            delete.executeBatch();
            long rows = 0;
            for (int count : insert.executeBatch()) {
                rows += Math.max(count, 0);
            }
            return rows;
        }
    }

    static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
