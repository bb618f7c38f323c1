package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.cube.Measure;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Every grain of the cube from events, in Spark, partitioned by merchant (decisions 0027 and 0029): the
 * 15-minute totals and the dimension cuboids by merchant-local hour in one aggregation ({@link BaseCubeQuery}); the
 * hours' totals from the 15-minute totals (every current UTC offset and DST shift is a multiple of 15 minutes, so a
 * 15-minute bucket lies in one local hour), days from hours, weeks and months from days —
 * counts and amounts added, sketches unioned ({@code hll_union_agg}), never recounted from events. Local buckets are
 * cut by {@link MerchantCalendar} in UDFs, the JVM's one tz database, exactly as the insights API cuts them. The
 * 15-minute base, weeks and months hold the totals cuboid only ({@link CubeDefinition#storesEveryCuboid}).
 *
 * <p>Buckets travel as numbers, never as Spark timestamps or dates, so that no session or JVM zone can shift them:
 * {@code bucket_start} is epoch seconds (quarter hour, hour) or the epoch day (day, week, month). Columns are those of
 * {@link CubeTables#stagingColumns} (quarter hour) and {@link CubeTables#rollupColumns} (the others), in that order.
 */
public final class CubeGrains implements AutoCloseable {
    /** Columns of the calendars dataset: merchant_id, time_zone (IANA id), week_start (a {@link DayOfWeek} name). */
    public static final String CALENDAR_COLUMNS = "merchant_id, time_zone, week_start";

    static final String HOUR_UDF = "mi_local_hour_start";
    static final String SORT_FALLBACK_THRESHOLD = "spark.sql.objectHashAggregate.sortBased.fallbackThreshold";
    /**
     * Groups a task keeps in its hash aggregate before it sorts instead (Spark's default: 128). Bounded so that a task's
     * sketches stay within its share of the heap: at most 2 × 100,000 HLL sketches of 4 KiB (log K 12) ≈ 800 MB when
     * every group is dense; most are a few bytes (a sketch holds a short list until it sees many identifiers).
     */
    static final int HASH_AGGREGATE_GROUPS = 100_000;

    private static final String DAY_UDF = "mi_local_day";
    private static final String WEEK_UDF = "mi_week_of";
    private static final String MONTH_UDF = "mi_month_of";

    private final Map<Grain, Dataset<Row>> grains;
    private final List<Dataset<Row>> cached;

    private CubeGrains(Map<Grain, Dataset<Row>> grains, List<Dataset<Row>> cached) {
        this.grains = grains;
        this.cached = cached;
    }

    /**
     * @param rawEvents events with the columns of {@link RawEventReader#CUBE_INPUT}
     * @param calendars the registry's calendars ({@link #CALENDAR_COLUMNS}); a merchant absent from it has the default
     *                  zone and Monday weeks
     */
    public static CubeGrains aggregate(
            Dataset<Row> rawEvents, Dataset<Row> calendars, CubeDefinition cube, ZoneId defaultZone) {
        return aggregate(rawEvents, calendars, cube, defaultZone, null);
    }

    /**
     * As {@link #aggregate(Dataset, Dataset, CubeDefinition, ZoneId)}, for the events of the merchant-local days
     * {@code dayRange} only (each merchant's days in its own calendar): given every raw hour those days cover in the
     * merchants' zones, each day of the range is complete and no day outside it is begun (reprocessing reads in steps
     * of whole local days, decision 0029).
     */
    public static CubeGrains aggregate(
            Dataset<Row> rawEvents,
            Dataset<Row> calendars,
            CubeDefinition cube,
            ZoneId defaultZone,
            LocalDayRange dayRange) {
        try {
            return aggregate(rawEvents, calendars, cube, defaultZone, dayRange, null);
        } catch (SQLException e) {
            throw new IllegalStateException("no warehouse is read without folding", e);
        }
    }

    /** The cardinality caps a run applies, and the connection it admits values through. */
    record Folding(CardinalityCaps caps, Connection connection) {
        static Folding of(CubeEtlConfig config, Connection connection) {
            return new Folding(new CardinalityCaps(config), connection);
        }
    }

    /**
     * As {@link #aggregate(Dataset, Dataset, CubeDefinition, ZoneId, LocalDayRange)}, with values over their merchant's
     * daily caps folded into {@link CardinalityCaps#OTHER} ({@code folding} null: none).
     */
    static CubeGrains aggregate(
            Dataset<Row> rawEvents,
            Dataset<Row> calendars,
            CubeDefinition cube,
            ZoneId defaultZone,
            LocalDayRange dayRange,
            Folding folding)
            throws SQLException {
        SparkSession spark = rawEvents.sparkSession();
        registerCalendarFunctions(spark);
        // The sketch aggregates (hll_sketch_agg, hll_union_agg) run in Spark's object hash aggregate, which by default
        // gives up after 128 groups per task and sorts every remaining row by its grouping key instead: that sort was
        // the largest part of a rebuild's CPU (profile of bench/run etl, decision 0032).
        spark.conf().set(SORT_FALLBACK_THRESHOLD, String.valueOf(HASH_AGGREGATE_GROUPS));
        CubeTables tables = new CubeTables(cube);
        String keys = String.join(", ", tables.keyColumns());

        rawEvents.createOrReplaceTempView("mi_grain_events");
        calendars
                .selectExpr(
                        "merchant_id AS cal_merchant_id", "time_zone AS cal_time_zone", "week_start AS cal_week_start")
                .createOrReplaceTempView("mi_grain_calendars");
        String zone = "coalesce(c.cal_time_zone, '" + defaultZone.getId() + "')";
        Dataset<Row> events = spark.sql("SELECT e.*, " + zone + " AS time_zone, coalesce(c.cal_week_start, '"
                + DayOfWeek.MONDAY.name() + "') AS week_start FROM mi_grain_events e LEFT JOIN mi_grain_calendars c"
                + " ON e.merchant_id = c.cal_merchant_id"
                + (dayRange == null
                        ? ""
                        : " WHERE " + DAY_UDF + "(" + zone + ", unix_seconds(e.occurred_at)) BETWEEN "
                                + dayRange.first().toEpochDay() + " AND "
                                + dayRange.last().toEpochDay()));
        List<Dataset<Row>> cached = new ArrayList<>();
        // The totals by quarter hour and every dimension cuboid by local hour, in one pass; read twice (the totals are
        // written and rolled up into hours): computed once.
        Dataset<Row> base = persist(BaseCubeQuery.aggregate(events, cube), cached);
        if (folding != null) {
            Dataset<Row> folded = folding.caps().fold(base, folding.connection(), DAY_UDF);
            if (folded != base) {
                base = persist(folded, cached);
            }
        }
        base.createOrReplaceTempView("mi_grain_base");

        Map<Grain, Dataset<Row>> grains = new EnumMap<>(Grain.class);
        String totals = "cuboid = '" + GroupingSet.TOTALS_ID + "'";
        grains.put(
                Grain.QUARTER_HOUR,
                spark.sql("SELECT merchant_id, quarter_start AS bucket_start, " + keys + ", "
                                + String.join(", ", tables.measureColumns()) + " FROM mi_grain_base WHERE " + totals)
                        .selectExpr(tables.stagingColumns().toArray(String[]::new)));
        Dataset<Row> hours = persist(
                spark.sql("SELECT merchant_id, hour_start AS bucket_start, time_zone, week_start, "
                        + keys + ", " + String.join(", ", tables.measureColumns()) + " FROM mi_grain_base WHERE NOT ("
                        + totals
                        + ") UNION ALL "
                        + rollUp(cube, "hour_start", keys, "(SELECT * FROM mi_grain_base WHERE " + totals + ")")),
                cached);
        hours.createOrReplaceTempView("mi_grain_hours");
        grains.put(Grain.HOUR, hours.selectExpr(tables.rollupColumns(Grain.HOUR).toArray(String[]::new)));
        Dataset<Row> days =
                persist(spark.sql(rollUp(cube, DAY_UDF + "(time_zone, bucket_start)", keys, "mi_grain_hours")), cached);
        days.createOrReplaceTempView("mi_grain_days");
        grains.put(Grain.DAY, days.selectExpr(tables.rollupColumns(Grain.DAY).toArray(String[]::new)));
        grains.put(
                Grain.WEEK,
                spark.sql(rollUp(cube, WEEK_UDF + "(week_start, bucket_start)", keys, daysFor(Grain.WEEK)))
                        .selectExpr(tables.rollupColumns(Grain.WEEK).toArray(String[]::new)));
        grains.put(
                Grain.MONTH,
                spark.sql(rollUp(cube, MONTH_UDF + "(bucket_start)", keys, daysFor(Grain.MONTH)))
                        .selectExpr(tables.rollupColumns(Grain.MONTH).toArray(String[]::new)));
        return new CubeGrains(grains, cached);
    }

    /** The rows of one grain (columns in the warehouse table's order, the bucket as a number). */
    public Dataset<Row> rows(Grain grain) {
        return grains.get(grain);
    }

    @Override
    public void close() {
        cached.forEach(Dataset::unpersist);
    }

    /** The coarser bucket of each row, the keys kept, counts and amounts added, sketches unioned. */
    static String rollUp(CubeDefinition cube, String bucket, String keys, String source) {
        return "SELECT merchant_id, " + bucket + " AS bucket_start, time_zone, week_start, " + keys + ", "
                + String.join(", ", mergedMeasures(cube)) + " FROM " + source
                + " GROUP BY merchant_id, " + bucket + ", time_zone, week_start, " + keys;
    }

    /** Each measure merged over the rows of a group: counts and amounts added, sketches unioned. */
    static List<String> mergedMeasures(CubeDefinition cube) {
        List<String> measures = new ArrayList<>();
        for (Measure m : cube.measures()) {
            measures.add(
                    switch (m.kind()) {
                        case COUNT, SUM -> "sum(" + m.name() + ") AS " + m.name();
                        // No identifier in any row: NULL, as the base grain writes it (hll_union_agg would answer an
                        // empty sketch).
                        case DISTINCT ->
                            "CASE WHEN count(" + m.name() + ") = 0 THEN NULL ELSE hll_union_agg(" + m.name()
                                    + ") END AS " + m.name();
                    });
        }
        return measures;
    }

    /** The day rows a coarser grain is rolled up from: the cuboids its table stores. */
    private static String daysFor(Grain grain) {
        return CubeDefinition.storesEveryCuboid(grain)
                ? "mi_grain_days"
                : "(SELECT * FROM mi_grain_days" + cuboidsOf(grain) + ")";
    }

    /** A WHERE clause keeping the cuboids the grain's table stores ({@link CubeDefinition#storesEveryCuboid}). */
    private static String cuboidsOf(Grain grain) {
        return CubeDefinition.storesEveryCuboid(grain) ? "" : " WHERE cuboid = '" + GroupingSet.TOTALS_ID + "'";
    }

    /** Merchant-local days, inclusive. */
    public record LocalDayRange(LocalDate first, LocalDate last) {
        public LocalDayRange {
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("empty day range: " + first + " .. " + last);
            }
        }
    }

    private static Dataset<Row> persist(Dataset<Row> rows, List<Dataset<Row>> cached) {
        Dataset<Row> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(persisted);
        return persisted;
    }

    private static String prefixed(String alias, List<String> columns) {
        return String.join(", ", columns.stream().map(c -> alias + "." + c).toList());
    }

    /** Registers the calendar UDFs on the session (idempotent). Inputs and outputs are epoch seconds / epoch days. */
    static void registerCalendarFunctions(SparkSession spark) {
        spark.udf()
                .register(
                        HOUR_UDF,
                        (UDF2<String, Long, Long>) (zone, quarterStart) -> MerchantCalendar.mondayWeeks(ZoneId.of(zone))
                                .hourStart(Instant.ofEpochSecond(quarterStart))
                                .getEpochSecond(),
                        DataTypes.LongType);
        spark.udf()
                .register(
                        DAY_UDF,
                        (UDF2<String, Long, Integer>)
                                (zone, hourStart) -> Math.toIntExact(MerchantCalendar.mondayWeeks(ZoneId.of(zone))
                                        .day(Instant.ofEpochSecond(hourStart))
                                        .toEpochDay()),
                        DataTypes.IntegerType);
        spark.udf()
                .register(
                        WEEK_UDF,
                        (UDF2<String, Integer, Integer>) (weekStart, day) ->
                                Math.toIntExact(new MerchantCalendar(ZoneId.of("UTC"), DayOfWeek.valueOf(weekStart))
                                        .weekOf(LocalDate.ofEpochDay(day))
                                        .toEpochDay()),
                        DataTypes.IntegerType);
        spark.udf()
                .register(
                        MONTH_UDF,
                        (UDF1<Integer, Integer>) day -> Math.toIntExact(
                                LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay()),
                        DataTypes.IntegerType);
    }
}
