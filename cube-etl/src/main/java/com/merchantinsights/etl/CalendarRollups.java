package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.core.time.MerchantCalendar;
import com.merchantinsights.etl.reprocess.CubePartitions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rolls the weeks and months of rebuilt days up from the day rows, inside the caller's transaction (decision 0029:
 * the 15-minute, hour and day rows of a rebuilt day come from raw events in Spark, {@link CubeGrains}). Every bucket is
 * cut by {@link MerchantCalendar} in the JVM; SQL only selects rows by ranges computed here. Merchants are handled in
 * groups that share a bucket (same week or month), one range query, one delete and one COPY per group and grain.
 */
final class CalendarRollups {
    private static final int FETCH_SIZE = 10_000;

    private final Connection connection;
    private final CubeTables tables;
    private long written;

    CalendarRollups(Connection connection, CubeTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /**
     * @param daysOfMerchant the local days rebuilt, per merchant
     * @return cube rows written
     */
    long rollUpWeeksAndMonths(Map<String, Set<LocalDate>> daysOfMerchant, Map<String, MerchantCalendar> calendars)
            throws SQLException {
        for (Grain grain : new Grain[] {Grain.WEEK, Grain.MONTH}) {
            Map<LocalDate, Set<String>> buckets = new TreeMap<>();
            daysOfMerchant.forEach((merchant, merchantDays) -> merchantDays.forEach(
                    day -> buckets.computeIfAbsent(calendars.get(merchant).dateBucket(grain, day), b -> new TreeSet<>())
                            .add(merchant)));
            CubePartitions.ensure(
                    connection,
                    WarehouseLayout.cubeTable(grain),
                    grain,
                    buckets.keySet().stream().map(YearMonth::from).toList());
            for (Map.Entry<LocalDate, Set<String>> group : buckets.entrySet()) {
                rollUpDays(grain, group.getKey(), group.getValue(), calendars);
            }
        }
        return written;
    }

    /**
     * Weeks or months from the day rows: a week or month is exactly its days in the merchant's calendar; the cuboids its
     * table stores ({@link CubeDefinition#storesEveryCuboid}).
     */
    private void rollUpDays(
            Grain grain, LocalDate first, Set<String> merchants, Map<String, MerchantCalendar> calendars)
            throws SQLException {
        LocalDate end = MerchantCalendar.dateBucketEnd(grain, first);
        Map<String, RowAccumulator> rows = new HashMap<>();
        Array ids = connection.createArrayOf("text", merchants.toArray());
        String days = tables.selectRowsSql(Grain.DAY)
                + (CubeDefinition.storesEveryCuboid(grain) ? "" : " AND cuboid = '" + GroupingSet.TOTALS_ID + "'");
        try (PreparedStatement select = connection.prepareStatement(days)) {
            select.setFetchSize(FETCH_SIZE);
            bindRange(select, ids, Date.valueOf(first), Date.valueOf(end));
            int merchantColumn =
                    tables.keyColumns().size() + tables.measureColumns().size() + 2;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(merchantColumn), m -> newAccumulator())
                            .add(rs);
                }
            }
        }
        delete(grain, "merchant_id = ANY(?) AND bucket_start = ?", ids, Date.valueOf(first));
        CopyRows copy = new CopyRows(connection, WarehouseLayout.cubeTable(grain), tables.rollupColumns(grain));
        for (Map.Entry<String, RowAccumulator> merchant : rows.entrySet()) {
            MerchantCalendar calendar = calendars.get(merchant.getKey());
            List<Object> prefix = new ArrayList<>(
                    List.of(merchant.getKey(), first, calendar.zone().getId()));
            if (grain == Grain.WEEK) {
                prefix.add(calendar.weekStart().name());
            }
            merchant.getValue().writeTo(copy, prefix);
        }
        written += copy.finish();
    }

    private RowAccumulator newAccumulator() {
        return new RowAccumulator(tables.cube(), tables.keyColumns().size());
    }

    private void delete(Grain grain, String where, Object... parameters) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + WarehouseLayout.cubeTable(grain) + " WHERE " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                delete.setObject(i + 1, parameters[i]);
            }
            delete.executeUpdate();
        }
    }

    private static void bindRange(PreparedStatement select, Array merchants, Object from, Object to)
            throws SQLException {
        select.setArray(1, merchants);
        select.setObject(2, from);
        select.setObject(3, to);
    }

    /** timestamptz parameters as UTC offsets: the value never depends on the JVM's or the session's zone. */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
