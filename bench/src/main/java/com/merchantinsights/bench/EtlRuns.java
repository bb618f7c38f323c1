package com.merchantinsights.bench;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the warehouse says about the cube ETL: its runs ({@code etl_runs}: events read, rows written, hours rebuilt,
 * start and finish of each) and the events in the cube (the totals cuboid's count in {@code cube_quarter_hour}, where
 * every applied event is counted once, whichever grain it also went to).
 */
final class EtlRuns {
    private static final String SUCCEEDED = "succeeded";

    private final Connection connection;

    EtlRuns(Connection connection) {
        this.connection = connection;
    }

    /** The id of the newest run that committed; 0 before the first. */
    synchronized long lastCommitted() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT coalesce(max(run_id), 0) FROM etl_runs WHERE finished_at IS NOT NULL AND outcome = ?")) {
            p.setString(1, SUCCEEDED);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The newest feed batch the ETL applied (over the streams that wrote one), or -1 before the first. */
    synchronized long appliedFeedBatch() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(applied_batch), -1) FROM cube_feed_positions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Start and commit of the runs with ids in [from, through]. */
    synchronized List<Span> spans(long from, long through) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT run_id, started_at, finished_at FROM etl_runs"
                + " WHERE run_id >= ? AND run_id <= ? AND finished_at IS NOT NULL ORDER BY run_id")) {
            p.setLong(1, from);
            p.setLong(2, through);
            List<Span> spans = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    spans.add(new Span(rs.getLong(1), instant(rs, 2), instant(rs, 3)));
                }
            }
            return spans;
        }
    }

    /** A run's start and the time it recorded at its commit. */
    record Span(long runId, Instant started, Instant committed) {}

    /** Events in the cube: the totals cuboid's count over every quarter hour. */
    synchronized long eventsInCube() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT coalesce(sum(event_count), 0) FROM " + WarehouseLayout.cubeTable(Grain.QUARTER_HOUR)
                                + " WHERE cuboid = '" + GroupingSet.TOTALS_ID + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The runs with ids in (after, through]. */
    synchronized Window between(long after, long through) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE outcome = ?), count(*) FILTER (WHERE outcome <> ?),
                       coalesce(sum(events_read), 0), coalesce(sum(rows_written), 0), coalesce(sum(hours_rebuilt), 0),
                       coalesce(avg(extract(epoch FROM finished_at - started_at)) FILTER (WHERE outcome = ?), 0),
                       coalesce(max(extract(epoch FROM finished_at - started_at)), 0),
                       min(started_at), max(finished_at)
                FROM etl_runs WHERE run_id > ? AND run_id <= ? AND finished_at IS NOT NULL""")) {
            p.setString(1, SUCCEEDED);
            p.setString(2, SUCCEEDED);
            p.setString(3, SUCCEEDED);
            p.setLong(4, after);
            p.setLong(5, through);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Window(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getDouble(6),
                        rs.getDouble(7),
                        instant(rs, 8),
                        instant(rs, 9));
            }
        }
    }

    /** The latest run: its events read, rows written and duration, for progress lines. */
    synchronized String describeLast() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT run_id, outcome, events_read, rows_written, hours_rebuilt,"
                        + " extract(epoch FROM finished_at - started_at) FROM etl_runs WHERE finished_at IS NOT NULL"
                        + " ORDER BY run_id DESC LIMIT 1")) {
            if (!rs.next()) {
                return "no ETL run yet";
            }
            return String.format(
                    java.util.Locale.ROOT,
                    "ETL run %d %s: %,d events read, %,d rows, %d hours rebuilt, %.1f s",
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getDouble(6));
        }
    }

    /**
     * Runs that finished in a window.
     *
     * @param succeeded      runs that committed
     * @param failed         runs recorded with another outcome
     * @param eventsRead     events the runs read, from any source (the feed, the raw store for rebuilt hours)
     * @param rowsWritten    cube rows they wrote, every grain
     * @param hoursRebuilt   UTC hours they rebuilt whole from raw rows
     * @param meanSeconds    their mean duration (succeeded runs)
     * @param maxSeconds     the longest
     */
    record Window(
            int succeeded,
            int failed,
            long eventsRead,
            long rowsWritten,
            long hoursRebuilt,
            double meanSeconds,
            double maxSeconds,
            Instant firstStart,
            Instant lastFinish) {}

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
