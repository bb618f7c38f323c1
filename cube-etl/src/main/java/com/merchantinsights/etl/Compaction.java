package com.merchantinsights.etl;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.warehouse.WarehouseLock;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the delta rows of a bucket into one row per key (decision 0027), off the hot path: each bucket atomically (one
 * transaction under the warehouse lock reads its rows, deletes them and writes the merged ones), a bucket once its first
 * delta since the last compaction is older than its grain's age. The ages bound the rows a key gathers: a quarter hour
 * at most 3 deltas and its compacted row, an hour or a day 12, a week or month 72 (with 5-minute runs).
 */
final class Compaction {
    static final Map<Grain, Duration> AGE = new EnumMap<>(Map.of(
            Grain.QUARTER_HOUR, Duration.ofMinutes(15),
            Grain.HOUR, Duration.ofHours(1),
            Grain.DAY, Duration.ofHours(1),
            Grain.WEEK, Duration.ofHours(6),
            Grain.MONTH, Duration.ofHours(6)));
    private static final int FETCH_SIZE = 10_000;
    /** Merchants compacted in one transaction: one range read, one delete, one COPY. */
    private static final int MERCHANTS_PER_TRANSACTION = 500;

    private final Connection connection;
    private final CubeTables tables;

    Compaction(Connection connection, CubeTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /** @return the rows written (one per key of each compacted bucket) */
    long compactDue(Instant now) throws SQLException {
        long written = 0;
        for (Grain grain : Grain.values()) {
            Map<String, Set<String>> merchantsByBucket = new TreeMap<>();
            try (PreparedStatement p =
                    connection.prepareStatement("SELECT bucket, merchant_id FROM cube_compaction_todo"
                            + " WHERE grain = ? AND first_delta_at <= ?")) {
                p.setString(1, grain.wireName());
                p.setObject(2, CalendarRollups.utc(now.minus(AGE.get(grain))));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        merchantsByBucket
                                .computeIfAbsent(rs.getString(1), b -> new TreeSet<>())
                                .add(rs.getString(2));
                    }
                }
            }
            for (Map.Entry<String, Set<String>> bucket : merchantsByBucket.entrySet()) {
                List<String> merchants = new ArrayList<>(bucket.getValue());
                for (int from = 0; from < merchants.size(); from += MERCHANTS_PER_TRANSACTION) {
                    written += compact(
                            grain,
                            bucket.getKey(),
                            merchants.subList(from, Math.min(merchants.size(), from + MERCHANTS_PER_TRANSACTION)));
                }
            }
        }
        return written;
    }

    private long compact(Grain grain, String bucket, List<String> merchants) throws SQLException {
        boolean instants = grain == Grain.QUARTER_HOUR || grain == Grain.HOUR;
        Object bucketValue =
                instants ? CalendarRollups.utc(Instant.parse(bucket)) : Date.valueOf(LocalDate.parse(bucket));
        List<String> prefixColumns =
                new ArrayList<>(List.of(WarehouseLayout.MERCHANT_ID, WarehouseLayout.BUCKET_START));
        if (grain != Grain.QUARTER_HOUR) {
            prefixColumns.add(WarehouseLayout.TIME_ZONE);
        }
        if (grain == Grain.WEEK) {
            prefixColumns.add("week_start");
        }
        connection.setAutoCommit(false);
        try {
            WarehouseLock.inTransaction(connection);
            Array ids = connection.createArrayOf("text", merchants.toArray());
            // A merchant's rows of one bucket, per (merchant, zone, week start): the prefix a merged row is written
            // with.
            Map<List<String>, RowAccumulator> merged = new HashMap<>();
            String select = "SELECT " + String.join(", ", tables.keyColumns()) + ", "
                    + String.join(", ", tables.measureColumns())
                    + ", "
                    + String.join(
                            ", ",
                            prefixColumns.stream()
                                    .filter(c -> !c.equals("bucket_start"))
                                    .toList())
                    + " FROM " + WarehouseLayout.cubeTable(grain) + " WHERE merchant_id = ANY(?) AND bucket_start = ?";
            int first = tables.keyColumns().size() + tables.measureColumns().size() + 1;
            try (PreparedStatement p = connection.prepareStatement(select)) {
                p.setFetchSize(FETCH_SIZE);
                p.setArray(1, ids);
                p.setObject(2, bucketValue);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        List<String> prefix = new ArrayList<>();
                        for (int i = first; i < first + prefixColumns.size() - 1; i++) {
                            prefix.add(rs.getString(i));
                        }
                        merged.computeIfAbsent(
                                        prefix,
                                        k -> new RowAccumulator(
                                                tables.cube(),
                                                tables.keyColumns().size()))
                                .add(rs);
                    }
                }
            }
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + WarehouseLayout.cubeTable(grain)
                    + " WHERE merchant_id = ANY(?) AND bucket_start = ?")) {
                p.setArray(1, ids);
                p.setObject(2, bucketValue);
                p.executeUpdate();
            }
            List<String> columns = new ArrayList<>(prefixColumns);
            columns.addAll(tables.keyColumns());
            columns.addAll(tables.measureColumns());
            CopyRows copy = new CopyRows(connection, WarehouseLayout.cubeTable(grain), columns);
            Object bucketStart = instants ? Instant.parse(bucket) : LocalDate.parse(bucket);
            for (Map.Entry<List<String>, RowAccumulator> rows : merged.entrySet()) {
                List<Object> prefix = new ArrayList<>();
                prefix.add(rows.getKey().get(0));
                prefix.add(bucketStart);
                prefix.addAll(rows.getKey().subList(1, rows.getKey().size()));
                rows.getValue().writeTo(copy, prefix);
            }
            long written = copy.finish();
            try (PreparedStatement p = connection.prepareStatement(
                    "DELETE FROM cube_compaction_todo WHERE grain = ?" + " AND bucket = ? AND merchant_id = ANY(?)")) {
                p.setString(1, grain.wireName());
                p.setString(2, bucket);
                p.setArray(3, ids);
                p.executeUpdate();
            }
            connection.commit();
            return written;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
