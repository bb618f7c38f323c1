package com.merchantinsights.reconcile;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The cube's totals from the warehouse: the count measure of the totals cuboid of the 15-minute base, per hour. */
public final class CubeTotalsReads {
    private CubeTotalsReads() {}

    /** Totals of the hours in [from, to); only {@code merchants} when not empty. */
    public static HourCounts totals(Connection warehouse, Instant from, Instant to, Set<String> merchants)
            throws SQLException {
        // Quarter hours come back as instants and are cut into UTC hours here: no time-zone arithmetic in PostgreSQL.
        String sql = "SELECT merchant_id, bucket_start, sum(event_count) FROM "
                + WarehouseLayout.cubeTable(Grain.QUARTER_HOUR)
                + " WHERE cuboid = ? AND bucket_start >= ? AND bucket_start < ?"
                + (merchants.isEmpty() ? "" : " AND merchant_id = ANY (?)")
                + " GROUP BY merchant_id, bucket_start";
        List<HourCount> counts = new ArrayList<>();
        try (PreparedStatement select = warehouse.prepareStatement(sql)) {
            select.setString(1, GroupingSet.TOTALS_ID);
            select.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            select.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            if (!merchants.isEmpty()) {
                Array ids = warehouse.createArrayOf("text", merchants.toArray());
                select.setArray(4, ids);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.add(new HourCount(
                            HourMerchant.of(
                                    rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getString(1)),
                            rows.getLong(3)));
                }
            }
        }
        return HourCounts.of(counts);
    }

    /**
     * The (hour, merchant) cells of {@code hours} with a rebuild request waiting (decision 0027): like a feed batch not
     * applied yet, a refresh is pending there.
     */
    public static Set<HourMerchant> rebuildRequested(Connection warehouse, Collection<Instant> hours)
            throws SQLException {
        Set<HourMerchant> cells = new HashSet<>();
        if (hours.isEmpty()) {
            return cells;
        }
        try (PreparedStatement select = warehouse.prepareStatement(
                "SELECT event_hour, merchant_id FROM" + " cube_rebuild_requests WHERE event_hour = ANY (?)")) {
            select.setArray(
                    1,
                    warehouse.createArrayOf(
                            "timestamptz",
                            hours.stream()
                                    .map(h -> OffsetDateTime.ofInstant(h, ZoneOffset.UTC))
                                    .toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    cells.add(HourMerchant.of(
                            rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getString(2)));
                }
            }
        }
        return cells;
    }
}
