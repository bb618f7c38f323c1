package com.merchantinsights.etl;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.reprocess.CubePartitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The delta rows of one refresh (decision 0027): the feed's events aggregated once into every grain by {@link CubeGrains},
 * loaded with binary COPY from the Spark tasks into one unlogged staging table per grain, outside the transaction;
 * {@link #apply} then adds them to the live tables inside it, with the buckets they touched for compaction.
 */
final class DeltaLoad {
    /** What {@link #apply} added. */
    record Applied(long events, long rows, List<Instant> hours) {
        static final Applied NONE = new Applied(0, 0, List.of());
    }

    private final CubeTables tables;
    private final Map<Grain, StagingTable> staging;

    private DeltaLoad(CubeTables tables, Map<Grain, StagingTable> staging) {
        this.tables = tables;
        this.staging = staging;
    }

    /** @param calendars the registry's calendars ({@link CubeGrains#CALENDAR_COLUMNS}) */
    static DeltaLoad stage(
            SparkSession spark,
            CubeEtlConfig config,
            Connection connection,
            Instant now,
            Dataset<Row> events,
            Dataset<Row> calendars)
            throws SQLException {
        Map<Grain, StagingTable> staging = new EnumMap<>(Grain.class);
        DeltaLoad load = new DeltaLoad(new CubeTables(config.cube()), staging);
        try {
            for (Grain grain : Grain.values()) {
                staging.put(grain, StagingTable.createLike(connection, now, WarehouseLayout.cubeTable(grain)));
            }
            try (CubeGrains grains = CubeGrains.aggregate(
                    events,
                    calendars,
                    config.cube(),
                    config.defaultZone(),
                    null,
                    CubeGrains.Folding.of(config, connection))) {
                for (Grain grain : Grain.values()) {
                    LongAccumulator rows = spark.sparkContext().longAccumulator("delta rows " + grain.wireName());
                    grains.rows(grain)
                            .foreachPartition(BinaryCopyWriter.of(
                                    config, staging.get(grain).name(), grain, rows));
                }
            }
            return load;
        } catch (SQLException | RuntimeException e) {
            load.drop(connection);
            throw e;
        }
    }

    /** Adds the staged rows to the live tables; inside the refresh's transaction, under the warehouse lock. */
    Applied apply(Connection connection, Instant now) throws SQLException {
        long rows = 0;
        try (Statement s = connection.createStatement()) {
            for (Grain grain : Grain.values()) {
                List<String> columns =
                        grain == Grain.QUARTER_HOUR ? tables.stagingColumns() : tables.rollupColumns(grain);
                String list = String.join(", ", columns);
                String table = staging.get(grain).name();
                CubePartitions.ensureFor(connection, WarehouseLayout.cubeTable(grain), grain, table);
                rows += s.executeUpdate("INSERT INTO " + WarehouseLayout.cubeTable(grain) + " (" + list + ") SELECT "
                        + list + " FROM " + table);
                String bucket = grain == Grain.QUARTER_HOUR || grain == Grain.HOUR
                        ? "to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                        : "bucket_start::text";
                try (PreparedStatement p =
                        connection.prepareStatement("INSERT INTO cube_compaction_todo (grain, merchant_id,"
                                + " bucket, first_delta_at) SELECT DISTINCT ?, merchant_id, " + bucket
                                + ", ?::timestamptz FROM "
                                + table + " ON CONFLICT DO NOTHING")) {
                    p.setString(1, grain.wireName());
                    p.setObject(2, CalendarRollups.utc(now));
                    p.executeUpdate();
                }
            }
        }
        long events = 0;
        List<Instant> hours = new ArrayList<>();
        String quarter = staging.get(Grain.QUARTER_HOUR).name();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT date_trunc('hour', bucket_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',"
                                + " sum(" + tables.cube().countMeasure().name() + ") FROM " + quarter
                                + " WHERE cuboid = '"
                                + GroupingSet.TOTALS_ID + "' GROUP BY 1")) {
            while (rs.next()) {
                hours.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                events += rs.getLong(2);
            }
        }
        return new Applied(events, rows, hours);
    }

    void drop(Connection connection) throws SQLException {
        for (StagingTable table : staging.values()) {
            table.drop(connection);
        }
    }
}
