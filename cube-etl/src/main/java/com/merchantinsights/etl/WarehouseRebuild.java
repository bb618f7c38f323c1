package com.merchantinsights.etl;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.etl.reprocess.CubePartitions;
import com.merchantinsights.etl.warehouse.WarehouseLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole warehouse rebuilt from raw events (a lost warehouse; the rebuild benchmark): every grain computed in Spark
 * ({@link CubeGrains}), loaded with binary {@code COPY} from the Spark tasks into tables without indexes in a schema
 * of its own, indexed after the load (a bulk index build, not one b-tree insert per row), and swapped for the live
 * tables in one transaction under the warehouse lock. The live cube answers until the swap.
 */
public final class WarehouseRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRebuild.class);

    /**
     * @param sparkMs the Spark jobs: read, aggregate every grain, binary COPY from the tasks
     * @param indexMs building the indexes and constraints after the load, and ANALYZE
     * @param loadMs  swapping the tables in
     * @param schema  where the built tables are: {@code public} after a swap
     */
    public record Summary(
            String schema, long events, Map<Grain, Long> rows, long sparkMs, long loadMs, long indexMs, long totalMs) {
        public Summary {
            rows = Map.copyOf(rows);
        }

        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final SparkSession spark;
    private final CubeEtlConfig config;

    public WarehouseRebuild(SparkSession spark, CubeEtlConfig config) {
        this.spark = spark;
        this.config = config;
    }

    /** Rebuilds every grain of the given whole UTC hours for all merchants from the raw store and swaps them in. */
    public Summary rebuild(Collection<Instant> hours) throws SQLException {
        return rebuild(hours, (h, merchants) -> RawEventReader.hours(spark, h), true);
    }

    /**
     * Rebuilds every grain of the given whole UTC hours for all merchants into fresh tables and, when {@code swap},
     * swaps them in. Without the swap, the built tables stay in the schema the summary names, for a comparison; the
     * caller drops it.
     *
     * <p>The warehouse lock is held from before the raw read until the swap: a scheduled refresh that committed in
     * between would advance the feed positions past rows the swap then replaces with an older read. A refresh waits
     * instead; feed batches written meanwhile stay unapplied, and the next refresh adds them on top of the swapped cube.
     */
    public Summary rebuild(Collection<Instant> hours, CubeRebuild.RawSource raw, boolean swap) throws SQLException {
        long t0 = System.nanoTime();
        String schema = "rebuild_" + System.currentTimeMillis();
        try (Connection c = connect()) {
            if (swap) {
                WarehouseLock.forSession(c);
            }
            execute(c, "CREATE SCHEMA " + schema);
            for (Grain grain : Grain.values()) {
                // No index and no constraint while loading: a bulk index build afterwards costs far less than a b-tree
                // insert per row. Logged from the start: making an unlogged table logged rewrites it whole (measured:
                // 10-15 s of the sparse rebuild's 57 s, and checkpoints "too frequent").
                // Partitioned by month like the live table (decision 0031), with the months these hours can reach.
                execute(
                        c,
                        "CREATE TABLE " + schema + "." + WarehouseLayout.cubeTable(grain) + " (LIKE "
                                + WarehouseLayout.cubeTable(grain) + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
                                + " PARTITION BY RANGE (bucket_start)");
                CubePartitions.ensure(c, schema + "." + WarehouseLayout.cubeTable(grain), grain, months(hours));
            }
            Map<Grain, Long> rows = new EnumMap<>(Grain.class);
            try {
                spark.sparkContext().setJobDescription("warehouse rebuild: " + hours.size() + " hour(s)");
                try (CubeGrains grains = CubeGrains.aggregate(
                        raw.hours(hours, List.of()),
                        calendars(spark, config),
                        config.cube(),
                        config.defaultZone(),
                        null,
                        CubeGrains.Folding.of(config, c))) {
                    for (Grain grain : Grain.values()) {
                        LongAccumulator written = spark.sparkContext().longAccumulator("rows " + grain.wireName());
                        grains.rows(grain)
                                .foreachPartition(BinaryCopyWriter.of(
                                        config, schema + "." + WarehouseLayout.cubeTable(grain), grain, written));
                        rows.put(grain, written.value());
                    }
                } finally {
                    spark.sparkContext().setJobDescription(null);
                }
                long t1 = System.nanoTime();
                for (Grain grain : Grain.values()) {
                    copyIndexes(c, grain, schema);
                    execute(c, "ANALYZE " + schema + "." + WarehouseLayout.cubeTable(grain));
                }
                long t2 = System.nanoTime();
                long events = new CubeTables(config.cube())
                        .eventsIn(c, schema + "." + WarehouseLayout.cubeTable(Grain.QUARTER_HOUR));
                if (swap) {
                    swap(c, schema);
                }
                long t3 = System.nanoTime();
                Summary summary = new Summary(
                        swap ? "public" : schema,
                        events,
                        rows,
                        millis(t1 - t0),
                        millis(t3 - t2),
                        millis(t2 - t1),
                        millis(t3 - t0));
                LOG.info(
                        "warehouse rebuilt from {} hour(s): {} event(s), {} row(s) {}; Spark {} ms, indexes {} ms,"
                                + " swapped {} ms",
                        hours.size(),
                        events,
                        summary.totalRows(),
                        rows,
                        summary.sparkMs(),
                        summary.indexMs(),
                        summary.loadMs());
                return summary;
            } catch (SQLException | RuntimeException e) {
                dropQuietly(c, schema, e);
                throw e;
            } finally {
                if (swap) {
                    execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    WarehouseLock.releaseForSession(c);
                }
            }
        }
    }

    /** The months whose partitions the rows built from these hours can fall in (those between them too: harmless). */
    private static Set<YearMonth> months(Collection<Instant> hours) {
        return hours.isEmpty()
                ? Set.of()
                : CubePartitions.monthsAround(
                        Collections.min(hours), Collections.max(hours).plus(1, ChronoUnit.HOURS));
    }

    private static void dropQuietly(Connection c, String schema, Exception cause) {
        try {
            execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The registry's calendars as a Spark dataset ({@link CubeGrains#CALENDAR_COLUMNS}), read over JDBC. */
    static Dataset<Row> calendars(SparkSession spark, CubeEtlConfig config) {
        Properties properties = new Properties();
        properties.setProperty("user", config.jdbcUser());
        properties.setProperty("password", config.jdbcPassword());
        return spark.read()
                .jdbc(
                        config.jdbcUrl(),
                        "(SELECT " + CubeGrains.CALENDAR_COLUMNS + " FROM merchants) calendars",
                        properties);
    }

    /** The live table's constraints and other indexes, built on the loaded table under the same names. */
    private static void copyIndexes(Connection c, Grain grain, String schema) throws SQLException {
        String live = WarehouseLayout.cubeTable(grain);
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ?::regclass AND contype IN ('p', 'u')")) {
            p.setString(1, "public." + live);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ddl.add("ALTER TABLE " + schema + "." + live + " ADD CONSTRAINT " + rs.getString(1) + " "
                            + rs.getString(2));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename = ? AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = ?::regclass)")) {
            p.setString(1, live);
            p.setString(2, "public." + live);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    // A partitioned table's index reads "ON ONLY public.t": built here on the table and its partitions.
                    ddl.add(rs.getString(1)
                            .replace(" ON ONLY public." + live + " ", " ON " + schema + "." + live + " ")
                            .replace(" ON public." + live + " ", " ON " + schema + "." + live + " "));
                }
            }
        }
        for (String statement : ddl) {
            execute(c, statement);
        }
    }

    /** One transaction under the warehouse lock: the live tables go, the rebuilt ones take their place. */
    private static void swap(Connection c, String schema) throws SQLException {
        c.setAutoCommit(false);
        try {
            WarehouseLock.inTransaction(c);
            for (Grain grain : Grain.values()) {
                execute(c, "DROP TABLE " + WarehouseLayout.cubeTable(grain));
                execute(c, "ALTER TABLE " + schema + "." + WarehouseLayout.cubeTable(grain) + " SET SCHEMA public");
                for (String partition : CubePartitions.partitions(c, "public", WarehouseLayout.cubeTable(grain))) {
                    execute(c, "ALTER TABLE " + schema + "." + partition + " SET SCHEMA public");
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
