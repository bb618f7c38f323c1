package com.merchantinsights.etl;

import com.merchantinsights.etl.reprocess.CubeSwitch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * (UTC hour, merchant) pairs whose cube rows must be rebuilt whole from raw events (decision 0027): after a reprocess
 * switch or rollback, or a backfill written straight to the raw store. The refresh reads them, rebuilds the merchant's
 * local days that the hour touches ({@link LocalDayRebuild}) and deletes what it read in its own transaction; a request made meanwhile has a later requested_at and stays.
 */
public final class RebuildRequests {
    /** One request as read. */
    public record Request(Instant eventHour, String merchantId, Instant requestedAt) {}

    private RebuildRequests() {}

    /** Asks for the pairs' hours to be rebuilt by the next refresh. */
    public static void request(Connection connection, Collection<CubeSwitch.HourOfMerchant> pairs, Instant now)
            throws SQLException {
        try (PreparedStatement p =
                connection.prepareStatement("INSERT INTO cube_rebuild_requests (event_hour, merchant_id,"
                        + " requested_at) VALUES (?, ?, ?) ON CONFLICT (event_hour, merchant_id) DO UPDATE SET requested_at ="
                        + " greatest(cube_rebuild_requests.requested_at, EXCLUDED.requested_at)")) {
            for (CubeSwitch.HourOfMerchant pair : pairs) {
                p.setObject(1, CalendarRollups.utc(pair.eventHour()));
                p.setString(2, pair.merchantId());
                p.setObject(3, CalendarRollups.utc(now));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static List<Request> snapshot(Connection connection) throws SQLException {
        List<Request> requests = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT event_hour, merchant_id, requested_at FROM cube_rebuild_requests")) {
            while (rs.next()) {
                requests.add(new Request(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()));
            }
        }
        return requests;
    }

    /** Deletes the requests read, unless asked again since; inside the refresh's transaction. */
    static void consume(Connection connection, Collection<Request> read) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM cube_rebuild_requests WHERE event_hour = ?"
                + " AND merchant_id = ? AND requested_at <= ?")) {
            for (Request r : read) {
                p.setObject(1, CalendarRollups.utc(r.eventHour()));
                p.setString(2, r.merchantId());
                p.setObject(3, CalendarRollups.utc(r.requestedAt()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
