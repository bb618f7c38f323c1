package com.merchantinsights.etl.reprocess;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The run log {@code reprocess_runs} (Flyway V22): every rebuild, switch and rollback, with its figures. */
public final class ReprocessRuns {
    /** A building run whose heartbeat is older than this has lost its driver. */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(2);

    private final Connection connection;

    public ReprocessRuns(Connection connection) {
        this.connection = connection;
    }

    /** The request of a new run, as it is logged. */
    public record Request(
            ReprocessRun.Kind kind,
            Instant from,
            Instant to,
            List<String> merchants,
            String rawVersion,
            String cubeName,
            int cubeVersion,
            String requestedBy) {
        public Request {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("empty range: " + from + " .. " + to);
            }
            merchants = List.copyOf(merchants);
        }
    }

    public long start(Request request, Instant now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO reprocess_runs (kind, range_from, range_to, merchants, raw_version, cube_name, cube_version,
                                            state, requested_by, started_at, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'building', ?, ?, ?) RETURNING run_id""")) {
            p.setString(1, request.kind().wireName());
            p.setObject(2, utc(request.from()));
            p.setObject(3, utc(request.to()));
            p.setArray(4, connection.createArrayOf("text", request.merchants().toArray()));
            p.setString(5, request.rawVersion());
            p.setString(6, request.cubeName());
            p.setInt(7, request.cubeVersion());
            p.setString(8, request.requestedBy());
            p.setObject(9, utc(now));
            p.setObject(10, utc(now));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Progress of a building run; also its heartbeat. */
    public void progress(long runId, int hoursTotal, int hoursDone, long eventsRead, long rowsWritten, Instant now)
            throws SQLException {
        update(
                "UPDATE reprocess_runs SET hours_total = ?, hours_done = ?, events_read = ?, rows_written = ?,"
                        + " heartbeat_at = ? WHERE run_id = ? AND state = 'building'",
                hoursTotal,
                hoursDone,
                eventsRead,
                rowsWritten,
                utc(now),
                runId);
    }

    public void built(long runId, long rowsWritten, String diffSummaryJson, Instant now) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE reprocess_runs SET state = 'built', built_at = ?,"
                        + " heartbeat_at = ?, rows_written = ?, diff_summary = ?::jsonb WHERE run_id = ? AND state = 'building'")) {
            p.setObject(1, utc(now));
            p.setObject(2, utc(now));
            p.setLong(3, rowsWritten);
            p.setString(4, diffSummaryJson);
            p.setLong(5, runId);
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("run " + runId + " is no longer building");
            }
        }
    }

    /** The live raw rows a promotion replaces are saved (never saved twice: a retry would save promoted rows). */
    public void rawBackedUp(long runId, Instant now) throws SQLException {
        update("UPDATE reprocess_runs SET raw_backup_at = ? WHERE run_id = ?", utc(now), runId);
    }

    /** The run's raw version is the live raw data of its scope (null: it no longer is, after a rollback). */
    public void rawPromoted(long runId, Instant at) throws SQLException {
        update("UPDATE reprocess_runs SET raw_promoted_at = ? WHERE run_id = ?", utc(at), runId);
    }

    public void failed(long runId, String detail, Instant now) throws SQLException {
        update(
                "UPDATE reprocess_runs SET state = 'failed', finished_at = ?, detail = ? WHERE run_id = ?"
                        + " AND state IN ('building', 'built')",
                utc(now),
                truncate(detail),
                runId);
    }

    /**
     * Marks building runs whose heartbeat stopped as abandoned (their driver was killed) and returns them, so that
     * their schemas can be dropped: a killed rebuild never blocks the next one.
     */
    public List<ReprocessRun> abandonStale(Instant now) throws SQLException {
        List<ReprocessRun> stale = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("UPDATE reprocess_runs SET state = 'abandoned',"
                + " finished_at = ?, detail = 'its driver stopped while building' WHERE state = 'building'"
                + " AND heartbeat_at < ? RETURNING *")) {
            p.setObject(1, utc(now));
            p.setObject(2, utc(now.minus(HEARTBEAT_TIMEOUT)));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    stale.add(read(rs));
                }
            }
        }
        return stale;
    }

    /** Abandons every building run regardless of its heartbeat: the one driver that builds has just started. */
    public List<ReprocessRun> abandonAllBuilding(Instant now) throws SQLException {
        return abandonStale(now.plus(HEARTBEAT_TIMEOUT).plusSeconds(1));
    }

    public Optional<ReprocessRun> find(long runId) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT * FROM reprocess_runs WHERE run_id = ?")) {
            p.setLong(1, runId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The newest runs first. */
    public List<ReprocessRun> latest(int limit) throws SQLException {
        List<ReprocessRun> runs = new ArrayList<>();
        try (PreparedStatement p =
                connection.prepareStatement("SELECT * FROM reprocess_runs ORDER BY run_id DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
        }
        return runs;
    }

    void update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            p.executeUpdate();
        }
    }

    static ReprocessRun read(ResultSet rs) throws SQLException {
        Array merchants = rs.getArray("merchants");
        long rollsBackId = rs.getLong("rolls_back");
        Long rollsBack = rs.wasNull() ? null : rollsBackId;
        return new ReprocessRun(
                rs.getLong("run_id"),
                ReprocessRun.Kind.of(rs.getString("kind")),
                instant(rs, "range_from"),
                instant(rs, "range_to"),
                merchants == null ? List.of() : Arrays.asList((String[]) merchants.getArray()),
                rs.getString("raw_version"),
                rs.getString("cube_name"),
                rs.getInt("cube_version"),
                ReprocessRun.State.of(rs.getString("state")),
                rs.getString("requested_by"),
                instant(rs, "started_at"),
                instant(rs, "heartbeat_at"),
                instant(rs, "built_at"),
                instant(rs, "switched_at"),
                instant(rs, "finished_at"),
                rs.getInt("hours_total"),
                rs.getInt("hours_done"),
                rs.getLong("events_read"),
                rs.getLong("rows_written"),
                rs.getString("diff_summary"),
                instant(rs, "keep_until"),
                rollsBack,
                rs.getString("detail"),
                instant(rs, "raw_backup_at"),
                instant(rs, "raw_promoted_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String truncate(String detail) {
        String text = String.valueOf(detail);
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
