package com.merchantinsights.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import com.merchantinsights.etl.reprocess.CubePartitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The merchant-local days a refresh rebuilds whole from raw events (decision 0029): every local day, in the merchant's
 * calendar, that a rebuild request's UTC hour touches. Its 15-minute totals, its hours of every cuboid and its day rows
 * come from {@link CubeGrains} over the raw events of exactly those days (whole days, so that no hour or day row is
 * built from part of its events), staged with binary COPY outside the transaction; {@link #apply} replaces the days'
 * rows inside it. The feed's events of those days are left out of the run's deltas ({@link #withoutTheseDays}): the
 * raw read holds them.
 */
final class LocalDayRebuild {
    /** Whole local days of one merchant: [{@code start}, {@code end}) are the instants of days first .. last. */
    record Window(String merchantId, LocalDate first, LocalDate last, Instant start, Instant end) {}

    private static final Grain[] REBUILT = {Grain.QUARTER_HOUR, Grain.HOUR, Grain.DAY};
    private static final StructType WINDOWS = new StructType()
            .add("w_merchant_id", DataTypes.StringType, false)
            .add("w_start_us", DataTypes.LongType, false)
            .add("w_end_us", DataTypes.LongType, false);

    private final List<Window> windows;
    private final Map<String, MerchantCalendar> calendars;
    private final SortedSet<Instant> hours;
    private final Map<String, Set<LocalDate>> days;
    private final Map<Grain, StagingTable> staging = new EnumMap<>(Grain.class);

    private LocalDayRebuild(List<Window> windows, Map<String, MerchantCalendar> calendars) {
        this.windows = List.copyOf(windows);
        this.calendars = Map.copyOf(calendars);
        this.hours = hoursOf(this.windows);
        this.days = daysOf(this.windows);
    }

    /** The days of each requested (UTC hour, merchant) pair, in the merchant's calendar; contiguous days merged. */
    static LocalDayRebuild of(Collection<RebuildRequests.Request> requests, Map<String, MerchantCalendar> calendars) {
        Map<String, SortedSet<LocalDate>> days = new TreeMap<>();
        for (RebuildRequests.Request r : requests) {
            MerchantCalendar calendar = calendars.get(r.merchantId());
            Instant last = r.eventHour().plus(1, ChronoUnit.HOURS).minusNanos(1);
            for (LocalDate d = calendar.day(r.eventHour()); !d.isAfter(calendar.day(last)); d = d.plusDays(1)) {
                days.computeIfAbsent(r.merchantId(), m -> new TreeSet<>()).add(d);
            }
        }
        List<Window> windows = new ArrayList<>();
        days.forEach((merchant, merchantDays) -> {
            MerchantCalendar calendar = calendars.get(merchant);
            LocalDate first = null;
            LocalDate previous = null;
            for (LocalDate d : merchantDays) {
                if (first != null && !d.equals(previous.plusDays(1))) {
                    windows.add(
                            new Window(merchant, first, previous, calendar.dayStart(first), calendar.dayEnd(previous)));
                    first = null;
                }
                first = first == null ? d : first;
                previous = d;
            }
            windows.add(new Window(merchant, first, previous, calendar.dayStart(first), calendar.dayEnd(previous)));
        });
        return new LocalDayRebuild(windows, calendars);
    }

    List<Window> windows() {
        return windows;
    }

    boolean isEmpty() {
        return windows.isEmpty();
    }

    /** The UTC hours whose raw partitions hold the days' events. */
    SortedSet<Instant> hours() {
        return hours;
    }

    /** The (merchant, local day) pairs rebuilt. */
    Map<String, Set<LocalDate>> days() {
        return days;
    }

    private static SortedSet<Instant> hoursOf(List<Window> windows) {
        SortedSet<Instant> hours = new TreeSet<>();
        for (Window w : windows) {
            for (Instant h = w.start().truncatedTo(ChronoUnit.HOURS);
                    h.isBefore(w.end());
                    h = h.plus(1, ChronoUnit.HOURS)) {
                hours.add(h);
            }
        }
        return java.util.Collections.unmodifiableSortedSet(hours);
    }

    private static Map<String, Set<LocalDate>> daysOf(List<Window> windows) {
        Map<String, Set<LocalDate>> days = new TreeMap<>();
        for (Window w : windows) {
            for (LocalDate d = w.first(); !d.isAfter(w.last()); d = d.plusDays(1)) {
                days.computeIfAbsent(w.merchantId(), m -> new TreeSet<>()).add(d);
            }
        }
        return java.util.Collections.unmodifiableMap(days);
    }

    /** Events (with merchant_id and occurred_at) of these days only. */
    Dataset<Row> ofTheseDays(Dataset<Row> events) {
        return events.join(
                org.apache.spark.sql.functions.broadcast(windows(events.sparkSession())), inWindow(), "left_semi");
    }

    /** Events (with merchant_id and occurred_at) outside these days: the feed's deltas of a run that rebuilds them. */
    Dataset<Row> withoutTheseDays(Dataset<Row> events) {
        return windows.isEmpty()
                ? events
                : events.join(
                        org.apache.spark.sql.functions.broadcast(windows(events.sparkSession())),
                        inWindow(),
                        "left_anti");
    }

    /**
     * Aggregates the days' raw events into every grain and stages the 15-minute, hour and day rows.
     *
     * @param registry the registry's calendars as a Spark dataset ({@link CubeGrains#CALENDAR_COLUMNS})
     */
    void stage(
            SparkSession spark,
            CubeEtlConfig config,
            Connection connection,
            Instant now,
            Dataset<Row> rawEvents,
            Dataset<Row> registry)
            throws SQLException {
        for (Grain grain : REBUILT) {
            staging.put(grain, StagingTable.createLike(connection, now, WarehouseLayout.cubeTable(grain)));
        }
        try (CubeGrains grains = CubeGrains.aggregate(
                ofTheseDays(rawEvents),
                registry,
                config.cube(),
                config.defaultZone(),
                null,
                CubeGrains.Folding.of(config, connection))) {
            for (Grain grain : REBUILT) {
                LongAccumulator rows = spark.sparkContext().longAccumulator("rebuilt rows " + grain.wireName());
                grains.rows(grain)
                        .foreachPartition(
                                BinaryCopyWriter.of(config, staging.get(grain).name(), grain, rows));
            }
        }
    }

    /**
     * Replaces the days' 15-minute, hour and day rows with the staged ones and rolls their weeks and months up again
     * from the day rows, in the calendars the days were cut in; inside the refresh's transaction, under the warehouse
     * lock. Hour rows are replaced by instant, so a zone change leaves no stale hour in a rebuilt day.
     *
     * @return the rows written
     */
    long apply(Connection connection, CubeTables tables) throws SQLException {
        for (Grain grain : REBUILT) {
            delete(connection, grain);
        }
        long rows = 0;
        try (Statement s = connection.createStatement()) {
            for (Grain grain : REBUILT) {
                String list = String.join(
                        ", ", grain == Grain.QUARTER_HOUR ? tables.stagingColumns() : tables.rollupColumns(grain));
                CubePartitions.ensureFor(
                        connection,
                        WarehouseLayout.cubeTable(grain),
                        grain,
                        staging.get(grain).name());
                rows += s.executeUpdate("INSERT INTO " + WarehouseLayout.cubeTable(grain) + " (" + list + ") SELECT "
                        + list + " FROM " + staging.get(grain).name());
            }
        }
        return rows + new CalendarRollups(connection, tables).rollUpWeeksAndMonths(days, calendars);
    }

    /** Events the staged 15-minute rows count (every event of the days that the read covered). */
    long events(Connection connection, CubeTables tables) throws SQLException {
        return tables.eventsIn(connection, staging.get(Grain.QUARTER_HOUR).name());
    }

    void drop(Connection connection) throws SQLException {
        for (StagingTable table : staging.values()) {
            table.drop(connection);
        }
    }

    private void delete(Connection connection, Grain grain) throws SQLException {
        boolean days = grain == Grain.DAY;
        String sql = "DELETE FROM " + WarehouseLayout.cubeTable(grain) + " t USING unnest(?::text[], "
                + (days ? "?::date[], ?::date[]" : "?::timestamptz[], ?::timestamptz[]")
                + ") AS w(merchant_id, w_from, w_to) WHERE t.merchant_id = w.merchant_id AND t.bucket_start >= w.w_from"
                + (days ? " AND t.bucket_start <= w.w_to" : " AND t.bucket_start < w.w_to");
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setArray(
                    1,
                    connection.createArrayOf(
                            "text", windows.stream().map(Window::merchantId).toArray()));
            // As text, cast by the server: ISO dates and UTC instants, whatever the session's zone.
            p.setArray(
                    2,
                    connection.createArrayOf(
                            "text",
                            windows.stream()
                                    .map(w -> days
                                            ? w.first().toString()
                                            : w.start().toString())
                                    .toArray()));
            p.setArray(
                    3,
                    connection.createArrayOf(
                            "text",
                            windows.stream()
                                    .map(w ->
                                            days ? w.last().toString() : w.end().toString())
                                    .toArray()));
            p.executeUpdate();
        }
    }

    private Dataset<Row> windows(SparkSession spark) {
        List<Row> rows = windows.stream()
                .map(w -> RowFactory.create(w.merchantId(), micros(w.start()), micros(w.end())))
                .toList();
        return spark.createDataFrame(rows, WINDOWS);
    }

    private static org.apache.spark.sql.Column inWindow() {
        return col("merchant_id")
                .equalTo(col("w_merchant_id"))
                .and(expr("unix_micros(occurred_at)").geq(col("w_start_us")))
                .and(expr("unix_micros(occurred_at)").lt(col("w_end_us")));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
