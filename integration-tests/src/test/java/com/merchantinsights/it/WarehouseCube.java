package com.merchantinsights.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/** A merchant's cube rows as the warehouse holds them, in the same shape as {@link ReferenceCube}. */
final class WarehouseCube {
    final Map<String, Long> counts = new TreeMap<>();
    final Map<String, Long> amounts = new TreeMap<>();
    final Map<String, Double> customerEstimates = new TreeMap<>();
    final Map<String, Long> channelCounts = new TreeMap<>();

    static WarehouseCube read(String jdbcUrl, String user, String password, String merchant) throws SQLException {
        return read(jdbcUrl, user, password, merchant, "public");
    }

    /** The rows in another schema's cube tables: a warehouse rebuild built beside the live cube. */
    static WarehouseCube read(String jdbcUrl, String user, String password, String merchant, String schema)
            throws SQLException {
        WarehouseCube cube = new WarehouseCube();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (String grain : new String[] {"hour", "day", "week", "month"}) {
                Map<String, Union> unions = new TreeMap<>();
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT bucket_start, event_type, currency, event_count, " + "amount_sum, customers FROM "
                                + schema + ".cube_" + grain + " WHERE merchant_id = ? AND cuboid = 'all'")) {
                    p.setString(1, merchant);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            String key = grain + " " + bucket(rs, grain);
                            cube.counts.merge(key + " " + rs.getString(2), rs.getLong(4), Long::sum);
                            if (!rs.getString(3).isEmpty()) {
                                cube.amounts.merge(
                                        key + " " + rs.getString(2) + " " + rs.getString(3), rs.getLong(5), Long::sum);
                            }
                            byte[] sketch = rs.getBytes(6);
                            if (sketch != null) {
                                unions.computeIfAbsent(key, k -> new Union(12)).update(HllSketch.heapify(sketch));
                            }
                        }
                    }
                }
                unions.forEach((key, union) -> cube.customerEstimates.put(
                        key, union.getResult(TgtHllType.HLL_8).getEstimate()));
            }
            try (PreparedStatement p = c.prepareStatement("SELECT bucket_start, channel, event_type, event_count "
                    + "FROM " + schema + ".cube_day WHERE merchant_id = ? AND cuboid = 'channel'")) {
                p.setString(1, merchant);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        cube.channelCounts.merge(
                                "day " + bucket(rs, "day") + " " + rs.getString(2) + " " + rs.getString(3),
                                rs.getLong(4),
                                Long::sum);
                    }
                }
            }
        }
        return cube;
    }

    private static String bucket(ResultSet rs, String grain) throws SQLException {
        return grain.equals("hour")
                ? rs.getObject(1, OffsetDateTime.class).toInstant().toString()
                : rs.getObject(1, LocalDate.class).toString();
    }
}
